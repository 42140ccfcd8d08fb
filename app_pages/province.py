"""Province page (`?province=PP`): countdown, KPIs, rank and change, districts, the map of LAO offices, the
LAO × domain grid with filters, and the chase list to download. Every choice is kept in the URL."""

import logging

import streamlit as st

from components.countdown import as_of_text, campaign_closed
from components.district_breakdown import SORTS, district_chart, district_column_config, district_table, \
    sort_districts, with_names
from components.i18n import digits as to_digits
from components.i18n import format_date, format_number, format_pct, t
from components.links import (
    LAO_PAGE, PROVINCE_PAGE, back_to_overview, countdown, countdown_metric, lao_params, parse_choice, parse_list, province_params,
    card_width, keep_allowed, relative_url, sync_url, url_bound, url_write,
)
from components.figure_cache import shared_figure, shared_table
from components.province_lao_map import CONFIG as MAP_CONFIG
from components.province_lao_map import code_from_selection, lao_map, located
from components.safe_text import plain, quoted
from components.status_grid import STATE_ORDER, TYPE_BY_KEY, TYPE_KEYS, filter_grid, grid_column_config, \
    grid_table, state_label, type_label, type_order
from components.status_card import render_status_card
from components.view import current_view
from data_access import cached, config
from data_access.figures.export import CSV_MIME, XLSX_MIME, ChaseContext, chase_rows, file_name, to_csv, to_xlsx
from data_access.geography import BANGKOK
from data_access.figures.queries import grid_counts, normalise_search_text
from data_access.db import engine
from data_access.access.scope import Scope
from reports.letter import DOCX_MIME, letter_bytes, letter_file_name
from components.access_pages import deny
from components.identity import current_access

view = current_view()
access = current_access()
lang, digits = view.lang, view.thai_digits
# Widgets whose labels depend on the language are keyed by it: Streamlit 1.67 hands back a stale, formatted value
# on the run after a format_func change. A fresh widget per language starts from the URL instead (url_bound).

# A dot clicked on the map (see _remember_clicked_lao) opens that LAO. st.switch_page sends the LAO's query to the
# browser before the move, which files it under this page's path: history gets "/province?lao=CODE" between this
# page and the LAO, and the Back button lands there. Remember what this page showed, to show it again then.
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
    summary_all = cached.summary(view.fiscal_year, Scope.national(), view.today, view.version)
    with_laos = {p["code"] for p in summary_all.provinces if access.may_see_province(p["code"])}
    choices = provinces[provinces["code"].isin(with_laos)].sort_values("name_th")
    names = dict(zip(choices["code"], choices["name_en" if lang == "en" else "name_th"]))
    picked = st.selectbox(t("dd_choose_province", lang), list(names), index=None, format_func=names.get,
                          placeholder=t("dd_choose_province", lang), key=f"province_pick_{lang}")
    if picked:
        st.query_params["province"] = picked
        st.rerun()
    st.stop()

known = provinces.set_index("code")
if code not in known.index:
    st.title(t("province", lang))
    st.warning(t("unknown_province", lang, code=quoted(raw_code)))
    back_to_overview(view)
    st.stop()

if not access.may_see_province(code):
    deny(access, f"province {code}", lang)

province = known.loc[code]
province_name = province["name_en"] if lang == "en" else province["name_th"]
scope = Scope.of(code)
summary = cached.summary(view.fiscal_year, scope, view.today, view.version)
if code == BANGKOK or summary.national.laos == 0:
    st.title(plain(province_name))
    st.info(t("not_in_scope", lang) if code == BANGKOK else t("dd_province_no_laos", lang, fy=view.fiscal_year))
    back_to_overview(view)
    st.stop()

info = cached.fiscal_year_info(view.fiscal_year, view.version)
shots = cached.snapshots(view.fiscal_year, view.version)
latest_id = shots[0].id if shots else None
n = summary.national

# --- Heading and KPIs ---------------------------------------------------------------------------------------
st.title(t("dd_province_title", lang, name=plain(province_name)))
closed = campaign_closed(view.fiscal_year, view.today)
heading = [f"{t('fiscal_year', lang)} {to_digits(str(view.fiscal_year), digits)}",
           f"{t('deadline', lang)} {format_date(info.deadline, lang, digits)}",
           *([t("closed", lang)] if closed else []),
           as_of_text(summary.as_of, lang, digits, final=closed)]
