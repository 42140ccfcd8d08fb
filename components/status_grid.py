"""The LAO × domain grid of the province page: labels, filters and the styled table. Pure: takes the grid from
`queries.lao_grid`; no SQL. Status is never shown by colour alone: every cell has an icon and a word."""

import pandas as pd

from components.i18n import format_number, t
from data_access.queries import COMPLETE, IN_PROGRESS, NOT_STARTED_STATE, domain_column, normalise_search_text, \
    split_type_prefix
from data_access.reference import LAO_TYPE_BY_LABEL, LAO_TYPES

CELL_ICONS = ("⬜", "✏️", "📝", "✅")  # not started, recorded, updated, certified
CELL_KEYS = ("dd_cell_not_started", "dd_cell_recorded", "dd_cell_updated", "dd_cell_certified")
# Light backgrounds with dark text (readable, printable); the icon and word carry the meaning.
CELL_BACKGROUNDS = ("#eeeeee", "#fde4b8", "#cfe3f6", "#c9ead3")
STATE_ICONS = {COMPLETE: "✅", IN_PROGRESS: "⏳", NOT_STARTED_STATE: "⬜"}
STATE_KEYS = {COMPLETE: "complete", IN_PROGRESS: "in_progress", NOT_STARTED_STATE: "not_started"}
STATE_ORDER = (NOT_STARTED_STATE, IN_PROGRESS, COMPLETE)
# Okabe–Ito colours (colour-blind safe), shared with the map and the district chart.
STATE_COLOURS = {COMPLETE: "#009E73", IN_PROGRESS: "#E69F00", NOT_STARTED_STATE: "#D55E00"}
# Stable ASCII keys for LAO types in URLs.
TYPE_KEYS = {"อบจ.": "pao", "เทศบาลนคร": "city", "เทศบาลเมือง": "town", "เทศบาลตำบล": "tambon", "อบต.": "sao",
             "ท้องถิ่นรูปแบบพิเศษ": "special"}
TYPE_BY_KEY = {key: label for label, key in TYPE_KEYS.items()}


def cell_label(status: int, lang: str = "th") -> str:
    """"✅ รับรอง", "📝 ปรับปรุง", "✏️ บันทึก", "⬜ ยังไม่เริ่ม"."""
    return f"{CELL_ICONS[status]} {t(CELL_KEYS[status], lang)}"


def state_label(state: str, lang: str = "th") -> str:
    return f"{STATE_ICONS[state]} {t(STATE_KEYS[state], lang)}"


def type_label(type_th: str, lang: str = "th") -> str:
    known = LAO_TYPE_BY_LABEL.get(type_th)
    return known.name_en if lang == "en" and known else type_th


def display_name(name_th: str, type_th: str) -> str:
    """The name as people say it: "อบต.หนองบัว", "ทต.บ้านกง", "อบจ.เชียงใหม่"; special forms as named."""
    known = LAO_TYPE_BY_LABEL.get(type_th)
    prefix = known.short_th if known else ""
    return f"{prefix}{name_th}" if prefix and not name_th.startswith(prefix) else name_th


def type_order(types) -> list[str]:
    order = {lt.label: i for i, lt in enumerate(LAO_TYPES)}
    return sorted(set(types), key=lambda label: (order.get(label, len(order)), label))


def filter_grid(grid: pd.DataFrame, districts=(), types=(), states=(), name: str = "") -> pd.DataFrame:
    """Rows matching every filter given: district names, type labels, states, and a name fragment or code prefix
    (a leading type such as "อบต." narrows to that type). Empty filters match everything."""
    mask = pd.Series(True, index=grid.index)
    if districts:
        mask &= grid["district_name_th"].isin(districts)
    if types:
        mask &= grid["type"].isin(types)
    if states:
        mask &= grid["state"].isin(states)
    text = normalise_search_text(name)
    if text:
        type_th, fragment = split_type_prefix(text)
        if type_th:
            mask &= grid["type"] == type_th
        if fragment.isdigit():
            mask &= grid["code"].astype(str).str.startswith(fragment)
        else:
            mask &= grid["name_th"].str.contains(fragment, regex=False, na=False)
    return grid[mask]


def grid_table(grid: pd.DataFrame, domains, lang: str, thai_digits: bool, lao_url) -> pd.DataFrame:
    """The table shown: name, progress ("⏳ 3/8"), one labelled cell per domain, the state in words, district,
    type, a link to the LAO. What matters most fits a desktop width; the rest scrolls.

    `domains` is FiscalYearInfo.domains; `lao_url(code)` gives the LAO page's (relative) URL.
    """
    n = len(domains)
    table = pd.DataFrame({
        "lao": [display_name(name, typ) for name, typ in zip(grid["name_th"], grid["type"])],
        "certified": [f"{STATE_ICONS[s]} {format_number(int(c), thai_digits)}/{format_number(n, thai_digits)}"
                      for s, c in zip(grid["state"], grid["certified"])],
    }, index=grid.index)
    for code, *_ in domains:
        table[domain_column(code)] = [cell_label(int(s), lang) for s in grid[domain_column(code)]]
    table["state"] = [state_label(s, lang) for s in grid["state"]]
    table["district"] = grid["district_name_th"].fillna("")
    table["type"] = [type_label(x, lang) for x in grid["type"]]
    table["link"] = [lao_url(code) for code in grid["code"]]
    return table.reset_index(drop=True)


def grid_column_config(domains, lang: str) -> dict:
    import streamlit as st

    config = {
        "lao": st.column_config.TextColumn(t("lao", lang), pinned=True, width=150),
        "certified": st.column_config.TextColumn(t("dd_certified_short", lang), width=68,
                                                 help=t("dd_certified_help", lang)),
        "state": st.column_config.TextColumn(t("dd_state", lang), width=140),
        "district": st.column_config.TextColumn(t("dd_district", lang), width=120),
        "type": st.column_config.TextColumn(t("dd_type", lang), width=100),
        "link": st.column_config.LinkColumn(t("dd_code", lang), display_text=r"lao=([^&]+)", width=80,
                                            help=t("dd_open_lao", lang)),
    }
    for code, name_th, name_en in domains:
        config[domain_column(code)] = st.column_config.TextColumn(
            t("dd_domain_n", lang, n=code), width=88 if lang == "th" else 104,
            help=name_en if lang == "en" else name_th)
    return config


def style_grid(table: pd.DataFrame, grid: pd.DataFrame, domains):
    """A Styler colouring each domain cell by its status (the text already says it)."""
    columns = [domain_column(code) for code, *_ in domains]
    statuses = grid[columns].reset_index(drop=True)

    def colours(frame: pd.DataFrame) -> pd.DataFrame:
        css = pd.DataFrame("", index=frame.index, columns=frame.columns)
        for column in columns:
            css[column] = [f"background-color: {CELL_BACKGROUNDS[int(s)]}; color: #1f1f1f"
                           for s in statuses[column]]
        return css

    return table.style.apply(colours, axis=None)
