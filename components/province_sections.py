"""The province page's sections below the headline, each drawn from the page's ProvinceView
(data_access/views/province.py): districts, the map of LAO offices, the LAO × domain grid with its filters and
the chase list. Every choice is kept in the URL (components.links)."""

import logging
from collections.abc import Callable

import streamlit as st

from components.district_breakdown import SORTS, district_chart, district_column_config, district_table, \
    sort_districts, with_names
from components.figure_cache import shared_figure, shared_table
from components.i18n import format_number, t
from components.links import keep_allowed, lao_params, parse_choice, parse_list, relative_url, url_bound, url_write
from components.province_lao_map import CONFIG as MAP_CONFIG
from components.province_lao_map import code_from_selection, lao_map
from components.status_grid import STATE_ORDER, TYPE_BY_KEY, TYPE_KEYS, filter_grid, grid_column_config, \
    grid_table, state_label, type_label, type_order
from data_access.figures.export import CSV_MIME, XLSX_MIME, ChaseContext, chase_rows, file_name, to_csv, to_xlsx
from data_access.figures.queries import grid_counts

CHART_CONFIG = {"displaylogo": False, "displayModeBar": False}


def render_districts(pv, view) -> None:
    lang = view.lang
    st.subheader(t("dd_districts", lang))
    labels = {"rate": t("dd_sort_rate", lang), "name": t("dd_sort_name", lang), "laos": t("dd_sort_laos", lang)}
    url_bound("dsort", f"province_dsort_{lang}", parse_choice(SORTS, "rate"))
    sort = st.segmented_control(t("dd_sort_by", lang), SORTS, key=f"province_dsort_{lang}",
                                format_func=labels.get, required=True) or "rate"
    url_write("dsort", None if sort == "rate" else sort)
    key = (view.fiscal_year, pv.code, pv.latest_snapshot, view.version, lang, sort)
    districts = shared_table("districts_sorted", key, lambda: sort_districts(with_names(pv.districts, lang), sort))
    chart_tab, table_tab = st.tabs([f"📊 {t('dd_chart', lang)}", f"📋 {t('dd_table', lang)}"])
    with chart_tab:
        st.plotly_chart(shared_figure("district_chart", key, lambda: district_chart(districts, lang)),
                        config=CHART_CONFIG, key="province_district_chart")
    with table_tab:
        st.dataframe(shared_table("district_table", key, lambda: district_table(districts)), hide_index=True,
                     column_config=district_column_config(lang),
                     key="province_district_table")


def render_lao_map(pv, view, on_open: Callable[[str], None]) -> None:
    """The LAO offices on the province's outline; a dot clicked calls on_open(code)."""
    lang, digits = view.lang, view.thai_digits
    st.subheader(t("dd_map_title", lang))
    try:
        import geo

        outline, reason = geo.province_shape(pv.code), geo.unavailable_reason()
    except Exception as exc:  # the geometry package is optional at run time: the page still works without it
        outline, reason = None, str(exc) or type(exc).__name__
    if outline is None and reason:
        logging.getLogger("info_oversight").warning("province map unavailable: %s", reason)
        st.caption(t("map_unavailable", lang))
    if pv.located or outline is not None:
        def _clicked() -> None:
            code = code_from_selection(st.session_state.get(f"province_map_{pv.code}"))
            if code:
                on_open(code)

        figure = shared_figure("lao_map", (view.fiscal_year, pv.code, pv.latest_snapshot, view.version, lang,
                                           outline is None),
                               lambda: lao_map(outline, pv.grid, len(pv.domains), lang))
        st.plotly_chart(figure, key=f"province_map_{pv.code}", on_select=_clicked, selection_mode="points",
                        config=MAP_CONFIG)
    hint, missing = t("dd_map_hint", lang), len(pv.grid) - pv.located
    if missing:
        hint += " · " + t("dd_map_no_coords", lang, n=format_number(missing, digits),
                          total=format_number(len(pv.grid), digits))
    st.caption(hint)


