"""What the Streamlit floor's pages show, built before the measurement (issue 17, bench/streamlit_floor.py).

For the overview and for every province and LAO a plan visits, this builds what the real page hands to st.*: the
texts, the metrics, the plotly figures and display tables from the real builders (components/*), the column
configs, the widgets' options. It follows app_pages/*.py and dashboard.py step by step, for one view: Thai, Arabic
digits, Buddhist-Era dates, open mode (no sign-in), the national scope. The data come from the uncached
data_access functions on an engine, never from Streamlit's caches.

    build(url, today, provinces, laos) -> {"chrome": {...}, "overview": {...}, "province": {code: {...}},
                                           "lao": {code: {...}}}

Everything is plain data (str, int, dict, list, DataFrame, plotly Figure): bench/floor_app loads it with pickle.
"""

from __future__ import annotations

import pickle
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

LANG, DIGITS = "th", False  # the load test's view: ?fy=2566 and nothing else
BASE_URL_PATH = ""  # the bench server's server.baseUrlPath


def _view(fiscal_year: int, today: date):
    from components.view import View

    return View(fiscal_year, LANG, DIGITS, today, 0)


class _Captured:
    """Stands for `st` in a component's module while one of its render_* functions runs: keeps the arguments of
    the st.* calls it makes (st.column_config stays the real one)."""

    def __init__(self):
        self.calls: list[tuple[str, tuple, dict]] = []
        self.column_config = st.column_config

    def __getattr__(self, name):
        def record(*args, **kwargs):
            self.calls.append((name, args, kwargs))

        return record


def _captured(module, render, *args) -> list[tuple[str, tuple, dict]]:
    real, module.st = module.st, _Captured()
    try:
        render(*args)
        return module.st.calls
    finally:
        module.st = real


# --- every page: the entry script --------------------------------------------------------------------------------

def chrome(eng, fiscal_year: int, today: date) -> dict:
    """dashboard.py around the page: the sidebar, the demo notice, the stale notice, the navigation, the search box,
    the credit line."""
    from components.freshness import stale_days
    from components.i18n import format_date, format_number, t
    from data_access import config, figures
    from data_access.demo import is_demo
    from data_access.reference import fiscal_year_end, fiscal_year_start

    stale = None
    if fiscal_year_start(fiscal_year) <= today <= fiscal_year_end(fiscal_year):
        shots = figures.snapshots(eng, fiscal_year)
        latest_as_of = shots[0].as_of if shots else None
        deadline = figures.fiscal_year_info(eng, fiscal_year).deadline
        age = stale_days(latest_as_of, today, fiscal_year_start(fiscal_year), deadline,
                         config.settings().info_stale_after_days)
        if age is not None and latest_as_of is not None:
            stale = t("fr_stale", LANG, date=format_date(latest_as_of, LANG, DIGITS), n=format_number(age, DIGITS))
    return {
        "years": figures.fiscal_years(eng),
        "labels": {key: t(key, LANG) for key in ("language", "fiscal_year", "thai_digits", "search",
                                                  "dd_search_placeholder", "source_credit")},
        "demo": t("demo_notice", LANG) if is_demo(eng) else None,
        "stale": stale,
        "nav": {key: t(key, LANG) for key in ("overview", "province", "lao", "br_nav", "ad_nav_import",
                                               "ad_nav_admin")},
    }


def _card(key: str) -> dict:
    from components.i18n import t

    return {"label": t("card_show", LANG), "key": f"{key}_{LANG}", "help": t("card_help", LANG)}


# --- the overview -------------------------------------------------------------------------------------------------