st.caption(" · ".join(heading))

national = cached.province_figures(view.fiscal_year, Scope.national(), latest_id, view.version)
mine = national[national["code"] == code]
rank = int(mine["rank"].iloc[0]) if len(mine) else None
previous = None
if len(shots) > 1:
    before = cached.group_counts(view.fiscal_year, scope, (), shots[1].id, view.version).iloc[0]
    before_ranks = cached.province_figures(view.fiscal_year, Scope.national(), shots[1].id, view.version)
    before_rank = before_ranks.loc[before_ranks["code"] == code, "rank"]
    previous = {"complete": int(before["complete"]), "rate": float(before["completion_rate"]),
                "in_progress": int(before["in_progress"]), "not_started": int(before["not_started"]),
                "rank": int(before_rank.iloc[0]) if len(before_rank) else None}


KPI_WIDTH = 136


def _delta(now: float, then: float | None, pct: bool = False) -> dict:
    """metric(delta=…, delta_color=…) for the change since the previous snapshot; no change is grey."""
    if then is None:
        return {}
    change = now - then
    if not change:
        return {"delta": "±0 pp" if pct else "±0", "delta_color": "off", "delta_arrow": "off"}
    return {"delta": f"{change * 100:+.1f} pp" if pct else f"{int(change):+,}"}


days_label, days_value = countdown_metric(summary.days_left, lang, digits, closed)
provinces_ranked = format_number(len(national), digits)
values = {
    "days": days_value,
    "rate": format_pct(n.completion_rate, digits),
    "rank": f"{format_number(rank, digits)}/{provinces_ranked}" if rank else "—",
    "complete": format_number(n.complete, digits),
    "in_progress": format_number(n.in_progress, digits),
    "not_started": format_number(n.not_started, digits),
}
# A wrapping row: six cards across a desktop, two per line on a phone.
kpis = st.container(horizontal=True, wrap=True, gap="small")
kpis.metric(days_label, values["days"], border=True, width=card_width(values["days"], KPI_WIDTH + 24),
            help=" · ".join([countdown(summary.days_left, lang, digits, closed),
                             *([as_of_text(summary.as_of, lang, digits, final=True)] if closed else []),
                             f"{t('deadline', lang)} {format_date(info.deadline, lang, digits)}"]))
kpis.metric(t("completion_rate", lang), values["rate"], border=True, width=card_width(values["rate"], KPI_WIDTH),
            **_delta(n.completion_rate, previous and previous["rate"], pct=True))
kpis.metric(t("rank", lang), values["rank"], border=True, width=card_width(values["rank"], KPI_WIDTH),
            help=t("dd_rank_help", lang, n=provinces_ranked),
            **(_delta(previous["rank"], rank) if previous and previous["rank"] and rank else {}))
kpis.metric(t("complete", lang), values["complete"], border=True, width=card_width(values["complete"], KPI_WIDTH),
            help=t("dd_complete_of", lang, n=format_number(n.laos, digits)),
            **_delta(n.complete, previous and previous["complete"]))
kpis.metric(t("in_progress", lang), values["in_progress"], border=True,
            width=card_width(values["in_progress"], KPI_WIDTH),
            **{"delta_color": "off", **_delta(n.in_progress, previous and previous["in_progress"])})
kpis.metric(t("not_started", lang), values["not_started"], border=True,
            width=card_width(values["not_started"], KPI_WIDTH),
            **{"delta_color": "inverse", **_delta(n.not_started, previous and previous["not_started"])})
if previous:
    st.caption(t("dd_change_since", lang, day=format_date(shots[1].as_of, lang, digits),
                 laos=format_number(n.laos, digits)))
else:
    st.caption(t("dd_no_previous", lang, laos=format_number(n.laos, digits)))
render_status_card(lambda: cached.standing(view.fiscal_year, access.scope, code, view.today, view.version),
                   config.settings().info_public_url, lang, "province_card")

