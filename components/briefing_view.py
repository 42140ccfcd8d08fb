"""Briefing mode on screen: the projector layout (16:9, large type, nothing to scroll at 1920×1080). The figures
and figure builders are components.briefing's, shared with the PDF."""

import streamlit as st

from components import briefing as content
from components.rankings import ranking_label

# Our own constant CSS (no outside value in it): a tighter frame, larger list text, headings sized for a room.
PROJECTOR_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 3.4rem; padding-bottom: 0; max-width: 100%; }
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: 0.6rem; }
[data-testid="stMainBlockContainer"] h1 { font-size: 1.9rem; padding: 0; }
.st-key-br_main h3 { font-size: 1.35rem; padding: 0 0 0.3rem 0; }
.st-key-br_lists p { font-size: 1.18rem; line-height: 1.5; margin: 0; }
.st-key-br_lists h3 { margin-top: 0.4rem; }
.st-key-br_lists [data-testid="stVerticalBlock"] { gap: 0.15rem; }
.st-key-ov_countdown h2 { font-size: 1.9rem; padding: 0; }
.st-key-ov_countdown [data-testid="stVerticalBlock"] { gap: 0.2rem; }
.st-key-ov_countdown p { line-height: 1.35; }
.st-key-br_pace p { font-size: 1.05rem; margin-bottom: 0.2rem; }
</style>"""


def render_style() -> None:
    st.html(PROJECTOR_CSS)


def ranking_lines(rows, lang: str, thai_digits: bool) -> str:
    """One Markdown line per row: `3. เชียงใหม่ — 92.3% (195/211)` (names through plain(), in ranking_label). The
    rank's dot is escaped: lines starting "33. " would make an ordered list, which Markdown renumbers 33, 34, …"""
    return "  \n".join(ranking_label(row, lang, thai_digits).replace(". ", "\\. ", 1) for _, row in rows.iterrows())


def render_rankings(briefing: content.Briefing, lang: str, thai_digits: bool) -> None:
    """Best and worst 10 (or every district of a small province, in two columns), with their numbers: the map's
    colours are never the only way to read a status."""
    with st.container(key="br_lists"):
        groups = content.ranking_groups(briefing.ranking)
        if groups[0][0] == "all":
            rows = groups[0][1]
            st.subheader(content.group_title(briefing, "all", lang, thai_digits))
            half = (len(rows) + 1) // 2
            left, right = st.columns(2) if len(rows) > 10 else (st.container(), None)
            left.markdown(ranking_lines(rows.iloc[:half] if right else rows, lang, thai_digits))
            if right is not None:
                right.markdown(ranking_lines(rows.iloc[half:], lang, thai_digits))
            return
        for group, rows in groups:
            st.subheader(content.group_title(briefing, group, lang, thai_digits))
            st.markdown(ranking_lines(rows, lang, thai_digits))
