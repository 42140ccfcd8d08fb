"""The figures equal an independent recount from the raw tables, on both databases."""

from datetime import date

import pandas as pd
from sqlalchemy import text

from data_access.demo import seed_demo
from data_access.figures import completion_trend, summary
from data_access.access.scope import Scope
from tests.conftest import PINNED_TODAY


def _recount(eng, year: int) -> pd.DataFrame:
    """Per LAO, straight from the tables: no code shared with data_access.figures."""
    with eng.connect() as conn:
        laos = pd.read_sql(text("SELECT id, province_code, type FROM lao WHERE fiscal_year = :y"), conn,
                           params={"y": year})
        snap = conn.execute(text("SELECT id FROM snapshot WHERE fiscal_year = :y ORDER BY as_of DESC, id DESC"),
                            {"y": year}).scalar()
        rows = pd.read_sql(text("SELECT lao_id, domain_code, status FROM lao_status WHERE snapshot_id = :s"), conn,
                           params={"s": snap})
    certified = rows[rows.status == 3].groupby("lao_id").size()
    started = rows[rows.status > 0].groupby("lao_id").size()
    laos["certified"] = laos["id"].map(certified).fillna(0)
    laos["complete"] = laos["certified"] == 8
    laos["not_started"] = laos["id"].map(started).fillna(0) == 0
    return laos


def test_summary_equals_a_recount_on_demo_data(eng):
    seed_demo(eng, seed=3, today=PINNED_TODAY)
    laos = _recount(eng, 2566)
    s = summary(eng, 2566, Scope.national(), PINNED_TODAY)
    assert s.national.laos == len(laos) == 7849
    assert s.national.complete == int(laos.complete.sum())
    assert s.national.not_started == int(laos.not_started.sum())
    assert s.national.cells_certified == int(laos.certified.sum())
    by_province = laos.groupby("province_code").agg(laos=("id", "size"), complete=("complete", "sum"))
    for p in s.provinces:
        assert (p["laos"], p["complete"]) == tuple(by_province.loc[p["code"]]), p["code"]
    by_type = laos.groupby("type")["complete"].sum()
    assert {t["type"]: t["complete"] for t in s.types} == by_type.to_dict()
    # a province scope gives that province alone
    chiang_mai = summary(eng, 2566, Scope.of("50"), PINNED_TODAY)
    assert chiang_mai.national.laos == by_province.loc["50", "laos"]
    assert [p["code"] for p in chiang_mai.provinces] == ["50"]
    # the trend ends at today's totals
    trend = completion_trend(eng, 2566, Scope.national())
    assert trend["complete"].iloc[-1] == s.national.complete
    assert trend["cells_certified"].iloc[-1] == s.national.cells_certified
    assert trend["complete"].is_monotonic_increasing


def test_demo_data_is_shaped_like_a_campaign(eng):
    seed_demo(eng, seed=1, today=PINNED_TODAY)
    s = summary(eng, 2566, Scope.national(), PINNED_TODAY)
    rates = [p["completion_rate"] for p in s.provinces]
    assert max(rates) > 0.9 and min(rates) < 0.3  # provinces differ widely
    assert s.national.not_started > 0  # some never start
    with eng.connect() as conn:
        first = conn.execute(text("SELECT MIN(recorded_at) FROM lao_status WHERE fiscal_year = 2566")).scalar()
        late = conn.execute(text("SELECT COUNT(*) FROM lao_status WHERE fiscal_year = 2566 AND certified_at > "
                                 ":d"), {"d": "2023-09-01"}).scalar()
    first = pd.Timestamp(first).date()
    assert first > date(2023, 6, 30)  # nothing before the letter date
    assert late > 0  # some certify after the deadline
    type_rates = {t["type"]: t["complete"] / t["laos"] for t in s.types}
    assert type_rates["เทศบาลนคร"] != type_rates["อบต."]


def test_seed_is_deterministic(tmp_path):
    from data_access.db import engine

    a, b = (engine(f"sqlite:///{tmp_path / n}") for n in ("a.sqlite", "b.sqlite"))
    for e in (a, b):
        seed_demo(e, seed=7, today=PINNED_TODAY)
    assert summary(a, 2566, Scope.national(), PINNED_TODAY) == summary(b, 2566, Scope.national(), PINNED_TODAY)
