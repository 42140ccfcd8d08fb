"""app_pages/overview.py's elements, from prebuilt data."""

import streamlit as st

from bench.floor_app.store import data

page = data()["overview"]
PROVINCE_PAGE = "floor_pages/province.py"
CHART_CONFIG = {"displaylogo": False, "displayModeBar": False, "scrollZoom": False}

st.title(page["title"])
st.page_link("floor_pages/briefing.py", label=page["briefing"]["label"], icon=":material/co_present:",
             query_params=page["briefing"]["query_params"])
with st.container(border=True, key="ov_countdown"):  # components.countdown.render_countdown
    headline, deadline, notes = page["countdown"]
    st.markdown(headline)
    st.markdown(deadline)
    st.caption(notes)
columns = st.columns(len(page["kpis"]))  # components.kpis.render_kpis
for column, (label, value, note) in zip(columns, page["kpis"]):
    column.metric(label, value, note, delta_color="off", delta_arrow="off", border=True)
if page["card"]:  # components.status_card.render_status_card, toggle off
    st.toggle(page["card"]["label"], key=page["card"]["key"], help=page["card"]["help"])

map_column, list_column = st.columns([3, 2], gap="medium")
with map_column:
    st.subheader(page["map_title"])
    if page["map"] is None:
        st.info(page["map_unavailable"], icon=":material/map:")
    else:
        st.caption(page["map_hint"])
        event = st.plotly_chart(page["map"], on_select="rerun", selection_mode="points", key="overview_map",
                                config=page["map_config"])
        if event and event.get("selection", {}).get("points"):
            st.switch_page(PROVINCE_PAGE)
with list_column:
    for title, links in page["links"]:
        st.subheader(title)
        for label, query_params in links:
            st.page_link(PROVINCE_PAGE, label=label, query_params=query_params)

st.subheader(page["trend_title"])
st.markdown(f"**{page['pace']}**")
if page["needed"]:
    st.caption(page["needed"])
st.plotly_chart(page["trend"], key="overview_trend", config=CHART_CONFIG)

domain_column, type_column = st.columns(2, gap="medium")
with domain_column:
    st.subheader(page["domains_title"])
    st.plotly_chart(page["domains"], key="overview_domains", config=CHART_CONFIG)
with type_column:
    st.subheader(page["types_title"])
    st.dataframe(page["types"], **page["types_kwargs"])

st.subheader(page["all_title"])
st.dataframe(page["table"], **page["table_kwargs"])
