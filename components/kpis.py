"""The headline figures of a scope, as metrics. Every number comes from the Summary's Counts."""

from dataclasses import dataclass

import streamlit as st

from components.i18n import digits, format_number, format_pct, t


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str
    value: str
    note: str | None = None  # shown under the value, e.g. the share of all LAOs


def kpis(counts, lang: str = "th", thai_digits: bool = False) -> list[Kpi]:
    """`counts` is a figures.Counts (laos, complete, in_progress, not_started, cells, cells_certified,
    completion_rate)."""
    n = lambda value: format_number(value, thai_digits)  # noqa: E731
    share = lambda part: format_pct(part / counts.laos if counts.laos else 0.0, thai_digits)  # noqa: E731
    cell_rate = counts.cells_certified / counts.cells if counts.cells else 0.0
    return [
        Kpi("laos", t("laos", lang), n(counts.laos)),
        Kpi("complete", t("complete", lang), n(counts.complete), format_pct(counts.completion_rate, thai_digits)),
        Kpi("in_progress", t("in_progress", lang), n(counts.in_progress), share(counts.in_progress)),
        Kpi("not_started", t("not_started", lang), n(counts.not_started), share(counts.not_started)),
        Kpi("cells_certified", t("ov_cells_certified", lang), format_pct(cell_rate, thai_digits),
            digits(f"{counts.cells_certified:,} / {counts.cells:,}", thai_digits)),
    ]


def render_kpis(items: list[Kpi]) -> None:
    """One metric per figure; the columns stack on a narrow screen."""
    columns = st.columns(len(items))
    for column, item in zip(columns, items):
        column.metric(item.label, item.value, item.note, delta_color="off", delta_arrow="off", border=True)
