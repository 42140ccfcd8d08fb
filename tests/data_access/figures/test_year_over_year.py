"""An LAO's figure of the previous fiscal year, read for that one LAO, equals a replay of the whole year's events."""

from datetime import date

import pandas as pd
import pytest

from data_access.figures import risk, year_over_year
from data_access.access.scope import Scope


@pytest.fixture
def demo_eng(demo_env):
    from data_access.db import engine

    return engine()


def _replayed(inputs: risk.RiskInputs, code: str, day: date) -> int:
    end = pd.Timestamp(day) + pd.Timedelta(days=1)
    cells = inputs.cells[(inputs.cells["code"] == code) & inputs.cells["certified_at"].notna()]
    return int((cells["certified_at"] < end).sum())


@pytest.mark.parametrize("as_of", [date(2023, 8, 15), date(2023, 7, 1), date(2023, 8, 31)])
def test_one_laos_figure_then_equals_a_replay_of_the_year(demo_eng, as_of):
    inputs = risk.read_inputs(demo_eng, 2565, Scope.national())
    day = year_over_year.comparable_day(demo_eng, 2566, as_of)
    codes = list(inputs.laos["code"].iloc[::97])  # ~80 LAOs of every province and type
    got = {code: year_over_year.lao_then(demo_eng, 2566, Scope.national(), code, as_of) for code in codes}
    assert got == {code: _replayed(inputs, code, day) for code in codes}
    assert len(set(got.values())) > 1  # the sample holds LAOs at different points, not all 0 or all 8


def test_outside_the_scope_or_the_registry_there_is_no_figure(demo_eng):
    inputs = risk.read_inputs(demo_eng, 2565, Scope.national())
    code, province = inputs.laos.iloc[0][["code", "province_code"]]
    other = "10" if province != "10" else "50"
    assert year_over_year.lao_then(demo_eng, 2566, Scope.of(province), code, date(2023, 8, 15)) is not None
    assert year_over_year.lao_then(demo_eng, 2566, Scope.of(other), code, date(2023, 8, 15)) is None
    assert year_over_year.lao_then(demo_eng, 2566, Scope.national(), "9999999", date(2023, 8, 15)) is None
    assert year_over_year.lao_then(demo_eng, 2565, Scope.national(), code, date(2022, 3, 1)) is None  # no FY2564
