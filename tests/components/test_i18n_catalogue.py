"""One translation path: every text shown to users is a key of components/i18n.py's LABELS, in Thai and English.

The scan fails on a Thai literal anywhere in the app's code outside the catalogue, and on an English literal
handed to a Streamlit element as its text; each finding names the file, the line and the literal."""

import ast
import re
import string
from pathlib import Path

from components.i18n import LABELS

ROOT = Path(__file__).resolve().parent.parent.parent
SCANNED = ("app_pages", "components", "reports", "dashboard.py")
EXEMPT = {
    "components/i18n.py": "the catalogue itself",
    # The reminder letter is a formal Thai document (หนังสือราชการ) with no English version: its template is one
    # file of its own, laid out as the letter reads.
    "reports/letter_text.py": "the Thai letter's template",
    "reports/letter.py": "the Thai letter's layout (its heading labels เรื่อง, เรียน … and its file name)",
}
# Thai that is data, not text for a reader: the registry's own type labels and the letter's Thai status words are
# keys that match the database's values.
DATA_LITERALS = {
    "อบจ.", "เทศบาลนคร", "เทศบาลเมือง", "เทศบาลตำบล", "อบต.", "เมืองพัทยา", "ท้องถิ่นรูปแบบพิเศษ",
}
THAI_DIGITS_ONLY = re.compile(r"^[๐-๙]+$")  # the digit translation tables
LOGGERS = {"log", "logger", "logging", "_log", "LOG"}
ELEMENTS = {"title", "header", "subheader", "caption", "markdown", "write", "info", "warning", "error", "success",
            "button", "download_button", "metric", "page_link", "selectbox", "multiselect", "text_input", "toggle",
            "radio", "tabs", "expander", "link_button", "badge", "segmented_control", "checkbox", "file_uploader",
            "text_area", "number_input", "date_input", "form_submit_button", "popover", "toast"}
TEXT_KEYWORDS = {"label", "help", "placeholder", "caption"}
THAI = re.compile(r"[\u0e00-\u0e7f]")
LETTERS = re.compile(r"[A-Za-z]{2,}")


def _literals(node: ast.AST):
    """The literal text of a constant or of an f-string's fixed parts."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.JoinedStr):
        for part in node.values:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                yield part.value


def _is_logger(receiver: ast.AST) -> bool:
    """`log.warning(…)`, `logging.getLogger(…).warning(…)`: a line in the server's log, not on the page."""
    if isinstance(receiver, ast.Name):
        return receiver.id in LOGGERS
    return isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Attribute) \
        and receiver.func.attr == "getLogger"


def scan(source: str, name: str = "<source>") -> list[str]:
    tree = ast.parse(source, name)
    found = []
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if THAI.search(node.value) and node.value not in DATA_LITERALS and not THAI_DIGITS_ONLY.match(node.value):
                found.append(f"{name}:{node.lineno}: Thai literal {node.value[:60]!r}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ELEMENTS \
                and not _is_logger(node.func.value):
            first = node.args[:1]
            if node.func.attr == "page_link" and first and isinstance(first[0], ast.Constant) \
                    and str(first[0].value).endswith(".py"):
                first = []  # the page to open, not a text
            shown = first + [k.value for k in node.keywords if k.arg in TEXT_KEYWORDS]
            for arg in shown:
                for text in _literals(arg):
                    if LETTERS.search(text) and not THAI.search(text):
                        found.append(f"{name}:{arg.lineno}: English literal {text[:60]!r} shown by .{node.func.attr}")
    return found


def test_no_text_for_users_outside_the_catalogue():
    found = []
    for room in SCANNED:
        path = ROOT / room
        for file in [path] if path.suffix == ".py" else sorted(path.rglob("*.py")):
            relative = str(file.relative_to(ROOT))
            if relative not in EXEMPT:
                found += scan(file.read_text(), relative)
    assert not found, "texts outside components/i18n.py:\n" + "\n".join(found)


def test_the_scan_finds_what_it_looks_for():
    found = scan('import streamlit as st\nst.caption("Hello")\nx = "สวัสดี"\ncols[0].metric(label=f"Rate {x}")\n'
                 'st.caption(" · ".join(parts))\nlog.warning("not shown: %s", x)\nst.page_link("app_pages/a.py")\n')
    assert len(found) == 3 and "'Hello'" in found[0] and "สวัสดี" in found[1] and "'Rate '" in found[2]


def _fields(template: str) -> set[str]:
    plain = re.sub(r"%\{[^}]*\}", "", template)  # plotly's own %{…} placeholders
    return {field for _, field, _, _ in string.Formatter().parse(plain) if field}


def test_every_key_has_thai_and_english_with_the_same_placeholders():
    wrong = []
    for key, (th, en) in LABELS.items():
        if not th.strip() or not en.strip():
            wrong.append(f"{key}: empty")
        elif _fields(th) != _fields(en):
            wrong.append(f"{key}: {sorted(_fields(th))} ≠ {sorted(_fields(en))}")
    assert not wrong, "\n".join(wrong)