def overview(eng, fiscal_year: int, today: date) -> dict:
    """app_pages/overview.py for the country."""
    import geo
    from components import province_map, rankings
    from components.countdown import (
        as_of_text, campaign_closed, coordinator_text, countdown_text, deadline_text, letter_text,
    )
    from components.i18n import digits, format_date, t
    from components.kpis import kpis
    from components.links import view_params
    from components.rankings import (
        domain_figure, province_query, province_ranking, ranking_label, ranking_table, type_table, with_context,
    )
    from components.trend import needed_text, pace, pace_figure, pace_text
    from data_access import figures
    from data_access.figures import risk, year_over_year
    from data_access.reference import fiscal_year_end, fiscal_year_start
    from data_access.access.scope import Scope

    scope = Scope.national()
    summary = figures.summary(eng, fiscal_year, scope, today)
    info = figures.fiscal_year_info(eng, fiscal_year)
    trend = figures.completion_trend(eng, fiscal_year, scope)
    closed = campaign_closed(fiscal_year, today)

    # render_countdown
    if closed:
        icon, headline = ":material/lock:", t("closed", LANG)
    else:
        icon = (":material/hourglass_top:" if summary.days_left > 0 else
                ":material/alarm:" if summary.days_left == 0 else ":material/event_busy:")
        headline = countdown_text(summary.days_left, LANG, DIGITS)
    notes = [as_of_text(summary.as_of, LANG, DIGITS, final=closed)]
    if closed:
        notes.append(t("closed_year_ended", LANG, date=format_date(fiscal_year_end(info.year), LANG, DIGITS)))
    who = coordinator_text(info.coordinator, info.coordinator_phone, info.office_phone, LANG, DIGITS)
    if who:
        notes.append(who)
    countdown = [f"## {icon} {headline}",
                 f"**{deadline_text(summary.deadline, LANG, DIGITS)}** · "
                 f"{letter_text(info.letter_ref, info.letter_date, LANG, DIGITS)}",
                 " · ".join(notes)]

    ranking = province_ranking(summary.provinces)
    if summary.as_of is not None:
        ranking = with_context(
            ranking, year_over_year.provinces_then(eng, fiscal_year, summary.as_of),
            risk.level_counts(risk.lao_risk(eng, fiscal_year, Scope.national(), summary.as_of, None))
            if summary.days_left >= 0 else None)

    shapes = geo.province_shapes()
    national_map = None
    if shapes is not None:
        national_map = province_map.national_map(pd.DataFrame(summary.provinces), shapes, LANG,
                                                 layer_url=province_map.province_layer_url(BASE_URL_PATH))
    links = []
    for group, title in (("top", "ov_top10"), ("bottom", "ov_bottom10")):
        shown = [(ranking_label(row, LANG, DIGITS), province_query(row["code"], fiscal_year, LANG, DIGITS))
                 for _, row in ranking[ranking["group"] == group].iterrows()]
        if shown:
            links.append((t(title, LANG), shown))

    progress = pace(trend, info.letter_date or fiscal_year_start(fiscal_year), summary.deadline,
                    summary.national.laos, summary.as_of, today, current=summary.national.complete)
    names_en = {code: name_en for code, _, name_en in info.domains}
    types = type_table(summary.types, LANG, DIGITS)
    table = ranking_table(ranking, fiscal_year, LANG, DIGITS, BASE_URL_PATH)
    (_, _, type_kwargs), = _captured(rankings, rankings.render_type_table, types, LANG)
    (_, _, table_kwargs), = _captured(rankings, rankings.render_province_table, table, LANG, DIGITS)
    return {
        "title": t("ov_title", LANG, fy=digits(str(fiscal_year), DIGITS)),
        "briefing": {"label": t("br_open", LANG), "query_params": view_params(_view(fiscal_year, today))},
        "countdown": countdown,
        "kpis": [(k.label, k.value, k.note) for k in kpis(summary.national, LANG, DIGITS)],
        "card": _card("overview_card") if summary.national.laos else None,
        "map_title": t("ov_map_title", LANG),
        "map": national_map,
        "map_unavailable": t("map_unavailable", LANG),
        "map_hint": t("ov_map_hint", LANG),
        "map_config": province_map.plotly_config(BASE_URL_PATH),
        "links": links,
        "trend_title": t("ov_trend_title", LANG),
        "pace": pace_text(progress, LANG, DIGITS),
        "needed": needed_text(progress, LANG, DIGITS),
        "trend": pace_figure(trend, progress, LANG, DIGITS),
        "domains_title": t("ov_by_domain", LANG),
        "domains": domain_figure(summary.domains, names_en, LANG, DIGITS),
        "types_title": t("ov_by_type", LANG),
        "types": types,
        "types_kwargs": type_kwargs,
        "all_title": t("ov_all_provinces", LANG, n=len(ranking)),
        "table": table,
        "table_kwargs": table_kwargs,
    }


# --- a province ---------------------------------------------------------------------------------------------------

