"""National overview (placeholder until the overview issue lands): the national figures."""

import streamlit as st

from components.i18n import format_number, format_pct, t
from components.view import current_view
from data_access import cached
from data_access.scope import Scope

view = current_view()
s = cached.summary(view.fiscal_year, Scope.national(), view.today, view.version)
st.title(t("overview", view.lang))
n = s.national
cols = st.columns(4)
cols[0].metric(t("laos", view.lang), format_number(n.laos, view.thai_digits))
cols[1].metric(t("complete", view.lang), format_number(n.complete, view.thai_digits),
               format_pct(n.completion_rate, view.thai_digits), delta_color="off")
cols[2].metric(t("in_progress", view.lang), format_number(n.in_progress, view.thai_digits))
cols[3].metric(t("not_started", view.lang), format_number(n.not_started, view.thai_digits))
