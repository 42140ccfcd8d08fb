"""National overview: countdown, headline figures, map, rankings, pace — one screen for a DLA executive.

Thin: read the view from the URL, read the overview's view (data_access/views/overview.py), render it.
"""

import logging

import streamlit as st

import geo
from components import province_map
from components.figure_cache import shared_figure, shared_table
from components.countdown import campaign_closed, render_countdown
from components.i18n import digits, t
from components.kpis import kpis, render_kpis
from components.links import OVERVIEW_PAGE, PROVINCE_PAGE, page_link, sync_url, view_params
from components.rankings import domain_figure, province_query, ranking_links, ranking_table, \
    render_province_table, render_type_table, type_table
from components.trend import needed_text, pace_figure, pace_text
from components.status_card import render_status_card
from components.view import current_view
from data_access import cached, config
from data_access.access.scope import Scope

log = logging.getLogger("info_oversight")
CHART_CONFIG = {"displaylogo": False, "displayModeBar": False, "scrollZoom": False}

view = current_view()
lang, thai_digits = view.lang, view.thai_digits
sync_url(OVERVIEW_PAGE)
ov = cached.overview_view(view.fiscal_year, view.today, view.version)
summary, info, ranking = ov.summary, ov.info, ov.ranking
base_url_path = st.get_option("server.baseUrlPath") or ""

st.title(t("ov_title", lang, fy=digits(str(view.fiscal_year), thai_digits)))
st.page_link("app_pages/briefing.py", label=t("br_open", lang), icon=":material/co_present:", query_params=view_params(view))
render_countdown(summary.days_left, summary.deadline, info, summary.as_of, lang, thai_digits,
                 closed=campaign_closed(view.fiscal_year, view.today))
render_kpis(kpis(summary.national, lang, thai_digits))
if summary.national.laos:
    render_status_card(lambda: cached.standing(view.fiscal_year, Scope.national(), None, view.today, view.version),
                       config.settings().info_public_url, lang, "overview_card")


def _open_province(code: str) -> None:
    st.switch_page(PROVINCE_PAGE, query_params=province_query(code, view.fiscal_year, lang, thai_digits))


map_column, list_column = st.columns([3, 2], gap="medium")
with map_column:
    st.subheader(t("ov_map_title", lang))
    shapes = geo.province_shapes()
    figure = None
    if shapes is None:
        log.warning("national map unavailable: %s", geo.unavailable_reason())
        st.info(t("map_unavailable", lang), icon=":material/map:")
    else:
        try:
            figure = shared_figure(
                "national_map", (view.fiscal_year, view.version, lang, base_url_path),
                lambda: province_map.national_map(ov.provinces, shapes, lang,
                                                  layer_url=province_map.province_layer_url(base_url_path)))
        except (KeyError, ValueError) as exc:
            log.warning("national map unavailable: %s", exc)
            st.info(t("map_unavailable", lang), icon=":material/map:")
    if figure is not None:
        st.caption(t("ov_map_hint", lang))
        event = st.plotly_chart(figure, on_select="rerun", selection_mode="points", key="overview_map",
                                config=province_map.plotly_config(base_url_path))
        clicked = province_map.province_code_from_selection(event)
        if clicked:
            _open_province(clicked)

# The display tables and link labels below depend on nothing but this key: built once, shared by every session.
shown_key = (view.fiscal_year, view.version, view.today, lang, thai_digits)
with list_column:
    for group, title in (("top", "ov_top10"), ("bottom", "ov_bottom10")):
        links = shared_table(f"ranking_links_{group}", shown_key,
                             lambda: ranking_links(ranking, group, lang, thai_digits))
        if not links:
            continue
        st.subheader(t(title, lang))
        for label, code in links:
            page_link(PROVINCE_PAGE, label, province_query(code, view.fiscal_year, lang, thai_digits))

st.subheader(t("ov_trend_title", lang))
st.markdown(f"**{pace_text(ov.progress, lang, thai_digits)}**")
needed = needed_text(ov.progress, lang, thai_digits)
if needed:
    st.caption(needed)
st.plotly_chart(shared_figure("pace", shown_key, lambda: pace_figure(ov.trend, ov.progress, lang, thai_digits)),
                key="overview_trend", config=CHART_CONFIG)

domain_column, type_column = st.columns(2, gap="medium")
with domain_column:
    st.subheader(t("ov_by_domain", lang))
    names_en = {code: name_en for code, _, name_en in info.domains}
    st.plotly_chart(shared_figure("domains", (view.fiscal_year, view.version, lang, thai_digits),
                                  lambda: domain_figure(summary.domains, names_en, lang, thai_digits)),
                    key="overview_domains", config=CHART_CONFIG)
with type_column:
    st.subheader(t("ov_by_type", lang))
    render_type_table(shared_table("type_table", shown_key, lambda: type_table(summary.types, lang, thai_digits)),
                      lang)

st.subheader(t("ov_all_provinces", lang, n=len(ranking)))
render_province_table(shared_table("ranking_table", (*shown_key, base_url_path), lambda: ranking_table(
    ranking, view.fiscal_year, lang, thai_digits, base_url_path)), lang, thai_digits)
