"""AppTest helpers: run the real entry script at a URL, as a browser would open a pasted link."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

ENTRY = str(Path(__file__).resolve().parents[2] / "dashboard.py")


def open_app(page: str | None = None, timeout: float = 60, **query: str) -> AppTest:
    """`page` is e.g. "app_pages/province.py"; `query` becomes st.query_params."""
    at = AppTest.from_file(ENTRY, default_timeout=timeout)
    if page:
        at.switch_page(page)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()
