"""LAO page (`?lao=CODE`): who it is, its 8 domains with status, dates and certifier, the timeline of its events,
where it stands in its province, the days left, who to call at DLA, and the previous fiscal year side by side.
Without `?lao=` (or with an unknown code) the page is the LAO search."""

import streamlit as st

from components.countdown import as_of_text, campaign_closed
from components.i18n import digits as to_digits
from components.i18n import format_date, format_number, format_pct, t
from components.lao_card import certified_count_text, domain_table, previous_year_table, standing, \
    standing_figure, timeline_figure
from components.figure_cache import shared_figure, shared_table
from components.links import (
    LAO_PAGE, PROVINCE_PAGE, back_to_overview, card_width, countdown, countdown_metric, province_params, sync_url,
)
from components.safe_text import plain, quoted
from components.search import search_box
from components.status_grid import display_name, risk_label, state_label, type_label
from components.view import current_view, follow_digits
from data_access import cached
from data_access.figures.queries import COMPLETE, IN_PROGRESS, NOT_STARTED_STATE, lao_timeline, normalise_search_text
from data_access.reference import COORDINATING_UNIT
from data_access.access.scope import Scope
from components.access_pages import deny
from components.identity import current_access

KPI_WIDTH = 165
view = current_view()
scope = current_access().scope  # who is signed in decides which LAOs this page may show
lang, digits = view.lang, view.thai_digits
sync_url(LAO_PAGE)
raw_code = st.query_params.get("lao")
code = normalise_search_text(raw_code) if raw_code is not None else ""

if not code:
    st.title(t("dd_lao_search_title", lang))
    search_box(view, key="lao_page_search", limit=20, url_param="q")
    st.stop()

detail = cached.lao_detail(view.fiscal_year, scope, code, view.version)
if detail is None:
    if not scope.is_national and cached.lao_exists(view.fiscal_year, Scope.national(), code, view.version):
        deny(current_access(), f"lao {code[:20]}", lang)  # another province's LAO: not even its name
    st.title(t("lao", lang))
    other_years = [y for y in cached.lao_years(scope, code, view.version) if y != view.fiscal_year]
    st.warning(t("unknown_lao", lang, code=quoted(raw_code), fy=to_digits(str(view.fiscal_year), digits)))
    if other_years:
        st.caption(t("dd_lao_in_other_years", lang, years=", ".join(to_digits(str(y), digits) for y in other_years)))
    back_to_overview(view)
    search_box(view, key="lao_page_search", limit=20, url_param="q")
    st.stop()

info = cached.fiscal_year_info(view.fiscal_year, view.version)
shots = cached.snapshots(view.fiscal_year, view.version)
latest_id = shots[0].id if shots else None
as_of = shots[0].as_of if shots else None
statuses = cached.lao_statuses(view.fiscal_year, scope, code, latest_id, view.version)
judging = as_of is not None and as_of <= info.deadline  # until the deadline: will it finish at its pace?
grid = (cached.lao_grid_with_risk(view.fiscal_year, Scope.of(detail.province_code), latest_id, as_of, view.version)
        if judging else cached.lao_grid(view.fiscal_year, Scope.of(detail.province_code), latest_id, view.version))
# The LAO's row (it is in its province's grid); a boolean frame here was ~2 % of the server's CPU under load.
row = grid.iloc[int((grid["code"].to_numpy() == code).nonzero()[0][0])]
n_domains = len(info.domains)
province_name = detail.province_name_en if lang == "en" else detail.province_name_th

# --- Who -------------------------------------------------------------------------------------------------------
st.title(plain(display_name(detail.name_th, detail.type)))
STATE_BADGE_COLOURS = {COMPLETE: "green", IN_PROGRESS: "orange", NOT_STARTED_STATE: "gray"}
st.badge(state_label(row["state"], lang), color=STATE_BADGE_COLOURS[row["state"]])
if judging and isinstance(row.get("level"), str):
    st.caption(f"{t('risk_title', lang)}: {risk_label(row['level'], lang)} — "
               f"{to_digits(row['reason_en' if lang == 'en' else 'reason_th'], digits)}", help=t("risk_help", lang))
if lang == "en":
    place = f"{detail.district_name_en} district" if detail.district_name_en else \
        f"{t('dd_district_prefix', lang)}{detail.district_name_th}"
    place += f", {province_name}"
