"""Digits follow the "Thai digits" toggle in both languages, also in text stored as printed: the letter reference
and the phone numbers (stored in Thai digits) read in Arabic digits with the toggle off."""

import re

import pytest

from tests.app.helpers import open_app

THAI_DIGIT = re.compile("[๐-๙]")
LETTER = {False: "มท 0806.2/ว 23/32", True: "มท ๐๘๐๖.๒/ว ๒๓/๓๒"}  # FY2566's letter, stored as printed
PHONE = {False: "081-585-5915", True: "๐๘๑-๕๘๕-๕๙๑๕"}


def _countdown_box(at) -> str:
    return " ".join(e.value for e in (*at.markdown, *at.caption) if "มท" in e.value or "081" in e.value
                    or "๐๘๑" in e.value)


@pytest.mark.parametrize("lang", ["en", "th"])
@pytest.mark.parametrize("thai_digits", [False, True])
def test_the_overview_letter_and_phones_follow_the_toggle(demo_env, lang, thai_digits):
    at = open_app(fy="2566", lang=lang, digits="1" if thai_digits else "0")
    assert not at.exception
    box = _countdown_box(at)
    assert LETTER[thai_digits] in box and PHONE[thai_digits] in box
    if not thai_digits:
        assert not THAI_DIGIT.search(box)


@pytest.mark.parametrize("thai_digits", [False, True])
def test_the_lao_page_contact_follows_the_toggle_in_english(demo_env, thai_digits):
    from sqlalchemy import text

    from data_access.db import engine

    with engine(demo_env).connect() as conn:
        code = conn.execute(text("SELECT MIN(code) FROM lao WHERE fiscal_year = 2566")).scalar()
    at = open_app("app_pages/lao.py", lao=code, fy="2566", lang="en", digits="1" if thai_digits else "0")
    assert not at.exception
    contact = next(m.value for m in at.markdown if "**Letter**" in m.value)
    assert LETTER[thai_digits] in contact and PHONE[thai_digits] in contact
    assert ("๐-๒๒๔๑-๙๐๐๐" if thai_digits else "0-2241-9000") in contact  # the office
    if not thai_digits:
        assert not THAI_DIGIT.search(contact)
