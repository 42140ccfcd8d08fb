"""Hostile values in every URL parameter of every page, on SQLite and PostgreSQL: the page says what it can, shows
every outside value as text (never a link, an image or HTML), never echoes a huge value whole, never shows a
traceback, SQL or a server path; a NUL or another control character is refused before any database read."""

import pytest

from components.i18n import t
from tests.app.helpers import open_app
from tests.app.rendered import assert_not_echoed_whole, assert_nothing_live_or_leaked

MARKDOWN = "[กรุณายืนยันตัวตน](http://x/phish) ![t](http://x/p.png) www.evil.example a@evil.example :red[x]"
HUGE = "Z" * 10240
HOSTILE = {
    "markdown": MARKDOWN,
    "script": "<script>alert(1)</script><img src=http://x/p.png>",
    "sql": "' OR 1=1 --",
    "nul": "\x00",
    "nul_inside": "50\x00",
    "controls": "5\x01\x1b[31m\x7f\u0085\u202e0",
    "huge": HUGE,
}
CONTROLS = {"nul", "nul_inside", "controls"}
PAGES = {"overview": "app_pages/overview.py", "province": "app_pages/province.py", "lao": "app_pages/lao.py"}
VIEW_PARAMS = ("fy", "lang", "digits")
PROVINCE_FILTERS = ("name", "district", "type", "state", "dsort")


def _check(at, kind: str, value: str) -> None:
    assert_nothing_live_or_leaked(at)
    if kind == "huge":
        assert_not_echoed_whole(at, value)
    if kind in CONTROLS:
        assert any(w.value.startswith(t("url_bad_chars", "th", names="")[:40]) for w in at.warning), \
            [w.value for w in at.warning]


@pytest.mark.parametrize("kind", HOSTILE)
@pytest.mark.parametrize("page, param, base", [
    ("province", "province", {}),
    ("province", "lao", {}),  # /province?lao=CODE opens that LAO's province
    ("lao", "lao", {}),
    ("lao", "q", {}),
    ("province", "name", {"province": "50"}),
])
def test_a_hostile_value_in_a_pages_own_parameter(demo_env, page, param, base, kind):
    value = HOSTILE[kind]
    at = open_app(PAGES[page], fy="2566", **base, **{param: value})
    _check(at, kind, value)


@pytest.mark.parametrize("kind", HOSTILE)
@pytest.mark.parametrize("page, base", [("overview", {}), ("province", {"province": "50"}), ("lao", {})])
def test_a_hostile_value_in_every_other_parameter(demo_env, page, base, kind):
    value = HOSTILE[kind]
    params = {name: value for name in (*VIEW_PARAMS, *PROVINCE_FILTERS, "q")}
    at = open_app(PAGES[page], **base, **params)
    _check(at, kind, value)
    if kind not in CONTROLS:
        view = at.session_state["view"]
        assert (view.lang, view.thai_digits) == ("th", False)  # unknown values fall back to the defaults


def test_markdown_in_the_url_is_quoted_as_text(demo_env):
    at = open_app(PAGES["province"], province=MARKDOWN)
    warning = at.warning[0].value
    assert warning.startswith(t("unknown_province", "th", code="")) and "\\[กรุณายืนยันตัวตน\\]\\(http:" in warning
    at = open_app(PAGES["lao"], q=MARKDOWN)
    assert any(c.value.startswith("ไม่พบ อปท. ที่ตรงกับ “\\[กรุณายืนยันตัวตน\\]") for c in at.caption)


def test_a_nul_in_the_url_is_refused_before_any_read_and_the_page_still_works(demo_env):
    at = open_app(PAGES["lao"], lao="\x00", fy="2566")
    assert_nothing_live_or_leaked(at)
    assert at.warning[0].value == t("url_bad_chars", "th", names="lao")
    assert "lao" not in at.query_params  # gone from the address too
    assert at.title[0].value == t("dd_lao_search_title", "th")  # the page without the value: the LAO search
    at = open_app(PAGES["lao"], q="\x00", lang="en")
    assert at.warning[0].value == t("url_bad_chars", "en", names="q")
    assert not [p for p in at.get("page_link") if p.proto.page == "lao"]  # not every LAO


def test_a_huge_search_from_the_url_is_cut_to_the_boxs_limit(demo_env):
    at = open_app(PAGES["lao"], q=HUGE, fy="2566")
    assert_nothing_live_or_leaked(at)
    assert at.text_input(key="lao_page_search").value == "Z" * 100
    assert at.query_params["q"] == "Z" * 100
    assert_not_echoed_whole(at, HUGE)


@pytest.mark.parametrize("typed", ["\x00", " \x00 ", "\x01\x1b\x7f"])
def test_a_search_of_control_characters_lists_nothing_and_says_why(demo_env, typed):
    at = open_app(PAGES["lao"], fy="2566")
    at.text_input(key="lao_page_search").input(typed).run()
    assert_nothing_live_or_leaked(at)
    assert not [p for p in at.get("page_link") if p.proto.page == "lao"]  # not every LAO
    assert [w.value for w in at.warning] == [t("search_bad_chars", "th")]
    assert "q" not in at.query_params


def test_a_search_of_only_spaces_shows_nothing(demo_env):
    at = open_app(PAGES["lao"], fy="2566")
    at.text_input(key="lao_page_search").input("   ").run()
    assert_nothing_live_or_leaked(at)
    assert not [p for p in at.get("page_link") if p.proto.page == "lao"]
    assert not at.warning and not [c for c in at.caption if "ไม่พบ" in c.value]
