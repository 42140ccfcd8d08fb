"""The national overview page, run through the real entry script against the seeded demo database."""

import json
import subprocess
import sys

import pytest

from components.i18n import format_date, t
from tests.app.helpers import open_app

FIGURE_BUDGET_BYTES = 120_000


def _cli_summary(year: int) -> dict:
    """What `python -m data_access summary` prints, in a subprocess with the test's environment."""
    out = subprocess.run([sys.executable, "-m", "data_access", "summary", "--fiscal-year", str(year),
                          "--format", "json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _metrics(at, lang: str = "th") -> dict[str, tuple[str, str]]:
    """KPI metrics by key: (value, note)."""
    labels = {t(key, lang): key for key in ("laos", "complete", "in_progress", "not_started")}
    labels[t("ov_cells_certified", lang)] = "cells_certified"
    return {labels[m.label]: (m.value, m.delta) for m in at.metric if m.label in labels}


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def _assert_kpis_equal_cli(at, expected: dict) -> None:
    n = expected["national"]
    shown = _metrics(at)
    assert _number(shown["laos"][0]) == n["laos"]
    assert _number(shown["complete"][0]) == n["complete"]
    assert shown["complete"][1] == f"{n['completion_rate'] * 100:.1f}%"
    assert _number(shown["in_progress"][0]) == n["in_progress"]
    assert _number(shown["not_started"][0]) == n["not_started"]
    assert shown["cells_certified"][0] == f"{n['cells_certified'] / n['cells'] * 100:.1f}%"
    certified, cells = shown["cells_certified"][1].split(" / ")
    assert (_number(certified), _number(cells)) == (n["cells_certified"], n["cells"])
    as_of = format_date(__import__("datetime").date.fromisoformat(expected["as_of"]), "th")
    assert any(as_of in c.value for c in at.caption)


def _countdown(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("## "))


def _figure_specs(at) -> list[str]:
    return [element.proto.spec for element in at.get("plotly_chart")]


def test_page_renders_and_every_kpi_equals_the_cli_summary(demo_env):
    at = open_app(fy="2566")
    assert not at.exception
    expected = _cli_summary(2566)
    _assert_kpis_equal_cli(at, expected)
    assert _countdown(at).endswith("ปิดรับข้อมูลแล้ว")  # INFO_TODAY=2026-11-26: FY2566 ended on 30 Sep 2023
    assert any("31 สิงหาคม 2566" in m.value and "มท 0806.2/ว 23/32" in m.value for m in at.markdown)


def test_switching_fiscal_year_changes_the_figures(demo_env):
    at = open_app(fy="2566")
    before = _metrics(at)
    at.selectbox(key="sidebar_fy").select(2565).run()
    assert not at.exception
    assert _metrics(at) != before
    _assert_kpis_equal_cli(at, _cli_summary(2565))
    assert t("ov_title", "th", fy=2565) == at.title[0].value


def test_the_current_fiscal_year_projects_the_pace(demo_env):
    at = open_app()  # newest year, FY2570, still running on 2026-11-26
    assert not at.exception
    _assert_kpis_equal_cli(at, _cli_summary(2570))
    assert "เหลือเวลาอีก 278 วัน" in _countdown(at)
    assert any(m.value.startswith("**ถ้ายังคงอัตราปัจจุบัน") for m in at.markdown)
    assert any("ยังไม่มีหนังสือสั่งการ" in m.value for m in at.markdown)


@pytest.mark.parametrize("today, th, en", [
    ("2023-08-30", "เหลือเวลาอีก 1 วัน", "1 day left"),
    ("2023-08-31", "วันสุดท้าย", "Last day"),
    ("2023-09-05", "เลยกำหนด 5 วัน", "5 days overdue"),
])
def test_countdown_before_on_and_after_the_deadline(demo_env, monkeypatch, today, th, en):
    monkeypatch.setenv("INFO_TODAY", today)
    at = open_app(fy="2566")
    assert not at.exception
    assert _countdown(at).endswith(th)
    at.radio(key="sidebar_lang").set_value("en").run()
    assert _countdown(at).endswith(en)


def test_thai_digits_in_the_countdown_and_dates(demo_env):
    at = open_app(digits="1")  # FY2570, still running on 2026-11-26
    assert "เหลือเวลาอีก ๒๗๘ วัน" in _countdown(at)
    assert any("กำหนดส่ง ๓๑ สิงหาคม ๒๕๗๐" in m.value for m in at.markdown)


def test_english_switch_changes_the_labels(demo_env):
    at = open_app(fy="2566")
    assert at.title[0].value == "ภาพรวมประเทศ ปีงบประมาณ 2566"
    at.radio(key="sidebar_lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "National overview, fiscal year 2566"
    assert set(_metrics(at, "en")) == {"laos", "complete", "in_progress", "not_started", "cells_certified"}
    assert _countdown(at).endswith("Closed")
    subheaders = [s.value for s in at.subheader]
    assert "▲ Top 10 provinces" in subheaders and "▼ Bottom 10 provinces" in subheaders
    assert not any("จังหวัด" in s for s in subheaders)


def test_missing_map_gets_one_line_and_the_figures_stay(demo_env, monkeypatch):
    import geo

    monkeypatch.setattr(geo, "province_shapes", lambda: None)
    monkeypatch.setattr(geo, "unavailable_reason", lambda: "Province shapes have not been built yet.")
    at = open_app(fy="2566")
    assert not at.exception
    messages = [i.value for i in at.info if "แผนที่" in i.value]
    assert messages == [t("map_unavailable", "th")]  # the reason (a path, maybe) goes to the log only
    assert len(_figure_specs(at)) == 2  # trend and domains; no map
    _assert_kpis_equal_cli(at, _cli_summary(2566))
    assert len([link for link in at.get("page_link") if link.proto.page == "province"]) == 20


def test_top_and_bottom_ten_link_to_the_province_page_in_the_same_view(demo_env):
    at = open_app(fy="2566", lang="en")
    links = [link for link in at.get("page_link") if link.proto.page != "briefing"]  # briefing mode: its own test
    assert len(links) == 20
    expected = _cli_summary(2566)["provinces"]
    best = max(expected, key=lambda p: (p["completion_rate"], p["complete"]))
    first = links[0].proto
    assert first.page == "province"
    assert first.query_string == f"province={best['code']}&fy=2566&lang=en&digits=0"
    assert first.label.startswith(f"1. {best['name_en']} — {best['completion_rate'] * 100:.1f}%")
    # linked through the registered st.Page: the links still carry no icon or help of that page's own
    assert all(link.proto.page_script_hash and not link.proto.icon and not link.proto.help for link in links)


def test_clicking_a_province_on_the_map_opens_its_page(demo_env, monkeypatch):
    from components import province_map

    at = open_app(fy="2566", lang="en", digits="1")
    assert not at.exception
    monkeypatch.setattr(province_map, "province_code_from_selection", lambda event: "50")
    at.run()  # the province page runs next; what it shows is tested with that page
    # The view survives the switch (st.switch_page drops the sidebar's widget states).
    assert dict(at.query_params) == {"province": "50", "fy": "2566", "lang": "en", "digits": "1"}
    assert at.session_state["view"].fiscal_year == 2566 and at.session_state["view"].lang == "en"


def test_all_figures_together_stay_small(demo_env):
    at = open_app(fy="2566")
    specs = _figure_specs(at)
    assert len(specs) == 3  # map, trend, domains
    assert sum(len(spec) for spec in specs) <= FIGURE_BUDGET_BYTES


def test_a_rerun_does_not_query_the_database_again(demo_env, monkeypatch):
    from data_access import figures

    at = open_app(fy="2566")
    calls = []
    for name in ("summary", "fiscal_year_info", "completion_trend", "group_counts", "domain_counts"):
        original = getattr(figures, name)
        monkeypatch.setattr(figures, name, lambda *a, _f=original, _n=name, **k: calls.append(_n) or _f(*a, **k))
    at.run()
    at.toggle(key="sidebar_digits").set_value(True).run()
    assert not at.exception
    assert calls == []


def test_the_map_shows_the_cli_rate_of_every_province_and_loads_outlines_from_our_server(demo_env):
    at = open_app(fy="2566")
    spec = json.loads(_figure_specs(at)[0])
    completion = spec["data"][0]
    assert completion["geojson"] == "/app/static/generated/geo/provinces.json"
    expected = {p["code"]: round(p["completion_rate"] * 100, 2) for p in _cli_summary(2566)["provinces"]}
    # z is the colour class (components/province_map.py); the rate itself is in customdata, shown on hover
    assert {code: data[2] for code, data in zip(completion["locations"], completion["customdata"])} == expected


def test_a_new_import_redraws_the_shared_figures(demo_env, monkeypatch):
    from data_access import cached

    at = open_app(fy="2566")
    before = _figure_specs(at)
    real_version = cached.data_version()
    monkeypatch.setattr(cached, "data_version", lambda: real_version + 1)
    real_summary = cached.figures.summary
    monkeypatch.setattr(cached.figures, "summary", lambda engine, year, scope, today: _shifted(
        real_summary(engine, year, scope, today)))
    at.run()
    assert not at.exception
    after = _figure_specs(at)
    assert after[0] != before[0]  # the map was rebuilt for the new version, not served from the shared cache


def _shifted(summary):
    """The same summary with one province's figures changed, as if a new import had arrived."""
    first = dict(summary.provinces[0])
    first["complete"] = 0 if first["complete"] else first["laos"]
    first["completion_rate"] = first["complete"] / first["laos"]
    summary.provinces[0] = first
    return summary
