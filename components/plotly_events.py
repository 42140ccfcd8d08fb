"""Reading what st.plotly_chart(on_select="rerun") hands back."""

from collections.abc import Mapping


def selected_points(event) -> list[Mapping]:
    """The clicked points of a selection event; [] when nothing (or something malformed) was selected."""
    if not isinstance(event, Mapping):
        return []
    selection = event.get("selection")
    points = selection.get("points") if isinstance(selection, Mapping) else None
    return [p for p in points or [] if isinstance(p, Mapping)]
