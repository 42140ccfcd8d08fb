"""The Streamlit floor's entry script: dashboard.py's chrome (sidebar, notices, navigation, search box, credit)
around the floor's pages, every text and figure looked up in data built beforehand. No SQL, no pandas work, no
figure building here: what a load costs is Streamlit's own cost for these elements."""

import streamlit as st

from bench.floor_app.store import ROOT, data, search_box
from ops.process_once import freeze_startup_objects

st.set_page_config(page_title="INFO Oversight", page_icon=str(ROOT / "assets" / "favicon.png"), layout="wide")

chrome = data()["chrome"]
labels = chrome["labels"]
years = chrome["years"]

# components.view.render_sidebar: the URL's view into the sidebar widgets, then back into the URL.
url_fy = st.query_params.get("fy")
for name, widget_key, value in (("lang", "sidebar_lang", "th"),
                                ("fy", "sidebar_fy", int(url_fy) if url_fy and int(url_fy) in years else years[0]),
                                ("digits", "sidebar_digits", False), ("era", "sidebar_ce", False)):
    url = st.query_params.get(name)
    if url is not None and url != st.session_state.get(f"view_{name}"):
        st.session_state[widget_key] = value
    elif widget_key not in st.session_state:
        st.session_state[widget_key] = value
with st.sidebar:
    lang = st.radio(labels["language"], ("th", "en"), horizontal=True, key="sidebar_lang",
                    format_func=lambda code: "ไทย" if code == "th" else "English")
    year = st.selectbox(labels["fiscal_year"], years, key="sidebar_fy", format_func=str)
    thai_digits = st.toggle(labels["thai_digits"], key="sidebar_digits")
changed = {}
for name, value in (("lang", lang), ("fy", str(year)), ("digits", "1" if thai_digits else "0"), ("era", None)):
    st.session_state[f"view_{name}"] = value
    if value is None:
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != value:
        changed[name] = value
if changed:
    st.query_params.update(changed)

if chrome["demo"]:
    st.info(chrome["demo"], icon=":material/info:")
if chrome["stale"]:
    st.warning(chrome["stale"], icon=":material/history:")

nav = chrome["nav"]
navigation = st.navigation(
    [
        st.Page("floor_pages/overview.py", title=nav["overview"], icon=":material/map:", url_path="overview",
                default=True),
        st.Page("floor_pages/province.py", title=nav["province"], icon=":material/account_balance:",
                url_path="province"),
        st.Page("floor_pages/lao.py", title=nav["lao"], icon=":material/search:", url_path="lao"),
        st.Page("floor_pages/briefing.py", title=nav["br_nav"], icon=":material/co_present:", url_path="briefing"),
        st.Page("floor_pages/admin_import.py", title=nav["ad_nav_import"], icon=":material/upload_file:",
                url_path="import", visibility="hidden"),
        st.Page("floor_pages/admin.py", title=nav["ad_nav_admin"], icon=":material/admin_panel_settings:",
                url_path="admin", visibility="hidden"),
    ],
    position="top",
)

with st.sidebar:
    search_box(labels["search"], labels["dd_search_placeholder"])
navigation.run()
st.caption(labels["source_credit"])
freeze_startup_objects()
