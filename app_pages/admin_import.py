"""Import page (admins only): upload the LAO registry or an INFO status export, check it with the very import code
the command line runs (nothing written), see what would change, then commit. See components/admin_import_flow.py."""

from datetime import date

import streamlit as st

from components.access_pages import admin_only
from components.admin_import_flow import REGISTRY, STATUS, Request, Upload, check, commit
from components.admin_preview import render_checked, render_committed
from components.admin_upload import MIB, max_upload_mb
from components.i18n import format_date, t
from components.links import sync_url
from components.view import current_view
from data_access import cached
from data_access.reference import fiscal_year_start
from data_access.access.scope import Scope
from data_access.years import BE_OFFSET, FISCAL_YEAR_MAX, FISCAL_YEAR_MIN, fiscal_year_problem

PAGE = "app_pages/admin_import.py"
EARLIEST_AS_OF = date(2000, 1, 1)

view = current_view()
lang, thai_digits = view.lang, view.thai_digits
access = admin_only("page import", lang)
sync_url(PAGE)


def uploaded_file() -> Upload | None:
    """The one place the upload enters: its name is kept as text only (Upload.of), never used as a path."""
    cap_mb = max_upload_mb()
    file = st.file_uploader(t("ad_file", lang, limit=cap_mb), key="ad_upload", max_upload_size=cap_mb)
    return None if file is None else Upload.of(file.name, file.getvalue())


def fiscal_year_sentence(year: int) -> str | None:
    if fiscal_year_problem(year) is None:
        return None
    if FISCAL_YEAR_MIN - BE_OFFSET <= year <= FISCAL_YEAR_MAX - BE_OFFSET:
        return t("ad_fy_ce", lang, year=year, suggest=year + BE_OFFSET)
    return t("ad_fy_range", lang, low=FISCAL_YEAR_MIN, high=FISCAL_YEAR_MAX)


def input_sentence(request: Request, years: list[int]) -> str | None:
    """What is wrong with the fiscal year or the as-of date, before any file is read."""
    problem = fiscal_year_sentence(request.fiscal_year)
    if problem or request.kind == REGISTRY:
        return problem
    if request.fiscal_year not in years:
        return t("ad_fy_no_registry", lang, year=request.fiscal_year)
    start = fiscal_year_start(request.fiscal_year)
    if request.as_of < start:
        return t("ad_as_of_early", lang, date=format_date(request.as_of, lang, thai_digits),
                 year=request.fiscal_year, start=format_date(start, lang, thai_digits))
    return None


st.title(t("ad_import_title", lang))
st.caption(t("ad_import_intro", lang))
done = st.session_state.pop("ad_committed", None)
if done is not None:
    render_committed(done, lang, thai_digits)

# Labels change with the language: such widgets are keyed by it (see app_pages/province.py).
kind = st.radio(t("ad_kind", lang), (STATUS, REGISTRY), format_func=lambda k: t(f"ad_kind_{k}", lang),
                horizontal=True, key=f"ad_kind_{lang}")
upload = uploaded_file()
cols = st.columns(2)
fiscal_year = int(cols[0].number_input(t("ad_fiscal_year", lang), min_value=1, max_value=9999, step=1,
                                       value=view.fiscal_year, key="ad_fy"))
as_of = None
if kind == STATUS:
    as_of = cols[1].date_input(t("ad_as_of", lang), value=view.today, min_value=EARLIEST_AS_OF,
                               max_value=view.today, format="DD/MM/YYYY", key="ad_as_of")
    cols[1].caption(format_date(as_of, lang, thai_digits))
request = Request(kind, fiscal_year, as_of)
years = cached.fiscal_years(view.version)
problem = input_sentence(request, years)
if problem:
    st.warning(problem, icon=":material/event_busy:")

if st.button(t("ad_check", lang), type="primary", icon=":material/fact_check:", key="ad_check",
             disabled=upload is None or problem is not None):
    with st.spinner(t("ad_checking", lang)):
        st.session_state["ad_checked"] = check(upload, request, access.actor, view.today, max_upload_mb() * MIB)
    st.session_state["ad_check_no"] = st.session_state.get("ad_check_no", 0) + 1

checked = st.session_state.get("ad_checked")
if checked is not None and upload is not None and checked.key == request.key(upload):
    laos_now = None
    if kind == REGISTRY and fiscal_year in years:
        laos_now = cached.summary(fiscal_year, Scope.national(), view.today, view.version).national.laos
    render_checked(checked, request, lang, thai_digits, cached.province_names(view.version), laos_now)
    if checked.ready:
        confirmed = True
        if checked.needs_confirmation:  # a fresh box for every check: a confirmation is for the file it was shown
            confirmed = st.checkbox(t("ad_confirm", lang), key=f"ad_confirm_{st.session_state['ad_check_no']}")
        if st.button(t("ad_commit", lang), type="primary", icon=":material/upload:", key="ad_commit",
                     disabled=not confirmed):
            with st.spinner(t("ad_importing", lang)):
                st.session_state["ad_committed"] = commit(upload, request, checked, confirmed, access.actor,
                                                          view.today)
            del st.session_state["ad_checked"]
            cached.data_version.clear()  # the new figures show at once, not after the version's short TTL
            st.rerun()
