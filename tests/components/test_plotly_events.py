from components.plotly_events import selected_points
from components.province_lao_map import code_from_selection


def test_selected_points_tolerates_empty_and_malformed_events():
    assert selected_points(None) == []
    assert selected_points({"selection": None}) == []
    assert selected_points({"selection": {"points": [1, {"x": 2}]}}) == [{"x": 2}]


def test_lao_code_comes_from_the_clicked_dots_customdata():
    event = {"selection": {"points": [{"customdata": ["6300817", "อบต."]}]}}
    assert code_from_selection(event) == "6300817"
    assert code_from_selection({"selection": {"points": []}}) is None
