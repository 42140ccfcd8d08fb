"""What someone without access sees: the sign-in page, the "whom to ask" page, `ไม่มีสิทธิ์`, the open-mode notices,
and the signed-in account in the sidebar. None of these shows a figure, a name or a count of what was asked for."""

import logging

import streamlit as st

from components.i18n import t
from components.identity import NO_ROLE, OPEN, OPEN_REFUSED, SIGNED_IN, SIGNED_OUT, Access
from components.safe_text import plain
from ops import page_runs

log = logging.getLogger("info_oversight")


def record_denial(access: Access, what: str) -> None:
    """One audit row per session and thing asked for (a rerun of the same page does not add another)."""
    from data_access.access import audit
    from data_access.db import engine

    page_runs.note("no-role" if what == "no role" else "denied")
    seen = st.session_state.setdefault("_denials_recorded", set())
    if what in seen:
        return
    seen.add(what)
    try:
        audit.record(engine(), audit.Event(access.actor, "denied", "denied", target=what[:500],
                                           detail=f"state {access.state}"))
    except Exception:  # the page must still say "not permitted" when the audit cannot be written
        log.exception("could not audit a denial")


def deny(access: Access, what: str, lang: str) -> None:
    """Say `ไม่มีสิทธิ์`, audit it, and stop the page. `what` names what was asked for (for the audit only)."""
    record_denial(access, what)
    st.title(t("ac_denied_title", lang))
    st.warning(t("ac_denied_text", lang), icon=":material/block:")
    st.stop()


def admin_only(what: str, lang: str) -> Access:
    """The first line of an admin page: the signed-in admin's Access, or `ไม่มีสิทธิ์` (audited) and stop."""
    from components.identity import current_access

    access = current_access()
    if not access.is_admin:
        deny(access, what, lang)
    return access


def gate(access: Access, lang: str) -> None:
    """Before any figure: stop here unless `access` may read."""
    if access.state == SIGNED_OUT:
        page_runs.note("signed-out")
        st.title(t("ac_sign_in_title", lang))
        st.write(t("ac_sign_in_text", lang))
        if st.button(t("ac_sign_in", lang), type="primary", icon=":material/login:", key="sign_in"):
            st.login()
        st.stop()
    if access.state == NO_ROLE:
        record_denial(access, "no role")
        st.title(t("ac_no_role_title", lang))
        st.info(t("ac_no_role_text", lang, email=plain(access.email or "")), icon=":material/contact_support:")
        if st.button(t("ac_sign_out", lang), icon=":material/logout:", key="sign_out_no_role"):
            st.logout()
        st.stop()
    if access.state == OPEN_REFUSED:
        page_runs.note("open-refused")
        st.error(t("ac_open_refused", lang), icon=":material/lock:")
        st.stop()


def account_box(access: Access, demo: bool, lang: str, province_names: dict[str, str]) -> None:
    """In the sidebar: who is signed in, as what, and a sign-out; or the open-mode notice."""
    if access.state == SIGNED_IN and access.user is not None:
        user = access.user
        role = t(f"ac_role_{user.role}", lang,
                 provinces=", ".join(plain(province_names.get(code, code)) for code in user.provinces))
        st.caption(f"{t('ac_signed_in_as', lang, email=plain(user.email))} · {role}")
        if st.button(t("ac_sign_out", lang), icon=":material/logout:", key="sign_out"):
            st.logout()
    elif access.state == OPEN and not demo:
        st.warning(t("ac_open_notice", lang), icon=":material/lock_open:")
