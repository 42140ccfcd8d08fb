"""`python -m data_access health`: 0 when the database answers with a current schema (and the app, with --app),
1 with a sentence otherwise — on SQLite and on a real PostgreSQL, including one that has been stopped."""

import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _health(database_url: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, DATABASE_URL=database_url)
    return subprocess.run([sys.executable, "-m", "data_access", "health", "--timeout", "3", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=60)


def test_a_current_database_is_healthy_on_both_backends(db_url):
    result = _health(db_url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("healthy: database answered") and "schema 0005" in result.stdout


def test_an_old_schema_a_missing_file_and_a_closed_port_are_unhealthy(tmp_path):
    from sqlalchemy import create_engine, text

    old = tmp_path / "old.sqlite"
    with create_engine(f"sqlite:///{old}").begin() as conn:
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32))"))
        conn.execute(text("INSERT INTO alembic_version VALUES ('0001')"))
    for url, said in ((f"sqlite:///{old}", "not at revision 0005"),
                      (f"sqlite:///{tmp_path / 'missing.sqlite'}", "does not exist"),
                      ("postgresql://nobody@127.0.0.1:1/gone", "does not answer")):
        result = _health(url)
        assert result.returncode == 1 and said in result.stderr, (url, result.stderr)
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "missing.sqlite").exists(), "a health check must not create a database"


def test_a_stopped_postgresql_is_unhealthy_within_the_timeout():
    from tests.support.postgres import PostgresServer

    server = PostgresServer().start()
    url = server.create_database("health")
    subprocess.run([sys.executable, "-m", "data_access", "init-db"], cwd=ROOT, check=True, capture_output=True,
                   env={**os.environ, "DATABASE_URL": url})
    assert _health(url).returncode == 0
    server.stop()
    result = _health(url)
    assert result.returncode == 1 and "does not answer" in result.stderr


class _App(http.server.BaseHTTPRequestHandler):
    answer = b"ok"

    def do_GET(self):
        self.send_response(200 if self.path == "/_stcore/health" else 404)
        self.end_headers()
        self.wfile.write(self.answer)

    def log_message(self, *args):
        pass


@pytest.mark.parametrize("answer, code", [(b"ok", 0), (b"starting", 1)])
def test_with_app_the_replica_must_answer_ok(tmp_path, answer, code):
    from data_access.db import engine, init_db

    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    init_db(engine(url))
    handler = type("Handler", (_App,), {"answer": answer})
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = _health(url, "--app", f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
    assert result.returncode == code, result.stderr
    assert ("app answered" in result.stdout) if code == 0 else ("not 200 ok" in result.stderr)


def test_a_setting_that_cannot_be_used_is_unhealthy_not_an_argument_error(tmp_path, monkeypatch):
    monkeypatch.setenv("INFO_TODAY", "2566-08-15")
    result = _health(f"sqlite:///{tmp_path / 'x.sqlite'}")
    assert result.returncode == 1 and "INFO_TODAY" in result.stderr


def test_an_app_address_that_is_not_http_is_refused_in_a_short_sentence(tmp_path):
    from data_access.db import engine, init_db

    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    init_db(engine(url))
    for bad in ("javascript:[x](http://e)", "http://x/" + "A" * 10_000, "file:///etc/passwd"):
        result = _health(url, "--app", bad)
        assert result.returncode == 1 and "--app must be" in result.stderr and len(result.stderr) < 200
