"""The admin page's digest tab: who gets the morning mail (offices and subscribers), what happened to today's, and
the subscribers an admin adds and removes (data_access/admin/subscriptions.py, which audits each change)."""

from collections.abc import Callable

import streamlit as st

from components.admin_tables import recipient_table, scope_label
from components.i18n import t
from components.safe_text import plain, shorten
from data_access.admin import mail_log, subscriptions
from data_access.db import engine


def digest_section(view, access, flash: Callable[[str], None]) -> None:
    from data_access import cached

    lang = view.lang
    names = cached.province_names(view.version)
    st.subheader(t("ad_digest_title", lang))
    st.caption(t("ad_digest_help", lang))
    listed, _ = subscriptions.recipients(engine(), set(names["code"]) - {"10"})
    sent = {row["recipient"]: row for row in mail_log.sent_on(engine(), view.today, mail_log.DIGEST)}
    if listed:
        st.dataframe(recipient_table(listed, names, sent, lang), hide_index=True, key="ad_digest_recipients")
    else:
        st.caption(t("ad_digest_none", lang))
    scopes = [subscriptions.NATIONAL, *(c for c in names["code"] if c != "10")]
    with st.form(f"ad_digest_add_{lang}"):
        st.markdown(f"**{t('ad_digest_add_title', lang)}**")
        email = st.text_input(t("ad_user_email", lang), max_chars=320, key=f"ad_digest_email_{lang}")
        scope = st.selectbox(t("ad_digest_scope", lang), scopes, key=f"ad_digest_scope_{lang}",
                             format_func=lambda s: scope_label(s, names, lang))
        add = st.form_submit_button(t("ad_digest_save", lang), icon=":material/forward_to_inbox:")
    if add:
        try:
            added = subscriptions.add(engine(), email, scope, access.actor)
        except subscriptions.SubscriptionError as exc:
            st.error(t("ad_digest_error", lang, detail=plain(str(exc))), icon=":material/error:")
        else:
            flash(t("ad_digest_saved", lang, email=plain(added.email), scope=scope_label(scope, names, lang)))
    subscribed = subscriptions.list_subscribers(engine())
    if subscribed:
        choices = {f"{s.email}|{s.scope}": s for s in subscribed}
        with st.form(f"ad_digest_remove_{lang}"):
            st.markdown(f"**{t('ad_digest_remove_title', lang)}**")
            gone = st.selectbox(t("ad_user_email", lang), list(choices), key=f"ad_digest_remove_pick_{lang}",
                                format_func=lambda k: f"{shorten(choices[k].email, 60)} · "
                                                      f"{scope_label(choices[k].scope, names, lang)}")
            remove = st.form_submit_button(t("ad_digest_remove", lang), icon=":material/unsubscribe:")
        if remove:
            chosen = choices[gone]
            subscriptions.remove(engine(), chosen.email, chosen.scope, access.actor)
            flash(t("ad_digest_removed", lang, email=plain(chosen.email),
                    scope=scope_label(chosen.scope, names, lang)))
