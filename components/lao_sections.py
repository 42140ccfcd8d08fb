"""The LAO page's sections, each drawn from the page's LaoView (data_access/views/lao.py): who it is, its KPIs,
its 8 domains, the timeline of its events, where it stands in its province, the previous fiscal year, and whom
to call at DLA."""

import streamlit as st

from components.countdown import as_of_text
from components.figure_cache import shared_figure
from components.i18n import digits as to_digits
from components.i18n import format_date, format_number, format_pct, t
from components.lao_card import certified_count_text, domain_table, previous_year_table, standing_figure, \
    timeline_figure
from components.links import PROVINCE_PAGE, card_width, countdown, countdown_metric, province_params
from components.safe_text import plain
from components.status_grid import display_name, risk_label, state_label, type_label
from components.view import follow_digits
from data_access.figures.queries import COMPLETE, IN_PROGRESS, NOT_STARTED_STATE
from data_access.reference import COORDINATING_UNIT

KPI_WIDTH = 165
CHART_CONFIG = {"displaylogo": False, "displayModeBar": False}
STATE_BADGE_COLOURS = {COMPLETE: "green", IN_PROGRESS: "orange", NOT_STARTED_STATE: "gray"}


def _key(lv, view, *more) -> tuple:
    """What a shared figure of this LAO depends on."""
    return (view.fiscal_year, lv.detail.code, lv.latest_snapshot, view.version, *more)


def render_who(lv, view) -> None:
    lang, digits, detail, row = view.lang, view.thai_digits, lv.detail, lv.row
    province_name = detail.province_name_en if lang == "en" else detail.province_name_th
    st.title(plain(display_name(detail.name_th, detail.type)))
    st.badge(state_label(row["state"], lang), color=STATE_BADGE_COLOURS[row["state"]])
    if lv.judged and isinstance(row.get("level"), str):
        st.caption(f"{t('risk_title', lang)}: {risk_label(row['level'], lang)} — "
                   f"{to_digits(row['reason_en' if lang == 'en' else 'reason_th'], digits)}",
                   help=t("risk_help", lang))
    english_name = lang == "en" and detail.district_name_en
    district = detail.district_name_en if english_name else detail.district_name_th
    place = (t("dd_lao_place", lang, district=district, province=province_name) if english_name or lang != "en"
             else t("dd_lao_place_no_en", lang, prefix=t("dd_district_prefix", lang), district=district,
                    province=province_name))
    st.caption(" · ".join([f"{t('dd_code', lang)} {plain(detail.code)}", plain(type_label(detail.type, lang)),
                           plain(place), f"{t('fiscal_year', lang)} {to_digits(str(view.fiscal_year), digits)}"]))
    links = st.columns([2, 2, 3])
    links[0].page_link(PROVINCE_PAGE, label=t("dd_open_province", lang, name=plain(province_name)), icon="🏛️",
                       query_params=province_params(view, detail.province_code))
    if detail.website and detail.website.strip() not in ("-", '"-"'):
        site = detail.website.strip()
        links[1].link_button(f"🌐 {plain(site)}", site if site.startswith(("http://", "https://")) else f"http://{site}")
    address = [part for part in (
        f"{t('dd_office_no', lang)} {plain(follow_digits(detail.office_no, digits))}" if detail.office_no else "",
        f"{t('dd_moo', lang)} {plain(follow_digits(detail.moo, digits))}" if detail.moo else "",
        plain(follow_digits(detail.postcode, digits)),
    ) if part]
    if address:
        links[2].caption(" ".join(address))


def render_kpis(lv, view, closed: bool) -> None:
    lang, digits, stand, deadline = view.lang, view.thai_digits, lv.standing, lv.info.deadline
    certified = f"{format_number(int(lv.row['certified']), digits)}/{format_number(len(lv.info.domains), digits)}"
    days = (deadline - view.today).days
    days_label, days_value = countdown_metric(days, lang, digits, closed)
    rate = format_pct(stand["completion_rate"], digits)
    rank = f"{format_number(stand['rank'], digits)}/{format_number(stand['laos'], digits)}"
    kpis = st.container(horizontal=True, wrap=True, gap="small")
    kpis.metric(t("cells_certified", lang), certified, border=True, width=card_width(certified, KPI_WIDTH))
    kpis.metric(days_label, days_value, border=True, width=card_width(days_value, KPI_WIDTH),
                help=" · ".join([countdown(days, lang, digits, closed),
                                 *([as_of_text(lv.as_of, lang, digits, final=True)] if closed else []),
                                 f"{t('deadline', lang)} {format_date(deadline, lang, digits)}"]))
    kpis.metric(t("dd_province_rate", lang), rate, border=True, width=card_width(rate, KPI_WIDTH),
                help=t("dd_complete_of_province", lang, n=format_number(stand["complete"], digits),
                       total=format_number(stand["laos"], digits)))
    kpis.metric(t("dd_lao_rank", lang), rank, help=t("dd_lao_rank_help", lang), border=True,
                width=card_width(rank, KPI_WIDTH))


