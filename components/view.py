"""The view every page shares: fiscal year, language and digits, kept in the URL so a link reproduces it."""

from dataclasses import dataclass
from datetime import date

import streamlit as st

from components.i18n import set_date_era, digits, t
from components.safe_text import quoted

LANGS = ("th", "en")
FROM_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


@dataclass(frozen=True)
class View:
    fiscal_year: int
    lang: str
    thai_digits: bool
    today: date
    version: int  # data version: caches are keyed by it
    era: str = "BE"  # dates in English: "CE" or "BE" (DOMAIN.md §7); Thai is always BE


def follow_digits(text: str | None, thai_digits: bool) -> str:
    """Text from the database (a letter reference, a phone number) with its digits as the toggle says: stored as
    printed (`มท ๐๘๐๖.๒/ว ๒๕๒`), shown `มท 0806.2/ว 252` with Thai digits off."""
    return digits((text or "").translate(FROM_THAI_DIGITS), thai_digits)


def _parse_year(text: str | None, fiscal_years: list[int]) -> int | None:
    """The fiscal year the URL names, or None when it names none of `fiscal_years`."""
    try:
        year = int(text)
    except (TypeError, ValueError):
        return None
    return year if year in fiscal_years else None


def _sync_from_url(fiscal_years: list[int]) -> str | None:
    """Give each sidebar widget its value before it is drawn: the URL's when the URL changed since we last wrote
    it (a pasted link, the back button), else what the user last chose. Returns the URL's `fy` when it names no
    fiscal year we have (another year is shown instead: the page must say so)."""
    newest = fiscal_years[0]
    parsers = {
        "lang": ("sidebar_lang", lambda v: v if v in LANGS else "th", "th"),
        "fy": ("sidebar_fy", lambda v: _parse_year(v, fiscal_years) or newest, str(newest)),
        "digits": ("sidebar_digits", lambda v: v == "1", "0"),
        "era": ("sidebar_ce", lambda v: v == "ce", "be"),
    }
    refused_year = None
    for name, (widget_key, parse, default) in parsers.items():
        url = st.query_params.get(name)
        if url is not None and url != st.session_state.get(f"view_{name}"):
            st.session_state[widget_key] = parse(url)
            if name == "fy" and _parse_year(url, fiscal_years) is None:
                refused_year = url
        elif widget_key not in st.session_state:  # e.g. after st.switch_page: widgets start empty
            st.session_state[widget_key] = parse(url if url is not None else default)
        if name == "fy" and st.session_state[widget_key] not in fiscal_years:
            st.session_state[widget_key] = newest
    return refused_year


def render_sidebar(fiscal_years: list[int], today: date, version: int) -> View:
    """Sidebar controls; the choice is mirrored into st.query_params, so a link reproduces the view."""
    refused_year = _sync_from_url(fiscal_years)
    lang = st.session_state["sidebar_lang"]
    with st.sidebar:
        lang = st.radio(t("language", lang), LANGS, horizontal=True, key="sidebar_lang",
                        format_func=lambda code: t(f"language_{code}"))
        # Options read the same in both languages: a label that changed with the language would make the
        # widget lose its value on the next click (Streamlit matches the value by its label).
        year = st.selectbox(t("fiscal_year", lang), fiscal_years, key="sidebar_fy", format_func=str)
        thai_digits = st.toggle(t("thai_digits", lang), key="sidebar_digits")
        # English readers choose their era; Thai dates stay Buddhist Era. Kept while hidden, for the way back.
        ce = st.toggle(t("ce_dates", lang), key="sidebar_ce") if lang == "en" else st.session_state["sidebar_ce"]

    if refused_year is not None:
        st.warning(t("fy_unknown", lang, value=quoted(refused_year, 20), year=digits(str(year), thai_digits)),
                   icon=":material/event_busy:")
    changed = {}
    # era=ce only in English with CE chosen: other links stay as they were.
    for name, value in (("lang", lang), ("fy", str(year)), ("digits", "1" if thai_digits else "0"),
                        ("era", "ce" if ce and lang == "en" else None)):
        st.session_state[f"view_{name}"] = value
        if value is None:
            if name in st.query_params:
                del st.query_params[name]
        elif st.query_params.get(name) != value:
            changed[name] = value
    if changed:  # in one message: each one is an entry in the browser's history (its Back button)
        st.query_params.update(changed)
    era = "CE" if lang == "en" and ce else "BE"
    set_date_era(era)  # format_date's default for this run (and shared figures are keyed by it)
    return View(year, lang, thai_digits, today, version, era)


def current_view() -> View:
    """The View that dashboard.py built for this run."""
    return st.session_state["view"]
