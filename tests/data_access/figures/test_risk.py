"""Deadline risk on hand-made histories: each shape gets the level a coordinator would give it, with its reason."""

from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from data_access.figures import risk
from data_access.reference import CERTIFIED, RECORDED

DEADLINE = date(2023, 8, 31)
TODAY = date(2023, 8, 15)  # 16 days left


def _cells(code: str, certified_days_ago: list[int], recorded_only: int = 0, province="50", type_="อบต.") -> list:
    rows = []
    for i, ago in enumerate(certified_days_ago):
        at = datetime.combine(TODAY - timedelta(days=ago), datetime.min.time()).replace(hour=10)
        rows.append([code, province, type_, i + 1, CERTIFIED, at - timedelta(days=5), at])
    for j in range(recorded_only):
        at = datetime.combine(TODAY - timedelta(days=3), datetime.min.time())
        rows.append([code, province, type_, len(certified_days_ago) + j + 1, RECORDED, at, None])
    return rows


def _inputs(histories: dict[str, list]) -> risk.RiskInputs:
    cells = pd.DataFrame([row for rows in histories.values() for row in rows], columns=risk.CELL_COLUMNS)
    cells["recorded_at"] = pd.to_datetime(cells["recorded_at"])
    cells["certified_at"] = pd.to_datetime(cells["certified_at"])
    laos = pd.DataFrame([[code, "50", "อบต."] for code in histories], columns=["code", "province_code", "type"])
    return risk.RiskInputs(laos, cells, 8, DEADLINE)


def _by_code(frame: pd.DataFrame) -> dict:
    return {row.code: row for row in frame.itertuples()}


def test_shapes_get_the_levels_a_coordinator_would_give():
    judged = _by_code(risk.assess(_inputs({
        "steady": _cells("steady", [40, 30, 13, 10, 6, 2]),  # 4 in the last 14 days, 2 to go, 16 days left
        "stalled": _cells("stalled", [60, 55, 50], recorded_only=2),  # nothing for 50 days
        "never": [],
        "done": _cells("done", [30, 25, 20, 15, 10, 8, 5, 1]),
    }), TODAY))
    assert "done" not in judged, "complete LAOs are not judged"
    assert judged["steady"].level == risk.ON_TRACK
    assert judged["stalled"].level == risk.WILL_MISS and judged["never"].level == risk.WILL_MISS
    assert judged["steady"].reason_th == "ยังไม่เริ่ม 2 ด้าน; 14 วันที่ผ่านมารับรองได้ 4 ด้าน; เหลือ 16 วัน"
    assert judged["never"].reason_th.startswith("ยังไม่เริ่ม 8 ด้าน; 14 วันที่ผ่านมารับรองได้ 0 ด้าน")
    assert judged["never"].reason_en.endswith("16 days left")


def test_a_late_rush_of_peers_carries_an_lao_that_has_started():
    peers = {f"peer{i}": _cells(f"peer{i}", [3, 3, 2, 2, 1, 1, 1, 1]) for i in range(4)}  # they all just finished
    waiting = _cells("waiting", [], recorded_only=8)  # recorded everything, certified nothing yet
    judged = _by_code(risk.assess(_inputs({**peers, "waiting": waiting}), TODAY))
    alone = _by_code(risk.assess(_inputs({"waiting": waiting}), TODAY))
    assert alone["waiting"].level == risk.WILL_MISS and alone["waiting"].p_finish == 0  # no pace at all
    assert judged["waiting"].level == risk.AT_RISK and judged["waiting"].p_finish > 0.35
    assert "อปท. ประเภทเดียวกันในจังหวัดรับรองเฉลี่ย 6.4 ด้านต่อ 14 วัน" in judged["waiting"].reason_th


def test_the_previous_year_nudges_and_the_deadline_decides():
    history = {"a": _cells("a", [13, 9], recorded_only=2)}
    plain = _by_code(risk.assess(_inputs(history), TODAY))["a"]
    finished = _by_code(risk.assess(_inputs(history), TODAY, previous_finished={"a"}))["a"]
    missed = _by_code(risk.assess(_inputs(history), TODAY, previous_finished=set()))["a"]
    assert missed.p_finish < plain.p_finish < finished.p_finish
    assert "ปีที่แล้วครบตามกำหนด" in finished.reason_th and "ปีที่แล้วไม่ครบตามกำหนด" in missed.reason_th
    after = _by_code(risk.assess(_inputs(history), DEADLINE + timedelta(days=1)))["a"]
    assert after.level == risk.WILL_MISS and after.p_finish == 0 and "เลยกำหนด 1 วัน" in after.reason_th


def test_replaying_a_day_hides_later_events():
    inputs = _inputs({"a": _cells("a", [20, 10, 1])})
    earlier = risk.as_of_day(inputs, TODAY - timedelta(days=5))
    assert int((earlier.cells["status"] == CERTIFIED).sum()) == 2
    assert risk.finished_by(_inputs({"a": _cells("a", [8, 7, 6, 5, 4, 3, 2, 1])}), TODAY) == {"a"}


@pytest.fixture
def demo_eng(demo_env):
    from data_access.db import engine

    return engine()


def test_risk_on_the_demo_database_covers_exactly_the_not_complete_laos(demo_eng):
    from data_access.figures import summary
    from data_access.access.scope import Scope

    s = summary(demo_eng, 2570, Scope.of("50"), date(2026, 11, 26))
    judged = risk.lao_risk(demo_eng, 2570, Scope.of("50"), s.as_of)
    assert len(judged) == s.national.laos - s.national.complete
    assert set(judged["level"]) <= set(risk.LEVELS)


def test_the_backtest_runs_and_beats_nothing_it_should_not(demo_eng):
    from bench.risk_backtest import backtest

    rows = backtest(demo_eng, 2566)
    assert [r["days_before"] for r in rows] == [30, 30, 14, 14, 7, 7]
    for row in rows:
        assert 0 <= row["precision"] <= 1 and 0 <= row["recall"] <= 1 and 0 <= row["brier"] <= 1
        assert row["judged"] >= row["missed"] and row["judged"] >= row["flagged"]


def test_last_years_finishers_counted_in_sql_equal_a_replay_of_its_events(demo_eng):
    from data_access.access.scope import Scope

    replayed = risk.read_inputs(demo_eng, 2565, Scope.national())
    assert risk.previous_year_finishers(demo_eng, 2566, Scope.national()) == risk.finished_by(replayed,
                                                                                            replayed.deadline)
    in_50 = risk.previous_year_finishers(demo_eng, 2566, Scope.of("50"))
    assert in_50 and in_50 <= risk.previous_year_finishers(demo_eng, 2566, Scope.national())
    assert risk.previous_year_finishers(demo_eng, 2565, Scope.national()) is None  # no FY2564 in the demo