else:
    place = f"{t('dd_district_prefix', lang)}{detail.district_name_th} จ.{province_name}"
st.caption(" · ".join([f"{t('dd_code', lang)} {plain(detail.code)}", plain(type_label(detail.type, lang)),
                       plain(place),
                       f"{t('fiscal_year', lang)} {to_digits(str(view.fiscal_year), digits)}"]))
links = st.columns([2, 2, 3])
links[0].page_link(PROVINCE_PAGE, label=t("dd_open_province", lang, name=plain(province_name)), icon="🏛️",
                   query_params=province_params(view, detail.province_code))
if detail.website and detail.website.strip() not in ("-", '"-"'):
    site = detail.website.strip()
    url = site if site.startswith(("http://", "https://")) else f"http://{site}"
    links[1].link_button(f"🌐 {plain(site)}", url)
address = [part for part in (
    f"{t('dd_office_no', lang)} {plain(follow_digits(detail.office_no, digits))}" if detail.office_no else "",
    f"{t('dd_moo', lang)} {plain(follow_digits(detail.moo, digits))}" if detail.moo else "",
    plain(follow_digits(detail.postcode, digits)),
) if part]
if address:
    links[2].caption(" ".join(address))

# --- KPIs --------------------------------------------------------------------------------------------------------
stand = standing(grid, code)
certified_text = f"{format_number(int(row['certified']), digits)}/{format_number(n_domains, digits)}"
days = (info.deadline - view.today).days
closed = campaign_closed(view.fiscal_year, view.today)
days_label, days_value = countdown_metric(days, lang, digits, closed)
rate_text = format_pct(stand["completion_rate"], digits)
rank_text = f"{format_number(stand['rank'], digits)}/{format_number(stand['laos'], digits)}"
kpis = st.container(horizontal=True, wrap=True, gap="small")
kpis.metric(t("cells_certified", lang), certified_text, border=True, width=card_width(certified_text, KPI_WIDTH))
kpis.metric(days_label, days_value, border=True, width=card_width(days_value, KPI_WIDTH),
            help=" · ".join([countdown(days, lang, digits, closed),
                             *([as_of_text(as_of, lang, digits, final=True)] if closed else []),
                             f"{t('deadline', lang)} {format_date(info.deadline, lang, digits)}"]))
kpis.metric(t("dd_province_rate", lang), rate_text, border=True, width=card_width(rate_text, KPI_WIDTH),
            help=t("dd_complete_of_province", lang, n=format_number(stand["complete"], digits),
                   total=format_number(stand["laos"], digits)))
kpis.metric(t("dd_lao_rank", lang), rank_text, help=t("dd_lao_rank_help", lang), border=True,
            width=card_width(rank_text, KPI_WIDTH))

# --- The domains ------------------------------------------------------------------------------------------------
st.subheader(t("dd_domains_title", lang))
st.caption(" · ".join([*([t("closed", lang)] if closed else []), as_of_text(as_of, lang, digits, final=closed)]))
table = domain_table(statuses, lang, digits)
# Plain, like the province grid: the status cell says it with an icon and a word (a Styler cost ~1/10 of the page).
st.dataframe(table, hide_index=True, key="lao_domains",
             column_config={
                 "domain": st.column_config.TextColumn(t("dd_domain", lang), pinned=True,
                                                       width=230 if lang == "th" else 300),
                 "status": st.column_config.TextColumn(t("dd_status", lang), width="small"),
                 "recorded_at": st.column_config.TextColumn(t("dd_recorded_at", lang), width="small"),
                 "updated_at": st.column_config.TextColumn(t("dd_updated_at", lang), width="small"),
                 "certified_at": st.column_config.TextColumn(t("dd_certified_at", lang), width="small"),
                 "certified_by": st.column_config.TextColumn(t("dd_certified_by", lang), width="medium"),
             })
missing = [f"{c}" for c in row["missing"]]
if missing:
    st.caption(t("dd_missing_domains", lang, domains=", ".join(missing)))

# --- Timeline ---------------------------------------------------------------------------------------------------
st.subheader(t("dd_timeline", lang))
timeline = shared_table("lao_timeline_events", (view.fiscal_year, code, latest_id, view.version),
                        lambda: lao_timeline(statuses))  # read only below
if timeline.empty:
    st.caption(t("dd_no_events", lang))
