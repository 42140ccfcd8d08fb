"""PostgreSQL goes away while a session is open: a search, a click on a province or the next page load says so in
a sentence, with no traceback and without naming the host or the port."""

import uuid

import psycopg
import pytest
from streamlit.testing.v1 import AppTest

from components.i18n import t
from data_access.db import engine
from tests.app import hostile_data
from tests.app.helpers import open_app
from tests.app.rendered import assert_nothing_live_or_leaked, element_strings

SENTENCE = t("db_error", "th", detail="").split("(")[0]


@pytest.fixture
def doomed(postgres, tmp_path, monkeypatch):
    """A PostgreSQL database with a province in it, and a way to make it disappear (as a stopped server would)."""
    name = f"doomed_{uuid.uuid4().hex[:10]}"
    url = postgres.create_database(name)
    hostile_data.import_hostile_province(engine(url), tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("INFO_TODAY", hostile_data.TODAY.isoformat())
    monkeypatch.setenv("INFO_OPEN_ACCESS", "1")  # imported data, read without signing in (open mode)

    def drop() -> None:
        with psycopg.connect(f"host=127.0.0.1 port={postgres.port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')  # ends the app's open connections too

    drop.url, drop.port = url, postgres.port
    return drop


def _says_the_database_is_gone(at, port: int) -> None:
    assert_nothing_live_or_leaked(at)
    errors = [e.value for e in at.error]
    assert errors and all(e.startswith(SENTENCE) for e in errors), errors
    for _, _, text in element_strings(at):
        assert "127.0.0.1" not in text and str(port) not in text and "doomed_" not in text


def test_a_click_on_a_province_after_the_database_went_away(doomed):
    at = open_app(fy="2566")  # the overview, read while the database was there
    assert not at.error
    doomed()
    at.switch_page("app_pages/province.py")
    at.query_params["province"] = hostile_data.PROVINCE
    _says_the_database_is_gone(at.run(), doomed.port)


def test_a_search_after_the_database_went_away(doomed):
    at = open_app("app_pages/lao.py", fy="2566")
    doomed()
    at.text_input(key="lao_page_search").input("ภูเก็ต")
    _says_the_database_is_gone(at.run(), doomed.port)


def test_the_next_page_load_after_the_database_went_away(doomed):
    from data_access import cached

    at = open_app(fy="2566")
    doomed()
    cached.data_version.clear()  # as after its few seconds of cache
    _says_the_database_is_gone(at.run(), doomed.port)


def _search_box_on_its_own(url: str):
    """The search box's own guard, outside any page: a fragment rerun does not pass through dashboard.py."""
    from datetime import date

    from components.search import search_box
    from components.view import View
    from data_access.figures import queries
    from data_access.db import engine
    from data_access.access.scope import Scope

    def find(year, text, limit, version):  # uncached: each search reads the database
        return queries.search_laos(engine(url), year=year, scope=Scope.national(), text=text, limit=limit)

    search_box(View(2566, "en", False, date(2023, 8, 21), 1), find=find)


def test_the_search_box_itself_says_the_database_is_gone(doomed):
    at = AppTest.from_function(_search_box_on_its_own, args=(doomed.url,)).run()
    at.text_input[0].input("ภูเก็ต").run()
    assert not at.exception and not at.error
    assert len(at.get("markdown")) > 1  # results (plain links: no pages are registered) while it is there
    doomed()
    at.text_input[0].input("ป่าตอง").run()
    assert not at.exception
    assert [e.value.split("(")[0] for e in at.error] == [t("db_error", "en", detail="").split("(")[0]]
    for _, _, text in element_strings(at):
        assert "127.0.0.1" not in text and str(doomed.port) not in text
