"""National choropleth of LAO data completion per province (plotly geo; no request leaves the app)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.plotly_events import selected_points
from geo.paths import PROVINCE_LAYER_FILENAME, STATIC_URL_PATH

NOT_IN_SCOPE_CODE = "10"  # Bangkok is not under the Department of Local Administration
NOT_IN_SCOPE_COLOUR = "#d0d0d0"  # a neutral grey that viridis never produces
COLOUR_SCALE = "Viridis"  # sequential, colour-blind safe
BORDER_COLOUR = "white"
MAP_PADDING_DEG = 0.1

TEXT = {
    "th": {
        "legend_title": "ข้อมูลครบ",
        "hover": (
            "<b>%{text}</b><br>ข้อมูลครบ %{z:.1f}%<br>"
            "%{customdata[0]:,} จาก %{customdata[1]:,} อปท.<extra></extra>"
        ),
        "not_in_scope": "นอกขอบเขต (กทม. ไม่อยู่ในสังกัด สถ.)",
        "not_in_scope_legend": "นอกขอบเขต",
        "bangkok": "กรุงเทพมหานคร",
    },
    "en": {
        "legend_title": "Complete",
        "hover": (
            "<b>%{text}</b><br>Complete: %{z:.1f}%<br>"
            "%{customdata[0]:,} of %{customdata[1]:,} LAOs<extra></extra>"
        ),
        "not_in_scope": "Not in scope (Bangkok is not under the DLA)",
        "not_in_scope_legend": "Not in scope",
        "bangkok": "Bangkok",
    },
}


def national_map(provinces: pd.DataFrame, shapes: dict, lang: str = "th", height: int = 560,
                 layer_url: str | None = None) -> go.Figure:
    """Choropleth of completion_rate for the in-scope provinces, Bangkok drawn grey as not in scope.

    `provinces` columns: code, name_th, name_en, laos, complete, completion_rate (0..1).
    `shapes` is geo.province_shapes(). With `layer_url` (province_layer_url()), the browser loads the outlines
    from our static files and the figure carries only the figures (~10 KB instead of ~100 KB, and nothing to
    copy or serialise per page load); without it the outlines are embedded. Show it with
    `st.plotly_chart(fig, on_select="rerun", selection_mode="points", config=plotly_config())`.
    """
    text = TEXT[lang]
    features = {feature["id"]: feature for feature in shapes["features"]}
    frame = provinces[provinces["code"] != NOT_IN_SCOPE_CODE].sort_values("code")
    codes = frame["code"].tolist()
    missing = [code for code in codes if code not in features]
    if missing:
        raise KeyError(f"no shape for province codes {missing}")

    completion = go.Choropleth(
        geojson=layer_url or _collection(features[code] for code in codes),
        locations=codes,
        z=(frame["completion_rate"].astype(float) * 100).round(2).tolist(),
        zmin=0,
        zmax=100,
        colorscale=COLOUR_SCALE,
        text=frame[f"name_{lang}"].tolist(),
        customdata=frame[["complete", "laos"]].astype(int).values.tolist(),
        hovertemplate=text["hover"],
        marker_line_color=BORDER_COLOUR,
        marker_line_width=0.5,
        colorbar=dict(
            title=dict(text=text["legend_title"]),
            ticksuffix="%",
            tickvals=[0, 25, 50, 75, 100],
            # Lower right sits over the empty Gulf side of the map, so the map keeps the full width.
            thickness=10,
            len=0.4,
            x=1.0,
            xanchor="right",
            y=0.02,
            yanchor="bottom",
            xpad=0,
        ),
        showlegend=False,
    )
    min_lon, min_lat, max_lon, max_lat = _bounds(features.values())
    figure = go.Figure(completion)
    if NOT_IN_SCOPE_CODE in features:
        figure.add_trace(_not_in_scope_trace(features[NOT_IN_SCOPE_CODE], text, layer_url))
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
        clickmode="event+select",
    )
    return figure


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
        showlegend=True,
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
