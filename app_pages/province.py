"""Province page (`?province=PP`): countdown, KPIs, rank and change, districts, the map of LAO offices, the
LAO × domain grid with filters, and the chase list to download. Every choice is kept in the URL.

Thin: read the view from the URL, read the province's view (data_access/views/province.py), render it."""

import streamlit as st

from components.access_pages import deny
from components.countdown import campaign_closed
from components.i18n import t
from components.identity import current_access
from components.links import LAO_PAGE, PROVINCE_PAGE, back_to_overview, lao_params, province_params, sync_url
from components.province_headline import heading, render_province_kpis
from components.province_sections import render_districts, render_grid_and_chase_list, render_lao_map
from components.safe_text import plain, quoted
from components.status_card import render_status_card
from components.view import current_view
from data_access import cached, config
from data_access.db import engine
from data_access.figures.queries import normalise_search_text
from data_access.views.province import NoProvinceView
from reports.letter import letter_bytes, letter_file_name

view = current_view()
access = current_access()
lang = view.lang
# Widgets whose labels depend on the language are keyed by it: Streamlit 1.67 hands back a stale, formatted value
# on the run after a format_func change. A fresh widget per language starts from the URL instead (url_bound).

# A dot clicked on the map (render_lao_map) opens that LAO. st.switch_page sends the LAO's query to the browser
# before the move, which files it under this page's path: history gets "/province?lao=CODE" between this page and
# the LAO, and the Back button lands there. Remember what this page showed, to show it again then.
opened = st.session_state.pop("province_open_lao", None)
if opened:
    st.session_state.setdefault("province_left_for_lao", {})[opened] = st.query_params.to_dict()
    st.switch_page(LAO_PAGE, query_params=lao_params(view, opened))

sync_url(PROVINCE_PAGE)
provinces = cached.province_names(view.version)
raw_code = st.query_params.get("province")
code = normalise_search_text(raw_code) if raw_code is not None else None
if not code and st.query_params.get("lao"):
    # That history entry: the province page as it was left, or (another session, a copied link) the LAO's province.
    lao_code = normalise_search_text(st.query_params.get("lao"))
    left = st.session_state.get("province_left_for_lao", {}).get(lao_code)
    if left and left.get("province"):
        st.query_params.from_dict(left)
        code = normalise_search_text(left["province"])
    else:
        came_from = cached.lao_detail(view.fiscal_year, access.scope, lao_code, view.version)
        if came_from is not None:
            st.query_params.from_dict({**{k: v for k, v in st.query_params.to_dict().items() if k != "lao"},
                                       "province": came_from.province_code})
            code = came_from.province_code

if not code:
    # Reached from the menu: let the user pick, and put the choice in the URL.
    st.title(t("province", lang))
    names = cached.province_choices(view.fiscal_year, access.scope, lang, view.version)
    picked = st.selectbox(t("dd_choose_province", lang), list(names), index=None, format_func=names.get,
                          placeholder=t("dd_choose_province", lang), key=f"province_pick_{lang}")
    if picked:
        st.query_params["province"] = picked
        st.rerun()
    st.stop()

known = dict(zip(provinces["code"], provinces["name_en" if lang == "en" else "name_th"]))
if code not in known:
    st.title(t("province", lang))
    st.warning(t("unknown_province", lang, code=quoted(raw_code)))
    back_to_overview(view)
    st.stop()
if not access.may_see_province(code):
    deny(access, f"province {code}", lang)
try:
    pv = cached.province_view(view.fiscal_year, access.scope, code, view.today, view.version)
except NoProvinceView as none:
    st.title(plain(known[code]))
    st.info(t("not_in_scope", lang) if none.reason == "bangkok"
            else t("dd_province_no_laos", lang, fy=view.fiscal_year))
    back_to_overview(view)
    st.stop()
s = pv.standing
closed = campaign_closed(view.fiscal_year, view.today)

st.title(t("dd_province_title", lang, name=plain(known[code])))
st.caption(heading(view.fiscal_year, s.deadline, s.as_of, closed, lang, view.thai_digits))
render_province_kpis(s, closed, lang, view.thai_digits)
render_status_card(lambda: s, config.settings().info_public_url, lang, "province_card")
render_districts(pv, view)
render_lao_map(pv, view, lambda clicked: st.session_state.__setitem__("province_open_lao", clicked))
render_grid_and_chase_list(
    pv, view, (lambda: letter_bytes(engine(), view.fiscal_year, code, view.today)) if s.laos > s.complete else None,
    letter_file_name(view.fiscal_year, s.name_th))
st.page_link("app_pages/overview.py", label=t("dd_back_to_overview", lang), icon="⬅️",
             query_params={k: v for k, v in province_params(view, code).items() if k != "province"})
