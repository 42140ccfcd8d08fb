"""Plotly figures (and large display tables) shared by every session of the server.

Building a plotly figure validates every property in Python, and the same inputs come back for every user who
opens the same view: under load that was a large part of the server's time per page. A figure is built once per
key and then handed to every session; st.plotly_chart copies it (`to_dict`) before sending, so the shared object
is never changed. Never modify a figure returned from here.

The key must name everything the figure depends on: the data version (so a new import shows at once), the fiscal
year, the scope, the snapshot, the language, the digits and, for figures drawn against today, the date.
"""

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

import plotly.graph_objects as go
import streamlit as st

from components.i18n import date_era

if TYPE_CHECKING:
    import pandas as pd

MAX_FIGURES = 2000  # a few per view; each is small (the map's outlines are loaded by URL, not embedded)


def trusted_figure(data: list[dict], layout: dict) -> go.Figure:
    """A figure from plain trace and layout dicts, without plotly's validation of every property on the way in
    (about 20 ms for an LAO's timeline, 5 ms for its standing chart: most of an LAO page's own CPU). Only for
    builders whose output a test holds equal to the validated figure (tests/components/test_trusted_figures.py):
    a misspelt property would otherwise reach the browser instead of raising here."""
    return go.Figure({"data": data, "layout": layout}, _validate=False)


def shared_figure(kind: str, key: Hashable, _build: Callable[[], go.Figure]) -> go.Figure:
    """The figure `_build()` makes, built once per (kind, key) and era of English dates (the reader's choice,
    which format_date follows). `_build` is not hashed: the key stands for it."""
    return _shared_figure(kind, (key, date_era()), _build)


def shared_table(kind: str, key: Hashable, _build: Callable[[], "pd.DataFrame"]) -> "pd.DataFrame":
    """A display table built once per (kind, key) and date era, like shared_figure: st.dataframe only reads it.
    Never modify."""
    return _shared_table(kind, (key, date_era()), _build)


class _SharedFigure(go.Figure):
    """A shared figure answers to_dict() with the dict it was frozen to, not a new deep copy. st.plotly_chart asks
    every run for to_dict() and only reads the answer (it writes it as JSON); plotly's deep copy of every trace
    was the largest part of a shared chart's cost per run."""

    def to_dict(self) -> dict:
        return self._frozen


def _freeze(figure: go.Figure) -> go.Figure:
    frozen = figure.to_dict()
    for trace in frozen.get("data", []):
        trace.pop("uid", None)  # what plotly.io.to_json would remove, on every run, from the shared dict
    figure._frozen = frozen
    figure.__class__ = _SharedFigure
    return figure


@st.cache_resource(max_entries=MAX_FIGURES, show_spinner=False)
def _shared_figure(kind: str, key: Hashable, _build: Callable[[], go.Figure]) -> go.Figure:
    return _freeze(_build())


@st.cache_resource(max_entries=500, show_spinner=False)
def _shared_table(kind: str, key: Hashable, _build: Callable[[], "pd.DataFrame"]) -> "pd.DataFrame":
    return _build()
