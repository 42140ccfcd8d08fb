"""National choropleth of LAO data completion per province (plotly geo; no request leaves the app).

The colour scale runs from 0 to the highest province's rate rounded up to a round number (SCALE_TOPS), in
N_CLASSES equal classes plus one for "none complete yet", each in the legend with its range: with a fixed 0–100 %
scale the whole country reads the same colour for the first weeks of a campaign. The legend says the range, the
hover and the ranking lists carry the numbers (status is never told by colour alone).
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from components.i18n import t
from components.plotly_events import selected_points
from components.safe_text import plotly_text
from geo.paths import PROVINCE_LAYER_FILENAME, STATIC_URL_PATH

NOT_IN_SCOPE_CODE = "10"  # Bangkok is not under the Department of Local Administration
NOT_IN_SCOPE_COLOUR = "#d0d0d0"  # a neutral grey that viridis never produces
# Viridis (sequential, colour-blind safe, lighter as it rises: it reads in greyscale too) at six even steps:
# the first for "no LAO complete yet", then one per class.
CLASS_COLOURS = ("#440154", "#404286", "#2a788e", "#28a883", "#7cd14f", "#fde725")
N_CLASSES = len(CLASS_COLOURS) - 1
SCALE_TOPS = (1, 2.5, 5, 10, 15, 25, 50, 75, 100)  # % ; each divides into N_CLASSES round steps
BORDER_COLOUR = "white"
HIGHLIGHT_COLOUR = "#D55E00"  # Okabe-Ito vermilion: the province a briefing is about
MAP_PADDING_DEG = 0.1

TEXT_KEYS = ("legend_title", "none_yet", "hover", "not_in_scope", "not_in_scope_legend", "bangkok")


def _texts(lang: str) -> dict[str, str]:
    """The map's texts from the catalogue (`map_…` keys), as templates: plotly fills %{…}, the legend {top}."""
    return {name: t(f"map_{name}", lang) for name in TEXT_KEYS}


def scale_top(percentages) -> float:
    """The top of the colour scale: the highest percentage rounded up to the next of SCALE_TOPS."""
    highest = max((float(p) for p in percentages), default=0.0)
    return next((top for top in SCALE_TOPS if highest <= top), SCALE_TOPS[-1])


def colour_class(percentage: float, top: float) -> int:
    """0 for none complete; else 1..N_CLASSES, class k holding ((k-1)·top/N, k·top/N]."""
    if percentage <= 0:
        return 0
    return min(N_CLASSES, max(1, math.ceil(percentage * N_CLASSES / top - 1e-9)))


def class_labels(top: float, lang: str = "th") -> list[str]:
    """The legend's words for each class: "0% (ยังไม่มี)", "0–1%", "1–2%", …, "4–5%"."""
    step = top / N_CLASSES
    number = lambda value: f"{value:g}"  # noqa: E731
    return [_texts(lang)["none_yet"]] + [f"{number(round(step * (k - 1), 2))}–{number(round(step * k, 2))}%"
                                        for k in range(1, N_CLASSES + 1)]


def national_map(provinces: pd.DataFrame, shapes: dict, lang: str = "th", height: int = 560,
                 layer_url: str | None = None, highlight: str | None = None) -> go.Figure:
    """Choropleth of completion_rate for the in-scope provinces, Bangkok drawn grey as not in scope.

    `provinces` columns: code, name_th, name_en, laos, complete, completion_rate (0..1).
    `shapes` is geo.province_shapes(). With `layer_url` (province_layer_url()), the browser loads the outlines
    from our static files and the figure carries only the figures (~10 KB instead of ~100 KB, and nothing to
    copy or serialise per page load); without it the outlines are embedded. `highlight`: a province code drawn
    with a thick outline (the province a briefing is about). Show it with
    `st.plotly_chart(fig, on_select="rerun", selection_mode="points", config=plotly_config())`.
    """
    text = _texts(lang)
    features = {feature["id"]: feature for feature in shapes["features"]}
    frame = provinces[provinces["code"] != NOT_IN_SCOPE_CODE].sort_values("code")
    codes = frame["code"].tolist()
    missing = [code for code in codes if code not in features]
    if missing:
        raise KeyError(f"no shape for province codes {missing}")

    percentages = (frame["completion_rate"].astype(float) * 100).round(2).tolist()
    top = scale_top(percentages)
    customdata = [[int(complete), int(laos), pct]
                  for complete, laos, pct in zip(frame["complete"], frame["laos"], percentages)]
    completion = go.Choropleth(
        geojson=layer_url or _collection(features[code] for code in codes),
        locations=codes,
        z=[colour_class(pct, top) for pct in percentages],
        zmin=-0.5,
        zmax=N_CLASSES + 0.5,
        colorscale=_stepped(CLASS_COLOURS),
        showscale=False,  # the legend lists the classes: a colour bar's gradient does not survive every renderer
        text=[plotly_text(name) for name in frame[f"name_{lang}"]],  # hover text is HTML-like
        customdata=customdata,
        hovertemplate=text["hover"],
        marker_line_color=BORDER_COLOUR,
        marker_line_width=0.5,
        showlegend=False,
    )
    min_lon, min_lat, max_lon, max_lat = _bounds(features.values())
    figure = go.Figure(completion)
    if NOT_IN_SCOPE_CODE in features:
        figure.add_trace(_not_in_scope_trace(features[NOT_IN_SCOPE_CODE], text, layer_url))
        figure.add_trace(_legend_swatch(NOT_IN_SCOPE_COLOUR, text["not_in_scope_legend"], "legend"))
    if highlight in codes:
        figure.add_trace(_highlight_trace(features[highlight], layer_url))
    for colour, label in zip(CLASS_COLOURS, class_labels(top, lang)):
        figure.add_trace(_legend_swatch(colour, label))
    figure.update_layout(
        height=height,
        margin=dict(l=0, r=0, t=0, b=0),
        paper_bgcolor="rgba(0,0,0,0)",
        # Explicit ranges, not fitbounds: fitbounds keeps the world frame's aspect and leaves the map small.
        geo=dict(
            visible=False,
            lonaxis_range=[min_lon - MAP_PADDING_DEG, max_lon + MAP_PADDING_DEG],
            lataxis_range=[min_lat - MAP_PADDING_DEG, max_lat + MAP_PADDING_DEG],
            projection_type="mercator",
            bgcolor="rgba(0,0,0,0)",
        ),
        legend=dict(x=0, y=0, xanchor="left", yanchor="bottom", bgcolor="rgba(0,0,0,0)"),
        # The classes, lower right: over the empty Gulf side of the map, so the map keeps the full width.
        legend2=dict(title=dict(text=text["legend_title"].format(top=f"{top:g}")), x=1, y=0.02, xanchor="right",
                     yanchor="bottom", bgcolor="rgba(255,255,255,0.6)", itemclick=False, itemdoubleclick=False),
        clickmode="event+select",
    )
    return figure


