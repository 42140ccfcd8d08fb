"""The LAO × domain grid of the province page: labels, filters and the table. Pure: takes the grid from
`queries.lao_grid`; no SQL. Status is never shown by colour alone: every cell has an icon and a word.

The grid is a plain table (no pandas Styler): a per-cell background meant Python work for every one of up to
3,100 × 14 cells on each rerun, and the icon and word already say the status."""

import numpy as np
import pandas as pd

from components.i18n import format_number, t
from data_access.figures.queries import COMPLETE, IN_PROGRESS, NOT_STARTED_STATE, domain_column, normalise_search_text, \
    split_type_prefix
from data_access.reference import LAO_TYPE_BY_LABEL, LAO_TYPES

CELL_ICONS = ("⬜", "✏️", "📝", "✅")  # not started, recorded, updated, certified
CELL_KEYS = ("dd_cell_not_started", "dd_cell_recorded", "dd_cell_updated", "dd_cell_certified")
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


# Deadline risk (data_access/figures/risk.py): a shape and a word, never colour alone.
RISK_ICONS = {"will_miss": "⛔", "at_risk": "⚠️", "on_track": "🟢"}


def risk_label(level, lang: str = "th") -> str:
    """"⛔ ไม่ทันกำหนด" for a level; "" for an LAO that is complete (no level)."""
    return f"{RISK_ICONS[level]} {t(f'risk_{level}', lang)}" if isinstance(level, str) and level in RISK_ICONS \
        else ""


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
    """Rows matching every filter given: district keys (the grid's `district`: its code), type labels, states, and a
    name fragment or code prefix
    (a leading type such as "อบต." narrows to that type). Empty filters match everything."""
    mask = pd.Series(True, index=grid.index)
    if districts:
        mask &= grid["district"].isin(districts)
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

    `domains` is FiscalYearInfo.domains; `lao_url(code)` gives the LAO page's (relative) URL. Built column by
    column (a label per distinct status, state or type, then looked up for every row), never a Python call per
    row: a province has up to 3,100 LAOs at 10× the registry, and this runs on every rerun.
    """
    n = len(domains)
    of_n = f"/{format_number(n, thai_digits)}"
    table = pd.DataFrame({
        "lao": _display_names(grid["name_th"], grid["type"]),
        "certified": _lookup(grid["state"], lambda state: f"{STATE_ICONS[state]} ")
        + _lookup(grid["certified"], lambda c: format_number(int(c), thai_digits) + of_n),
    }, index=grid.index)
    for code, *_ in domains:
        table[domain_column(code)] = _lookup(grid[domain_column(code)], lambda s: cell_label(int(s), lang))
    table["state"] = _lookup(grid["state"], lambda state: state_label(state, lang))
    if "level" in grid:  # during a campaign: will it finish by the deadline, and why
        table["risk"] = _lookup(grid["level"].fillna(""), lambda level: risk_label(level, lang))
        table["chance"] = (grid["p_finish"] * 100).round(0)
        table["why"] = grid["reason_en" if lang == "en" else "reason_th"].fillna("")
    table["district"] = grid["district_name_en" if lang == "en" else "district_name_th"].astype("str").fillna("")
    table["type"] = _lookup(grid["type"], lambda label: type_label(label, lang))
    table["link"] = _links(grid["code"], lao_url)
    return table.reset_index(drop=True)


def _lookup(values: pd.Series, label) -> pd.Series:
    """label(value) for every row, calling `label` once per distinct value."""
    keys, distinct = pd.factorize(values)
    labels = pd.array([label(value) for value in distinct], dtype="str")
    return pd.Series(labels.take(keys), index=values.index)


def _display_names(names: pd.Series, types: pd.Series) -> pd.Series:
    """display_name() of every row, one type at a time."""
    names = names.astype("str")
    shown = names.copy()
    for type_th in types.unique():
        known = LAO_TYPE_BY_LABEL.get(type_th)
        prefix = known.short_th if known else ""
        if prefix:
            rows = ((types == type_th) & ~names.str.startswith(prefix)).to_numpy()
            shown[rows] = prefix + names[rows]
    return shown


_LINK_MARKER = "LAOCODE"  # letters: URL encoding leaves them as they are


def _links(codes: pd.Series, lao_url) -> pd.Series:
    """lao_url(code) of every code, with one call to lao_url: URL encoding leaves an LAO code (digits) as it is,
    so the URL of one code is any other's with the code swapped. A code that is not plain letters and digits
    gets its own call."""
    codes = codes.astype("str")
    template = lao_url(_LINK_MARKER)
    head, _, tail = template.partition(_LINK_MARKER)
    if template.count(_LINK_MARKER) == 1:
        plain = codes.str.fullmatch(r"[0-9A-Za-z]+").fillna(False).to_numpy(dtype=bool)
    else:
        plain = np.zeros(len(codes), dtype=bool)
    links = head + codes + tail
    if not plain.all():
        links[~plain] = [lao_url(code) for code in codes[~plain]]
    return links


def grid_column_config(domains, lang: str) -> dict:
    import streamlit as st

    from components.safe_text import plain

    config = {
        "lao": st.column_config.TextColumn(t("lao", lang), pinned=True, width=150),
        "certified": st.column_config.TextColumn(t("dd_certified_short", lang), width=68,
                                                 help=t("dd_certified_help", lang)),
        "state": st.column_config.TextColumn(t("dd_state", lang), width=140),
        "risk": st.column_config.TextColumn(t("risk_title", lang), width=130, help=t("risk_help", lang)),
        "chance": st.column_config.ProgressColumn(t("risk_chance", lang), format="%.0f%%", min_value=0,
                                                  max_value=100, width=90, help=t("risk_help", lang)),
        "why": st.column_config.TextColumn(t("risk_why", lang), width=320),
        "district": st.column_config.TextColumn(t("dd_district", lang), width=120),
        "type": st.column_config.TextColumn(t("dd_type", lang), width=100),
        "link": st.column_config.LinkColumn(t("dd_code", lang), display_text=r"lao=([^&]+)", width=80,
                                            help=t("dd_open_lao", lang)),
    }
    for code, name_th, name_en in domains:
        config[domain_column(code)] = st.column_config.TextColumn(
            t("dd_domain_n", lang, n=code), width=88 if lang == "th" else 104,
            help=plain(name_en if lang == "en" else name_th))  # a tooltip is Markdown
    return config
