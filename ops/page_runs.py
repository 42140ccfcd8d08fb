"""One JSON log line per page run, and how many runs are in flight in this process (for a graceful stop).

    {"time": "2026-11-26T09:15:02.114+07:00", "replica": "replica-1", "page": "province", "role": "province",
     "scope": ["50"], "user": "u:3f1c0a9be2d4", "duration_ms": 41.7, "outcome": "ok"}

`user` is a pseudonym (the first 12 hex digits of the email's SHA-256), so one person's runs can be followed
across replicas without the log holding who they are; INFO_LOG_EMAILS=1 logs the email itself. `outcome` is ok,
stopped (the page ended early on purpose), rerun (cut short by a newer run), denied, signed-out, no-role,
open-refused, data-error or error (a programming error; the traceback goes to the log as usual). A run that ends
before the page is chosen (the sign-in page) logs page "-".
"""

import hashlib
import json
import logging
import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from data_access.config import BANGKOK

log = logging.getLogger("info_oversight.page_runs")
_lock = threading.Lock()
_in_flight = 0
_current = threading.local()  # a session's script runs in its own thread, one run at a time


def in_flight() -> int:
    with _lock:
        return _in_flight


@dataclass
class PageRun:
    page: str = "-"  # until the page is chosen: a run that ends before (the sign-in page) says "-"
    role: str = "-"
    scope: list[str] | str = "-"
    user: str | None = None
    outcome: str | None = None  # set by whoever ends the run on purpose (denied, data-error …)
    started: float = field(default_factory=time.perf_counter)

    def note(self, outcome: str) -> None:
        if self.outcome is None:
            self.outcome = outcome

    def describe(self, access) -> None:
        """Role and scope from `components.identity.Access`: the user's role, or the state (open, signed-out …)."""
        self.user = user_label(access.email)
        self.role = access.user.role if access.user is not None else access.state
        if access.may_read:
            scope = access.scope
            self.scope = "all" if scope.is_national else sorted(scope.provinces)


def note(outcome: str) -> None:
    """Say why the run in this thread ends early (denied, data-error …); a no-op outside a logged run."""
    run = getattr(_current, "run", None)
    if run is not None:
        run.note(outcome)


def replica_name() -> str:
    named = os.environ.get("INFO_REPLICA", "").strip()
    if named:
        return named[:64]
    try:
        from streamlit import config

        return f"{socket.gethostname()}:{config.get_option('server.port')}"
    except Exception:  # outside a server (AppTest)
        return socket.gethostname()


def user_label(email: str | None) -> str | None:
    if not email:
        return None
    if os.environ.get("INFO_LOG_EMAILS", "").strip() == "1":
        return email
    return "u:" + hashlib.sha256(email.encode("utf-8")).hexdigest()[:12]


class _Stderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a line is written (a test runner swaps it)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


if not log.handlers:  # one handler per process, however often Streamlit re-imports the page modules
    handler = _Stderr()
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


def write_line(record: dict) -> None:
    log.info(json.dumps(record, ensure_ascii=False, separators=(",", ":")))


def _line(run: PageRun, outcome: str) -> dict:
    return {"time": datetime.now(BANGKOK).isoformat(timespec="milliseconds"), "replica": replica_name(),
            "page": run.page, "role": run.role, "scope": run.scope, "user": run.user,
            "duration_ms": round((time.perf_counter() - run.started) * 1000, 1), "outcome": outcome}


@contextmanager
def page_run() -> Iterator[PageRun]:
    """`with page_run() as run:` around a whole script run; the body fills in page, role and scope."""
    global _in_flight
    from streamlit.runtime.scriptrunner_utils.exceptions import RerunException, StopException

    run = PageRun()
    _current.run = run
    with _lock:
        _in_flight += 1
    outcome = "ok"
    try:
        yield run
    except StopException:
        outcome = run.outcome or "stopped"
        raise
    except RerunException:
        outcome = run.outcome or "rerun"
        raise
    except BaseException:
        outcome = "error"
        raise
    else:
        outcome = run.outcome or "ok"
    finally:
        _current.run = None
        with _lock:
            _in_flight -= 1
        try:
            write_line(_line(run, outcome))
        except Exception:  # a log line must never break a page
            pass
