import plotly.graph_objects as go

from components.figure_cache import shared_figure


def test_a_figure_is_built_once_per_key_and_rebuilt_for_a_new_key():
    builds = []

    def build(title):
        builds.append(title)
        return go.Figure(layout=dict(title=title))

    first = shared_figure("test_kind", ("2566", 1, "th"), lambda: build("v1"))
    again = shared_figure("test_kind", ("2566", 1, "th"), lambda: build("never built"))
    assert again is first and builds == ["v1"]
    newer = shared_figure("test_kind", ("2566", 2, "th"), lambda: build("v2"))
    other_kind = shared_figure("other_kind", ("2566", 1, "th"), lambda: build("other"))
    assert builds == ["v1", "v2", "other"]
    assert newer.layout.title.text == "v2" and other_kind.layout.title.text == "other"


def test_a_table_is_built_once_per_key():
    import pandas as pd

    from components.figure_cache import shared_table

    builds = []
    first = shared_table("test_table", ("30", 1), lambda: builds.append(1) or pd.DataFrame({"a": [1]}))
    assert shared_table("test_table", ("30", 1), lambda: builds.append(2) or pd.DataFrame()) is first
    assert shared_table("test_table", ("30", 2), lambda: builds.append(3) or pd.DataFrame({"a": [2]})).a[0] == 2
    assert builds == [1, 3]