# Until the deadline, each LAO not complete is judged: will it finish at its pace (data_access/figures/risk.py)?
if summary.as_of is not None and summary.days_left >= 0:
    grid = cached.lao_grid_with_risk(view.fiscal_year, scope, latest_id, summary.as_of, view.version)
else:
    grid = cached.lao_grid(view.fiscal_year, scope, latest_id, view.version)

# --- Districts ------------------------------------------------------------------------------------------------
st.subheader(t("dd_districts", lang))
sort_labels = {"rate": t("dd_sort_rate", lang), "name": t("dd_sort_name", lang), "laos": t("dd_sort_laos", lang)}
url_bound("dsort", f"province_dsort_{lang}", parse_choice(SORTS, "rate"))
sort = st.segmented_control(t("dd_sort_by", lang), SORTS, key=f"province_dsort_{lang}",
                            format_func=sort_labels.get, required=True) or "rate"
url_write("dsort", None if sort == "rate" else sort)
districts = sort_districts(with_names(cached.district_counts(view.fiscal_year, scope, latest_id, view.version),
                                      lang), sort)
chart_tab, table_tab = st.tabs([f"📊 {t('dd_chart', lang)}", f"📋 {t('dd_table', lang)}"])
with chart_tab:
    chart = shared_figure("district_chart", (view.fiscal_year, code, latest_id, view.version, lang, sort),
                          lambda: district_chart(districts, lang))
    st.plotly_chart(chart, config={"displaylogo": False, "displayModeBar": False}, key="province_district_chart")
with table_tab:
    st.dataframe(district_table(districts), hide_index=True, column_config=district_column_config(lang),
                 key="province_district_table")

# --- Map of LAO offices ---------------------------------------------------------------------------------------
st.subheader(t("dd_map_title", lang))
try:
    import geo

    outline, reason = geo.province_shape(code), geo.unavailable_reason()
except Exception as exc:  # the geometry package is optional at run time: the page still works without it
    outline, reason = None, str(exc) or type(exc).__name__
if outline is None and reason:
    logging.getLogger("info_oversight").warning("province map unavailable: %s", reason)
    st.caption(t("map_unavailable", lang))
points = located(grid)
if len(points) or outline is not None:
    def _remember_clicked_lao() -> None:
        clicked = code_from_selection(st.session_state.get(f"province_map_{code}"))
        if clicked:
            st.session_state["province_open_lao"] = clicked

    figure = shared_figure("lao_map", (view.fiscal_year, code, latest_id, view.version, lang, outline is None),
                           lambda: lao_map(outline, grid, len(info.domains), lang))
    st.plotly_chart(figure, key=f"province_map_{code}",
                    on_select=_remember_clicked_lao, selection_mode="points", config=MAP_CONFIG)
missing_coords = len(grid) - len(points)
hint = t("dd_map_hint", lang)
if missing_coords:
    hint += " · " + t("dd_map_no_coords", lang, n=format_number(missing_coords, digits),
                      total=format_number(len(grid), digits))
st.caption(hint)

# --- LAO × domain grid ------------------------------------------------------------------------------------------
st.subheader(t("dd_grid_title", lang))
district_names = dict(zip(grid["district"], grid["district_name_en" if lang == "en" else "district_name_th"]))
district_options = sorted(district_names, key=lambda key: district_names[key])  # keys (codes), in name order
type_options = [TYPE_KEYS.get(x, x) for x in type_order(grid["type"])]
url_bound("district", f"province_district_{lang}", parse_list(district_options))
url_bound("type", f"province_type_{lang}", parse_list(type_options))
url_bound("state", f"province_state_{lang}", parse_list(STATE_ORDER))
url_bound("name", f"province_name_{lang}", lambda value: (value or "")[:100])
for key, allowed in ((f"province_district_{lang}", district_options), (f"province_type_{lang}", type_options)):
    keep_allowed(key, allowed)  # another fiscal year may have other districts or types
filters = st.columns([3, 2, 2, 3])
chosen_districts = filters[0].multiselect(t("dd_district", lang), district_options, format_func=district_names.get,
                                          key=f"province_district_{lang}", placeholder=t("dd_all", lang))
chosen_types = filters[1].multiselect(t("dd_type", lang), type_options, key=f"province_type_{lang}",
                                      format_func=lambda k: type_label(TYPE_BY_KEY.get(k, k), lang),
                                      placeholder=t("dd_all", lang))
