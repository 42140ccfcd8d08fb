"""Years and dates are checked where they enter, with a sentence that suggests the right value."""

from datetime import date

import pytest

from data_access.imports.problems import ImportRejected
from data_access.imports.status_import import import_status
from data_access.years import day_problem, fiscal_year_problem
from tests.support.status_file import write_status_csv


@pytest.mark.parametrize("year, expected", [
    (2566, None), (2570, None),
    (2023, "did you mean 2566?"), (0, "not a Buddhist-Era year"), (99999, "not a Buddhist-Era year"),
    (-5, "not a Buddhist-Era year"),
])
def test_fiscal_years(year, expected):
    problem = fiscal_year_problem(year)
    assert problem is None if expected is None else expected in problem


@pytest.mark.parametrize("day, expected", [
    (date(2023, 8, 15), None),
    (date(2566, 8, 15), "did you mean 2023-08-15?"),
    (date(2568, 2, 28), "did you mean 2025-02-28?"),
    (date(2568, 2, 29), "looks like a Buddhist-Era date"),  # a leap day in 2568 CE, none in 2025
    (date(1, 1, 1), "not a plausible date"),
])
def test_days(day, expected):
    problem = day_problem(day, "INFO_TODAY")
    assert problem is None if expected is None else expected in problem


def test_an_import_refuses_a_ce_year_and_an_as_of_outside_its_fiscal_year(eng, registry_2566, tmp_path):
    path = write_status_csv(tmp_path / "s.csv", [[registry_2566[0], 1, "บันทึกแล้ว", "01/08/2566", "", "", ""]])
    for year, as_of, words in ((2023, date(2023, 8, 20), "did you mean 2566?"),
                               (2566, date(2020, 1, 1), "before fiscal year 2566 began"),
                               (2566, date(2023, 9, 2), "after today")):
        with pytest.raises(ImportRejected) as caught:
            import_status(eng, path, year, as_of, today=date(2023, 9, 1))
        assert words in str(caught.value)
