"""Briefing mode: one screen for a projector in a meeting — countdown, KPIs, the map, best and worst 10, the lagging
domains, pace and projection — and the same as a PDF for the minutes. `?province=PP`: the same for one province
(its districts ranked). Aggregates only, so every reader may open any province's briefing (DOMAIN.md §9).

Thin: read the URL, read the briefing's figures (the same function the PDF uses, cached here), draw components.
"""

import logging

import streamlit as st

import geo
from components import briefing as content
from components import province_map
from components.briefing_view import render_rankings, render_style
from components.countdown import render_countdown
from components.figure_cache import shared_figure
from components.i18n import t
from components.kpis import render_kpis
from components.links import OVERVIEW_PAGE, sync_url, view_params
from components.safe_text import plain, quoted
from components.trend import needed_text, pace_text
from components.view import current_view
from data_access import cached
from data_access.db import engine
from data_access.geography import BANGKOK
from data_access.figures.queries import normalise_search_text
from data_access.access.scope import Scope
from reports import figures_export
from reports.briefing import briefing_pdf

log = logging.getLogger("info_oversight")
BRIEFING_PAGE = "app_pages/briefing.py"
CHART_CONFIG = {"displaylogo": False, "displayModeBar": False, "scrollZoom": False}
MAP_HEIGHT, DOMAIN_BAR_HEIGHT, PACE_HEIGHT = 570, 34, 185


st.set_page_config(initial_sidebar_state="collapsed")  # the projector gets the whole width
view = current_view()
lang, thai_digits = view.lang, view.thai_digits
sync_url(BRIEFING_PAGE)
render_style()
figures_export.warm_up()  # Chromium starts now, so the PDF is quick when asked for

raw_code = st.query_params.get("province")
code = normalise_search_text(raw_code) or None if raw_code is not None else None
if code is not None:
    known = set(cached.province_names(view.version)["code"])
    national = cached.summary(view.fiscal_year, Scope.national(), view.today, view.version)
    problem = (t("unknown_province", lang, code=quoted(raw_code)) if code not in known else
               t("br_no_laos", lang, fy=view.fiscal_year)
               if code == BANGKOK or code not in {p["code"] for p in national.provinces} else None)
    if problem:
        st.title(t("br_nav", lang))
        st.warning(problem, icon=":material/info:")
        st.page_link(BRIEFING_PAGE, label=t("br_whole_country", lang), icon=":material/public:",
                     query_params=view_params(view))
        st.stop()

briefing = cached.briefing_view(view.fiscal_year, code, view.today, view.version)
base_url_path = st.get_option("server.baseUrlPath") or ""

title_column, action_column = st.columns([3, 2], vertical_alignment="center")
title_column.title(plain(content.title(briefing, lang, thai_digits)))
with action_column.container(horizontal=True, horizontal_alignment="right", vertical_alignment="center"):
    if code:
        st.page_link(BRIEFING_PAGE, label=t("br_whole_country", lang), icon=":material/public:",
                     query_params=view_params(view))
    st.page_link(OVERVIEW_PAGE, label=t("overview", lang), icon=":material/map:", query_params=view_params(view))
    st.download_button(
        t("br_download", lang), type="primary", icon=":material/picture_as_pdf:", on_click="ignore",
        help=t("br_download_help", lang), mime="application/pdf", key="briefing_pdf",
        file_name=f"briefing-{view.fiscal_year}-{code or 'national'}-{lang}.pdf",
        data=lambda year=view.fiscal_year, province=code, language=lang, today=view.today, digits=thai_digits:
        briefing_pdf(engine(), year, province, language, today, digits))

countdown_column, kpi_column = st.columns([2, 5], vertical_alignment="center")
with countdown_column:
    render_countdown(briefing.summary.days_left, briefing.summary.deadline, briefing.info, briefing.summary.as_of,
                     lang, thai_digits, closed=briefing.closed)
with kpi_column:
    render_kpis(content.briefing_kpis(briefing, lang, thai_digits))

with st.container(key="br_main"):
    map_column, list_column, chart_column = st.columns([5, 4, 5], gap="medium")
with map_column:
    st.subheader(t("ov_map_title", lang), help=t("br_map_hint", lang))
    shapes = geo.province_shapes()
    if shapes is None:
        log.warning("briefing map unavailable: %s", geo.unavailable_reason())
        st.info(t("map_unavailable", lang, reason="—"), icon=":material/map:")
    else:
        figure = shared_figure(
            "briefing_map", (view.fiscal_year, view.version, lang, base_url_path, code, MAP_HEIGHT),
            lambda: content.map_figure(briefing, shapes, lang, MAP_HEIGHT,
                                       layer_url=province_map.province_layer_url(base_url_path)))
        event = st.plotly_chart(figure, on_select="rerun", selection_mode="points", key="briefing_map",
                                config=province_map.plotly_config(base_url_path))
        clicked = province_map.province_code_from_selection(event)
        if clicked and clicked != code:
            st.query_params["province"] = clicked
            st.rerun()
with list_column:
    render_rankings(briefing, lang, thai_digits)
with chart_column:
    st.subheader(t("ov_by_domain", lang))
    st.plotly_chart(shared_figure("briefing_domains", (view.fiscal_year, view.version, code, lang, thai_digits),
                                  lambda: content.domains_figure(briefing, lang, thai_digits, DOMAIN_BAR_HEIGHT)),
                    key="briefing_domains", config=CHART_CONFIG)
    with st.container(key="br_pace"):
        st.subheader(t("ov_trend_title", lang))
        st.markdown(f"**{pace_text(briefing.progress, lang, thai_digits)}**")
        needed = needed_text(briefing.progress, lang, thai_digits)
        if needed:
            st.caption(needed)
    st.plotly_chart(shared_figure("briefing_pace", (view.fiscal_year, view.version, code, view.today, lang,
                                                    thai_digits),
                                  lambda: content.pace_chart(briefing, lang, thai_digits, PACE_HEIGHT)),
                    key="briefing_pace", config=CHART_CONFIG)
