"""The standing view model (card, digest) equals what `python -m data_access summary` prints for the same scope,
on SQLite and PostgreSQL."""

import json
import subprocess
import sys

import pytest

from data_access import figures
from data_access.figures import risk
from data_access.db import engine
from data_access.access.scope import Scope
from data_access.figures.standing import REASONS, NoStanding, Standings, standing
from tests.conftest import PINNED_TODAY

YEAR = 2570  # the demo's current fiscal year at PINNED_TODAY: the campaign is running


def _cli_summary(year: int, province: str | None) -> dict:
    args = [sys.executable, "-m", "data_access", "summary", "--fiscal-year", str(year), "--format", "json"]
    if province:
        args += ["--province", province]
    return json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)


@pytest.mark.parametrize("province", ["50", "83", None])
def test_standing_counts_equal_the_cli_summary(demo_env, province):
    s = standing(engine(), YEAR, Scope.national(), province, PINNED_TODAY)
    cli = _cli_summary(YEAR, province)
    n = cli["national"]
    assert (s.laos, s.complete, s.in_progress, s.not_started) == (n["laos"], n["complete"], n["in_progress"],
                                                                  n["not_started"])
    assert s.completion_rate == pytest.approx(n["completion_rate"])
    assert (s.days_left, s.as_of.isoformat(), s.deadline.isoformat()) == (cli["days_left"], cli["as_of"],
                                                                          cli["deadline"])
    assert s.provinces_ranked == len(_cli_summary(YEAR, None)["provinces"]) == 76
    # Every LAO not complete has one level and one reason.
    assert sum(s.levels.values()) == s.not_complete == sum(count for _, count in s.reasons)
    assert {reason for reason, _ in s.reasons} <= set(REASONS)
    assert [count for _, count in s.reasons] == sorted((count for _, count in s.reasons), reverse=True)


def test_rank_change_and_lagging_districts_are_the_pages_figures(demo_env):
    eng = engine()
    s = standing(eng, YEAR, Scope.national(), "50", PINNED_TODAY)
    shots = figures.snapshots(eng, YEAR)
    now = figures.province_figures(eng, YEAR, Scope.national(), shots[0].id)
    before = figures.province_figures(eng, YEAR, Scope.national(), shots[1].id)
    assert s.rank == int(now.loc[now["code"] == "50", "rank"].iloc[0])
    assert s.previous.rank == int(before.loc[before["code"] == "50", "rank"].iloc[0])
    assert s.previous.as_of == shots[1].as_of
    assert s.previous.complete == int(before.loc[before["code"] == "50", "complete"].iloc[0])
    districts = figures.district_counts(eng, YEAR, Scope.of("50"), shots[0].id)
    lagging = districts[districts["complete"] < districts["laos"]].sort_values(
        ["completion_rate", "cell_rate", "name_th"]).head(3)
    assert [g.code for g in s.lagging] == list(lagging["district"])
    assert all(g.complete < g.laos for g in s.lagging)


def test_the_whole_country_at_once_equals_each_province_alone(demo_env):
    """The digest judges risk once for the country; a province's share of that equals judging it alone."""
    eng = engine()
    every = Standings(eng, YEAR, PINNED_TODAY)
    every.judge_all()
    for province in ("50", "30", "83", "96"):
        alone = standing(eng, YEAR, Scope.of(province), province, PINNED_TODAY)
        assert every.of(Scope.of(province), province) == alone
    alone = risk.lao_risk(eng, YEAR, Scope.of("30"), every.national.as_of)
    assert standing(eng, YEAR, Scope.national(), "30", PINNED_TODAY).levels == {
        level: int((alone["level"] == level).sum()) for level in risk.LEVELS}


def test_after_the_deadline_there_is_no_risk(demo_env):
    s = standing(engine(), 2566, Scope.national(), "50", PINNED_TODAY)
    assert s.days_left < 0 and s.levels is None and s.reasons == ()
    assert s.complete == _cli_summary(2566, "50")["national"]["complete"]


@pytest.mark.parametrize("province, said", [("10", "Bangkok"), ("99", "no province"), ("5\n0", "no province")])
def test_no_standing_for_bangkok_or_an_unknown_code(demo_env, province, said):
    with pytest.raises(NoStanding, match=said) as caught:
        standing(engine(), YEAR, Scope.national(), province, PINNED_TODAY)
    assert "\n" not in str(caught.value)


def test_unknown_fiscal_year(demo_env):
    with pytest.raises(NoStanding, match="2590 has no data"):
        standing(engine(), 2590, Scope.national(), "50", PINNED_TODAY)
