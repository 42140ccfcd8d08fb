"""The LAO page and the LAO search, run through the real entry script against the seeded demo database."""

import pytest
from sqlalchemy import text

from components.i18n import t
from components.safe_text import plain
from components.status_grid import cell_label, display_name
from data_access.db import engine
from tests.app.helpers import open_app

PAGE = "app_pages/lao.py"


def _partly_done_lao(url: str) -> dict:
    """An LAO of Chiang Mai with some but not all domains certified in the latest FY2566 snapshot."""
    with engine(url).connect() as conn:
        snapshot = conn.execute(text("SELECT id FROM snapshot WHERE fiscal_year = 2566 "
                                     "ORDER BY as_of DESC, id DESC LIMIT 1")).scalar()
        row = conn.execute(text(
            "SELECT l.code, l.name_th, l.type, l.district_name_th, COUNT(*) AS certified FROM lao l "
            "JOIN lao_status s ON s.lao_id = l.id AND s.snapshot_id = :s AND s.status = 3 "
            "WHERE l.fiscal_year = 2566 AND l.province_code = '50' "
            "GROUP BY l.code, l.name_th, l.type, l.district_name_th HAVING COUNT(*) BETWEEN 2 AND 6 "
            "ORDER BY l.code LIMIT 1"), {"s": snapshot}).mappings().one()
        per_lao = conn.execute(text(
            "SELECT l.code, (SELECT COUNT(*) FROM lao_status s WHERE s.lao_id = l.id AND s.snapshot_id = :s "
            "AND s.status = 3) AS certified FROM lao l WHERE l.fiscal_year = 2566 AND l.province_code = '50'"),
            {"s": snapshot}).all()
        rank = 1 + sum(1 for _, certified in per_lao if certified > row["certified"])
        statuses = dict(conn.execute(text(
            "SELECT s.domain_code, s.status FROM lao_status s JOIN lao l ON l.id = s.lao_id "
            "WHERE l.fiscal_year = 2566 AND l.code = :c AND s.snapshot_id = :s"),
            {"c": row["code"], "s": snapshot}).all())
    return {**row, "statuses": statuses, "rank": rank}


def _domains(at):
    return next(d.value for d in at.dataframe if "certified_by" in d.value.columns)


def test_the_lao_page_renders_from_its_url(demo_env):
    lao = _partly_done_lao(demo_env)
    at = open_app(PAGE, lao=lao["code"], fy="2566")
    assert not at.exception
    assert at.title[0].value == display_name(lao["name_th"], lao["type"])
    header = at.caption[0].value
    assert lao["code"] in header and lao["district_name_th"] in header and "จ.เชียงใหม่" in header

    domains = _domains(at)
    assert len(domains) == 8
    assert domains["status"].tolist() == [cell_label(lao["statuses"].get(d, 0)) for d in range(1, 9)]
    certified = domains[domains["status"] == cell_label(3)]
    assert len(certified) == lao["certified"]
    assert certified["certified_by"].str.len().gt(1).all()
    assert certified["certified_at"].str.contains(r"\d+ [ก-๙.]+ 6[56]$").all()  # BE short dates: 15 ส.ค. 66
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("cells_certified")] == f"{lao['certified']}/8"
    assert metrics[t("deadline")] == t("closed")  # FY2566 ended on 30 Sep 2023
    rank, laos = metrics[t("dd_lao_rank")].split("/")
    assert (int(rank), int(laos)) == (lao["rank"], 220)  # Chiang Mai has 220 demo LAOs

    page_text = " ".join(m.value for m in at.markdown)
    assert "นายอนุกุล บุญทวี" in page_text and "มท 0806.2/ว 23/32" in page_text  # who to call, which letter
    assert "จ" in page_text and f"{lao['certified']} จาก 8 ด้าน" in page_text  # compared with the province
    assert len(at.get("plotly_chart")) == 2  # the timeline and the standing in the province
    previous = next(d.value for d in at.dataframe if "2565" in d.value.columns)
    assert list(previous.columns) == ["domain", "2565", "2566"] and len(previous) == 8
    assert previous["2566"].tolist() == domains["status"].tolist()
    province_links = [p.proto for p in at.get("page_link") if p.proto.page == "province"]
    assert province_links and province_links[0].query_string == "province=50&fy=2566&lang=th&digits=0"


def test_dates_and_events_of_the_timeline(demo_env):
    lao = _partly_done_lao(demo_env)
    at = open_app(PAGE, lao=lao["code"], fy="2566", lang="en")
    assert not at.exception
    events = next(d.value for d in at.dataframe if "Event" in d.value.columns)
    assert set(events["Event"]) <= {"Recorded", "Updated", "Certified"}
    assert (events["Event"] == "Certified").sum() == lao["certified"]
    domains = _domains(at)
    assert set(domains["status"]) <= {"✅ Certified", "📝 Updated", "✏️ Recorded", "⬜ Not started"}


