import json

import pandas as pd
import pytest

from components.province_map import (
    CLASS_COLOURS,
    HIGHLIGHT_COLOUR,
    N_CLASSES,
    NOT_IN_SCOPE_CODE,
    NOT_IN_SCOPE_COLOUR,
    class_labels,
    colour_class,
    national_map,
    plotly_config,
    province_code_from_selection,
    province_layer_url,
    scale_top,
)
from tests.geo.built_geometry import built_province_collection

FIGURE_BUDGET_BYTES = 120_000
PROVINCE_LAYER_BUDGET_BYTES = 100_000

# Shape of st.plotly_chart(..., on_select="rerun") after clicking Uttaradit, recorded in Chromium.
CLICK_ON_UTTARADIT = {
    "selection": {
        "points": [
            {
                "curve_number": 0,
                "point_number": 40,
                "point_index": 40,
                "location": "53",
                "z": 43.66,
                "ct": [100.49, 17.75],
                "customdata": [62, 142],
                "text": "อุตรดิตถ์",
            }
        ],
        "point_indices": [40],
        "box": [],
        "lasso": [],
    }
}


@pytest.fixture(scope="module")
def shapes() -> dict:
    return built_province_collection()


@pytest.fixture(scope="module")
def provinces(shapes) -> pd.DataFrame:
    rows = []
    for index, feature in enumerate(f for f in shapes["features"] if f["id"] != NOT_IN_SCOPE_CODE):
        laos = 100 + index
        complete = index
        rows.append(
            {**feature["properties"], "laos": laos, "complete": complete, "completion_rate": complete / laos}
        )
    return pd.DataFrame(rows)[["code", "name_th", "name_en", "laos", "complete", "completion_rate"]]


def test_76_provinces_coloured_by_completion_class(provinces, shapes):
    figure = national_map(provinces, shapes)
    completion = figure.data[0]
    assert len(completion.locations) == 76 and NOT_IN_SCOPE_CODE not in completion.locations
    assert [f["id"] for f in completion.geojson["features"]] == list(completion.locations)
    row = provinces.set_index("code").loc["53"]
    pct = completion.customdata[completion.locations.index("53")][2]
    assert pct == pytest.approx(row.completion_rate * 100, abs=0.01)
    top = scale_top([r * 100 for r in provinces["completion_rate"]])
    assert top == 50  # the best fixture province is at 42.9 %
    assert completion.z[completion.locations.index("53")] == colour_class(pct, top)
    assert not completion.showscale  # a gradient bar does not survive the PDF: the legend lists the classes
    swatches = [trace for trace in figure.data if trace.type == "scattergeo" and trace.legend == "legend2"]
    assert [trace.marker.color for trace in swatches] == list(CLASS_COLOURS)
    assert [trace.name for trace in swatches] == ["0% (ยังไม่มี)", "0–10%", "10–20%", "20–30%", "30–40%", "40–50%"]
    assert figure.layout.legend2.title.text == "ร้อยละ อปท. ที่ครบ<br>สเกล 0–50%"


def test_the_stepped_scale_gives_each_class_exactly_its_colour(provinces, shapes):
    completion = national_map(provinces, shapes).data[0]
    scale = [(position, colour) for position, colour in completion.colorscale]
    span = completion.zmax - completion.zmin
    for k, colour in enumerate(CLASS_COLOURS):
        position = (k - completion.zmin) / span
        below = [c for p, c in scale if p <= position][-1]
        above = [c for p, c in scale if p >= position][0]
        assert (below, above) == (colour, colour), f"class {k}"


@pytest.mark.parametrize("highest, top", [(0, 1), (0.4, 1), (1, 1), (1.01, 2.5), (4.55, 5), (12, 15),
                                          (42.9, 50), (60, 75), (99.9, 100), (100, 100)])
def test_scale_top_is_the_highest_rounded_up(highest, top):
    assert scale_top([0, highest / 2, highest]) == top


def test_classes_hold_their_upper_bound_and_zero_is_its_own():
    assert [colour_class(p, 5) for p in (0, 0.01, 1, 1.01, 2, 4.99, 5)] == [0, 1, 1, 2, 2, 5, 5]
    assert class_labels(5, "en") == ["0% (none yet)", "0–1%", "1–2%", "2–3%", "3–4%", "4–5%"]
    assert class_labels(2.5, "th")[1:3] == ["0–0.5%", "0.5–1%"]
    assert len(class_labels(100)) == N_CLASSES + 1


def test_early_in_a_campaign_the_map_still_tells_provinces_apart(provinces, shapes):
    """A week into a campaign: nobody above 4.5 %. On 0–100 % every province would share the darkest colour."""
    early = provinces.assign(completion_rate=[(i % 10) * 0.005 for i in range(len(provinces))])
    figure = national_map(early, shapes, lang="en")
    assert len(set(figure.data[0].z)) == N_CLASSES + 1  # every class in use, "none yet" included
    assert figure.layout.legend2.title.text == "LAOs complete<br>scale 0–5%"


