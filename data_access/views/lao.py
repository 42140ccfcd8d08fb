"""The LAO page's view model: who the LAO is, its 8 domains, the timeline of its events, where it stands in its
province (and its deadline risk, from the province's view), and the previous fiscal year side by side."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import Engine

from data_access import figures
from data_access.access.scope import Scope
from data_access.figures import queries, risk, year_over_year
from data_access.figures.queries import COMPLETE, IN_PROGRESS, LaoDetail
from data_access.views.province import ProvinceView


@dataclass(frozen=True)
class LaoView:
    """Never modify the frames: one object is shared by every session that opens the view."""

    detail: LaoDetail
    info: figures.FiscalYearInfo
    as_of: date | None
    latest_snapshot: int | None
    statuses: pd.DataFrame  # queries.lao_statuses of the latest snapshot
    row: dict  # its row of the province's grid: state, certified, missing, and level/reason_* when judged
    judged: bool  # until the deadline (as of the data): will it finish at its pace?
    standing: dict  # lao_standing: its place among the province's LAOs
    timeline: pd.DataFrame  # queries.lao_timeline
    previous_fiscal_year: int | None  # the latest fiscal year before this one that has data
    previous: "Previous | None"  # that year's record of this LAO (None: no earlier year has data)


@dataclass(frozen=True)
class Previous:
    fiscal_year: int
    present: bool  # the LAO was in that year's registry
    renamed: bool  # … under another name or type
    name_th: str
    type: str
    statuses: pd.DataFrame | None
    certified: int
    then: int | None  # certified at the same distance from this year's deadline, while this year runs


@dataclass(frozen=True)
class LaoNotFound:
    code: str
    elsewhere: bool  # the LAO exists, but outside the reader's scope: show no name
    other_years: tuple[int, ...]  # fiscal years (in scope) where the code exists


def lao_standing(grid: pd.DataFrame, code: str) -> dict:
    """Where an LAO stands in its province's grid: its certified count, its rank by certified domains (1 = most,
    ties share a rank), how many LAOs, the province's mean certified domains and completion rate."""
    certified = grid["certified"]
    mine = int(certified[grid["code"] == code].iloc[0]) if (grid["code"] == code).any() else 0
    complete = int((grid["state"] == COMPLETE).sum())
    return {
        "certified": mine,
        "rank": int((certified > mine).sum()) + 1,
        "laos": len(grid),
        "mean_certified": float(certified.mean()) if len(grid) else 0.0,
        "complete": complete,
        "in_progress": int((grid["state"] == IN_PROGRESS).sum()),
        "completion_rate": complete / len(grid) if len(grid) else 0.0,
        "histogram": certified.value_counts().to_dict(),
    }


def lao_view(engine: Engine, year: int, scope: Scope, code: str,
             province: Callable[[str], ProvinceView]) -> LaoView | LaoNotFound:
    """The view of LAO `code` for a reader who may see `scope` (every read filters by it in SQL). `province(code)`
    gives the view of its province (cached and shared: an LAO's standing is read from its province's grid)."""
    detail = queries.lao_detail(engine, year, scope, code)
    if detail is None:
        elsewhere = not scope.is_national and queries.lao_exists(engine, year, Scope.national(), code)
        years = () if elsewhere else tuple(y for y in queries.lao_years(engine, scope, code) if y != year)
        return LaoNotFound(code, elsewhere, years)
    info = figures.fiscal_year_info(engine, year)
    shots = figures.snapshots(engine, year)
    latest, as_of = (shots[0].id, shots[0].as_of) if shots else (None, None)
    statuses = queries.lao_statuses(engine, year, scope, code, latest)
    judged = as_of is not None and as_of <= info.deadline
    grid = _province_grid(engine, year, detail.province_code, latest, as_of, judged, province)
    row = grid.iloc[int((grid["code"].to_numpy() == code).nonzero()[0][0])].to_dict()
    return LaoView(detail=detail, info=info, as_of=as_of, latest_snapshot=latest, statuses=statuses, row=row, judged=judged,
                   standing=lao_standing(grid, code), timeline=queries.lao_timeline(statuses),
                   **_previous(engine, year, scope, detail, as_of, info.deadline, int(row["certified"])))


def _province_grid(engine, year, province_code, latest, as_of, judged, province) -> pd.DataFrame:
    """The province's grid, judged when the LAO page judges (until the deadline as of the data). The province
    page judges until the deadline as of today; only in the days between the two does this read on its own."""
    try:
        view = province(province_code)
    except LookupError:
        view = None
    if view is not None and view.judged == judged and view.latest_snapshot == latest:
        return view.grid
    grid = queries.lao_grid(engine, year, Scope.of(province_code), latest)
    if judged:
        grid = risk.with_risk(grid, risk.lao_risk(engine, year, Scope.of(province_code), as_of, latest))
    return grid


def _previous(engine, year, scope, detail, as_of, deadline, certified_now) -> dict:
    previous_fy = max((y for y in figures.fiscal_years(engine) if y < year), default=None)
    if previous_fy is None:
        return {"previous_fiscal_year": None, "previous": None}
    if previous_fy not in queries.lao_years(engine, scope, detail.code):
        return {"previous_fiscal_year": previous_fy,
                "previous": Previous(previous_fy, False, False, "", "", None, 0, None)}
    before = queries.lao_detail(engine, previous_fy, scope, detail.code)
    shots = figures.snapshots(engine, previous_fy)
    statuses = queries.lao_statuses(engine, previous_fy, scope, detail.code, shots[0].id if shots else None)
    then = (year_over_year.lao_then(engine, year, scope, detail.code, as_of)
            if as_of is not None and as_of <= deadline else None)
    return {"previous_fiscal_year": previous_fy, "previous": Previous(
        previous_fy, True, (before.name_th, before.type) != (detail.name_th, detail.type), before.name_th,
        before.type, statuses, int((statuses["status"] == 3).sum()), then)}
