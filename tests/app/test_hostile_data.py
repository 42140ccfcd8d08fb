"""Names, districts, websites and certifiers from imported files are shown as text on every page: Markdown stays
literal, links are not links, HTML in plotly's hover text is escaped. SQLite and PostgreSQL."""

import pytest

from components.safe_text import plain, plotly_text
from components.status_grid import display_name
from data_access.db import engine
from tests.app import hostile_data
from tests.app.helpers import open_app
from tests.app.rendered import assert_nothing_live_or_leaked, plotly_texts

TYPES = {"subdistrict_municipality": "เทศบาลตำบล", "subdistrict_admin_org": "อบต.", "town_municipality": "เทศบาลเมือง",
         "city_municipality": "เทศบาลนคร", "provincial_admin_org": "อบจ."}


@pytest.fixture
def hostile_lao(db_url, tmp_path, monkeypatch) -> dict:
    lao = hostile_data.import_hostile_province(engine(db_url), tmp_path)
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("INFO_TODAY", hostile_data.TODAY.isoformat())
    monkeypatch.setenv("INFO_OPEN_ACCESS", "1")  # imported data, read without signing in (open mode)
    return lao


def test_the_lao_page_shows_a_hostile_name_as_text(hostile_lao):
    at = open_app("app_pages/lao.py", lao=hostile_lao["dlaCode"], fy="2566")
    assert_nothing_live_or_leaked(at)
    name = display_name(hostile_data.NAME, TYPES[hostile_lao["type"]])
    assert at.title[0].value == plain(name)
    assert plain(hostile_data.DISTRICT) in at.caption[0].value
    button = at.get("link_button")[0].proto
    assert button.label == f"🌐 {plain(hostile_data.WEBSITE)}"
    hovers = "\n".join(plotly_texts(at))
    assert plotly_text(hostile_data.CERTIFIER) in hovers  # the timeline's certifier, escaped
    assert "<a href" not in hovers and "<img" not in hovers


def test_search_results_show_a_hostile_name_as_text(hostile_lao):
    at = open_app("app_pages/lao.py", q="คลิก", fy="2566")
    assert_nothing_live_or_leaked(at)
    labels = [p.proto.label for p in at.get("page_link") if p.proto.page == "lao"]
    assert len(labels) == 1 and labels[0].startswith(plain(display_name(hostile_data.NAME,
                                                                         TYPES[hostile_lao["type"]])))


def test_the_province_page_escapes_hostile_names_in_its_charts(hostile_lao):
    at = open_app("app_pages/province.py", province=hostile_data.PROVINCE, fy="2566")
    assert_nothing_live_or_leaked(at)
    texts = plotly_texts(at)
    assert any(plotly_text(hostile_data.DISTRICT) in text for text in texts)  # the district bars
    assert any(plotly_text(hostile_data.NAME) in text for text in texts)  # the map's hover
    assert not any("<b>เมือง</b>" in text or "<script" in text for text in texts)
