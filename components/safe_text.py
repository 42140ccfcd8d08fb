"""Text from a URL, a file or the database, made safe to show: it reads as typed, never as Markdown or HTML.

Streamlit renders st.markdown, st.caption, st.title, st.warning/info/error, st.subheader, st.badge and the labels
of page_link, buttons and metrics as Markdown (GitHub flavour, plus Streamlit's :colour[…], :emoji: and $math$).
`plain(value)` is the one way to put an outside value into such a string; our own templates (`t()`) stay as they
are: escape the values, not the templates. Plotly's hover and tick text is HTML-like instead: use `plotly_text`.
"""

import html
import re
import unicodedata

# CommonMark lets a backslash escape any ASCII punctuation; these are the characters that start or end a construct
# anywhere on a line: code, emphasis, strike, links and images, HTML and entities, math, tables, headings, braces.
_INLINE = re.compile(r"([\\`*_~\[\]()!<>&$|#{}])")
# Only at the start of a line: a list item ("- ", "+ ", "1. "; "1)" is escaped above) or a setext/thematic break.
_LINE_START = re.compile(r"^(\s*)([-+=])")
_ORDERED_ITEM = re.compile(r"^(\s*\d+)\.")
# GitHub's autolinks (http://…, www.…, a@b.c) and Streamlit's :shortcodes: are found in the text after escapes are
# undone, so no backslash stops them. A word joiner (U+2060, invisible, never a space or punctuation) splits them.
_JOINER = "\u2060"
_AUTOLINK_BREAKS = (
    (re.compile(r":"), ":" + _JOINER),                    # http://, mailto:, :emoji:, :red[…], :material/…:
    (re.compile(r"(?i)(w)(ww\.)"), r"\1" + _JOINER + r"\2"),  # www.
    (re.compile(r"@"), _JOINER + "@"),                     # e-mail addresses
)
_WHITESPACE = re.compile(r"\s+")
# Marks that reorder the text around them (the "Trojan Source" trick): never part of a Thai or English value.
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def is_control(ch: str) -> bool:
    """NUL, the other C0 and C1 controls and DEL (Unicode category Cc), and the bidirectional controls."""
    return unicodedata.category(ch) == "Cc" or ch in _BIDI_CONTROLS


def has_control_chars(text: str | None) -> bool:
    return bool(text) and any(is_control(ch) for ch in text)


def shorten(text: str | None, limit: int = 40) -> str:
    """At most `limit` characters, "…" marking a cut: a 10 KB URL value is never echoed back whole."""
    text = "" if text is None else str(text)
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def plain(value) -> str:
    """`value` as Markdown source that renders exactly as the text (None → ""). Line breaks and other controls
    become single spaces: an outside value is one line of text."""
    if value is None:
        return ""
    text = "".join(" " if is_control(ch) else ch for ch in str(value))
    text = _WHITESPACE.sub(" ", text)
    text = _INLINE.sub(r"\\\1", text)
    text = _LINE_START.sub(r"\1\\\2", text)
    text = _ORDERED_ITEM.sub(r"\1\\.", text)
    for pattern, replacement in _AUTOLINK_BREAKS:
        text = pattern.sub(replacement, text)
    return text


def quoted(value, limit: int = 40) -> str:
    """An outside value quoted back in a sentence ("no province with code …"): shortened, then plain."""
    return plain(shorten(value, limit))


def plotly_text(value) -> str:
    """`value` for plotly's text, hovertext and tick labels, which render <b>, <br>, <a href> and entities."""
    return html.escape("" if value is None else str(value), quote=False)


def one_line(value, limit: int = 80) -> str:
    """An outside value as one line of plain text for a picture, a mail subject or a mail body: every control
    (a newline too) becomes a space, runs of space fold, at most `limit` characters. Escape it for HTML after."""
    text = "".join(" " if is_control(ch) else ch for ch in ("" if value is None else str(value)))
    text = _WHITESPACE.sub(" ", text).strip()
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
