"""The reads pages use, cached by Streamlit and keyed by fiscal year, scope and data version.

Pages call these, never the uncached functions, so a rerun (a widget click) does not touch the database.
"""

from datetime import date

import pandas as pd
import streamlit as st

from data_access import figures
from data_access.db import engine
from data_access.access.scope import Scope


@st.cache_data(ttl=10, show_spinner=False)
def data_version() -> int:
    """Cheap, but still cached briefly: a new import shows up within seconds."""
    return figures.data_version(engine())


@st.cache_data(show_spinner=False)
def fiscal_years(version: int) -> list[int]:
    return figures.fiscal_years(engine())


@st.cache_data(show_spinner=False)
def fiscal_year_info(year: int, version: int) -> figures.FiscalYearInfo:
    return figures.fiscal_year_info(engine(), year)


@st.cache_data(show_spinner=False)
def snapshots(year: int, version: int) -> list[figures.SnapshotInfo]:
    return figures.snapshots(engine(), year)


@st.cache_data(show_spinner=False)
def summary(year: int, scope: Scope, today: date, version: int) -> figures.Summary:
    return figures.summary(engine(), year, scope, today)


@st.cache_data(show_spinner=False)
def province_figures(year: int, scope: Scope, snapshot_id: int | None, version: int) -> pd.DataFrame:
    return figures.province_figures(engine(), year, scope, snapshot_id)


@st.cache_data(show_spinner=False)
def group_counts(year: int, scope: Scope, by: tuple[str, ...], snapshot_id: int | None,
                 version: int) -> pd.DataFrame:
    return figures.group_counts(engine(), year, scope, by, snapshot_id)


@st.cache_data(show_spinner=False)
def district_counts(year: int, scope: Scope, snapshot_id: int | None, version: int) -> pd.DataFrame:
    return figures.district_counts(engine(), year, scope, snapshot_id)


@st.cache_data(show_spinner=False)
def domain_counts(year: int, scope: Scope, snapshot_id: int | None, version: int) -> pd.DataFrame:
    return figures.domain_counts(engine(), year, scope, snapshot_id)


@st.cache_data(show_spinner=False)
def completion_trend(year: int, scope: Scope, version: int) -> pd.DataFrame:
    return figures.completion_trend(engine(), year, scope)


@st.cache_data(show_spinner=False, max_entries=400)
def standing(year: int, scope: Scope, province: str | None, today: date, version: int):
    """Where a province (None: the country) stands: the status card's view model (data_access/figures/standing.py)."""
    from data_access.figures.standing import standing as read

    return read(engine(), year, scope, province, today)


@st.cache_data(show_spinner=False)
def is_demo(version: int) -> bool:
    from data_access.demo import is_demo as _is_demo

    return _is_demo(engine())


# Drill-down (province and LAO pages, search): LAO-level reads from data_access.figures.queries.


@st.cache_data(show_spinner=False)
def province_names(version: int) -> pd.DataFrame:
    return figures.province_names(engine())


@st.cache_data(show_spinner=False, max_entries=200)
def lao_grid(year: int, scope: Scope, snapshot_id: int | None, version: int) -> pd.DataFrame:
    from data_access.figures import queries

    return queries.lao_grid(engine(), year, scope, snapshot_id)


@st.cache_data(show_spinner=False, max_entries=200)
def lao_grid_with_risk(year: int, scope: Scope, snapshot_id: int | None, as_of: date, version: int) -> pd.DataFrame:
    """The grid with each not-complete LAO's deadline risk judged on `as_of` (data_access/figures/risk.py)."""
    from data_access.figures import queries, risk

    grid = queries.lao_grid(engine(), year, scope, snapshot_id)
    return risk.with_risk(grid, risk.lao_risk(engine(), year, scope, as_of, snapshot_id))


@st.cache_data(show_spinner=False, max_entries=200)
def risk_by_province(year: int, snapshot_id: int | None, as_of: date, version: int) -> pd.DataFrame:
    """Per province: LAOs on track, at risk, will miss (aggregates: every role sees them)."""
    from data_access.figures import risk

    return risk.level_counts(risk.lao_risk(engine(), year, Scope.national(), as_of, snapshot_id))


@st.cache_data(show_spinner=False, max_entries=200)
def provinces_then(year: int, as_of: date, version: int) -> pd.DataFrame:
    from data_access.figures import year_over_year

    return year_over_year.provinces_then(engine(), year, as_of)


@st.cache_data(show_spinner=False, max_entries=2000)
def lao_then(year: int, scope: Scope, code: str, as_of: date, version: int) -> int | None:
    from data_access.figures import year_over_year

    return year_over_year.lao_then(engine(), year, scope, code, as_of)


@st.cache_data(show_spinner=False, max_entries=2000)
def lao_detail(year: int, scope: Scope, code: str, version: int):
    from data_access.figures import queries

    return queries.lao_detail(engine(), year, scope, code)


@st.cache_data(show_spinner=False, max_entries=2000)
def lao_statuses(year: int, scope: Scope, code: str, snapshot_id: int | None, version: int) -> pd.DataFrame:
    from data_access.figures import queries

    return queries.lao_statuses(engine(), year, scope, code, snapshot_id)


@st.cache_data(show_spinner=False, max_entries=2000)
def lao_years(scope: Scope, code: str, version: int) -> list[int]:
    from data_access.figures import queries

    return queries.lao_years(engine(), scope, code)


@st.cache_data(show_spinner=False, max_entries=2000)
def lao_exists(year: int, scope: Scope, code: str, version: int) -> bool:
    from data_access.figures import queries

    return queries.lao_exists(engine(), year, scope, code)


@st.cache_data(show_spinner=False, ttl=3600, max_entries=5000)
def search_laos(year: int, scope: Scope, text: str, limit: int, version: int) -> pd.DataFrame:
    from data_access.figures import queries

    return queries.search_laos(engine(), year, scope, text, limit)


# Access: who is signed in. Not keyed by data version (user changes are not imports): a short TTL makes a new or
# revoked role count within seconds, on every replica.


@st.cache_data(show_spinner=False, ttl=10, max_entries=10_000)
def user(email: str):
    from data_access.access.users import find_user

    return find_user(engine(), email)
