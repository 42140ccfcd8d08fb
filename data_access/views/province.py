"""The province page's view model: where the province stands (the same `Standing` the status card, the digest
and the letter read), its districts and its LAO × domain grid, with each LAO's deadline risk during the campaign.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from data_access import figures
from data_access.access.scope import Scope
from data_access.figures import queries, risk
from data_access.figures.standing import Standing, Standings
from data_access.geography import BANGKOK


@dataclass(frozen=True)
class ProvinceView:
    """Never modify the frames: one object is shared by every session that opens the view."""

    standing: Standing
    domains: tuple[tuple[int, str, str], ...]  # (code, name_th, name_en)
    latest_snapshot: int | None
    districts: pd.DataFrame  # figures.district_counts of the latest snapshot
    grid: pd.DataFrame  # queries.lao_grid, with risk.RISK_GRID_COLUMNS when `judged`
    judged: bool  # the campaign runs (data, deadline not passed): LAOs not complete are judged

    @property
    def code(self) -> str:
        return self.standing.province_code

    @cached_property  # the view is shared: counted once, not on every page run
    def located(self) -> int:
        """LAOs that have coordinates for the map."""
        return int(self.grid[["lat", "lon"]].notna().all(axis=1).sum()) if len(self.grid) else 0


class NoProvinceView(LookupError):
    """The province has no page for this year: `reason` is "bangkok" or "no_laos"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def province_view(standings: Standings, scope: Scope, code: str) -> ProvinceView:
    """The view of province `code` for a reader who may see `scope` (NotPermitted outside it). `standings` are
    the reads every province of the year and day shares (built once and reused when all are warmed)."""
    if code == BANGKOK:
        raise NoProvinceView("bangkok")
    if code not in standings.provinces:
        raise NoProvinceView("no_laos")
    own = Scope.of(code)
    judged = standings.judged_for(code) if standings.campaign_running else None
    grid = queries.lao_grid(standings.engine, standings.fiscal_year, own, standings.latest)
    districts = figures.district_counts(standings.engine, standings.fiscal_year, own, standings.latest)
    return ProvinceView(
        standing=standings.of(scope, code, districts=districts, judged=judged),
        domains=standings.info.domains, latest_snapshot=standings.latest, districts=districts,
        grid=risk.with_risk(grid, judged) if judged is not None else grid, judged=judged is not None)



def province_choices(ranked: pd.DataFrame, lang: str) -> dict[str, str]:
    """code → name of the provinces with LAOs in `ranked` (figures.province_figures for the reader's scope), in
    Thai name order: the province page's picker."""
    ordered = ranked.sort_values("name_th")
    return dict(zip(ordered["code"], ordered["name_en" if lang == "en" else "name_th"]))
