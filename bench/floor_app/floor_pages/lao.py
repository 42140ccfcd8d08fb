"""app_pages/lao.py's elements for `?lao=CODE`, from prebuilt data."""

import streamlit as st

from bench.floor_app.store import data

code = st.query_params.get("lao")
page = data()["lao"][code]
CHART_CONFIG = {"displaylogo": False, "displayModeBar": False}

# --- Who
st.title(page["title"])
st.badge(page["badge"][0], color=page["badge"][1])
if page["risk"]:
    st.caption(page["risk"][0], help=page["risk"][1])
st.caption(page["who"])
links = st.columns([2, 2, 3])
links[0].page_link("floor_pages/province.py", label=page["province_link"]["label"], icon="🏛️",
                   query_params=page["province_link"]["query_params"])
if page["website"]:
    links[1].link_button(*page["website"])
if page["address"]:
    links[2].caption(page["address"])

# --- KPIs
kpis = st.container(horizontal=True, wrap=True, gap="small")
for label, value, options in page["kpis"]:
    kpis.metric(label, value, border=True, **options)

# --- The domains
st.subheader(page["domains_title"])
st.caption(page["domains_caption"])
st.dataframe(page["domains"], hide_index=True, key="lao_domains", column_config=page["domains_config"])
if page["missing"]:
    st.caption(page["missing"])

# --- Timeline
st.subheader(page["timeline_title"])
timeline = page["timeline"]
if timeline is None:
    st.caption(page["no_events"])
else:
    st.plotly_chart(timeline["figure"], config=CHART_CONFIG, key="lao_timeline")
    with st.expander(timeline["expander"]):
        st.dataframe(timeline["table"], hide_index=True, key="lao_timeline_table")

# --- Compared with the province
st.subheader(page["compare_title"])
st.markdown(page["compare"])
st.plotly_chart(page["standing"], key="lao_standing", config=CHART_CONFIG)

# --- The previous fiscal year
previous = page["previous"]
if previous:
    st.subheader(previous["title"])
    for caption in previous["captions"]:
        st.caption(caption)
    if previous["table"] is not None:
        st.dataframe(previous["table"], hide_index=True, key="lao_previous_year", column_config=previous["config"])

# --- Who to call
st.subheader(page["contact_title"])
st.markdown(page["contact"])
