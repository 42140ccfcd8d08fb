"""The reads pages use, cached by Streamlit and keyed by fiscal year, scope and data version.

Pages call these, never the uncached functions, so a rerun (a widget click) does not touch the database.
"""

import threading
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


# Views: one per page (data_access/views/). Cached as shared resources, not copies: a view is frozen and its frames
# are never modified, so every session reads the same object (st.cache_data would unpickle a copy on every hit).
# Scope is checked before the cache: the cached view is keyed by what it shows, and a reader may or may not see it.


@st.cache_resource(show_spinner=False, max_entries=8)
def _standings(year: int, today: date, version: int):
    from data_access.figures.standing import Standings

    return Standings(engine(), year, today)


@st.cache_resource(show_spinner=False, max_entries=400)
def _province_view(year: int, code: str, today: date, version: int):
    from data_access.views.province import province_view as build

    return build(_standings(year, today, version), Scope.of(code), code)


@st.cache_data(show_spinner=False, max_entries=400)
def province_choices(year: int, scope: Scope, lang: str, version: int) -> dict[str, str]:
    """The provinces with LAOs that the reader may see, code → name: the province page's picker."""
    from data_access.views.province import province_choices as choices

    return choices(figures.province_figures(engine(), year, scope), lang)


@st.cache_resource(show_spinner=False, max_entries=50)
def overview_view(year: int, today: date, version: int):
    """The overview's view (data_access/views/overview.py): aggregates only, the same for every reader."""
    from data_access.views.overview import overview_view as build

    return build(engine(), year, today)


@st.cache_resource(show_spinner=False, max_entries=200)
def briefing_view(year: int, province: str | None, today: date, version: int):
    """The briefing's view (data_access/views/briefing.py): aggregates only, the same for every reader."""
    from data_access.views.briefing import briefing_view as build

    return build(engine(), year, province, today)


def province_view(year: int, scope: Scope, code: str, today: date, version: int):
    """The province page's view (data_access/views/province.py). Raises NotPermitted outside the reader's scope,
    NoProvinceView for Bangkok or a province without LAOs, NoStanding for a year without data."""
    from data_access.figures.standing import check_scope

    check_scope(scope, code)
    return _province_view(year, code, today, version)


@st.cache_resource(show_spinner=False, max_entries=2000)
def lao_view(year: int, scope: Scope, code: str, today: date, version: int):
    """The LAO page's view (data_access/views/lao.py), or LaoNotFound; every read filters by `scope` in SQL."""
    from data_access.views.lao import lao_view as build

    return build(engine(), year, scope, code, lambda province: _province_view(year, province, today, version))


def warm_province_views(year: int, today: date, version: int) -> None:
    """Build every province's view for (year, day, data version) in a background thread, once: the first reader
    of a province after an import gets it from the cache instead of waiting for it (and the CPU is spent once,
    not on a user's run). INFO_WARM_VIEWS=0 turns it off."""
    from data_access import config

    key = (year, today, version)
    if not config.settings().warm_views:
        return
    with _WARMING_LOCK:
        if key in _WARMED:
            return
        _WARMED.add(key)
    threading.Thread(target=_warm, args=key, name=f"warm-views-{year}-{version}", daemon=True).start()


def _warm(year: int, today: date, version: int) -> None:
    import logging
    import time

    from data_access.views.province import NoProvinceView

    start = time.process_time()
    try:
        codes = sorted(_standings(year, today, version).provinces)
        for code in codes:
            try:
                _province_view(year, code, today, version)
            except NoProvinceView:
                pass
    except Exception:  # a warm-up that fails costs nothing but the warm-up: pages build the view themselves
        logging.getLogger("info_oversight").exception("warming the province views failed")
        return
    logging.getLogger("info_oversight").info("warmed %d province views of %d (data version %d) in %.1f s CPU",
                                             len(codes), year, version, time.process_time() - start)


_WARMING_LOCK = threading.Lock()
_WARMED: set[tuple[int, date, int]] = set()
