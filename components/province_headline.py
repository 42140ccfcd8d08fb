"""The province page's headline: the countdown, completion rate, rank and counts as metrics, each with its change
since the snapshot before the latest. Every number is the view's Standing (what `summary --province` prints)."""

from datetime import date

import streamlit as st

from components.countdown import as_of_text
from components.i18n import digits as to_digits
from components.i18n import format_date, format_number, format_pct, t
from components.links import card_width, countdown, countdown_metric

KPI_WIDTH = 136


def metric_delta(now: float, then: float | None, pct: bool = False) -> dict:
    """metric(delta=…, delta_color=…) for the change since the previous snapshot; no change is grey."""
    if then is None:
        return {}
    change = now - then
    if not change:
        return {"delta": "±0 pp" if pct else "±0", "delta_color": "off", "delta_arrow": "off"}
    return {"delta": f"{change * 100:+.1f} pp" if pct else f"{int(change):+,}"}


def heading(fiscal_year: int, deadline: date, as_of: date | None, closed: bool, lang: str, digits: bool) -> str:
    return " · ".join([f"{t('fiscal_year', lang)} {to_digits(str(fiscal_year), digits)}",
                       f"{t('deadline', lang)} {format_date(deadline, lang, digits)}",
                       *([t("closed", lang)] if closed else []),
                       as_of_text(as_of, lang, digits, final=closed)])


def render_province_kpis(s, closed: bool, lang: str, digits: bool) -> None:
    """`s` is a figures.standing.Standing. A wrapping row: six cards across a desktop, two per line on a phone."""
    before = s.previous
    ranked = format_number(s.provinces_ranked, digits)
    days_label, days = countdown_metric(s.days_left, lang, digits, closed)
    rate = format_pct(s.completion_rate, digits)
    rank = f"{format_number(s.rank, digits)}/{ranked}" if s.rank else "—"
    row = st.container(horizontal=True, wrap=True, gap="small")
    row.metric(days_label, days, border=True, width=card_width(days, KPI_WIDTH + 24),
               help=" · ".join([countdown(s.days_left, lang, digits, closed),
                                *([as_of_text(s.as_of, lang, digits, final=True)] if closed else []),
                                f"{t('deadline', lang)} {format_date(s.deadline, lang, digits)}"]))
    row.metric(t("completion_rate", lang), rate, border=True, width=card_width(rate, KPI_WIDTH),
               **metric_delta(s.completion_rate, before and before.completion_rate, pct=True))
    row.metric(t("rank", lang), rank, border=True, width=card_width(rank, KPI_WIDTH),
               help=t("dd_rank_help", lang, n=ranked),
               **(metric_delta(before.rank, s.rank) if before and before.rank and s.rank else {}))
    for key, value, colour, help_text in (
            ("complete", s.complete, None, t("dd_complete_of", lang, n=format_number(s.laos, digits))),
            ("in_progress", s.in_progress, "off", None), ("not_started", s.not_started, "inverse", None)):
        shown = format_number(value, digits)
        delta = metric_delta(value, before and getattr(before, key))
        row.metric(t(key, lang), shown, border=True, width=card_width(shown, KPI_WIDTH), help=help_text,
                   **({"delta_color": colour, **delta} if colour else delta))
    laos = format_number(s.laos, digits)
    st.caption(t("dd_change_since", lang, day=format_date(before.as_of, lang, digits), laos=laos) if before
               else t("dd_no_previous", lang, laos=laos))
