"""`python -m data_access health [--app URL]`: is this replica fit to serve? For process managers (Docker's
HEALTHCHECK, systemd, compose): exit 0 and one line when the database answers and its schema is current (and, with
--app, the replica's own /_stcore/health answers); exit 1 and a sentence saying what is wrong otherwise.

It opens its own short-lived connection with a time limit, so a database that hangs makes the check fail within
--timeout seconds instead of hanging the process manager; the app's pool is not touched.
"""

import time
import urllib.request
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from data_access.db import HEAD_REVISION, _normalise_url, schema_is_current


class Unhealthy(Exception):
    """One sentence for the operator: what is wrong and what to check."""


def check_database(url: str, timeout: float) -> str:
    url = _normalise_url(url)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.is_file():
            raise Unhealthy(f"the SQLite database file {path.name} does not exist; run `python -m data_access init-db`")
        connect_args = {"timeout": timeout}
    else:
        seconds = max(1, round(timeout))
        connect_args = {"connect_timeout": seconds, "options": f"-c statement_timeout={seconds * 1000}"}
    eng = create_engine(url, poolclass=NullPool, connect_args=connect_args)
    start = time.monotonic()
    try:
        with eng.connect() as conn:
            conn.execute(text("SELECT 1"))
        if not schema_is_current(eng):
            raise Unhealthy(f"the database schema is not at revision {HEAD_REVISION}; run "
                            "`python -m data_access init-db`")
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0][:200]
        raise Unhealthy(f"the database does not answer ({reason}); check DATABASE_URL and the server") from None
    finally:
        eng.dispose()
    return f"database answered in {(time.monotonic() - start) * 1000:.0f} ms, schema {HEAD_REVISION}"


def check_app(base_url: str, timeout: float) -> str:
    if not base_url.startswith(("http://", "https://")) or len(base_url) > 200:
        raise Unhealthy("--app must be the replica's http:// or https:// address, e.g. http://127.0.0.1:8501")
    start = time.monotonic()
    try:
        with urllib.request.urlopen(base_url.rstrip("/") + "/_stcore/health", timeout=timeout) as response:
            body = response.read(100).decode("ascii", "replace").strip()
            if response.status != 200 or body != "ok":
                raise Unhealthy(f"the app at {base_url} answered {response.status} {body!r}, not 200 ok")
    except OSError as exc:
        raise Unhealthy(f"the app at {base_url} does not answer ({exc}); is the replica running?") from None
    return f"app answered in {(time.monotonic() - start) * 1000:.0f} ms"


def check(database_url: str, app_url: str | None, timeout: float) -> str:
    parts = [check_database(database_url, timeout)]
    if app_url:
        parts.append(check_app(app_url, timeout))
    return "; ".join(parts)
