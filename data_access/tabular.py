"""Read a CSV or spreadsheet into a header and numbered rows, whatever encoding Thai offices save in."""

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from data_access.problems import file_problem

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[Any]]]  # (spreadsheet row number, cells); blank rows are left out


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-874/TIS-620 as Excel on Thai Windows writes."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp874")
    except UnicodeDecodeError:
        raise file_problem("cannot read the text: it is neither UTF-8 nor Windows-874/TIS-620") from None


def _read_csv(data: bytes) -> list[list[Any]]:
    text = decode_text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise file_problem(f"not a well-formed CSV file ({exc})") from None


def _read_spreadsheet(path: Path, data: bytes) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook

    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm", ".ods"} and not data.startswith(ZIP_MAGIC):
        raise file_problem(f"the file is named {suffix} but is not really a spreadsheet of that kind")
    if suffix == ".xls" and not data.startswith(OLE_MAGIC):
        raise file_problem("the file is named .xls but is not really an Excel 97-2003 workbook")
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not workbook.sheet_names:
            raise file_problem("the workbook has no sheets")
        return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (ValueError, OSError, RuntimeError) as exc:
        raise file_problem(f"cannot read the workbook ({exc})") from None
    except Exception as exc:  # calamine raises its own error types for broken archives
        if type(exc).__module__.startswith("python_calamine"):
            raise file_problem(f"cannot read the workbook ({exc})") from None
        raise


def _is_blank(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def read_table(path: str | Path) -> Table:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SPREADSHEET_SUFFIXES | TEXT_SUFFIXES:
        raise file_problem(f"unsupported file type '{suffix or path.name}': give a .csv or .xlsx file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise file_problem(f"cannot open the file ({exc.strerror})") from None
    if not data.strip():
        raise file_problem("the file is empty")
    raw = _read_spreadsheet(path, data) if suffix in SPREADSHEET_SUFFIXES else _read_csv(data)
    numbered = [(i + 1, cells) for i, cells in enumerate(raw)]
    numbered = [(n, cells) for n, cells in numbered if not _is_blank(cells)]
    if not numbered:
        raise file_problem("the file is empty")
    _, header = numbered[0]  # row numbers stay the sheet's own, even below leading blank rows
    header_text = ["" if h is None else str(h).strip().lstrip("\ufeff") for h in header]
    rows = [(n, list(cells) + [""] * (len(header_text) - len(cells))) for n, cells in numbered[1:]]
    return Table(header_text, rows)


def file_sha256(path: Path) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError as exc:
        raise file_problem(f"cannot open the file ({exc.strerror})") from None