def _stepped(colours) -> list[list]:
    """A colour scale over zmin..zmax that gives class k (z = k) exactly colours[k]."""
    n = len(colours)
    scale = []
    for k, colour in enumerate(colours):
        scale += [[k / n, colour], [(k + 1) / n, colour]]
    return scale


def _legend_swatch(colour: str, label: str, legend: str = "legend2") -> go.Scattergeo:
    """A legend entry only: no point on the map. A choropleth's own legend entry is drawn with a gradient, which
    not every renderer paints (the PDF's)."""
    return go.Scattergeo(lon=[None], lat=[None], mode="markers", name=label, legend=legend, showlegend=True,
                         marker=dict(symbol="square", size=13, color=colour, line=dict(color="#666666", width=0.5)),
                         hoverinfo="skip")


def _highlight_trace(feature: dict, layer_url: str | None) -> go.Choropleth:
    clear = "rgba(0,0,0,0)"
    return go.Choropleth(geojson=layer_url or _collection([feature]), locations=[feature["id"]], z=[0],
                         colorscale=[[0, clear], [1, clear]], showscale=False, hoverinfo="skip",
                         marker_line_color=HIGHLIGHT_COLOUR, marker_line_width=3, showlegend=False)


def _static_prefix(base_url_path: str) -> str:
    prefix = "/" + base_url_path.strip("/") if base_url_path.strip("/") else ""
    return f"{prefix}/{STATIC_URL_PATH}"


def province_layer_url(base_url_path: str = "") -> str:
    """Where the app serves the province outlines (written by `python -m geo fetch`)."""
    return _static_prefix(base_url_path) + PROVINCE_LAYER_FILENAME


def plotly_config(base_url_path: str = "") -> dict:
    """`config=` for st.plotly_chart: plotly geo loads its base topojson from our static files, not the CDN.

    Pass st.get_option("server.baseUrlPath") when the app is served under a sub-path.
    """
    return {
        "topojsonURL": _static_prefix(base_url_path),
        "displaylogo": False,
        "scrollZoom": False,
        "modeBarButtonsToRemove": ["select2d", "lasso2d"],
    }


def province_code_from_selection(selection_event) -> str | None:
    """DOPA code of the clicked in-scope province in an st.plotly_chart(on_select="rerun") event, else None."""
    for point in selected_points(selection_event):
        code = point.get("location")
        if isinstance(code, str) and code != NOT_IN_SCOPE_CODE:
            return code
    return None


def _not_in_scope_trace(feature: dict, text: dict, layer_url: str | None) -> go.Choropleth:
    return go.Choropleth(
        geojson=layer_url or _collection([feature]),
        locations=[feature["id"]],
        z=[0],
        colorscale=[[0, NOT_IN_SCOPE_COLOUR], [1, NOT_IN_SCOPE_COLOUR]],
        showscale=False,
        text=[text["bangkok"]],
        hovertemplate=f"<b>%{{text}}</b><br>{text['not_in_scope']}<extra></extra>",
        marker_line_color=BORDER_COLOUR,
        marker_line_width=0.5,
        name=text["not_in_scope_legend"],
        showlegend=False,  # its legend entry is a swatch (_legend_swatch)
    )


def _collection(features) -> dict:
    # Only id and geometry reach the browser; names travel once, in `text`.
    return {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "id": f["id"], "geometry": f["geometry"]} for f in features],
    }


def _bounds(features) -> tuple[float, float, float, float]:
    lons, lats = [], []
    for feature in features:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for polygon in polygons:
            lons.extend(lon for lon, _ in polygon[0])
            lats.extend(lat for _, lat in polygon[0])
    return min(lons), min(lats), max(lons), max(lats)
