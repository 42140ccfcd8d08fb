"""A province's outline with its LAO offices as dots, coloured by status and with a distinct marker per status.

Plain plotly Scatter on lon/lat axes (the outline is a line trace, the aspect fixed by scaleanchor): no tiles, no
topojson, no request leaves the app. Pure: takes the outline feature and the grid; no SQL.
"""

import math
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from components.figure_cache import trusted_figure
from components.i18n import t
from components.plotly_events import selected_points
from components.safe_text import plotly_text
from components.status_grid import STATE_COLOURS, STATE_ICONS, STATE_KEYS, display_name, type_label
from data_access.figures.queries import COMPLETE, IN_PROGRESS, NOT_STARTED_STATE

SYMBOLS = {COMPLETE: "circle", IN_PROGRESS: "diamond", NOT_STARTED_STATE: "x"}
# Drawn last = on top: the LAOs to chase stay visible.
DRAW_ORDER = (COMPLETE, IN_PROGRESS, NOT_STARTED_STATE)
CONFIG = {"displaylogo": False, "scrollZoom": False,
          "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "toImage"]}


def outline_xy(feature: dict | None) -> tuple[list, list]:
    """The outer and inner rings of a (Multi)Polygon feature as one x (lon) / y (lat) line, rings split by None."""
    if not feature:
        return [], []
    geometry = feature.get("geometry") or {}
    polygons = [geometry.get("coordinates", [])] if geometry.get("type") == "Polygon" else \
        geometry.get("coordinates", []) if geometry.get("type") == "MultiPolygon" else []
    xs, ys = [], []
    for polygon in polygons:
        for ring in polygon:
            xs.extend([p[0] for p in ring] + [None])
            ys.extend([p[1] for p in ring] + [None])
    return xs, ys


def located(grid: pd.DataFrame) -> pd.DataFrame:
    return grid[grid["lat"].notna() & grid["lon"].notna()]


def lao_map(outline: dict | None, grid: pd.DataFrame, domains_total: int, lang: str, height: int = 560) -> go.Figure:
    """`grid` rows need code, name_th, type, district_name_th, lat, lon, state, certified."""
    traces = []
    xs, ys = outline_xy(outline)
    if xs:
        traces.append(dict(type="scatter", x=xs, y=ys, mode="lines", line=dict(color="#7f7f7f", width=1.2),
                           fill="toself", fillcolor="rgba(160,160,160,0.10)", hoverinfo="skip",
                           showlegend=False, name="outline"))
    points = located(grid)
    for state in DRAW_ORDER:
        part = points[points["state"] == state]
        hover = [
            f"<b>{plotly_text(display_name(r.name_th, r.type))}</b><br>{plotly_text(type_label(r.type, lang))} · "
            f"{t('dd_district_prefix', lang)}{plotly_text(r.district_name_th)}<br>"
            f"{STATE_ICONS[state]} {t(STATE_KEYS[state], lang)} · "
            f"{t('dd_certified_short', lang)} {int(r.certified)}/{domains_total}"
            for r in part.itertuples()
        ]
        traces.append(dict(
            type="scatter", x=part["lon"].to_numpy(), y=part["lat"].to_numpy(), mode="markers",
            name=f"{STATE_ICONS[state]} {t(STATE_KEYS[state], lang)} ({len(part)})",
            marker=dict(symbol=SYMBOLS[state], color=STATE_COLOURS[state], size=10 if state != COMPLETE else 8,
                        line=dict(width=1, color="white" if state != NOT_STARTED_STATE else STATE_COLOURS[state])),
            customdata=part[["code"]].to_numpy(), text=hover, hovertemplate="%{text}<extra></extra>",
        ))
    lats = [y for y in ys if y is not None] or points["lat"].tolist() or [13.0]
    lons = [x for x in xs if x is not None] or points["lon"].tolist() or [101.0]
    middle = (min(lats) + max(lats)) / 2
    pad_x, pad_y = (max(lons) - min(lons)) * 0.03 + 0.01, (max(lats) - min(lats)) * 0.03 + 0.01
    layout = dict(
        height=height, margin=dict(l=0, r=0, t=0, b=0), dragmode="pan", hovermode="closest",
        plot_bgcolor="rgba(0,0,0,0)", paper_bgcolor="rgba(0,0,0,0)",
        legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom", bgcolor="rgba(255,255,255,0.6)"),
        xaxis=dict(visible=False, range=[min(lons) - pad_x, max(lons) + pad_x], constrain="domain"),
        # 1° of latitude is longer than 1° of longitude by 1/cos(latitude).
        yaxis=dict(visible=False, range=[min(lats) - pad_y, max(lats) + pad_y], scaleanchor="x",
                   scaleratio=1 / math.cos(math.radians(middle)), constrain="domain"),
    )
    return trusted_figure(traces, layout)


def code_from_selection(event) -> str | None:
    """The LAO code of the clicked dot in an st.plotly_chart(on_select=…) event, else None."""
    for point in selected_points(event):
        data = point.get("customdata")
        if isinstance(data, (list, tuple)) and data:
            data = data[0]
        if isinstance(data, str) and data:
            return data
    return None
    selection = event.get("selection")
    points = selection.get("points") if isinstance(selection, Mapping) else None
    for point in points or []:
        data = point.get("customdata") if isinstance(point, Mapping) else None
        if isinstance(data, (list, tuple)) and data:
            data = data[0]
        if isinstance(data, str) and data:
            return data
    return None
