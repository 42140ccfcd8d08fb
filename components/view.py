"""The view every page shares: fiscal year, language and digits, kept in the URL so a link reproduces it."""

from dataclasses import dataclass
from datetime import date

import streamlit as st

from components.i18n import t

LANGS = ("th", "en")


@dataclass(frozen=True)
class View:
    fiscal_year: int
    lang: str
    thai_digits: bool
    today: date
    version: int  # data version: caches are keyed by it


def _parse_year(text: str | None, fiscal_years: list[int]) -> int:
    try:
        year = int(text)
    except (TypeError, ValueError):
        return fiscal_years[0]
    return year if year in fiscal_years else fiscal_years[0]


def _sync_from_url(fiscal_years: list[int]) -> None:
    """Give each sidebar widget its value before it is drawn: the URL's when the URL changed since we last wrote
    it (a pasted link, the back button), else what the user last chose."""
    parsers = {
        "lang": ("sidebar_lang", lambda v: v if v in LANGS else "th", "th"),
        "fy": ("sidebar_fy", lambda v: _parse_year(v, fiscal_years), str(fiscal_years[0])),
        "digits": ("sidebar_digits", lambda v: v == "1", "0"),
    }
    for name, (widget_key, parse, default) in parsers.items():
        url = st.query_params.get(name)
        if url is not None and url != st.session_state.get(f"view_{name}"):
            st.session_state[widget_key] = parse(url)
        elif widget_key not in st.session_state:  # e.g. after st.switch_page: widgets start empty
            st.session_state[widget_key] = parse(url if url is not None else default)
        if name == "fy" and st.session_state[widget_key] not in fiscal_years:
            st.session_state[widget_key] = fiscal_years[0]


def render_sidebar(fiscal_years: list[int], today: date, version: int) -> View:
    """Sidebar controls; the choice is mirrored into st.query_params, so a link reproduces the view."""
    _sync_from_url(fiscal_years)
    lang = st.session_state["sidebar_lang"]
    with st.sidebar:
        lang = st.radio(t("language", lang), LANGS, horizontal=True, key="sidebar_lang",
                        format_func=lambda code: "ไทย" if code == "th" else "English")
        # Options read the same in both languages: a label that changed with the language would make the
        # widget lose its value on the next click (Streamlit matches the value by its label).
        year = st.selectbox(t("fiscal_year", lang), fiscal_years, key="sidebar_fy", format_func=str)
        thai_digits = st.toggle(t("thai_digits", lang), key="sidebar_digits")

    for name, value in (("lang", lang), ("fy", str(year)), ("digits", "1" if thai_digits else "0")):
        st.session_state[f"view_{name}"] = value
        if st.query_params.get(name) != value:
            st.query_params[name] = value
    return View(year, lang, thai_digits, today, version)


def current_view() -> View:
    """The View that dashboard.py built for this run."""
    return st.session_state["view"]
