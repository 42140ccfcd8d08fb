"""The one error boundary around data reads: a database that fails (gone, refusing, locked, a bad read) gets a
sentence in the user's language and a reference; the details (SQL, host, port, paths) go to the server log only.

Only data failures are caught: SQLAlchemy's errors (which wrap the drivers'), the drivers' own, and OSError (a
socket, a file). A programming error is not a data failure and still surfaces as one (Streamlit shows a generic
message when `client.showErrorDetails = "none"`). st.stop, st.rerun and st.switch_page raise BaseExceptions that
no `except` here can catch, so they pass through untouched.
"""

import logging
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from components.i18n import t
from ops import page_runs

log = logging.getLogger("info_oversight")

try:
    import psycopg

    _DRIVER_ERRORS: tuple[type[BaseException], ...] = (sqlite3.Error, psycopg.Error)
except ImportError:  # a SQLite-only install
    _DRIVER_ERRORS = (sqlite3.Error,)

DATA_ERRORS = (SQLAlchemyError, OSError, *_DRIVER_ERRORS)


def report_data_error(exc: BaseException, lang: str) -> None:
    """Log `exc` with a short reference and show the sentence with that reference, so the administrator can find
    the log entry the user quotes."""
    ref = secrets.token_hex(3)
    page_runs.note("data-error")
    log.error("data read failed (ref %s)", ref, exc_info=exc)
    st.error(t("db_error", lang, detail=t("error_ref", lang, ref=ref)), icon=":material/database:")


@contextmanager
def data_boundary(lang: str) -> Iterator[None]:
    """`with data_boundary(lang): …` — on a data failure say so and stop this run (or this fragment run)."""
    try:
        yield
    except DATA_ERRORS as exc:
        report_data_error(exc, lang)
        st.stop()
