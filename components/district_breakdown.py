"""Districts of a province: stacked bars (complete / in progress / not started) and a sortable table.
Pure: takes figures.district_counts (one row per district code, geothai's names) with a `name` column in the
reader's language (see `with_names`); no SQL."""

import pandas as pd
import plotly.graph_objects as go

from components.figure_cache import trusted_figure
from components.i18n import t
from components.safe_text import plotly_text
from components.status_grid import STATE_COLOURS, STATE_ICONS
from data_access.figures.queries import COMPLETE, IN_PROGRESS, NOT_STARTED_STATE

SORTS = ("rate", "name", "laos")


def with_names(counts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """district_counts with `name`: the district's name in `lang` (English names from geothai)."""
    return counts.assign(name=counts["name_en" if lang == "en" else "name_th"].fillna("—"))


def sort_districts(counts: pd.DataFrame, sort: str) -> pd.DataFrame:
    """rate: least complete first (the districts that drag); name: alphabetical; laos: largest first."""
    frame = counts.copy()
    if sort == "name":
        frame = frame.sort_values("name")
    elif sort == "laos":
        frame = frame.sort_values(["laos", "name"], ascending=[False, True])
    else:
        frame = frame.sort_values(["completion_rate", "cell_rate", "name"])
    return frame.reset_index(drop=True)


def district_chart(counts: pd.DataFrame, lang: str) -> go.Figure:
    """Horizontal 100 % bars, first row of `counts` on top; hover gives the counts. Always in the same left-to-right
    order as the legend (complete, in progress, not started), with the share complete written in the bar.
    (Plain fills: with a white pattern foreground under Streamlit's theme the two right-hand segments came out
    blank in Chromium.)"""
    names = [plotly_text(name) for name in counts["name"]]  # tick and hover text are HTML-like
    traces = []
    for state, key in ((COMPLETE, "complete"), (IN_PROGRESS, "in_progress"), (NOT_STARTED_STATE, "not_started")):
        share = (counts[key] / counts["laos"].where(counts["laos"] > 0, 1) * 100).round(1)
        traces.append(dict(
            type="bar", y=names, x=share.to_numpy(), orientation="h", name=f"{STATE_ICONS[state]} {t(key, lang)}",
            marker=dict(color=STATE_COLOURS[state], line=dict(color="white", width=0.5)),
            customdata=counts[[key, "laos"]].to_numpy(),
            **({"text": [f"{v:.0f}%" if v >= 12 else "" for v in share]} if state == COMPLETE else {}),
            textposition="inside", insidetextanchor="start",
            hovertemplate="<b>%{y}</b><br>" + t(key, lang) + ": %{customdata[0]} / %{customdata[1]} (%{x:.1f}%)"
                          "<extra></extra>",
        ))
    return trusted_figure(traces, dict(
        barmode="stack", height=max(220, 24 * len(names) + 90), margin=dict(l=0, r=10, t=30, b=0),
        legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom", traceorder="normal"),
        xaxis=dict(range=[0, 100], ticksuffix="%", fixedrange=True),
        yaxis=dict(autorange="reversed", fixedrange=True, categoryorder="array", categoryarray=names),
        bargap=0.25,
    ))


def district_table(counts: pd.DataFrame) -> pd.DataFrame:
    table = counts[["name", "laos", "complete", "in_progress", "not_started"]].copy()
    table.insert(3, "completion_pct", (counts["completion_rate"] * 100).round(1))
    return table


def district_column_config(lang: str) -> dict:
    import streamlit as st

    return {
        "name": st.column_config.TextColumn(t("dd_district", lang), pinned=True),
        "laos": st.column_config.NumberColumn(t("lao", lang), width="small"),
        "complete": st.column_config.NumberColumn(t("complete", lang), width="small"),
        "completion_pct": st.column_config.ProgressColumn(t("completion_rate", lang), min_value=0, max_value=100,
                                                          format="%.1f%%", width="small"),
        "in_progress": st.column_config.NumberColumn(t("in_progress", lang), width="small"),
        "not_started": st.column_config.NumberColumn(t("not_started", lang), width="small"),
    }
