"""The status card on the province page (and the overview, for the country): shown when asked for, to download as
a PNG or, where the browser can share files (phones: the Web Share API), to hand straight to LINE.

The card is `reports.card.card_png` of the page's own standing (data_access/cached.standing), built once per view
and data version and shared by every session. The share button is a small inline component (no iframe, so the
browser's share sheet is allowed): it shows only where `navigator.canShare({files})` says yes, and its words are
set as text.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable

import streamlit as st

from components.i18n import t
from data_access.figures.standing import Standing

log = logging.getLogger("info_oversight")

_SHARE_JS = """
export default function (component) {
  const { data, parentElement } = component;
  const button = parentElement.querySelector("button");
  button.textContent = data.label;
  const bytes = Uint8Array.from(atob(data.png), (c) => c.charCodeAt(0));
  const file = new File([bytes], data.name, { type: "image/png" });
  const can = navigator.canShare && navigator.canShare({ files: [file] });
  button.hidden = !can;
  button.onclick = async () => {
    try { await navigator.share({ files: [file], title: data.title, text: data.text }); }
    catch (error) { /* the reader closed the share sheet */ }
  };
}
"""
_SHARE_CSS = """
button { font: inherit; padding: 0.4rem 0.9rem; border-radius: 0.5rem; border: 1px solid #0b4f8a;
         background: #0b4f8a; color: #fff; cursor: pointer; }
"""


@st.cache_resource(show_spinner=False)
def _share_component():
    return st.components.v2.component("info_share_card", html="<button type='button' hidden></button>",
                                      css=_SHARE_CSS, js=_SHARE_JS)


@st.cache_data(show_spinner=False, max_entries=400)
def _card_png(standing: Standing, base_url: str, lang: str, thai_digits: bool) -> bytes:
    from reports.card import card_png

    return card_png(standing, base_url, lang, thai_digits)  # a RenderError is not cached: the next view tries again


def card_bytes(standing: Standing, base_url: str, lang: str, thai_digits: bool) -> bytes | None:
    """The PNG, or None when Chromium cannot draw it now (logged; the page says so in a sentence)."""
    from reports.figures_export import RenderError

    try:
        return _card_png(standing, base_url, lang, thai_digits)
    except RenderError as exc:
        log.warning("status card: %s", exc)
        return None


def render_status_card(read: Callable[[], Standing], base_url: str, lang: str, key: str) -> None:
    """A toggle that shows the card with its download and share buttons. `read` gives the standing, and is called
    only when the card is asked for: a page load with the toggle off reads nothing more. Thai digits unless the page
    is English: the card is a picture for a LINE group, read on a phone."""
    from reports.card import card_file_name, card_lines

    if not st.toggle(t("card_show", lang), key=f"{key}_{lang}", help=t("card_help", lang)):
        return
    standing = read()
    png = card_bytes(standing, base_url, lang, lang != "en")
    if png is None:
        st.warning(t("card_unavailable", lang))
        return
    name = card_file_name(standing)
    st.image(png, width=540)
    buttons = st.container(horizontal=True, gap="small")
    buttons.download_button(t("card_download", lang), png, file_name=name, mime="image/png", icon="⬇️",
                            on_click="ignore", key=f"{key}_download")
    lines = card_lines(standing, base_url, lang, lang != "en")
    with buttons:
        _share_component()(data={"png": base64.b64encode(png).decode("ascii"), "name": name,
                                 "label": t("card_share", lang), "title": lines.place, "text": lines.link},
                           key=f"{key}_share")