def render_grid_and_chase_list(pv, view, letter: Callable[[], bytes] | None, letter_name: str) -> None:
    """The LAO × domain grid with its filters, then the chase list of what the filters show (XLSX, CSV) and, when
    any LAO is not complete, the reminder letter (`letter`, built when clicked)."""
    lang, digits, grid = view.lang, view.thai_digits, pv.grid
    st.subheader(t("dd_grid_title", lang))
    # What the view gives (options, the filtered grid and its table) is worked out once per key and shared.
    # The day as well: whether LAOs are judged (the risk column) turns on the deadline as of today.
    shared_key = (view.fiscal_year, pv.code, pv.latest_snapshot, view.version, view.today, lang, digits)
    names, district_options, type_options, th_names = shared_table("province_grid_options", shared_key,
                                                                   lambda: _grid_options(grid, lang))
    url_bound("district", f"province_district_{lang}", parse_list(district_options))
    url_bound("type", f"province_type_{lang}", parse_list(type_options))
    url_bound("state", f"province_state_{lang}", parse_list(STATE_ORDER))
    url_bound("name", f"province_name_{lang}", lambda value: (value or "")[:100])
    for widget, allowed in ((f"province_district_{lang}", district_options), (f"province_type_{lang}", type_options)):
        keep_allowed(widget, allowed)  # another fiscal year may have other districts or types
    filters = st.columns([3, 2, 2, 3])
    districts = filters[0].multiselect(t("dd_district", lang), district_options, format_func=names.get,
                                       key=f"province_district_{lang}", placeholder=t("dd_all", lang))
    types = filters[1].multiselect(t("dd_type", lang), type_options, key=f"province_type_{lang}",
                                   format_func=lambda k: type_label(TYPE_BY_KEY.get(k, k), lang),
                                   placeholder=t("dd_all", lang))
    states = filters[2].multiselect(t("dd_state", lang), list(STATE_ORDER), key=f"province_state_{lang}",
                                    format_func=lambda s: state_label(s, lang), placeholder=t("dd_all", lang))
    name = filters[3].text_input(t("dd_filter_name", lang), key=f"province_name_{lang}", max_chars=100,
                                 placeholder=t("dd_filter_name_hint", lang))
    for param, value in (("district", ",".join(districts)), ("type", ",".join(types)),
                         ("state", ",".join(states)), ("name", name.strip())):
        url_write(param, value)

    shown, counts, table = shared_table("province_grid",
                                        (*shared_key, tuple(districts), tuple(types), tuple(states), name),
                                        lambda: _filtered_grid(pv, view, districts, types, states, name))
    st.caption(t("dd_grid_shown", lang, n=format_number(len(shown), digits), total=format_number(len(grid), digits),
                 complete=format_number(counts["complete"], digits),
                 in_progress=format_number(counts["in_progress"], digits),
                 not_started=format_number(counts["not_started"], digits)))
    # A plain table, no Styler: each cell says its status with an icon and a word, and per-cell colours cost more
    # than the rest of the page for a large province.
    st.dataframe(table, hide_index=True, key="province_grid", column_config=grid_column_config(pv.domains, lang),
                 height=min(38 + 35 * max(len(table), 1), 560))

    todo = len(shown) - counts["complete"]
    described = [f"{t('dd_district', 'th')}: {', '.join(th_names[d] for d in districts)}" if districts else "",
                 f"{t('dd_type', 'th')}: {', '.join(TYPE_BY_KEY.get(k, k) for k in types)}" if types else "",
                 f"{t('dd_state', 'th')}: {', '.join(t(s, 'th') for s in states)}" if states else "",
                 f"{t('dd_filter_name', 'th')}: {name.strip()}" if name.strip() else ""]
    s = pv.standing
    context = ChaseContext(view.fiscal_year, s.name_th, s.as_of, s.deadline, pv.domains,
                           " · ".join(d for d in described if d))
    st.markdown(f"**{t('dd_export_title', lang, n=format_number(todo, digits))}**")
    if todo:
        # Built when clicked (on Streamlit's download thread), not on every rerun.
        buttons = st.columns([1, 1, 3])
        buttons[0].download_button(t("dd_download_xlsx", lang),
                                   lambda: to_xlsx(chase_rows(shown, context), context),
                                   file_name=file_name(context, "xlsx"), mime=XLSX_MIME, icon="⬇️",
                                   on_click="ignore", key="province_download_xlsx")
        buttons[1].download_button(t("dd_download_csv", lang), lambda: to_csv(chase_rows(shown, context)),
                                   file_name=file_name(context, "csv"), mime=CSV_MIME, icon="⬇️", on_click="ignore",
                                   key="province_download_csv")
    else:
        st.caption(t("dd_nothing_to_export", lang))
    if letter is not None:
        from reports.letter import DOCX_MIME

        st.download_button(t("dd_download_letter", lang), letter, file_name=letter_name, mime=DOCX_MIME, icon="📝",
                           on_click="ignore", key="province_download_letter", help=t("dd_letter_help", lang))


def _grid_options(grid, lang: str) -> tuple[dict, list, list, dict]:
    """(district code → name, district codes in name order, type keys in their order, code → Thai name)."""
    names = dict(zip(grid["district"], grid["district_name_en" if lang == "en" else "district_name_th"]))
    return (names, sorted(names, key=lambda key: names[key]), [TYPE_KEYS.get(x, x) for x in type_order(grid["type"])],
            dict(zip(grid["district"], grid["district_name_th"])))


def _filtered_grid(pv, view, districts, types, states, name) -> tuple:
    """(the grid rows the filters keep, their state counts, their display table)."""
    shown = filter_grid(pv.grid, districts, [TYPE_BY_KEY.get(k, k) for k in types], states, name)
    table = grid_table(shown, pv.domains, view.lang, view.thai_digits,
                       lambda lao_code: relative_url("lao", lao_params(view, lao_code)))
    return shown, grid_counts(shown), table
