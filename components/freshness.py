"""Freshness: during a campaign, data that is days old reads as if it were today's. Say so, plainly, on every page."""

from datetime import date

import streamlit as st

from components.i18n import format_date, format_number, t


def stale_days(as_of: date | None, today: date, campaign_start: date, deadline: date, after_days: int) -> int | None:
    """How many days old the data is, when that is worth a warning: only during the campaign (its fiscal year's
    start to the deadline), and only past `after_days`. None otherwise."""
    if as_of is None or not campaign_start <= today <= deadline:
        return None
    age = (today - as_of).days
    return age if age > after_days else None


def render_stale_notice(age: int | None, as_of: date | None, lang: str, thai_digits: bool) -> None:
    if age is None or as_of is None:
        return
    st.warning(t("fr_stale", lang, date=format_date(as_of, lang, thai_digits), n=format_number(age, thai_digits)),
               icon=":material/history:")
