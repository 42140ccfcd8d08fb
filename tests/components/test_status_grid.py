"""The province grid's table: built column by column, it must say exactly what the per-row labels say."""

from urllib.parse import urlencode

import pandas as pd
import pytest

from components.i18n import format_number
from components.status_grid import STATE_ICONS, cell_label, display_name, grid_column_config, grid_table, \
    state_label, type_label
from data_access.figures.queries import COMPLETE, IN_PROGRESS, NOT_STARTED_STATE

DOMAINS = [(d, f"ด้าน {d}", f"Domain {d}") for d in range(1, 9)]
STATES = (NOT_STARTED_STATE, IN_PROGRESS, COMPLETE)


def _url(code: str) -> str:
    return f"./lao?{urlencode({'lao': code, 'fy': '2566', 'lang': 'th', 'digits': '0'})}"


def _grid(rows: int = 12) -> pd.DataFrame:
    """A lao_grid-shaped frame: every type, a name already carrying its prefix, an unknown type, a missing
    district, a code that URL encoding changes."""
    names = ["หนองบัว", "อบต.บ้านใหม่", "เชียงใหม่", "บางพลี", "พัทยา", "นครราชสีมา", "ทต.ทต.", "ก"]
    types = ["อบต.", "อบต.", "อบจ.", "เทศบาลตำบล", "ท้องถิ่นรูปแบบพิเศษ", "เทศบาลนคร", "เทศบาลตำบล", "ชนิดใหม่"]
    frame = pd.DataFrame({
        "code": [f"{6500100 + i}" for i in range(rows)],
        "name_th": [names[i % len(names)] for i in range(rows)],
        "type": [types[i % len(types)] for i in range(rows)],
        "district": [None if i == 3 else f"65{i % 4:02d}" for i in range(rows)],
        "district_name_th": [None if i == 3 else f"อำเภอ{i % 4}" for i in range(rows)],
        "district_name_en": [None if i == 3 else f"District {i % 4}" for i in range(rows)],
        "state": [STATES[i % 3] for i in range(rows)],
        "certified": [(i * 3) % 9 for i in range(rows)],
    }, index=pd.RangeIndex(100, 100 + rows))  # a filtered grid keeps its original index
    for d in range(1, 9):
        frame[f"d{d}"] = [(i + d) % 4 for i in range(rows)]
    if rows > 5:
        frame.loc[105, "code"] = "65 0&x"  # not a registry code, but it must still get a working link
    return frame


def _per_row(grid: pd.DataFrame, lang: str, thai_digits: bool) -> pd.DataFrame:
    """The table as the labels of each row say it (the definition grid_table must match)."""
    n = len(DOMAINS)
    table = pd.DataFrame({
        "lao": [display_name(name, typ) for name, typ in zip(grid["name_th"], grid["type"])],
        "certified": [f"{STATE_ICONS[s]} {format_number(int(c), thai_digits)}/{format_number(n, thai_digits)}"
                      for s, c in zip(grid["state"], grid["certified"])],
    })
    for d, *_ in DOMAINS:
        table[f"d{d}"] = [cell_label(int(s), lang) for s in grid[f"d{d}"]]
    table["state"] = [state_label(s, lang) for s in grid["state"]]
    table["district"] = grid["district_name_en" if lang == "en" else "district_name_th"].fillna("").tolist()
    table["type"] = [type_label(x, lang) for x in grid["type"]]
    table["link"] = [_url(code) for code in grid["code"]]
    return table


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("thai_digits", [False, True])
@pytest.mark.parametrize("rows", [0, 1, 12])
def test_the_table_says_what_each_row_says(lang, thai_digits, rows):
    grid = _grid(rows)
    table = grid_table(grid, DOMAINS, lang, thai_digits, _url)
    expected = _per_row(grid, lang, thai_digits)
    assert list(table.columns) == list(expected.columns)
    assert list(table.index) == list(range(rows))
    assert table.astype(object).to_dict("list") == expected.astype(object).to_dict("list")


def test_labels_links_and_names():
    table = grid_table(_grid(), DOMAINS, "th", True, _url)
    assert table.loc[0, "lao"] == "อบต.หนองบัว" and table.loc[1, "lao"] == "อบต.บ้านใหม่"  # no double prefix
    assert table.loc[4, "lao"] == "พัทยา" and table.loc[7, "lao"] == "ก"  # special form, unknown type: as named
    assert table.loc[2, "certified"] == "✅ ๖/๘"
    assert table.loc[0, "link"] == "./lao?lao=6500100&fy=2566&lang=th&digits=0"
    assert table.loc[5, "link"] == _url("65 0&x") == "./lao?lao=65+0%26x&fy=2566&lang=th&digits=0"
    assert set(table[[f"d{d}" for d in range(1, 9)]].to_numpy().ravel()) == {
        "✅ รับรอง", "📝 ปรับปรุง", "✏️ บันทึก", "⬜ ยังไม่เริ่ม"}
    assert table.loc[3, "district"] == ""


def test_a_url_function_without_the_code_in_it_is_called_per_row():
    table = grid_table(_grid(3), DOMAINS, "th", False, lambda code: f"./lao?n={len(code)}")
    assert table["link"].tolist() == ["./lao?n=7"] * 3


def test_the_grid_is_a_plain_table_with_a_column_for_everything():
    table = grid_table(_grid(), DOMAINS, "en", False, _url)
    assert isinstance(table, pd.DataFrame)  # no Styler: st.dataframe marshals no per-cell CSS
    config = set(grid_column_config(DOMAINS, "en"))
    assert set(table.columns) <= config and config - set(table.columns) == {"risk", "chance", "why"}
    judged = _grid().assign(level=["will_miss", "at_risk", "on_track", None] * 3, p_finish=0.5,
                            reason_th="เหตุ", reason_en="why")
    with_risk = grid_table(judged, DOMAINS, "en", False, _url)
    assert set(with_risk.columns) == config  # during a campaign: every column has its config
    assert with_risk["risk"].tolist()[:4] == ["⛔ Will miss", "⚠️ At risk", "🟢 On track", ""]