else:
    figure = shared_figure("lao_timeline", (view.fiscal_year, code, latest_id, view.version, lang, digits),
                           lambda: timeline_figure(timeline, lang, info.deadline, as_of,
                                                   [c for c, *_ in info.domains], digits))
    st.plotly_chart(figure, config={"displaylogo": False, "displayModeBar": False}, key="lao_timeline")
    with st.expander(t("dd_timeline_table", lang, n=format_number(len(timeline), digits))):
        st.dataframe(
            {t("dd_when", lang): [f"{format_date(at.date(), lang, digits, short=True)} {at:%H:%M}"
                                  for at in timeline["at"]],
             t("dd_domain", lang): [f"{c}. {en if lang == 'en' else th}" for c, th, en
                                    in zip(timeline["domain"], timeline["name_th"], timeline["name_en"])],
             t("dd_event", lang): [t(f"dd_event_{e}", lang) for e in timeline["event"]],
             t("dd_certified_by", lang): [b if isinstance(b, str) else "" for b in timeline["certified_by"]]},
            hide_index=True, key="lao_timeline_table")

# --- Compared with the province ---------------------------------------------------------------------------------
st.subheader(t("dd_compare_title", lang, name=plain(province_name)))
st.markdown(t("dd_compare_text", lang, mine=format_number(stand["certified"], digits),
              total=format_number(n_domains, digits), mean=to_digits(f"{stand['mean_certified']:.1f}", digits),
              rank=format_number(stand["rank"], digits), laos=format_number(stand["laos"], digits),
              complete=format_number(stand["complete"], digits),
              rate=format_pct(stand["completion_rate"], digits)))
st.plotly_chart(shared_figure("lao_standing", (view.fiscal_year, code, latest_id, view.version, lang, digits),
                              lambda: standing_figure(stand, n_domains, lang, digits)), key="lao_standing",
                config={"displaylogo": False, "displayModeBar": False})

# --- The previous fiscal year -----------------------------------------------------------------------------------
years = cached.lao_years(scope, code, view.version)
earlier = [y for y in years if y < view.fiscal_year]
known_years = cached.fiscal_years(view.version)
previous_fy = max([y for y in known_years if y < view.fiscal_year], default=None)
if previous_fy is not None:
    st.subheader(t("dd_previous_year", lang, fy=to_digits(str(previous_fy), digits)))
    if previous_fy in earlier:
        before = cached.lao_detail(previous_fy, scope, code, view.version)
        before_shots = cached.snapshots(previous_fy, view.version)
        before_statuses = cached.lao_statuses(previous_fy, scope, code, before_shots[0].id if before_shots else None,
                                              view.version)
        if (before.name_th, before.type) != (detail.name_th, detail.type):
            st.caption(t("dd_was_named", lang, name=plain(display_name(before.name_th, before.type)),
                         fy=to_digits(str(previous_fy), digits)))
        certified_before = int((before_statuses["status"] == 3).sum())
        st.caption(t("dd_previous_summary", lang, fy=to_digits(str(previous_fy), digits),
                     then=certified_count_text(certified_before, len(before_statuses), lang, digits),
                     now=certified_count_text(int(row["certified"]), n_domains, lang, digits)))
        then = cached.lao_then(view.fiscal_year, scope, code, as_of, view.version) if as_of else None
        if then is not None and as_of <= info.deadline:
            st.caption(t("yoy_lao", lang, days=format_number((info.deadline - as_of).days, digits),
                         then=format_number(then, digits), now=format_number(int(row["certified"]), digits),
                         n=format_number(n_domains, digits)))
        st.dataframe(previous_year_table(statuses, before_statuses, view.fiscal_year, previous_fy, lang),
                     hide_index=True, key="lao_previous_year",
                     column_config={"domain": st.column_config.TextColumn(t("dd_domain", lang), pinned=True,
                                                                          width=220 if lang == "th" else 280),
                                    str(previous_fy): st.column_config.TextColumn(width=110),
                                    str(view.fiscal_year): st.column_config.TextColumn(width=110)})
    else:
        st.caption(t("dd_not_in_previous", lang, fy=to_digits(str(previous_fy), digits)))

# --- Who to call --------------------------------------------------------------------------------------------------
st.subheader(t("dd_contact_title", lang))
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
st.markdown("  \n".join(contact))