def test_the_briefings_province_is_outlined(provinces, shapes):
    figure = national_map(provinces, shapes, highlight="50")
    outlines = [trace for trace in figure.data if trace.type == "choropleth" and trace.marker.line.color == HIGHLIGHT_COLOUR]
    assert len(outlines) == 1 and list(outlines[0].locations) == ["50"]
    assert not any(trace.marker.line.color == HIGHLIGHT_COLOUR for trace in national_map(provinces, shapes).data
                   if trace.type == "choropleth")


def test_bangkok_is_drawn_grey_as_not_in_scope_never_as_zero(provinces, shapes):
    bangkok_row = {"code": "10", "name_th": "กรุงเทพมหานคร", "name_en": "Bangkok", "laos": 1, "complete": 0}
    with_bangkok_row = pd.concat([provinces, pd.DataFrame([{**bangkok_row, "completion_rate": 0.0}])])
    figure = national_map(with_bangkok_row, shapes)
    completion, bangkok = figure.data[:2]
    assert "10" not in completion.locations
    assert list(bangkok.locations) == ["10"]
    assert not bangkok.showscale
    assert {colour for _, colour in bangkok.colorscale} == {NOT_IN_SCOPE_COLOUR}
    assert "นอกขอบเขต (กทม. ไม่อยู่ในสังกัด สถ.)" in bangkok.hovertemplate
    swatch = [trace for trace in figure.data if trace.type == "scattergeo" and trace.name == "นอกขอบเขต"]
    assert len(swatch) == 1 and swatch[0].marker.color == NOT_IN_SCOPE_COLOUR and swatch[0].legend == "legend"


def test_hover_in_thai(provinces, shapes):
    completion = national_map(provinces, shapes, lang="th").data[0]
    assert completion.text[completion.locations.index("50")] == "เชียงใหม่"
    assert "%{customdata[2]:.1f}%" in completion.hovertemplate and "อปท." in completion.hovertemplate
    assert "%{customdata[0]:,}" in completion.hovertemplate and "%{customdata[1]:,}" in completion.hovertemplate
    row = provinces.set_index("code").loc["50"]
    assert list(completion.customdata[completion.locations.index("50")])[:2] == [row.complete, row.laos]


def test_hover_in_english(provinces, shapes):
    completion, bangkok = national_map(provinces, shapes, lang="en").data[:2]
    assert completion.text[completion.locations.index("50")] == "Chiang Mai"
    assert "LAOs" in completion.hovertemplate and "%{customdata[2]:.1f}%" in completion.hovertemplate
    assert "Not in scope" in bangkok.hovertemplate


def test_figure_json_stays_small_and_has_no_outside_urls(provinces, shapes):
    figure_json = national_map(provinces, shapes).to_json()
    assert len(figure_json.encode()) <= FIGURE_BUDGET_BYTES
    layers = json.loads(figure_json)["data"]
    province_layer = json.dumps(layers, ensure_ascii=False, separators=(",", ":")).encode()
    assert len(province_layer) <= PROVINCE_LAYER_BUDGET_BYTES
    assert "http" not in figure_json


def test_with_the_served_layer_the_figure_carries_only_the_figures(provinces, shapes):
    url = province_layer_url("info")
    assert url == "/info/app/static/generated/geo/provinces.json"
    with_bangkok = pd.concat([provinces, pd.DataFrame([{"code": "10", "name_th": "กรุงเทพมหานคร",
                                                       "name_en": "Bangkok", "laos": 1, "complete": 0,
                                                       "completion_rate": 0.0}])])
    figure = national_map(with_bangkok, shapes, layer_url=url)
    assert [trace.geojson for trace in figure.data if trace.type == "choropleth"] == [url, url]
    embedded = national_map(with_bangkok, shapes)
    assert list(figure.data[0].locations) == list(embedded.data[0].locations)
    assert list(figure.data[0].z) == list(embedded.data[0].z)
    assert figure.layout.geo.lonaxis.range == embedded.layout.geo.lonaxis.range
    assert len(figure.to_json().encode()) <= 15_000 < len(embedded.to_json().encode())


def test_unknown_province_code_is_an_error(provinces, shapes):
    bogus = provinces.assign(code=provinces["code"].where(provinces["code"] != "50", "00"))
    with pytest.raises(KeyError, match="00"):
        national_map(bogus, shapes)


def test_selection_helper_reads_the_clicked_province_code():
    assert province_code_from_selection(CLICK_ON_UTTARADIT) == "53"


def test_selection_helper_ignores_bangkok_empty_and_missing_events():
    bangkok_point = {"curve_number": 1, "point_index": 0, "location": "10", "z": 0, "text": "Bangkok"}
    assert province_code_from_selection({"selection": {"points": [bangkok_point]}}) is None
    empty = {"selection": {"points": [], "point_indices": [], "box": [], "lasso": []}}
    assert province_code_from_selection(empty) is None
    assert province_code_from_selection(None) is None
    assert province_code_from_selection({}) is None


def test_plotly_config_points_plotly_at_the_served_base_map():
    assert plotly_config()["topojsonURL"] == "/app/static/generated/geo/"
    assert plotly_config("/info/")["topojsonURL"] == "/info/app/static/generated/geo/"
