"""The floor's data: the pickle bench/streamlit_floor.py wrote, loaded once per process."""

import os
import pickle
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT = ROOT / "bench" / "out" / "floor-data.pickle"


@st.cache_resource(show_spinner=False)
def data() -> dict:
    with open(os.environ.get("FLOOR_DATA") or DEFAULT, "rb") as source:
        return pickle.load(source)


def bound(key: str, value) -> None:
    """components.links.url_bound on a first visit: the widget's value is put in the session before it is drawn."""
    if key not in st.session_state:
        st.session_state[key] = value


def url_write(param: str, value: str | None) -> None:
    """components.links.url_write: mirror a widget's value into the URL."""
    value = value or None
    if st.query_params.get(param) != value:
        if value is None:
            if param in st.query_params:
                del st.query_params[param]
        else:
            st.query_params[param] = value
    st.session_state[f"_url_{param}"] = value


@st.fragment
def search_box(label: str, placeholder: str) -> None:
    """components.search.search_box with nothing typed (a fragment, defined once per process like the real one)."""
    st.text_input(label, key="lao_search", placeholder=placeholder, live="400ms", icon="🔎", max_chars=100)