def render_domains(lv, view, closed: bool) -> None:
    lang, digits = view.lang, view.thai_digits
    st.subheader(t("dd_domains_title", lang))
    st.caption(" · ".join([*([t("closed", lang)] if closed else []), as_of_text(lv.as_of, lang, digits, final=closed)]))
    # Plain, like the province grid: the status cell says it with an icon and a word (a Styler cost ~1/10 of the page).
    st.dataframe(domain_table(lv.statuses, lang, digits), hide_index=True, key="lao_domains",
                 column_config={
                     "domain": st.column_config.TextColumn(t("dd_domain", lang), pinned=True,
                                                           width=230 if lang == "th" else 300),
                     "status": st.column_config.TextColumn(t("dd_status", lang), width="small"),
                     "recorded_at": st.column_config.TextColumn(t("dd_recorded_at", lang), width="small"),
                     "updated_at": st.column_config.TextColumn(t("dd_updated_at", lang), width="small"),
                     "certified_at": st.column_config.TextColumn(t("dd_certified_at", lang), width="small"),
                     "certified_by": st.column_config.TextColumn(t("dd_certified_by", lang), width="medium"),
                 })
    if lv.row["missing"]:
        st.caption(t("dd_missing_domains", lang, domains=", ".join(str(c) for c in lv.row["missing"])))


def render_timeline(lv, view) -> None:
    lang, digits, timeline = view.lang, view.thai_digits, lv.timeline
    st.subheader(t("dd_timeline", lang))
    if timeline.empty:
        st.caption(t("dd_no_events", lang))
        return
    figure = shared_figure("lao_timeline", _key(lv, view, lang, digits),
                           lambda: timeline_figure(timeline, lang, lv.info.deadline, lv.as_of,
                                                   [c for c, *_ in lv.info.domains], digits))
    st.plotly_chart(figure, config=CHART_CONFIG, key="lao_timeline")
    with st.expander(t("dd_timeline_table", lang, n=format_number(len(timeline), digits))):
        st.dataframe(
            {t("dd_when", lang): [f"{format_date(at.date(), lang, digits, short=True)} {at:%H:%M}"
                                  for at in timeline["at"]],
             t("dd_domain", lang): [f"{c}. {en if lang == 'en' else th}" for c, th, en
                                    in zip(timeline["domain"], timeline["name_th"], timeline["name_en"])],
             t("dd_event", lang): [t(f"dd_event_{e}", lang) for e in timeline["event"]],
             t("dd_certified_by", lang): [b if isinstance(b, str) else "" for b in timeline["certified_by"]]},
            hide_index=True, key="lao_timeline_table")


def render_compare(lv, view) -> None:
    lang, digits, stand, n_domains = view.lang, view.thai_digits, lv.standing, len(lv.info.domains)
    province_name = lv.detail.province_name_en if lang == "en" else lv.detail.province_name_th
    st.subheader(t("dd_compare_title", lang, name=plain(province_name)))
    st.markdown(t("dd_compare_text", lang, mine=format_number(stand["certified"], digits),
                  total=format_number(n_domains, digits), mean=to_digits(f"{stand['mean_certified']:.1f}", digits),
                  rank=format_number(stand["rank"], digits), laos=format_number(stand["laos"], digits),
                  complete=format_number(stand["complete"], digits),
                  rate=format_pct(stand["completion_rate"], digits)))
    st.plotly_chart(shared_figure("lao_standing", _key(lv, view, lang, digits),
                                  lambda: standing_figure(stand, n_domains, lang, digits)), key="lao_standing",
                    config=CHART_CONFIG)


def render_previous_year(lv, view) -> None:
    if lv.previous_fiscal_year is None:
        return
    lang, digits, before, n_domains = view.lang, view.thai_digits, lv.previous, len(lv.info.domains)
    fy = to_digits(str(lv.previous_fiscal_year), digits)
    st.subheader(t("dd_previous_year", lang, fy=fy))
    if not before.present:
        st.caption(t("dd_not_in_previous", lang, fy=fy))
        return
    if before.renamed:
        st.caption(t("dd_was_named", lang, name=plain(display_name(before.name_th, before.type)), fy=fy))
    certified_now = int(lv.row["certified"])
    st.caption(t("dd_previous_summary", lang, fy=fy,
                 then=certified_count_text(before.certified, len(before.statuses), lang, digits),
                 now=certified_count_text(certified_now, n_domains, lang, digits)))
    if before.then is not None:
        st.caption(t("yoy_lao", lang, days=format_number((lv.info.deadline - lv.as_of).days, digits),
                     then=format_number(before.then, digits), now=format_number(certified_now, digits),
                     n=format_number(n_domains, digits)))
    st.dataframe(previous_year_table(lv.statuses, before.statuses, view.fiscal_year, lv.previous_fiscal_year, lang),
                 hide_index=True, key="lao_previous_year",
                 column_config={"domain": st.column_config.TextColumn(t("dd_domain", lang), pinned=True,
                                                                      width=220 if lang == "th" else 280),
                                str(lv.previous_fiscal_year): st.column_config.TextColumn(width=110),
                                str(view.fiscal_year): st.column_config.TextColumn(width=110)})


def render_contact(info, lang: str, digits: bool) -> None:
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
