"""The Streamlit floor's precompute (bench/streamlit_floor.py, issue 17): the real builders still give every page the
objects its floor page draws. Two targets only (a province and an LAO), on the seeded demo database."""

import pickle
import re
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from bench.floor_app.store import ROOT
from bench.load_test import targets
from bench.streamlit_floor import precompute, visited

FLOOR_PAGES = ROOT / "bench" / "floor_app" / "floor_pages"


def _keys_read(page: str) -> set[str]:
    """The keys a floor page looks up in its target's data (`page["…"]`)."""
    return set(re.findall(r'page\["(\w+)"\]', (FLOOR_PAGES / f"{page}.py").read_text()))


def test_the_pickle_holds_what_each_floor_page_draws(demo_db_path, tmp_path):
    url = f"sqlite:///{demo_db_path}"
    plan = targets(url)
    province, lao = plan.provinces[0], plan.laos[0]
    path = tmp_path / "floor-data.pickle"
    precompute(url, [province], [lao], path)
    data = pickle.loads(Path(path).read_bytes())

    assert set(data["province"]) == {province} and set(data["lao"]) == {lao}
    assert data["chrome"]["years"] and data["chrome"]["demo"]
    for name, page in (("overview", data["overview"]), ("province", data["province"][province]),
                       ("lao", data["lao"][lao])):
        assert _keys_read(name) <= set(page), name

    overview = data["overview"]
    assert isinstance(overview["trend"], go.Figure) and isinstance(overview["domains"], go.Figure)
    assert overview["map"] is None or isinstance(overview["map"], go.Figure)
    assert len(overview["kpis"]) == 5 and sum(len(links) for _, links in overview["links"]) == 20
    assert len(overview["table"]) == 76 and "column_config" in overview["table_kwargs"]

    page = data["province"][province]
    assert isinstance(page["district_chart"], go.Figure) and isinstance(page["map"], go.Figure)
    assert isinstance(page["grid"], pd.DataFrame) and len(page["grid"]) > 0
    assert not page["district_table"].empty and len(page["kpis"]) == 6
    assert set(page["grid_config"]) >= set(page["grid"].columns) - {"risk", "chance", "why"}

    page = data["lao"][lao]
    assert isinstance(page["standing"], go.Figure) and len(page["domains"]) == 8 and len(page["kpis"]) == 4
    assert page["timeline"] is None or isinstance(page["timeline"]["figure"], go.Figure)


def test_the_plan_s_targets_are_replayed_from_its_seeds():
    from bench.load_test import Targets

    plan = Targets(provinces=[f"{n:02d}" for n in range(11, 40)], laos=[f"{n:07d}" for n in range(100)])
    provinces, laos = visited(plan, sessions=2, loads=6)
    assert visited(plan, sessions=2, loads=6) == (provinces, laos)
    assert 1 <= len(provinces) <= 2 * 2 + 1 and 1 <= len(laos) <= 2 * 2 + 1  # 2 of each per user, 1 to warm up
