"""LAO page (placeholder until the drill-down issue lands)."""

import streamlit as st

from components.i18n import t
from components.view import current_view

view = current_view()
st.title(f"{t('lao', view.lang)} {st.query_params.get('lao', '')}")
