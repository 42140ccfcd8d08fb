"""The province page, run through the real entry script against the seeded demo database."""

import json
import subprocess
import sys

import pytest

from components.i18n import format_pct, t
from components.safe_text import plain
from components.status_grid import state_label
from data_access.figures.queries import COMPLETE, IN_PROGRESS, NOT_STARTED_STATE
from tests.app.helpers import open_app

PAGE = "app_pages/province.py"


def _cli_summary(year: int, province: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "data_access", "summary", "--fiscal-year", str(year),
                          "--province", province, "--format", "json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def _metrics(at, lang: str = "th") -> dict[str, tuple[str, str]]:
    labels = {t(k, lang): k for k in ("completion_rate", "complete", "in_progress", "not_started")}
    labels.update({t("dd_days_left_label", lang): "days_left", t("dd_overdue_label", lang): "days_left",
                   t("deadline", lang): "days_left", t("rank", lang): "rank"})
    return {labels[m.label]: (m.value, m.delta) for m in at.metric if m.label in labels}


def _rank(province: str) -> int:
    from data_access.db import engine
    from data_access.figures import province_figures
    from data_access.access.scope import Scope

    ranks = province_figures(engine(), 2566, Scope.national())
    return int(ranks.loc[ranks["code"] == province, "rank"].iloc[0])


def _grid(at):
    """The LAO × domain grid: the dataframe with one column per domain."""
    return next(d.value for d in at.dataframe if "d1" in d.value.columns)


def _districts(at):
    return next(d.value for d in at.dataframe if "completion_pct" in d.value.columns)


@pytest.mark.parametrize("province", ["50", "30"])
def test_kpis_equal_the_cli_summary_and_the_grid_equals_the_kpis(demo_env, province):
    at = open_app(PAGE, province=province, fy="2566")
    assert not at.exception
    expected = _cli_summary(2566, province)
    n = expected["national"]
    assert expected["provinces"][0]["code"] == province
    assert at.title[0].value == t("dd_province_title", "th", name=expected["provinces"][0]["name_th"])

    shown = _metrics(at)
    assert _number(shown["complete"][0]) == n["complete"]
    assert _number(shown["in_progress"][0]) == n["in_progress"]
    assert _number(shown["not_started"][0]) == n["not_started"]
    assert shown["completion_rate"][0] == format_pct(n["completion_rate"])
    assert expected["days_left"] < 0 and shown["days_left"][0] == t("closed")  # FY2566 ended on 30 Sep 2023
    card = next(m for m in at.metric if m.label == t("deadline", "th"))  # "กำหนดส่ง"
    assert card.proto.help.startswith(t("closed", "th"))  # "ปิดรับข้อมูลแล้ว", not "เลยกำหนด 1,183 วัน"
    rank, of = shown["rank"][0].split("/")
    assert int(of) == 76 and int(rank) == _rank(province)
    assert shown["completion_rate"][1]  # a change since the previous snapshot is shown
    assert any(f"{n['laos']:,}" in c.value for c in at.caption)

    grid = _grid(at)
    assert len(grid) == n["laos"]
    states = grid["state"].value_counts()
    assert states.get(state_label(COMPLETE), 0) == n["complete"]
    assert states.get(state_label(IN_PROGRESS), 0) == n["in_progress"]
    assert states.get(state_label(NOT_STARTED_STATE), 0) == n["not_started"]
    certified = [int(c.split()[-1].split("/")[0]) for c in grid["certified"]]
    assert sum(certified) == n["cells_certified"]
    # least complete first
    first = certified
    assert first == sorted(first)
    # every status cell has an icon and a word; no per-cell colours to marshal (no Styler)
    cells = set(grid[[f"d{d}" for d in range(1, 9)]].to_numpy().ravel())
    assert cells <= {"✅ รับรอง", "📝 ปรับปรุง", "✏️ บันทึก", "⬜ ยังไม่เริ่ม"}
    element = next(d for d in at.dataframe if "d1" in d.value.columns)
    assert not element.proto.arrow_data.HasField("styler")
    # each row links to its LAO in the same view
    assert grid["link"].str.fullmatch(r"\./lao\?lao=\d{7}&fy=2566&lang=th&digits=0").all()
    assert grid["lao"].str.startswith(("อบต.", "ทต.", "ทม.", "ทน.", "อบจ.")).all()

    districts = _districts(at)
    assert districts["laos"].sum() == n["laos"] and districts["complete"].sum() == n["complete"]
    assert districts["not_started"].sum() == n["not_started"]


def test_each_province_gets_its_own_grid_from_the_shared_tables(demo_env):
    """The grid, its counts and its chase list are shared between sessions, keyed by the view: a second
    province opened in the same server must not get the first one's (a key that lost its province code did)."""
    from data_access.db import engine
    from data_access.figures.queries import lao_grid
    from data_access.access.scope import Scope

    for province in ("30", "50", "30"):
        at = open_app(PAGE, province=province, fy="2566")
        assert not at.exception
        own = lao_grid(engine(), 2566, Scope.of(province))
        grid = _grid(at)
        assert len(grid) == len(own)
        assert set(grid["link"].str.extract(r"lao=(\d{7})")[0]) == set(own["code"])
        shown = next(c.value for c in at.caption if c.value.startswith("แสดง"))
        assert shown.startswith(f"แสดง {len(own):,} จาก {len(own):,}")


def test_the_map_and_the_downloads_are_there(demo_env):
    at = open_app(PAGE, province="30", fy="2566")
    assert not at.exception
    assert len(at.get("plotly_chart")) == 2  # districts and the map
    spec = json.loads(at.get("plotly_chart")[1].proto.spec)
    kinds = {trace.get("marker", {}).get("symbol") for trace in spec["data"] if trace.get("mode") == "markers"}
    assert kinds == {"circle", "diamond", "x"}  # status by marker shape as well as colour
    assert not any(trace.get("type") in ("scattermapbox", "scattermap", "densitymapbox") for trace in spec["data"])
    assert any("ไม่มีพิกัด" in c.value for c in at.caption)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [t("dd_download_xlsx"), t("dd_download_csv"), t("dd_download_letter")]


def test_filters_come_from_the_url_and_narrow_the_grid(demo_env):
    from data_access.db import engine
    from data_access.figures.queries import lao_grid
    from data_access.access.scope import Scope

    laos = lao_grid(engine(), 2566, Scope.of("50"))
    district, name = laos[["district", "district_name_th"]].iloc[0]  # a district is its code in the URL
    at = open_app(PAGE, province="50", fy="2566", district=district, state="not_started,in_progress",
                  type="sao")
    assert not at.exception
    grid = _grid(at)
    assert len(grid) > 0
    assert set(grid["district"]) == {name}
    assert set(grid["state"]) <= {state_label(NOT_STARTED_STATE), state_label(IN_PROGRESS)}
    assert set(grid["type"]) == {"อบต."}
    assert at.multiselect(key="province_district_th").value == [district]
    assert at.query_params["district"] == district  # the link keeps reproducing the view
    shown = next(c.value for c in at.caption if c.value.startswith("แสดง"))
    assert shown.startswith(f"แสดง {len(grid)} จาก ")

    at = open_app(PAGE, province="50", fy="2566", name="'; DROP TABLE lao; --", district="no such district")
    assert not at.exception
    assert len(_grid(at)) == 0
    assert at.multiselect(key="province_district_th").value == []  # an unknown value is dropped, not an error


def test_choosing_a_filter_writes_it_into_the_url(demo_env):
    at = open_app(PAGE, province="50", fy="2566")
    at.multiselect(key="province_state_th").select(NOT_STARTED_STATE).run()
    assert not at.exception
    assert at.query_params["state"] == NOT_STARTED_STATE
    assert set(_grid(at)["state"]) == {state_label(NOT_STARTED_STATE)}
    at.text_input(key="province_name_th").input("หนอง").run()
    assert at.query_params["name"] == "หนอง"
    assert all("หนอง" in name for name in _grid(at)["lao"])
    at.segmented_control(key="province_dsort_th").set_value("name").run()
    assert at.query_params["dsort"] == "name"
    names = _districts(at)["name"].tolist()
    assert names == sorted(names)


@pytest.mark.parametrize("code", ["99", "ab", "<script>", "5"])
def test_an_unknown_province_gets_a_message_and_a_way_back(demo_env, code):
    at = open_app(PAGE, province=code, fy="2566")
    assert not at.exception
    assert at.warning and at.warning[0].value == t("unknown_province", "th", code=plain(code))  # "\\<script\\>"
    back = [link.proto for link in at.get("page_link") if link.proto.label == t("dd_back_to_overview", "th")]
    assert back and back[0].query_string == "fy=2566&lang=th&digits=0"


def test_bangkok_is_not_in_scope(demo_env):
    at = open_app(PAGE, province="10", fy="2566")
    assert not at.exception
    assert any(t("not_in_scope") in i.value for i in at.info)
    assert not at.metric


def test_without_a_province_the_page_asks_for_one(demo_env):
    at = open_app(PAGE, fy="2566")
    assert not at.exception
    box = at.selectbox(key="province_pick_th")
    assert "กรุงเทพมหานคร" not in box.options and len(box.options) == 76 and "เชียงใหม่" in box.options
    box.select("50").run()
    assert not at.exception
    assert at.query_params["province"] == "50"
    assert at.title[0].value == t("dd_province_title", "th", name="เชียงใหม่")


def test_english(demo_env):
    at = open_app(PAGE, province="50", fy="2566", lang="en")
    assert not at.exception
    assert at.title[0].value == "Chiang Mai"
    grid = _grid(at)
    assert set(grid[[f"d{d}" for d in range(1, 9)]].to_numpy().ravel()) <= {
        "✅ Certified", "📝 Updated", "✏️ Recorded", "⬜ Not started"}


def test_the_status_card_draws_the_page_views_own_standing(demo_env, monkeypatch):
    """The card is the view's Standing: no second read of the standing, the same numbers as the KPIs above it."""
    import components.status_card
    import data_access.figures.standing
    from data_access.access.scope import Scope
    from data_access.db import engine
    from data_access.figures.standing import Standings
    from data_access.views.province import province_view

    asked, drawn = [], []
    real_read, real_draw = data_access.figures.standing.standing, components.status_card.card_bytes
    monkeypatch.setattr(data_access.figures.standing, "standing", lambda *a: asked.append(a) or real_read(*a))
    monkeypatch.setattr(components.status_card, "card_bytes", lambda s, *a: drawn.append(s) or real_draw(s, *a))
    at = open_app(PAGE, province="50", fy="2570")
    assert not at.exception and drawn == []  # the toggle is off: no card drawn
    [card] = [x for x in at.toggle if x.label == t("card_show", "th")]
    card.set_value(True).run()
    assert not at.exception and asked == [] and len(drawn) == 1
    assert [b.label for b in at.get("download_button")][0] == t("card_download", "th")
    today = drawn[0].today
    assert drawn[0] == province_view(Standings(engine(demo_env), 2570, today), Scope.national(), "50").standing
