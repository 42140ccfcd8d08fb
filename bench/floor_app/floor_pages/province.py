"""app_pages/province.py's elements for `?province=PP`, from prebuilt data (no filter chosen: a first visit)."""

import streamlit as st

from bench.floor_app.store import bound, data, url_write

code = st.query_params.get("province")
page = data()["province"][code]
CHART_CONFIG = {"displaylogo": False, "displayModeBar": False}

st.title(page["title"])
st.caption(page["heading"])
kpis = st.container(horizontal=True, wrap=True, gap="small")
for label, value, options in page["kpis"]:
    kpis.metric(label, value, border=True, **options)
st.caption(page["change"])
st.toggle(page["card"]["label"], key=page["card"]["key"], help=page["card"]["help"])

# --- Districts
st.subheader(page["districts_title"])
sort = page["sort"]
bound(sort["key"], "rate")
chosen_sort = st.segmented_control(sort["label"], sort["options"], key=sort["key"], format_func=sort["labels"].get,
                                   required=True) or "rate"
url_write("dsort", None if chosen_sort == "rate" else chosen_sort)
chart_tab, table_tab = st.tabs(page["tabs"])
with chart_tab:
    st.plotly_chart(page["district_chart"], config=CHART_CONFIG, key="province_district_chart")
with table_tab:
    st.dataframe(page["district_table"], hide_index=True, column_config=page["district_config"],
                 key="province_district_table")

# --- Map of LAO offices
st.subheader(page["map_title"])
if page["map_unavailable"]:
    st.caption(page["map_unavailable"])
if page["map"] is not None:
    def _remember_clicked_lao() -> None:
        event = st.session_state.get(page["map_key"])
        if event and event.get("selection", {}).get("points"):
            st.session_state["province_open_lao"] = event["selection"]["points"][0].get("customdata")

    st.plotly_chart(page["map"], key=page["map_key"], on_select=_remember_clicked_lao, selection_mode="points",
                    config=page["map_config"])
st.caption(page["map_hint"])

# --- LAO × domain grid
st.subheader(page["grid_title"])
district, types, state, name = page["district"], page["type"], page["state"], page["name"]
for key, value in ((district["key"], []), (types["key"], []), (state["key"], []), (name["key"], "")):
    bound(key, value)
filters = st.columns([3, 2, 2, 3])
chosen_districts = filters[0].multiselect(district["label"], district["options"], format_func=district["names"].get,
                                          key=district["key"], placeholder=page["all"])
chosen_types = filters[1].multiselect(types["label"], types["options"], key=types["key"],
                                      format_func=types["names"].get, placeholder=page["all"])
chosen_states = filters[2].multiselect(state["label"], state["options"], key=state["key"],
                                       format_func=state["names"].get, placeholder=page["all"])
name_text = filters[3].text_input(name["label"], key=name["key"], max_chars=100, placeholder=name["placeholder"])
url_write("district", ",".join(chosen_districts))
url_write("type", ",".join(chosen_types))
url_write("state", ",".join(chosen_states))
url_write("name", name_text.strip())
st.caption(page["shown"])
st.dataframe(page["grid"], hide_index=True, key="province_grid", column_config=page["grid_config"],
             height=page["grid_height"])

# --- Chase list
st.markdown(page["export_title"])
if page["downloads"]:
    buttons = st.columns([1, 1, 3])
    for column, (label, file_name, mime, key) in zip(buttons, page["downloads"]):
        column.download_button(label, lambda: b"", file_name=file_name, mime=mime, icon="⬇️", on_click="ignore",
                               key=key)
else:
    st.caption(page["nothing_to_export"])
if page["letter"]:
    letter = page["letter"]
    st.download_button(letter["label"], lambda: b"", file_name=letter["file_name"], mime=letter["mime"], icon="📝",
                       on_click="ignore", key="province_download_letter", help=letter["help"])
st.page_link("floor_pages/overview.py", label=page["back"]["label"], icon="⬅️",
             query_params=page["back"]["query_params"])
