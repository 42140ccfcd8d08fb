"""INFO Oversight — entry point: `streamlit run dashboard.py`."""

from pathlib import Path

import streamlit as st

from components.access_pages import account_box, gate
from components.data_errors import data_boundary
from components.freshness import render_stale_notice, stale_days
from components.i18n import t
from components.identity import resolve_access
from components.links import REGISTERED_PAGES, drop_unreadable_params
from components.safe_text import plain, quoted
from components.search import search_box
from components.view import render_sidebar
from data_access import cached, config
from data_access.db import engine, init_db
from data_access.reference import fiscal_year_end, fiscal_year_start
from ops.page_runs import page_run
from ops.process_once import freeze_startup_objects as _freeze_startup_objects

# A local file: an emoji or :material/…: favicon makes the browser fetch it from a CDN.
FAVICON = str(Path(__file__).parent / "assets" / "favicon.png")
st.set_page_config(page_title="INFO Oversight", page_icon=FAVICON, layout="wide")


def _prepare_database() -> None:
    """Migrate, and on an empty database seed demo data so the app shows something (and says it is demo)."""
    from data_access.demo import database_is_empty, seed_demo_if_empty

    if st.session_state.get("db_ready"):
        return
    eng = engine()
    init_db(eng)
    if database_is_empty(eng):
        with st.spinner(f"{t('seeding_demo', 'th')} / {t('seeding_demo', 'en')}"):  # before a language is known
            seed_demo_if_empty(eng, seed=1, today=config.today())  # once, however many replicas start together
        cached.data_version.clear()
    st.session_state["db_ready"] = True


with page_run() as run:  # one JSON log line per run (ops/page_runs.py)
    # The URL is read before the sidebar knows the language; a bad `lang` reads as Thai.
    url_lang = "en" if st.query_params.get("lang") == "en" else "th"
    refused = drop_unreadable_params()  # before any read: a NUL must reach neither a page nor the database
    if refused:
        st.warning(t("url_bad_chars", url_lang, names=", ".join(quoted(name, 20) for name in refused)),
                   icon=":material/link_off:")

    try:  # every setting is read from the environment; one that cannot be used (INFO_TODAY=2566-08-15) stops here
        today = config.today()
    except ValueError as exc:
        st.error(t("bad_setting", url_lang, problem=plain(str(exc))), icon=":material/settings_alert:")
        st.stop()

    with data_boundary(url_lang):
        _prepare_database()
        version = cached.data_version()
        years = cached.fiscal_years(version)
        demo = cached.is_demo(version)

    view = render_sidebar(years, today, version)
    st.session_state["view"] = view
    with data_boundary(view.lang):
        access = resolve_access(cached.user, demo)
    st.session_state["access"] = access  # the scope of every read comes from here, never from the URL
    run.describe(access)
    with st.sidebar, data_boundary(view.lang):
        names = cached.province_names(version) if access.user and access.user.provinces else None
        name_column = "name_en" if view.lang == "en" else "name_th"
        account_box(access, demo, view.lang, dict(zip(names["code"], names[name_column])) if names is not None else {})
    gate(access, view.lang)
    if demo:
        st.info(t("demo_notice", view.lang), icon=":material/info:")
    if fiscal_year_start(view.fiscal_year) <= view.today <= fiscal_year_end(view.fiscal_year):  # a running campaign
        with data_boundary(view.lang):
            shots = cached.snapshots(view.fiscal_year, version)
            latest_as_of = shots[0].as_of if shots else None
            deadline = cached.fiscal_year_info(view.fiscal_year, version).deadline
        render_stale_notice(stale_days(latest_as_of, view.today, fiscal_year_start(view.fiscal_year), deadline,
                                       config.settings().info_stale_after_days), latest_as_of, view.lang,
                            view.thai_digits)

    pages = {
        "app_pages/overview.py": st.Page("app_pages/overview.py", title=t("overview", view.lang), icon=":material/map:",
                                         url_path="overview", default=True),
        "app_pages/province.py": st.Page("app_pages/province.py", title=t("province", view.lang),
                                         icon=":material/account_balance:", url_path="province"),
        "app_pages/lao.py": st.Page("app_pages/lao.py", title=t("lao", view.lang), icon=":material/search:",
                                    url_path="lao"),
        "app_pages/briefing.py": st.Page("app_pages/briefing.py", title=t("br_nav", view.lang),
                                         icon=":material/co_present:", url_path="briefing"),
        "app_pages/admin_import.py": st.Page("app_pages/admin_import.py", title=t("ad_nav_import", view.lang),
                                             icon=":material/upload_file:", url_path="import",
                                             visibility="visible" if access.is_admin else "hidden"),
        "app_pages/admin.py": st.Page("app_pages/admin.py", title=t("ad_nav_admin", view.lang),
                                      icon=":material/admin_panel_settings:", url_path="admin",
                                      visibility="visible" if access.is_admin else "hidden"),
    }
    navigation = st.navigation(list(pages.values()), position="top")
    st.session_state[REGISTERED_PAGES] = pages  # for links.page_link: a Page links without a lookup on disk
    run.page = navigation.url_path or "overview"
    with st.sidebar:  # after st.navigation: the results link to registered pages
        search_box(view)
    with data_boundary(view.lang):  # every page's reads; the search box guards its own (fragment) reruns
        if years:
            cached.warm_province_views(view.fiscal_year, view.today, version)
        navigation.run()
    st.caption(t("source_credit", view.lang))
    _freeze_startup_objects()
