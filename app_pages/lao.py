"""LAO page (`?lao=CODE`): who it is, its 8 domains with status, dates and certifier, the timeline of its events,
where it stands in its province, the days left, who to call at DLA, and the previous fiscal year side by side.
Without `?lao=` (or with an unknown code) the page is the LAO search.

Thin: read the view from the URL, read the LAO's view (data_access/views/lao.py), render it."""

import streamlit as st

from components.access_pages import deny
from components.countdown import campaign_closed
from components.i18n import digits as to_digits
from components.i18n import t
from components.identity import current_access
from components.lao_sections import render_compare, render_contact, render_domains, render_kpis, \
    render_previous_year, render_timeline, render_who
from components.links import LAO_PAGE, back_to_overview, sync_url
from components.safe_text import quoted
from components.search import search_box
from components.view import current_view
from data_access import cached
from data_access.figures.queries import normalise_search_text
from data_access.views.lao import LaoNotFound

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

lv = cached.lao_view(view.fiscal_year, scope, code, view.today, view.version)
if isinstance(lv, LaoNotFound):
    if lv.elsewhere:
        deny(current_access(), f"lao {code[:20]}", lang)  # another province's LAO: not even its name
    st.title(t("lao", lang))
    st.warning(t("unknown_lao", lang, code=quoted(raw_code), fy=to_digits(str(view.fiscal_year), digits)))
    if lv.other_years:
        st.caption(t("dd_lao_in_other_years", lang,
                     years=", ".join(to_digits(str(y), digits) for y in lv.other_years)))
    back_to_overview(view)
    search_box(view, key="lao_page_search", limit=20, url_param="q")
    st.stop()

closed = campaign_closed(view.fiscal_year, view.today)
render_who(lv, view)
render_kpis(lv, view, closed)
render_domains(lv, view, closed)
render_timeline(lv, view)
render_compare(lv, view)
render_previous_year(lv, view)
render_contact(lv.info, lang, digits)