@pytest.mark.parametrize("code", ["0000000", "'; DROP TABLE lao; --", "%", "6"])
def test_an_unknown_lao_gets_a_message_not_a_traceback(demo_env, code):
    at = open_app(PAGE, lao=code, fy="2566")
    assert not at.exception
    assert at.warning[0].value == t("unknown_lao", "th", code=code, fy="2566")
    assert any(p.proto.label == t("dd_back_to_overview") for p in at.get("page_link"))
    assert at.text_input(key="lao_page_search")  # and a search to find the right one


def test_the_search_finds_same_named_laos_and_tells_them_apart(demo_env):
    at = open_app(PAGE, fy="2566")
    assert not at.exception
    assert at.title[0].value == t("dd_lao_search_title")
    at.text_input(key="lao_page_search").input("หนองบัว").run()
    assert not at.exception
    links = [p.proto for p in at.get("page_link") if p.proto.page == "lao"]
    assert len(links) == 20
    labels = [link.label for link in links]
    assert len(set(labels)) == 20  # type, district and province make each one distinct
    assert all(" — อ." in label and " จ." in label for label in labels)
    assert all(link.query_string.startswith("lao=") and "fy=2566" in link.query_string for link in links)
    assert at.query_params["q"] == "หนองบัว"  # the search is in the URL


def test_the_search_from_a_url_by_code_and_hostile_text(demo_env):
    lao = _partly_done_lao(demo_env)
    at = open_app(PAGE, fy="2566", q=lao["code"])
    links = [p.proto for p in at.get("page_link") if p.proto.page == "lao"]
    assert [link.query_string.split("&")[0] for link in links] == [f"lao={lao['code']}"]
    for hostile in ("%", "_", "'; DROP TABLE lao; --", "\\"):
        at = open_app(PAGE, fy="2566", q=hostile)
        assert not at.exception
        assert not [p for p in at.get("page_link") if p.proto.page == "lao"]
        assert any(c.value == t("dd_search_none", "th", text=plain(hostile)) for c in at.caption)


def test_a_year_without_data_for_the_lao_says_so(demo_env):
    lao = _partly_done_lao(demo_env)
    at = open_app(PAGE, lao=lao["code"], fy="2570")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("dd_days_left_label")] == "278"  # FY2570's countdown: 31 Aug 2027 − 26 Nov 2026
    assert any("2569" in s.value for s in at.subheader)  # compared with the previous fiscal year on record
    assert any("ปีก่อนรับรองแล้ว" in c.value for c in at.caption)  # at the same days before the deadline
    assert any(c.value.startswith(t("risk_title")) for c in at.caption)  # its deadline risk, with the reason


def test_result_labels_tell_same_named_laos_apart():
    from types import SimpleNamespace

    from components.search import result_label

    hit = SimpleNamespace(name_th="หนองบัว", type="อบต.", district_name_th="เมืองกาญจนบุรี", province_name_th="กาญจนบุรี",
                          province_name_en="Kanchanaburi", code="6710110")
    assert result_label(hit) == "อบต.หนองบัว — อ.เมืองกาญจนบุรี จ.กาญจนบุรี · 6710110"
    assert result_label(hit, "en") == "อบต.หนองบัว — Amphoe เมืองกาญจนบุรี, Kanchanaburi · 6710110"
    town = SimpleNamespace(**{**vars(hit), "type": "เทศบาลตำบล", "code": "5710101"})
    assert result_label(town) != result_label(hit)
    assert plain("[x](y) *z*") == "\\[x\\]\\(y\\) \\*z\\*"


def _sidebar_search_app():
    from datetime import date

    import streamlit as st

    from components.identity import OPEN, Access
    from components.search import search_box
    from components.view import View
    from data_access import cached

    st.session_state["access"] = Access(OPEN)  # what dashboard.py resolves for open mode on demo data
    with st.sidebar:
        search_box(View(2566, "th", False, date(2026, 11, 26), cached.data_version()))


def test_the_search_box_works_in_a_sidebar_even_without_registered_pages(demo_env):
    """Drawn before st.navigation registers the pages, the results fall back to plain links instead of failing."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_sidebar_search_app).run()
    at.sidebar.text_input[0].input("อบต.หนองบัว").run()
    assert not at.exception
    links = [m.value for m in at.sidebar.markdown]
    assert len(links) == 9  # eight results and the way to the longer list
    assert all("(./lao?" in link for link in links)
    assert "lao=" in links[0] and "q=" in links[-1]
