"""One JSON log line per page run (issue 12): time, replica, page, role and scope, a pseudonym instead of the
email unless configured, duration and outcome; and the in-flight count a graceful stop waits on returns to 0."""

import json
import logging
from datetime import datetime

import pytest

from ops import page_runs
from tests.app.helpers import open_app
from tests.app.identity import sign_in  # noqa: F401 (a fixture)

PROVINCE = "app_pages/province.py"
OFFICE = "office50@example.go.th"


class _Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines: list[dict] = []

    def emit(self, record):
        self.lines.append(json.loads(record.getMessage()))


@pytest.fixture
def lines(monkeypatch):
    monkeypatch.setenv("INFO_REPLICA", "replica-test")
    handler = _Lines()
    page_runs.log.addHandler(handler)
    yield handler.lines
    page_runs.log.removeHandler(handler)


def test_each_run_is_one_line_with_role_scope_and_no_email(demo_env, sign_in, lines):  # noqa: F811
    sign_in(OFFICE, "province", ("50",))
    open_app(PROVINCE, province="50", fy="2566")
    open_app(PROVINCE, province="30", fy="2566")
    assert len(lines) == 2, lines
    ok, denied = lines
    assert (ok["page"], ok["role"], ok["scope"], ok["outcome"]) == ("province", "province", ["50"], "ok")
    assert denied["outcome"] == "denied" and denied["page"] == "province"
    assert ok["replica"] == "replica-test" and ok["duration_ms"] > 0
    assert datetime.fromisoformat(ok["time"]).utcoffset().total_seconds() == 7 * 3600  # Asia/Bangkok
    assert ok["user"] == denied["user"] and ok["user"].startswith("u:")
    assert "office50" not in json.dumps(lines)
    assert page_runs.in_flight() == 0


def test_the_email_is_logged_only_when_configured(demo_env, sign_in, lines, monkeypatch):  # noqa: F811
    monkeypatch.setenv("INFO_LOG_EMAILS", "1")
    sign_in(OFFICE, "national")
    open_app(PROVINCE, province="30", fy="2566")
    assert [(x["user"], x["role"], x["scope"], x["outcome"]) for x in lines] == [(OFFICE, "national", "all", "ok")]


def test_the_sign_in_page_and_a_data_failure_say_so(demo_env, sign_in, lines, monkeypatch):  # noqa: F811
    sign_in(None)
    open_app(PROVINCE, province="50", fy="2566")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/gone")  # nothing listens on port 1
    sign_in(OFFICE, None)
    at = open_app(PROVINCE, province="50", fy="2566")
    assert not at.exception
    assert [(x["page"], x["role"], x["user"], x["outcome"]) for x in lines] == [
        ("-", "signed-out", None, "signed-out"), ("-", "-", None, "data-error")]
