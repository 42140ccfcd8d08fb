"""Every read of LAO-level data takes a Scope and filters by it in SQL (DOMAIN.md §9).

The first two tests fail when someone adds a data_access function, or a cached page read, that reads the database
without a `scope` parameter and without saying here why it may: a new LAO-level read cannot forget the filter."""

import importlib
import inspect
import pkgutil

import data_access
from data_access import cached
from data_access.figures import queries
from data_access.db import engine
from data_access.access.scope import Scope

# Functions that touch the database but return no LAO-level rows or names, each with the reason.
NOT_LAO_LEVEL = {
    "audit.entries": "the audit trail: admin pages only",
    "audit.record": "writes",
    "db.init_db": "schema", "db.schema_is_current": "schema", "db.alembic_config": "schema",
    "demo.seed_demo": "writes", "demo.seed_demo_if_empty": "writes", "demo.is_demo": "a flag",
    "demo.database_is_empty": "a flag",
    "figures.data_version": "a number", "figures.fiscal_years": "years", "figures.fiscal_year_info": "the letter",
    "figures.snapshots": "dates and file names", "figures.province_names": "the 77 provinces",
    "registry_import.import_registry": "writes", "status_import.import_status": "writes",
    "snapshots.list_snapshots": "admin pages only", "snapshots.withdraw": "writes",
    "users.add_user": "writes", "users.remove_user": "writes", "users.list_users": "admin pages only",
    "users.find_user": "the signed-in user's own role",
    "bulk.insert_rows": "writes", "fiscal_years.ensure_fiscal_year": "writes",
    "geography.ensure_geography": "writes", "rollups.clear": "writes", "rollups.refresh_all": "writes",
    "rollups.refresh_snapshot": "writes", "rollups.refresh_year": "writes",
    "import_guard.assess": "counts for the admin's import preview",
    "year_over_year.comparable_day": "a date", "year_over_year.provinces_then": "per-province aggregates",
    "offices.get_office": "the office's own letterhead", "offices.list_offices": "the office's own letterhead",
    "offices.set_office": "writes",
    "ingest.ingest_files": "writes", "ingest.ingest_folder": "writes",
    "ingest.day_report": "file names and snapshot dates, for the admins' alert",
    "mail_log.claim": "writes", "mail_log.finish": "writes", "mail_log.sent_on": "addresses: admin page only",
    "subscriptions.list_subscribers": "addresses: admin page only",
    "subscriptions.admin_addresses": "addresses: the admins' alert",
    "subscriptions.recipients": "addresses and the provinces each follows: the digest sends each only those",
    "overview.overview_view": "aggregates of the country: every reader's overview",
    "briefing.briefing_view": "aggregates of the country or of one province and its districts (DOMAIN.md §9)",
}
CACHED_NOT_LAO_LEVEL = {"data_version", "fiscal_years", "fiscal_year_info", "snapshots", "is_demo",
                        "province_names", "user", "risk_by_province", "provinces_then",
                        "overview_view", "briefing_view"}  # the views of aggregates only: the same for every reader


def _db_functions():
    """Every module of data_access and its rooms (imports/, figures/, access/, admin/, views/), each named by its
    own name (figures/counts.py is `figures`, what callers import)."""
    for info in pkgutil.walk_packages(data_access.__path__, "data_access."):
        short = info.name.rsplit(".", 1)[-1]
        if info.ispkg or short in ("__main__", "cached") or ".migrations" in info.name:
            continue
        module = importlib.import_module(info.name)
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or fn.__module__ != module.__name__:
                continue
            params = list(inspect.signature(fn).parameters)
            if params and params[0] in ("engine", "eng", "conn", "connection"):
                yield f"{'figures' if short == 'counts' else short}.{name}", params


def test_every_data_access_read_takes_a_scope_or_says_why_not():
    found = dict(_db_functions())
    assert {"queries.lao_grid", "figures.summary", "ingest.ingest_folder", "users.find_user",
            "lao.lao_view"} <= set(found)  # the walk sees the real functions, in every room
    missing = [name for name, params in found.items() if "scope" not in params and name not in NOT_LAO_LEVEL]
    assert not missing, f"these read the database without a scope: {missing}"


def test_every_cached_page_read_takes_a_scope_or_says_why_not():
    names = [name for name, fn in inspect.getmembers(cached) if hasattr(fn, "clear") and not name.startswith("_")]
    assert "lao_detail" in names and "search_laos" in names
    missing = [n for n in names if n not in CACHED_NOT_LAO_LEVEL
               and "scope" not in inspect.signature(getattr(cached, n)).parameters]
    assert not missing, f"cached reads without a scope: {missing}"


def test_a_province_scope_never_returns_another_provinces_lao(demo_env):
    eng = engine()
    grid = queries.lao_grid(eng, 2566, Scope.national())
    inside = grid[grid["code"].str.len() == 7].iloc[0]["code"]
    detail = queries.lao_detail(eng, 2566, Scope.national(), inside)
    home = detail.province_code
    other = next(p for p in ("50", "30", "65") if p != home)
    mine, theirs = Scope.of(home), Scope.of(other)
    assert queries.lao_detail(eng, 2566, mine, inside) == detail
    assert queries.lao_detail(eng, 2566, theirs, inside) is None
    assert queries.lao_exists(eng, 2566, mine, inside) and not queries.lao_exists(eng, 2566, theirs, inside)
    assert queries.lao_years(eng, theirs, inside) == []
    assert queries.lao_statuses(eng, 2566, theirs, inside)["status"].eq(0).all()
    hits = queries.search_laos(eng, 2566, theirs, detail.name_th[:3], 500)
    assert inside not in set(hits["code"]) and set(hits["province_code"]) <= {other}
    assert set(queries.lao_grid(eng, 2566, theirs)["code"]).isdisjoint({inside})


def test_a_standing_of_a_province_outside_the_scope_is_not_permitted(demo_env):
    from data_access.figures.standing import NotPermitted, standing
    from tests.conftest import PINNED_TODAY

    eng = engine()
    assert standing(eng, 2570, Scope.of("50"), "50", PINNED_TODAY).province_code == "50"
    assert standing(eng, 2570, Scope.of("50"), None, PINNED_TODAY).national  # the country's aggregates: everyone's
    for province in ("30", "83"):
        try:
            standing(eng, 2570, Scope.of("50"), province, PINNED_TODAY)
        except NotPermitted:
            continue
        raise AssertionError(f"province 50's reader got province {province}'s standing")
