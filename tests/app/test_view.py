import pytest

from components.i18n import t
from components.safe_text import quoted
from tests.app.helpers import open_app


def test_the_search_box_is_on_every_page(demo_env):
    for page in (None, "app_pages/province.py", "app_pages/lao.py"):
        at = open_app(page, province="50", fy="2566")
        assert any(box.key and "search" in box.key for box in at.sidebar.text_input), page


NEWEST = 2570  # the demo's current fiscal year on the pinned day, 2026-11-26


def _notices(at) -> list[str]:
    return [w.value for w in at.warning]


@pytest.mark.parametrize("fy", ["abc", "99999", "2023"])
def test_an_unknown_fiscal_year_in_the_url_is_said_and_the_year_shown_is_the_one_named(demo_env, fy):
    at = open_app(fy=fy)
    assert not at.exception
    assert t("fy_unknown", "th", value=fy, year=str(NEWEST)) in _notices(at)  # "ไม่มีปีงบประมาณ abc ในระบบ — แสดงปี 2570"
    assert at.selectbox(key="sidebar_fy").value == NEWEST
    assert at.title[0].value == t("ov_title", "th", fy=NEWEST)
    assert at.query_params["fy"] == str(NEWEST)  # the URL now names the year shown


def test_the_unknown_year_notice_speaks_english_and_thai_digits(demo_env):
    at = open_app("app_pages/province.py", province="50", fy="abc", lang="en", digits="1")
    assert not at.exception
    assert "There is no fiscal year abc — showing ๒๕๗๐" in _notices(at)


def test_the_unknown_year_is_quoted_short_and_as_text(demo_env):
    hostile = "[กรุณายืนยันตัวตน](http://x/phish)" + "9" * 50
    at = open_app(fy=hostile)
    assert not at.exception
    notice = next(n for n in _notices(at) if n.startswith("ไม่มีปีงบประมาณ"))
    assert notice == t("fy_unknown", "th", value=quoted(hostile, 20), year=str(NEWEST))
    assert "](http" not in notice and "9" * 21 not in notice


def test_a_known_year_gets_no_notice(demo_env):
    at = open_app(fy="2566")
    assert not any(n.startswith("ไม่มีปีงบประมาณ") for n in _notices(at))
    assert at.title[0].value == t("ov_title", "th", fy=2566)


def test_a_buddhist_era_info_today_is_said_not_counted(demo_env, monkeypatch):
    monkeypatch.setenv("INFO_TODAY", "2566-08-15")
    at = open_app(fy="2566")
    assert not at.exception and not at.metric
    assert any("did you mean 2023" in e.value and "INFO" in e.value for e in at.error)