def province(eng, fiscal_year: int, today: date, code: str) -> dict:
    """app_pages/province.py for `?province=code` (a province with LAOs, not Bangkok)."""
    import geo
    from components.countdown import as_of_text, campaign_closed
    from components.district_breakdown import (
        SORTS, district_chart, district_column_config, district_table, sort_districts, with_names,
    )
    from components.i18n import digits as to_digits
    from components.i18n import format_date, format_number, format_pct, t
    from components.links import (
        card_width, countdown, countdown_metric, lao_params, province_params, relative_url,
    )
    from components.province_lao_map import CONFIG as MAP_CONFIG
    from components.province_lao_map import lao_map, located
    from components.safe_text import plain
    from components.status_grid import (
        STATE_ORDER, TYPE_BY_KEY, TYPE_KEYS, grid_column_config, grid_table, state_label, type_label, type_order,
    )
    from data_access import figures
    from data_access.figures import queries, risk
    from data_access.figures.export import CSV_MIME, XLSX_MIME, ChaseContext, file_name
    from data_access.figures.queries import grid_counts
    from data_access.access.scope import Scope
    from reports.letter import DOCX_MIME, letter_file_name

    view = _view(fiscal_year, today)
    lang, digits = LANG, DIGITS
    known = figures.province_names(eng).set_index("code")
    row = known.loc[code]
    province_name = row["name_en"] if lang == "en" else row["name_th"]
    scope = Scope.of(code)
    summary = figures.summary(eng, fiscal_year, scope, today)
    info = figures.fiscal_year_info(eng, fiscal_year)
    shots = figures.snapshots(eng, fiscal_year)
    latest_id = shots[0].id if shots else None
    n = summary.national
    closed = campaign_closed(fiscal_year, today)
    heading = [f"{t('fiscal_year', lang)} {to_digits(str(fiscal_year), digits)}",
               f"{t('deadline', lang)} {format_date(info.deadline, lang, digits)}",
               *([t("closed", lang)] if closed else []),
               as_of_text(summary.as_of, lang, digits, final=closed)]

    national = figures.province_figures(eng, fiscal_year, Scope.national(), latest_id)
    mine = national[national["code"] == code]
    rank = int(mine["rank"].iloc[0]) if len(mine) else None
    previous = None
    if len(shots) > 1:
        before = figures.group_counts(eng, fiscal_year, scope, (), shots[1].id).iloc[0]
        before_ranks = figures.province_figures(eng, fiscal_year, Scope.national(), shots[1].id)
        before_rank = before_ranks.loc[before_ranks["code"] == code, "rank"]
        previous = {"complete": int(before["complete"]), "rate": float(before["completion_rate"]),
                    "in_progress": int(before["in_progress"]), "not_started": int(before["not_started"]),
                    "rank": int(before_rank.iloc[0]) if len(before_rank) else None}

    from components.province_headline import metric_delta as delta  # the page's own

    kpi_width = 136
    days_label, days_value = countdown_metric(summary.days_left, lang, digits, closed)
    ranked = format_number(len(national), digits)
    values = {"days": days_value, "rate": format_pct(n.completion_rate, digits),
              "rank": f"{format_number(rank, digits)}/{ranked}" if rank else "—",
              "complete": format_number(n.complete, digits), "in_progress": format_number(n.in_progress, digits),
              "not_started": format_number(n.not_started, digits)}
    kpis = [
        (days_label, values["days"], dict(width=card_width(values["days"], kpi_width + 24), help=" · ".join(
            [countdown(summary.days_left, lang, digits, closed),
             *([as_of_text(summary.as_of, lang, digits, final=True)] if closed else []),
             f"{t('deadline', lang)} {format_date(info.deadline, lang, digits)}"]))),
        (t("completion_rate", lang), values["rate"], dict(width=card_width(values["rate"], kpi_width),
                                                          **delta(n.completion_rate, previous and previous["rate"],
                                                                  pct=True))),
        (t("rank", lang), values["rank"], dict(width=card_width(values["rank"], kpi_width),
                                               help=t("dd_rank_help", lang, n=ranked),
                                               **(delta(previous["rank"], rank) if previous and previous["rank"]
                                                  and rank else {}))),
        (t("complete", lang), values["complete"], dict(width=card_width(values["complete"], kpi_width),
                                                       help=t("dd_complete_of", lang, n=format_number(n.laos, digits)),
                                                       **delta(n.complete, previous and previous["complete"]))),
        (t("in_progress", lang), values["in_progress"], dict(
            width=card_width(values["in_progress"], kpi_width),
            **{"delta_color": "off", **delta(n.in_progress, previous and previous["in_progress"])})),
        (t("not_started", lang), values["not_started"], dict(
            width=card_width(values["not_started"], kpi_width),
            **{"delta_color": "inverse", **delta(n.not_started, previous and previous["not_started"])})),
    ]
    change = (t("dd_change_since", lang, day=format_date(shots[1].as_of, lang, digits),
                laos=format_number(n.laos, digits)) if previous else
              t("dd_no_previous", lang, laos=format_number(n.laos, digits)))

    if summary.as_of is not None and summary.days_left >= 0:
        grid = risk.with_risk(queries.lao_grid(eng, fiscal_year, scope, latest_id),
                              risk.lao_risk(eng, fiscal_year, scope, summary.as_of, latest_id))
    else:
        grid = queries.lao_grid(eng, fiscal_year, scope, latest_id)

    districts = sort_districts(with_names(figures.district_counts(eng, fiscal_year, scope, latest_id), lang), "rate")
    outline, reason = geo.province_shape(code), geo.unavailable_reason()
    points = located(grid)
    missing_coords = len(grid) - len(points)
    hint = t("dd_map_hint", lang)
    if missing_coords:
        hint += " · " + t("dd_map_no_coords", lang, n=format_number(missing_coords, digits),
                          total=format_number(len(grid), digits))

    district_names = dict(zip(grid["district"], grid["district_name_en" if lang == "en" else "district_name_th"]))
    district_options = sorted(district_names, key=lambda key: district_names[key])
    type_options = [TYPE_KEYS.get(x, x) for x in type_order(grid["type"])]
    counts = grid_counts(grid)  # no filter chosen: the grid shown is the province's
    table = grid_table(grid, info.domains, lang, digits, lambda lao_code: relative_url("lao", lao_params(view, lao_code)))
    todo = len(grid) - counts["complete"]
    context = ChaseContext(fiscal_year, row["name_th"], summary.as_of, info.deadline, info.domains, "")
    return {
        "title": t("dd_province_title", lang, name=plain(province_name)),
        "heading": " · ".join(heading),
        "kpis": kpis,
        "change": change,
        "card": _card("province_card"),
        "districts_title": t("dd_districts", lang),
        "sort": {"label": t("dd_sort_by", lang), "options": SORTS, "key": f"province_dsort_{lang}",
                 "labels": {"rate": t("dd_sort_rate", lang), "name": t("dd_sort_name", lang),
                            "laos": t("dd_sort_laos", lang)}},
        "tabs": [f"📊 {t('dd_chart', lang)}", f"📋 {t('dd_table', lang)}"],
        "district_chart": district_chart(districts, lang),
        "district_table": district_table(districts),
        "district_config": district_column_config(lang),
        "map_title": t("dd_map_title", lang),
        "map_unavailable": t("map_unavailable", lang) if outline is None and reason else None,
        "map": lao_map(outline, grid, len(info.domains), lang) if len(points) or outline is not None else None,
        "map_key": f"province_map_{code}",
        "map_config": MAP_CONFIG,
        "map_hint": hint,
        "grid_title": t("dd_grid_title", lang),
        "district": {"label": t("dd_district", lang), "options": district_options, "names": district_names,
                     "key": f"province_district_{lang}"},
        "type": {"label": t("dd_type", lang), "options": type_options, "key": f"province_type_{lang}",
                 "names": {k: type_label(TYPE_BY_KEY.get(k, k), lang) for k in type_options}},
        "state": {"label": t("dd_state", lang), "options": list(STATE_ORDER), "key": f"province_state_{lang}",
                  "names": {s: state_label(s, lang) for s in STATE_ORDER}},
        "all": t("dd_all", lang),
        "name": {"label": t("dd_filter_name", lang), "key": f"province_name_{lang}",
                 "placeholder": t("dd_filter_name_hint", lang)},
        "shown": t("dd_grid_shown", lang, n=format_number(len(grid), digits), total=format_number(len(grid), digits),
                   complete=format_number(counts["complete"], digits),
                   in_progress=format_number(counts["in_progress"], digits),
                   not_started=format_number(counts["not_started"], digits)),
        "grid": table,
        "grid_config": grid_column_config(info.domains, lang),
        "grid_height": min(38 + 35 * max(len(table), 1), 560),
        "export_title": f"**{t('dd_export_title', lang, n=format_number(todo, digits))}**",
        "downloads": [
            (t("dd_download_xlsx", lang), file_name(context, "xlsx"), XLSX_MIME, "province_download_xlsx"),
            (t("dd_download_csv", lang), file_name(context, "csv"), CSV_MIME, "province_download_csv"),
        ] if todo else None,
        "nothing_to_export": t("dd_nothing_to_export", lang),
        "letter": {"label": t("dd_download_letter", lang), "file_name": letter_file_name(fiscal_year, row["name_th"]),
                   "mime": DOCX_MIME, "help": t("dd_letter_help", lang)} if n.laos > n.complete else None,
        "back": {"label": t("dd_back_to_overview", lang),
                 "query_params": {k: v for k, v in province_params(view, code).items() if k != "province"}},
    }


