"""Administration page (admins only): the fiscal year's snapshots with a withdraw action, users and their
access, who gets the daily digest, and the audit trail. Every change goes through data_access (snapshots, users,
subscriptions), which audits it."""

import streamlit as st

from components.access_pages import admin_only
from components.admin_digest import digest_section
from components.admin_tables import ROLES, audit_table, province_label, role_label, snapshot_table, user_table
from components.i18n import format_date, t
from components.links import sync_url
from components.safe_text import plain, shorten
from components.view import current_view
from data_access import cached
from data_access.access import audit, users
from data_access.admin import snapshots
from data_access.db import engine

PAGE = "app_pages/admin.py"
AUDIT_LIMIT = 500

view = current_view()
lang, thai_digits = view.lang, view.thai_digits
access = admin_only("page admin", lang)
sync_url(PAGE)


def flash(text: str) -> None:
    """Say it on the next run, after st.rerun has refreshed the figures and the tables."""
    st.session_state["ad_flash"] = text
    st.rerun()


def snapshot_section() -> None:
    rows = snapshots.list_snapshots(engine(), view.fiscal_year)
    st.subheader(t("ad_snapshots_title", lang, year=view.fiscal_year))
    if not rows:
        st.caption(t("ad_no_snapshots", lang))
        return
    st.dataframe(snapshot_table(rows, lang), hide_index=True, key="ad_snapshots")
    active = {r.id: r for r in rows if r.withdrawn_at is None}
    st.markdown(f"**{t('ad_withdraw_title', lang)}**")
    st.caption(t("ad_withdraw_help", lang))
    if not active:
        st.caption(t("ad_nothing_to_withdraw", lang))
        return
    with st.form(f"ad_withdraw_{lang}"):
        chosen = st.selectbox(t("ad_withdraw_pick", lang), list(active), key=f"ad_withdraw_pick_{lang}",
                              format_func=lambda i: f"{i} · {active[i].as_of.isoformat()} · "
                                                    f"{shorten(active[i].source_name, 60)}")
        reason = st.text_input(t("ad_withdraw_reason", lang), max_chars=snapshots.REASON_MAX,
                               key=f"ad_withdraw_reason_{lang}")
        submitted = st.form_submit_button(t("ad_withdraw_confirm", lang), type="primary", icon=":material/undo:")
    if not submitted:
        return
    if not (reason or "").strip():
        st.warning(t("ad_withdraw_need_reason", lang), icon=":material/edit_note:")
        return
    try:
        row = snapshots.withdraw(engine(), chosen, reason, actor=access.actor)
    except snapshots.SnapshotError as exc:
        st.error(t("ad_withdraw_failed", lang, detail=plain(str(exc))), icon=":material/error:")
        return
    cached.data_version.clear()
    flash(t("ad_withdrawn_done", lang, snapshot=row.id, date=format_date(row.as_of, lang, thai_digits)))


def user_section() -> None:
    names = cached.province_names(view.version)
    listed = users.list_users(engine())
    st.subheader(t("ad_users_title", lang))
    if listed:
        st.dataframe(user_table(listed, names, lang), hide_index=True, key="ad_users")
    else:
        st.caption(t("ad_no_users", lang))
    codes = list(names["code"])
    with st.form(f"ad_user_add_{lang}"):
        st.markdown(f"**{t('ad_user_add_title', lang)}**")
        email = st.text_input(t("ad_user_email", lang), max_chars=320, key=f"ad_user_email_{lang}")
        role = st.selectbox(t("ad_user_role", lang), ROLES, format_func=lambda r: role_label(r, lang),
                            key=f"ad_user_role_{lang}")
        provinces = st.multiselect(t("ad_user_provinces", lang), codes, key=f"ad_user_provinces_{lang}",
                                   format_func=lambda c: province_label(c, names, lang))
        add = st.form_submit_button(t("ad_user_save", lang), icon=":material/person_add:")
    if add:
        _add_user(email, role, provinces)
    others = [u.email for u in listed if u.email != access.email]
    if others:
        with st.form(f"ad_user_remove_{lang}"):
            st.markdown(f"**{t('ad_user_remove_title', lang)}**")
            gone = st.selectbox(t("ad_user_email", lang), others, key=f"ad_user_remove_pick_{lang}")
            remove = st.form_submit_button(t("ad_user_remove", lang), icon=":material/person_remove:")
        if remove:
            users.remove_user(engine(), gone, actor=access.actor)
            cached.user.clear()  # the revoked account loses access now, not after the cache's TTL
            flash(t("ad_user_removed", lang, email=plain(gone)))


def _add_user(email: str, role: str, provinces: list[str]) -> None:
    if users.normalise_email(email) == access.email:
        st.warning(t("ad_user_self", lang), icon=":material/block:")
        return
    if role == "province" and not provinces:
        st.warning(t("ad_user_need_provinces", lang), icon=":material/edit_note:")
        return
    if role != "province" and provinces:
        st.warning(t("ad_user_no_provinces", lang), icon=":material/edit_note:")
        return
    try:
        user = users.add_user(engine(), email, role, provinces, actor=access.actor)
    except users.UserError as exc:
        st.error(t("ad_user_error", lang, detail=plain(str(exc))), icon=":material/error:")
        return
    cached.user.clear()
    flash(t("ad_user_saved", lang, email=plain(user.email), role=role_label(user.role, lang)))


def audit_section() -> None:
    st.subheader(t("ad_audit_title", lang, n=AUDIT_LIMIT))
    since = st.date_input(t("ad_audit_since", lang), value=None, format="DD/MM/YYYY", key="ad_audit_since")
    entries = audit.entries(engine(), since=since, limit=AUDIT_LIMIT)
    if entries:
        st.dataframe(audit_table(entries, lang), hide_index=True, key="ad_audit")
    else:
        st.caption(t("ad_no_audit", lang))


st.title(t("ad_admin_title", lang))
said = st.session_state.pop("ad_flash", None)
if said:
    st.success(said, icon=":material/task_alt:")
snapshot_tab, user_tab, digest_tab, audit_tab = st.tabs([t("ad_tab_snapshots", lang), t("ad_tab_users", lang),
                                                         t("ad_tab_digest", lang), t("ad_tab_audit", lang)])
with snapshot_tab:
    snapshot_section()
with user_tab:
    user_section()
with digest_tab:
    digest_section(view, access, flash)
with audit_tab:
    audit_section()
