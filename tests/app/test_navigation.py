import json
import subprocess
import sys

from tests.app.helpers import open_app


def _cli_summary(year: int) -> dict:
    out = subprocess.run([sys.executable, "-m", "data_access", "summary", "--fiscal-year", str(year),
                          "--format", "json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_sidebar_choices_are_mirrored_in_the_url(demo_env):
    at = open_app()
    assert not at.exception
    assert at.query_params["lang"] == "th"
    at.selectbox(key="sidebar_fy").select(2565).run()
    assert at.query_params["fy"] == "2565"
    at.radio(key="sidebar_lang").set_value("en").run()
    assert at.query_params["lang"] == "en"


def test_a_pasted_link_opens_that_fiscal_year(demo_env):
    at = open_app(fy="2566")
    assert at.session_state["view"].fiscal_year == 2566
    assert _cli_summary(2566)["fiscal_year"] == 2566


def test_demo_data_is_announced(demo_env):
    at = open_app()
    assert any("demo" in info.value for info in at.info)


def test_a_database_that_cannot_be_reached_gets_a_sentence_not_a_traceback(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    at = open_app()
    assert not at.exception
    assert at.error and "ฐานข้อมูล" in at.error[0].value