# --- an LAO -------------------------------------------------------------------------------------------------------

def lao(eng, fiscal_year: int, today: date, code: str) -> dict:
    """app_pages/lao.py for `?lao=code` (an LAO of the year)."""
    from components.countdown import as_of_text, campaign_closed
    from components.i18n import digits as to_digits
    from components.i18n import format_date, format_number, format_pct, t
    from components.lao_card import (
        certified_count_text, domain_table, previous_year_table, standing_figure, timeline_figure,
    )
    from components.links import card_width, countdown, countdown_metric, province_params
    from components.safe_text import plain
    from components.status_grid import display_name, risk_label, state_label, type_label
    from components.view import follow_digits
    from data_access import figures
    from data_access.figures import queries, risk, year_over_year
    from data_access.figures.queries import COMPLETE, IN_PROGRESS, NOT_STARTED_STATE, lao_timeline
    from data_access.reference import COORDINATING_UNIT
    from data_access.views.lao import lao_standing as standing
    from data_access.access.scope import Scope

    view = _view(fiscal_year, today)
    lang, digits = LANG, DIGITS
    scope = Scope.national()  # open mode
    detail = queries.lao_detail(eng, fiscal_year, scope, code)
    info = figures.fiscal_year_info(eng, fiscal_year)
    shots = figures.snapshots(eng, fiscal_year)
    latest_id = shots[0].id if shots else None
    as_of = shots[0].as_of if shots else None
    statuses = queries.lao_statuses(eng, fiscal_year, scope, code, latest_id)
    judging = as_of is not None and as_of <= info.deadline
    province_scope = Scope.of(detail.province_code)
    grid = queries.lao_grid(eng, fiscal_year, province_scope, latest_id)
    if judging:
        grid = risk.with_risk(grid, risk.lao_risk(eng, fiscal_year, province_scope, as_of, latest_id))
    row = grid.iloc[int((grid["code"].to_numpy() == code).nonzero()[0][0])]
    n_domains = len(info.domains)
    province_name = detail.province_name_en if lang == "en" else detail.province_name_th
    badge_colours = {COMPLETE: "green", IN_PROGRESS: "orange", NOT_STARTED_STATE: "gray"}
    risk_caption = None
    if judging and isinstance(row.get("level"), str):
        risk_caption = (f"{t('risk_title', lang)}: {risk_label(row['level'], lang)} — "
                        f"{to_digits(row['reason_en' if lang == 'en' else 'reason_th'], digits)}",
                        t("risk_help", lang))
    place = f"{t('dd_district_prefix', lang)}{detail.district_name_th} จ.{province_name}"
    website = None
    if detail.website and detail.website.strip() not in ("-", '"-"'):
        site = detail.website.strip()
        website = (f"🌐 {plain(site)}", site if site.startswith(("http://", "https://")) else f"http://{site}")
    address = [part for part in (
        f"{t('dd_office_no', lang)} {plain(follow_digits(detail.office_no, digits))}" if detail.office_no else "",
        f"{t('dd_moo', lang)} {plain(follow_digits(detail.moo, digits))}" if detail.moo else "",
        plain(follow_digits(detail.postcode, digits)),
    ) if part]

    stand = standing(grid, code)
    certified_text = f"{format_number(int(row['certified']), digits)}/{format_number(n_domains, digits)}"
    days = (info.deadline - today).days
    closed = campaign_closed(fiscal_year, today)
    days_label, days_value = countdown_metric(days, lang, digits, closed)
    rate_text = format_pct(stand["completion_rate"], digits)
    rank_text = f"{format_number(stand['rank'], digits)}/{format_number(stand['laos'], digits)}"
    kpi_width = 165
    kpis = [
        (t("cells_certified", lang), certified_text, dict(width=card_width(certified_text, kpi_width))),
        (days_label, days_value, dict(width=card_width(days_value, kpi_width), help=" · ".join(
            [countdown(days, lang, digits, closed), *([as_of_text(as_of, lang, digits, final=True)] if closed else []),
             f"{t('deadline', lang)} {format_date(info.deadline, lang, digits)}"]))),
        (t("dd_province_rate", lang), rate_text, dict(width=card_width(rate_text, kpi_width), help=t(
            "dd_complete_of_province", lang, n=format_number(stand["complete"], digits),
            total=format_number(stand["laos"], digits)))),
        (t("dd_lao_rank", lang), rank_text, dict(help=t("dd_lao_rank_help", lang),
                                                 width=card_width(rank_text, kpi_width))),
    ]
    missing = [f"{c}" for c in row["missing"]]

    timeline = lao_timeline(statuses)
    timeline_part = None
    if not timeline.empty:
        timeline_part = {
            "figure": timeline_figure(timeline, lang, info.deadline, as_of, [c for c, *_ in info.domains], digits),
            "expander": t("dd_timeline_table", lang, n=format_number(len(timeline), digits)),
            "table": {
                t("dd_when", lang): [f"{format_date(at.date(), lang, digits, short=True)} {at:%H:%M}"
                                     for at in timeline["at"]],
                t("dd_domain", lang): [f"{c}. {en if lang == 'en' else th}" for c, th, en
                                       in zip(timeline["domain"], timeline["name_th"], timeline["name_en"])],
                t("dd_event", lang): [t(f"dd_event_{e}", lang) for e in timeline["event"]],
                t("dd_certified_by", lang): [b if isinstance(b, str) else "" for b in timeline["certified_by"]]},
        }

    years = queries.lao_years(eng, scope, code)
    earlier = [y for y in years if y < fiscal_year]
    previous_fy = max([y for y in figures.fiscal_years(eng) if y < fiscal_year], default=None)
    previous = None
    if previous_fy is not None:
        previous = {"title": t("dd_previous_year", lang, fy=to_digits(str(previous_fy), digits)), "captions": [],
                    "table": None, "config": None}
        if previous_fy in earlier:
            before = queries.lao_detail(eng, previous_fy, scope, code)
            before_shots = figures.snapshots(eng, previous_fy)
            before_statuses = queries.lao_statuses(eng, previous_fy, scope, code,
                                                   before_shots[0].id if before_shots else None)
            if (before.name_th, before.type) != (detail.name_th, detail.type):
                previous["captions"].append(t("dd_was_named", lang, name=plain(display_name(before.name_th, before.type)),
                                              fy=to_digits(str(previous_fy), digits)))
            certified_before = int((before_statuses["status"] == 3).sum())
            previous["captions"].append(t(
                "dd_previous_summary", lang, fy=to_digits(str(previous_fy), digits),
                then=certified_count_text(certified_before, len(before_statuses), lang, digits),
                now=certified_count_text(int(row["certified"]), n_domains, lang, digits)))
            then = year_over_year.lao_then(eng, fiscal_year, scope, code, as_of) if as_of else None
            if then is not None and as_of <= info.deadline:
                previous["captions"].append(t(
                    "yoy_lao", lang, days=format_number((info.deadline - as_of).days, digits),
                    then=format_number(then, digits), now=format_number(int(row["certified"]), digits),
                    n=format_number(n_domains, digits)))
            previous["table"] = previous_year_table(statuses, before_statuses, fiscal_year, previous_fy, lang)
            previous["config"] = {
                "domain": st.column_config.TextColumn(t("dd_domain", lang), pinned=True, width=220),
                str(previous_fy): st.column_config.TextColumn(width=110),
                str(fiscal_year): st.column_config.TextColumn(width=110)}
        else:
            previous["captions"].append(t("dd_not_in_previous", lang, fy=to_digits(str(previous_fy), digits)))

    contact = []
    if info.letter_ref:
        letter = f"**{t('letter', lang)}** {plain(follow_digits(info.letter_ref, digits))}"
        if info.letter_date:
            letter += f" ({format_date(info.letter_date, lang, digits)})"
        contact.append(letter)
    contact.append(f"**{t('deadline', lang)}** {format_date(info.deadline, lang, digits)}")
    if info.coordinator:
        person = f"**{t('coordinator', lang)}** {plain(info.coordinator)}"
        if info.coordinator_phone:
            person += f" · {t('dd_phone', lang)} {plain(follow_digits(info.coordinator_phone, digits))}"
        contact.append(person)
    if info.office_phone:
        contact.append(f"**{t('dd_office_phone', lang)}** {plain(follow_digits(info.office_phone, digits))} "
                       f"({COORDINATING_UNIT})")
    if not info.letter_ref and not info.coordinator:
        contact.append(t("dd_no_letter", lang))

    return {
        "title": plain(display_name(detail.name_th, detail.type)),
        "badge": (state_label(row["state"], lang), badge_colours[row["state"]]),
        "risk": risk_caption,
        "who": " · ".join([f"{t('dd_code', lang)} {plain(detail.code)}", plain(type_label(detail.type, lang)),
                           plain(place), f"{t('fiscal_year', lang)} {to_digits(str(fiscal_year), digits)}"]),
        "province_link": {"label": t("dd_open_province", lang, name=plain(province_name)),
                          "query_params": province_params(view, detail.province_code)},
        "website": website,
        "address": " ".join(address) if address else None,
        "kpis": kpis,
        "domains_title": t("dd_domains_title", lang),
        "domains_caption": " · ".join([*([t("closed", lang)] if closed else []),
                                       as_of_text(as_of, lang, digits, final=closed)]),
        "domains": domain_table(statuses, lang, digits),
        "domains_config": {
            "domain": st.column_config.TextColumn(t("dd_domain", lang), pinned=True, width=230),
            "status": st.column_config.TextColumn(t("dd_status", lang), width="small"),
            "recorded_at": st.column_config.TextColumn(t("dd_recorded_at", lang), width="small"),
            "updated_at": st.column_config.TextColumn(t("dd_updated_at", lang), width="small"),
            "certified_at": st.column_config.TextColumn(t("dd_certified_at", lang), width="small"),
            "certified_by": st.column_config.TextColumn(t("dd_certified_by", lang), width="medium")},
        "missing": t("dd_missing_domains", lang, domains=", ".join(missing)) if missing else None,
        "timeline_title": t("dd_timeline", lang),
        "no_events": t("dd_no_events", lang),
        "timeline": timeline_part,
        "compare_title": t("dd_compare_title", lang, name=plain(province_name)),
        "compare": t("dd_compare_text", lang, mine=format_number(stand["certified"], digits),
                     total=format_number(n_domains, digits), mean=to_digits(f"{stand['mean_certified']:.1f}", digits),
                     rank=format_number(stand["rank"], digits), laos=format_number(stand["laos"], digits),
                     complete=format_number(stand["complete"], digits),
                     rate=format_pct(stand["completion_rate"], digits)),
        "standing": standing_figure(stand, n_domains, lang, digits),
        "previous": previous,
        "contact_title": t("dd_contact_title", lang),
        "contact": "  \n".join(contact),
    }


# --- all of it ----------------------------------------------------------------------------------------------------

def build(url: str, today: date, fiscal_year: int, provinces, laos) -> dict:
    from components.i18n import set_date_era
    from data_access.db import engine

    set_date_era("BE")
    eng = engine(url)
    try:
        return {
            "chrome": chrome(eng, fiscal_year, today),
            "overview": overview(eng, fiscal_year, today),
            "province": {code: province(eng, fiscal_year, today, code) for code in sorted(set(provinces))},
            "lao": {code: lao(eng, fiscal_year, today, code) for code in sorted(set(laos))},
        }
    finally:
        eng.dispose()


def write(data: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as out:
        pickle.dump(data, out, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
