"""One LAO search box: a Thai name fragment or a code prefix → links to the LAO page.

Results name the type, district and province, so same-named LAOs can be told apart
("อบต.หนองบัว — อ.เมืองกาญจนบุรี จ.กาญจนบุรี · 6710110"). The box commits while typing (after a short pause) and runs
as a fragment, so typing does not rerun the rest of the page.

Use `search_box(view)` (for example inside `with st.sidebar:` in dashboard.py, after `st.navigation(...)` so
the result links can name the LAO page) or, on a page, with a distinct `key` and `url_param="q"` so the search is
kept in the URL.
"""

from collections.abc import Callable

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from components.data_errors import DATA_ERRORS, report_data_error
from components.i18n import t
from components.links import LAO_PAGE, lao_params, relative_url, url_bound, url_write, view_params
from components.safe_text import has_control_chars, plain, quoted
from components.status_grid import display_name
from data_access.figures.queries import normalise_search_text

Finder = Callable[[int, str, int, int], pd.DataFrame]  # (fiscal year, text, limit, data version) -> hits
MAX_CHARS = 100  # the box's limit, also applied to a `?q=` from the URL


def result_label(hit, lang: str = "th") -> str:
    """"อบต.หนองบัว — อ.เมืองกาญจนบุรี จ.กาญจนบุรี · 6710110" (English: "…, Kanchanaburi · 6710110")."""
    name = display_name(hit.name_th, hit.type)
    district = f"{t('dd_district_prefix', lang)}{hit.district_name_th}" if hit.district_name_th else ""
    if lang == "en":
        place = ", ".join(part for part in (district, hit.province_name_en) if part)
    else:
        place = " ".join(part for part in (district, f"{t('dd_province_prefix', 'th')}{hit.province_name_th}") if part)
    return f"{name} — {place} · {hit.code}"


def _link(label: str, params: dict[str, str], icon: str | None = None) -> None:
    """A link to the LAO page; `label` is Markdown (pass names through plain()). st.page_link needs the page
    registered by st.navigation first; drawn earlier (e.g. above st.navigation in the entry script) it would fail,
    so fall back to a plain link."""
    try:
        st.page_link(LAO_PAGE, label=label, icon=icon, query_params=params, width="stretch")
    except StreamlitPageNotFoundError:
        st.markdown(f"{icon or '→'} [{label}]({relative_url('lao', params)})")


def _default_finder() -> Finder:
    """The cached search, limited in SQL to what the signed-in user may see."""
    from components.identity import current_access
    from data_access import cached

    scope = current_access().scope
    return lambda year, text, limit, version: cached.search_laos(year, scope, text, limit, version)


def search_box(view, *, key: str = "lao_search", limit: int = 8, url_param: str | None = None,
               find: Finder | None = None) -> None:
    """Draw the box and, once something is typed, up to `limit` results as links to the LAO page."""
    _search(view, key, limit, url_param, find or _default_finder())


@st.fragment
def _search(view, key: str, limit: int, url_param: str | None, find: Finder) -> None:
    lang = view.lang
    if url_param:
        url_bound(url_param, key, lambda value: (value or "")[:MAX_CHARS])
    text = st.text_input(t("search", lang), key=key, placeholder=t("dd_search_placeholder", lang), live="400ms",
                         icon="🔎", max_chars=MAX_CHARS)
    refused = has_control_chars(text)  # a NUL would match every name on SQLite and fail on PostgreSQL
    if url_param:
        url_write(url_param, None if refused else (text or "").strip())
    if refused:
        st.warning(t("search_bad_chars", lang), icon=":material/keyboard:")
        return
    if not normalise_search_text(text):
        return
    try:  # a fragment rerun does not pass through the entry script's data boundary
        hits = find(view.fiscal_year, text, limit + 1, view.version)
    except DATA_ERRORS as exc:
        report_data_error(exc, lang)
        return
    if hits.empty:
        st.caption(t("dd_search_none", lang, text=quoted(text.strip())))
        return
    for hit in hits.head(limit).itertuples():
        _link(plain(result_label(hit, lang)), lao_params(view, hit.code))
    if len(hits) > limit:
        st.caption(t("dd_search_more", lang, n=limit))
        if not url_param:  # a box elsewhere than the search page: offer the longer list there
            _link(t("dd_search_all", lang), {"q": text.strip(), **view_params(view)}, icon="🔎")
