"""Figures built without plotly's validation (figure_cache.trusted_figure) send exactly what the validated figure
would: plotly accepts every property of the spec and changes none of them."""

import json
from datetime import date, datetime

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from components.lao_card import standing_figure, timeline_figure
from data_access.views.lao import lao_standing as standing


def _sent(figure: go.Figure) -> dict:
    """What st.plotly_chart sends: the figure's dict as JSON."""
    return json.loads(pio.to_json(figure.to_dict(), validate=False))


def _validated(figure: go.Figure) -> dict:
    return _sent(go.Figure(figure.to_dict()))  # raises on a property plotly does not know


def _timeline() -> pd.DataFrame:
    return pd.DataFrame([
        {"at": datetime(2023, 5, 2, 9, 30), "domain": 1, "name_th": "ข้อมูล <ทั่วไป>", "name_en": "General",
         "event": "recorded", "certified_by": None},
        {"at": datetime(2023, 5, 20, 11, 0), "domain": 2, "name_th": "สาธารณสุข", "name_en": "Health",
         "event": "updated", "certified_by": None},
        {"at": datetime(2023, 6, 9, 14, 0), "domain": 1, "name_th": "ข้อมูล <ทั่วไป>", "name_en": "General",
         "event": "certified", "certified_by": "นายก & <b>ปลัด</b>"},
    ])


@pytest.mark.parametrize("lang, thai_digits, as_of", [("th", True, date(2023, 8, 15)), ("en", False, None)])
def test_the_lao_timeline_is_what_plotly_would_validate(lang, thai_digits, as_of):
    figure = timeline_figure(_timeline(), lang, date(2023, 8, 31), as_of, [1, 2, 3], thai_digits)
    sent = _sent(figure)
    assert sent == _validated(figure)
    assert [len(trace["x"]) for trace in sent["data"]] == [3, 1, 1, 1]  # the rows, then one marker per event
    assert sent["layout"]["template"]  # the server's default template, as before


def test_the_standing_chart_is_what_plotly_would_validate():
    grid = pd.DataFrame({"code": ["a", "b", "c"], "certified": [8, 3, 3], "state": ["complete", "in_progress",
                                                                                  "in_progress"]})
    figure = standing_figure(standing(grid, "b"), 8, "th", False)
    sent = _sent(figure)
    assert sent == _validated(figure)
    assert sent["data"][0]["y"] == [0, 0, 0, 2, 0, 0, 0, 0, 1]
    assert sent["data"][0]["marker"]["color"][3] == "#0072B2"  # this LAO's bar


def test_a_misspelt_property_would_be_caught_by_the_check():
    from components.figure_cache import trusted_figure

    figure = trusted_figure([dict(type="bar", x=[1], y=[2], colour="red")], {})
    with pytest.raises(ValueError):
        _validated(figure)


def test_the_province_lao_map_is_what_plotly_would_validate():
    from components.province_lao_map import lao_map

    grid = pd.DataFrame({"code": ["3001", "3002", "3003"], "name_th": ["หนอง<บัว>", "บ้านใหม่", "นาดี"],
                         "type": ["อบต.", "เทศบาลตำบล", "อบต."], "district_name_th": ["เมือง", "เมือง", "ปัก"],
                         "lat": [14.9, 15.1, None], "lon": [102.1, 102.0, None],
                         "state": ["complete", "not_started", "in_progress"], "certified": [8, 0, 3]})
    outline = {"geometry": {"type": "Polygon", "coordinates": [[[101.9, 14.8], [102.2, 14.8], [102.0, 15.2]]]}}
    for shape in (outline, None):
        figure = lao_map(shape, grid, 8, "th")
        sent = _sent(figure)
        assert sent == _validated(figure)
        assert [trace["customdata"] for trace in sent["data"] if trace.get("mode") == "markers"] == \
            [[["3001"]], [], [["3002"]]]  # complete, in progress (no coordinates), not started


def test_the_district_chart_is_what_plotly_would_validate():
    from components.district_breakdown import district_chart

    counts = pd.DataFrame({"name": ["เมือง", "ปัก<ธง>"], "laos": [10, 0], "complete": [4, 0],
                           "in_progress": [5, 0], "not_started": [1, 0]})
    figure = district_chart(counts, "en")
    sent = _sent(figure)
    assert sent == _validated(figure)
    assert sent["data"][0]["text"] == ["40%", ""] and "text" not in sent["data"][1]
