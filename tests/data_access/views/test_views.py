"""The pages' view models (data_access/views/): their numbers equal what `python -m data_access summary` prints for
the same scope, their tables agree with those numbers, and a reader outside the scope gets nothing. SQLite and
PostgreSQL (demo_env)."""

import json
import subprocess
import sys
import threading

import pytest

from data_access import cached, figures
from data_access.access.scope import Scope
from data_access.db import engine
from data_access.figures import queries
from data_access.figures.standing import NotPermitted, Standings
from data_access.views.lao import LaoNotFound, LaoView, lao_standing, lao_view
from data_access.views.overview import overview_view
from data_access.views.province import NoProvinceView, province_view
from tests.conftest import PINNED_TODAY

YEAR = 2570  # the demo's running campaign at PINNED_TODAY
PAST = 2566  # a closed campaign with a previous year (2565)


def _cli_summary(year: int, province: str | None = None) -> dict:
    args = [sys.executable, "-m", "data_access", "summary", "--fiscal-year", str(year), "--format", "json"]
    return json.loads(subprocess.run(args + (["--province", province] if province else []), capture_output=True,
                                     text=True, check=True).stdout)


@pytest.mark.parametrize("year", [YEAR, PAST])
def test_the_province_view_equals_the_cli_summary_and_its_tables_agree(demo_env, year):
    pv = province_view(Standings(engine(), year, PINNED_TODAY), Scope.national(), "50")
    cli = _cli_summary(year, "50")["national"]
    s = pv.standing
    assert (s.laos, s.complete, s.in_progress, s.not_started) == (cli["laos"], cli["complete"], cli["in_progress"],
                                                                  cli["not_started"])
    assert len(pv.grid) == s.laos
    assert set(pv.grid["code"]) == set(queries.lao_grid(engine(), year, Scope.of("50"))["code"])
    states = pv.grid["state"].value_counts()
    assert (int(states.get(queries.COMPLETE, 0)), int(states.get(queries.IN_PROGRESS, 0))) == (s.complete,
                                                                                               s.in_progress)
    assert int(pv.districts["laos"].sum()) == s.laos and int(pv.districts["complete"].sum()) == s.complete
    ranked = figures.province_figures(engine(), year, Scope.national())
    assert s.rank == int(ranked.loc[ranked["code"] == "50", "rank"].iloc[0])
    # Risk is judged while the campaign runs (today before the deadline), and only then.
    assert pv.judged == (s.days_left >= 0) and ("level" in pv.grid.columns) == pv.judged
    if pv.judged:
        assert int(pv.grid["level"].notna().sum()) == s.not_complete == sum(s.levels.values())


def test_the_province_view_has_the_previous_snapshots_figures(demo_env):
    shots = figures.snapshots(engine(), YEAR)
    assert len(shots) > 1
    before = figures.group_counts(engine(), YEAR, Scope.of("50"), (), shots[1].id).iloc[0]
    p = province_view(Standings(engine(), YEAR, PINNED_TODAY), Scope.national(), "50").standing.previous
    assert p.as_of == shots[1].as_of
    assert (p.complete, p.in_progress, p.not_started) == (int(before["complete"]), int(before["in_progress"]),
                                                          int(before["not_started"]))


def test_no_province_view_for_bangkok_or_outside_the_readers_scope(demo_env):
    standings = Standings(engine(), YEAR, PINNED_TODAY)
    with pytest.raises(NoProvinceView) as bangkok:
        province_view(standings, Scope.national(), "10")
    assert bangkok.value.reason == "bangkok"
    with pytest.raises(NotPermitted):
        province_view(standings, Scope.of("83"), "50")
    with pytest.raises(NotPermitted):  # the cached read checks the scope before its cache
        cached.province_view(YEAR, Scope.of("83"), "50", PINNED_TODAY, 1)
    assert cached.province_view(YEAR, Scope.of("50"), "50", PINNED_TODAY, 1).code == "50"


def _views_of(year: int):
    return lambda code: province_view(Standings(engine(), year, PINNED_TODAY), Scope.of(code), code)


@pytest.mark.parametrize("year", [YEAR, PAST])
def test_the_lao_view_agrees_with_its_statuses_and_its_province(demo_env, year):
    grid = queries.lao_grid(engine(), year, Scope.of("50"))
    code = grid.iloc[len(grid) // 2]["code"]
    lv = lao_view(engine(), year, Scope.of("50"), code, _views_of(year))
    assert isinstance(lv, LaoView) and lv.detail.code == code and lv.detail.province_code == "50"
    assert int(lv.row["certified"]) == int((lv.statuses["status"] == 3).sum())
    assert lv.standing == lao_standing(grid, code)
    assert lv.standing["laos"] == _cli_summary(year, "50")["national"]["laos"]
    assert len(lv.statuses) == len(lv.info.domains) == 8
    if year == PAST:  # 2565 has data: the same LAO then, and no year-over-year line after the deadline
        assert lv.previous_fiscal_year == 2565 and lv.previous.present
        assert lv.previous.certified == int((lv.previous.statuses["status"] == 3).sum())


def test_an_lao_outside_the_scope_is_not_found_and_shows_no_name(demo_env):
    inside = queries.lao_grid(engine(), YEAR, Scope.of("50")).iloc[0]["code"]
    lv = lao_view(engine(), YEAR, Scope.of("83"), inside, _views_of(YEAR))
    assert lv == LaoNotFound(inside, elsewhere=True, other_years=())
    unknown = lao_view(engine(), YEAR, Scope.national(), "9999999", _views_of(YEAR))
    assert unknown == LaoNotFound("9999999", elsewhere=False, other_years=())


def test_the_overview_view_equals_the_cli_summary(demo_env):
    ov = overview_view(engine(), YEAR, PINNED_TODAY)
    cli = _cli_summary(YEAR)
    assert (ov.summary.national.laos, ov.summary.national.complete) == (cli["national"]["laos"],
                                                                        cli["national"]["complete"])
    assert len(ov.ranking) == len(cli["provinces"]) == 76
    assert list(ov.ranking["group"]).count("top") == list(ov.ranking["group"]).count("bottom") == 10
    assert ov.progress.current == cli["national"]["complete"] and ov.progress.total == cli["national"]["laos"]
    # Until the deadline every province carries its risk counts and its rate a year before.
    assert {"will_miss", "at_risk", "rate_then"} <= set(ov.ranking.columns)
    not_complete = cli["national"]["laos"] - cli["national"]["complete"]
    assert int(ov.ranking[["will_miss", "at_risk"]].to_numpy().sum()) <= not_complete


def test_warming_builds_every_provinces_view_once_in_the_background(demo_env, monkeypatch):
    import data_access.views.province as module

    monkeypatch.setenv("INFO_WARM_VIEWS", "1")
    built, real = [], module.province_view
    monkeypatch.setattr(module, "province_view", lambda standings, scope, code: built.append(code) or real(
        standings, scope, code))
    monkeypatch.setattr(cached, "_WARMED", set())  # what this worker's earlier tests warmed
    version = 10_000  # a data version of its own
    cached.warm_province_views(YEAR, PINNED_TODAY, version)
    cached.warm_province_views(YEAR, PINNED_TODAY, version)  # once per (year, day, version)
    for thread in threading.enumerate():
        if thread.name.startswith(f"warm-views-{YEAR}-{version}"):
            thread.join(timeout=300)
    assert sorted(built) == sorted(p["code"] for p in _cli_summary(YEAR)["provinces"])
    cached.province_view(YEAR, Scope.national(), "50", PINNED_TODAY, version)
    assert built.count("50") == 1  # the page's read came from the cache