chosen_states = filters[2].multiselect(t("dd_state", lang), list(STATE_ORDER), key=f"province_state_{lang}",
                                       format_func=lambda s: state_label(s, lang), placeholder=t("dd_all", lang))
name_text = filters[3].text_input(t("dd_filter_name", lang), key=f"province_name_{lang}", max_chars=100,
                                  placeholder=t("dd_filter_name_hint", lang))
url_write("district", ",".join(chosen_districts))
url_write("type", ",".join(chosen_types))
url_write("state", ",".join(chosen_states))
url_write("name", name_text.strip())

shown = filter_grid(grid, chosen_districts, [TYPE_BY_KEY.get(k, k) for k in chosen_types], chosen_states, name_text)
counts = grid_counts(shown)
st.caption(t("dd_grid_shown", lang, n=format_number(len(shown), digits), total=format_number(len(grid), digits),
             complete=format_number(counts["complete"], digits),
             in_progress=format_number(counts["in_progress"], digits),
             not_started=format_number(counts["not_started"], digits)))
table = shared_table(
    "province_grid", (view.fiscal_year, code, latest_id, view.version, lang, digits, tuple(chosen_districts),
                      tuple(chosen_types), tuple(chosen_states), name_text),
    lambda: grid_table(shown, info.domains, lang, digits,
                       lambda lao_code: relative_url("lao", lao_params(view, lao_code))))
# A plain table, no Styler: each cell says its status with an icon and a word, and per-cell colours cost more
# than the rest of the page for a large province.
st.dataframe(table, hide_index=True, key="province_grid",
             column_config=grid_column_config(info.domains, lang), height=min(38 + 35 * max(len(table), 1), 560))

# --- Chase list -------------------------------------------------------------------------------------------------
todo = len(shown) - counts["complete"]
th_names = dict(zip(grid["district"], grid["district_name_th"]))
described = [f"{t('dd_district', 'th')}: {', '.join(th_names[d] for d in chosen_districts)}" if chosen_districts
             else "",
             f"{t('dd_type', 'th')}: {', '.join(TYPE_BY_KEY.get(k, k) for k in chosen_types)}" if chosen_types else "",
             f"{t('dd_state', 'th')}: {', '.join(t(s, 'th') for s in chosen_states)}" if chosen_states else "",
             f"{t('dd_filter_name', 'th')}: {name_text.strip()}" if name_text.strip() else ""]
context = ChaseContext(view.fiscal_year, province["name_th"], summary.as_of, info.deadline, info.domains,
                       " · ".join(d for d in described if d))
st.markdown(f"**{t('dd_export_title', lang, n=format_number(todo, digits))}**")
if todo:
    # Built when clicked (on Streamlit's download thread), not on every rerun.
    buttons = st.columns([1, 1, 3])
    buttons[0].download_button(t("dd_download_xlsx", lang), lambda: to_xlsx(chase_rows(shown, context), context),
                               file_name=file_name(context, "xlsx"), mime=XLSX_MIME, icon="⬇️", on_click="ignore",
                               key="province_download_xlsx")
    buttons[1].download_button(t("dd_download_csv", lang), lambda: to_csv(chase_rows(shown, context)),
                               file_name=file_name(context, "csv"), mime=CSV_MIME, icon="⬇️", on_click="ignore",
                               key="province_download_csv")
else:
    st.caption(t("dd_nothing_to_export", lang))
if n.laos > n.complete:
    # The reminder letter to every LAO of the province not complete (whatever the grid's filters), built when
    # clicked by the same code as `python -m reports letter`.
    st.download_button(t("dd_download_letter", lang),
                       lambda: letter_bytes(engine(), view.fiscal_year, code, view.today),
                       file_name=letter_file_name(view.fiscal_year, province["name_th"]), mime=DOCX_MIME,
                       icon="📝", on_click="ignore", key="province_download_letter", help=t("dd_letter_help", lang))
st.page_link("app_pages/overview.py", label=t("dd_back_to_overview", lang), icon="⬅️",
             query_params={k: v for k, v in province_params(view, code).items() if k != "province"})
