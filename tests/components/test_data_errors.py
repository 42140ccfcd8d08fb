"""The data boundary: a failed read on a real, unreachable database becomes the sentence (details to the log);
st.stop and st.rerun pass through it; a programming error is not swallowed."""

import logging

from streamlit.testing.v1 import AppTest

from components.i18n import t

UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:1/none"  # nothing listens on port 1


def _read_unreachable(url: str):
    import streamlit as st
    from sqlalchemy import text

    from components.data_errors import data_boundary
    from data_access.db import engine

    with data_boundary("en"):
        with engine(url).connect() as conn:
            conn.execute(text("SELECT 1"))
    st.write("after")  # never reached: the boundary stops the run


def test_a_failed_read_becomes_the_sentence_and_the_details_go_to_the_log(caplog):
    with caplog.at_level(logging.ERROR, logger="info_oversight"):
        at = AppTest.from_function(_read_unreachable, args=(UNREACHABLE,)).run()
    assert not at.exception
    assert len(at.error) == 1
    shown = at.error[0].value
    assert shown.startswith(t("db_error", "en", detail="").split("(")[0])
    assert "127.0.0.1" not in shown and "OperationalError" not in shown
    assert "after" not in [m.value for m in at.markdown]
    ref = shown.rsplit(" ", 1)[-1].rstrip(")")
    logged = [r for r in caplog.records if ref in r.getMessage()]
    assert logged and "127.0.0.1" in str(logged[0].exc_info[1])  # the administrator finds the details by the ref


def _control_flow():
    import streamlit as st

    from components.data_errors import data_boundary

    st.session_state.runs = st.session_state.get("runs", 0) + 1
    with data_boundary("th"):
        if st.session_state.runs == 1:
            st.rerun()
        st.write("stopping")
        st.stop()
    st.write("after")


def test_stop_and_rerun_pass_through():
    at = AppTest.from_function(_control_flow).run()
    assert not at.exception and not at.error
    assert at.session_state.runs == 2
    assert [m.value for m in at.markdown] == ["stopping"]


def _bug():
    from components.data_errors import data_boundary

    with data_boundary("th"):
        {}["missing"]


def test_a_programming_error_is_not_taken_for_a_data_failure():
    at = AppTest.from_function(_bug).run()
    assert not at.error
    assert at.exception  # still an error (the browser shows only a generic message: showErrorDetails = "none")


def test_the_server_shows_no_error_details():
    import tomllib
    from pathlib import Path

    from streamlit.config import ShowErrorDetailsConfigOptions

    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == ShowErrorDetailsConfigOptions.NONE
