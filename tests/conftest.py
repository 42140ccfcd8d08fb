"""Shared fixtures: a seeded demo database (SQLite), a real PostgreSQL server, and per-test empty databases on
both backends. Parallel-safe: every worker gets its own files and databases."""

import os
import uuid
from datetime import date
from pathlib import Path

import pytest

from data_access.db import engine as make_engine
from data_access.db import init_db

PINNED_TODAY = date(2026, 11, 26)  # in FY2570, after the FY2566 deadline


@pytest.fixture(scope="session")
def postgres():
    from tests.support.postgres import PostgresServer

    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """An empty, migrated database on each backend. Its engine's pooled connections are closed afterwards: every
    test database has an engine of its own, and a server's connection slots are few."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.sqlite'}"
    else:
        url = request.getfixturevalue("postgres").create_database(f"t_{uuid.uuid4().hex[:12]}")
    init_db(make_engine(url))
    yield url
    make_engine(url).dispose()


@pytest.fixture
def eng(db_url):
    return make_engine(db_url)


@pytest.fixture(scope="session")
def demo_db_path(tmp_path_factory) -> Path:
    """The full-scale demo database, seeded once per worker with today pinned."""
    from data_access.demo import seed_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    seed_demo(make_engine(f"sqlite:///{path}"), seed=1, today=PINNED_TODAY)
    return path


@pytest.fixture(scope="session")
def demo_pg_url(postgres) -> str:
    """The same demo data on the real PostgreSQL server."""
    from data_access.demo import seed_demo

    url = postgres.create_database("demo")
    seed_demo(make_engine(url), seed=1, today=PINNED_TODAY)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def demo_env(request, monkeypatch) -> str:
    """Point the app and the CLI at the seeded demo database (each backend in turn) with today pinned."""
    if request.param == "sqlite":
        url = f"sqlite:///{request.getfixturevalue('demo_db_path')}"
    else:
        url = request.getfixturevalue("demo_pg_url")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("INFO_TODAY", PINNED_TODAY.isoformat())
    return url


@pytest.fixture(autouse=True)
def _clear_streamlit_caches():
    """Each test sees fresh cached reads (they are keyed by data version, which restarts per database)."""
    yield
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()  # shared figures, keyed by data version too


def pytest_configure(config):
    os.environ.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
    # Pages warm every province's view in a background thread; a test asks for it where it tests it.
    os.environ.setdefault("INFO_WARM_VIEWS", "0")


# Browser tests (tests/browser, tests/deploy). One definition for the whole run: a second sync Playwright in the
# same worker process fails ("Sync API inside the asyncio loop").
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never `playwright install`)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError("Chromium is missing: apt-get install chromium fonts-thai-tlwg")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def oidc_provider():
    """A real OpenID Connect provider on loopback (oidc-provider-mock): its authorize page asks for the subject."""
    from oidc_provider_mock import run_server_in_thread

    with run_server_in_thread(port=0) as server:
        yield f"http://127.0.0.1:{server.server_port}"
