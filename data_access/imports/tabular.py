"""Read a CSV or spreadsheet into a header and numbered rows, whatever encoding Thai offices save in.

Hostile files are normal input here. The file's size is checked before it is read, its kind is decided by its
content and must agree with its name, an .xlsx is measured before the Excel reader opens it (xlsx_measure), a CSV
is read a record at a time within the same limits (import_limits), and a cell no field could hold (too long, or
holding a control character) is a row/column problem.
"""

import codecs
import csv
import hashlib
import io
import itertools
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from data_access.imports import import_limits as lim
from data_access.imports.problems import ImportRejected, Problem, file_problem
from data_access.imports.xlsx_measure import cell_name, measure_xlsx, shown

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm"}
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
SAVE_AS = "save it from Excel as .xlsx (Excel Workbook) or as CSV UTF-8"
OTHER_SPREADSHEETS = {".xls": "an Excel 97-2003 workbook (.xls)", ".xlsb": "an Excel binary workbook (.xlsb)",
                      ".ods": "an OpenDocument spreadsheet (.ods)"}
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # C0 controls and DEL, but tab, line feed, return
CONTROL_NAMES = ("NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM "
                 "SUB ESC FS GS RS US").split()
_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)?")
_TEXT_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[Any]]]  # (spreadsheet row number, cells); blank rows and rows in `problems` left out
    problems: list[Problem] = field(default_factory=list)  # cells no field can hold: too long, control characters


def max_import_bytes() -> int:
    from data_access import config

    try:
        return config.settings().info_max_import_bytes
    except ValueError as exc:
        raise file_problem(f"the import size limit cannot be read ({exc})") from None


def _too_large(size: int, limit: int) -> ImportRejected:
    return file_problem(f"the file is {size / lim.MB:,.1f} MB, more than the {limit / lim.MB:,.1f} MB an import "
                        "reads (INFO_MAX_IMPORT_BYTES): check that it is the right file")


def _checked_size(path: Path) -> int:
    """The size of a regular file within the limit, from `stat`, before anything is read."""
    try:
        info = path.stat()
    except OSError as exc:
        raise file_problem(f"cannot open the file ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise file_problem("this is not a file (a folder or a device): give the path of a .csv or .xlsx file")
    limit = max_import_bytes()
    if info.st_size > limit:
        raise _too_large(info.st_size, limit)
    return info.st_size


def _read_bytes(path: Path) -> bytes:
    size = _checked_size(path)
    if size == 0:
        raise file_problem("the file is empty")
    try:
        with open(path, "rb") as f:
            data = f.read(size + 1)  # a file may grow between stat and read
    except OSError as exc:
        raise file_problem(f"cannot open the file ({exc.strerror})") from None
    limit = max_import_bytes()
    if len(data) > limit:
        raise _too_large(len(data), limit)
    return data


def file_sha256(path: str | Path) -> str:
    path = Path(path)
    _checked_size(path)
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError as exc:
        raise file_problem(f"cannot open the file ({exc.strerror})") from None


def control_name(char: str) -> str:
    return "DEL" if char == "\x7f" else CONTROL_NAMES[ord(char)]


def text_problem(value: str) -> str | None:
    """Why no field can hold this text, or None."""
    if len(value) > lim.MAX_CELL_TEXT:
        return (f"is {len(value):,} characters long, longer than any real value (at most "
                f"{lim.MAX_CELL_TEXT:,})")
    m = CONTROL.search(value)
    if m:
        return f"contains a control character ({control_name(m.group())})"
    return None


def _is_utf8(data: bytes) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    step = 1 << 22
    try:
        for i in range(0, len(data), step):
            decoder.decode(data[i:i + step])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _text_lines(data: bytes) -> Iterator[str]:
    """The text's lines, line breaks kept (the csv module needs them inside quoted fields). A line too long for
    any real record is refused before it is decoded."""
    unreadable = file_problem("cannot read the text: it is neither UTF-8 nor Windows-874/TIS-620")
    longest = 4 * lim.MAX_CSV_RECORD_CHARS  # bytes: a UTF-8 character takes at most 4
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise unreadable from None
        for m in _TEXT_LINE.finditer(text):
            if m.end() - m.start() > lim.MAX_CSV_RECORD_CHARS:
                raise _long_record()
            if m.start() == m.end():
                return
            yield m.group()
        return
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    encoding = "utf-8" if _is_utf8(memoryview(data)[start:]) else "cp874"
    for m in _LINE.finditer(data, start):
        if m.end() - m.start() > longest:
            raise _long_record()
        if m.start() == m.end():
            return
        try:
            yield m.group().decode(encoding)
        except UnicodeDecodeError:
            raise unreadable from None


def _long_record(row: int | None = None) -> ImportRejected:
    where = f"row {row}" if row else "a line of the file"
    return file_problem(f"{where} is longer than any real row (more than {lim.MAX_CSV_RECORD_CHARS:,} "
                        "characters): check that it is the right file")


class _RecordLines:
    """Feed the csv reader line by line and stop a record (quoted line breaks included) that grows too long."""

    def __init__(self, lines: Iterable[str]):
        self.lines = iter(lines)
        self.record_chars = 0
        self.record = 1

    def __iter__(self) -> "_RecordLines":
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.record_chars += len(line)
        if self.record_chars > lim.MAX_CSV_RECORD_CHARS:
            raise _long_record(self.record)
        return line


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    lines = _text_lines(data)
    first = next(lines, "")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    feed = _RecordLines(itertools.chain([first], lines))
    cells = 0
    try:
        for n, row in enumerate(csv.reader(feed, delimiter=delimiter, strict=True), 1):
            feed.record_chars, feed.record = 0, n + 1
            if n > lim.MAX_ROWS:
                raise file_problem(f"the file has more than {lim.MAX_ROWS:,} rows, more than an import reads")
            if len(row) > lim.MAX_COLUMNS:
                while row and not row[-1].strip():  # Excel writes a comma for every column it ever used
                    row.pop()
                if len(row) > lim.MAX_COLUMNS:
                    raise file_problem(f"row {n} has {len(row):,} columns; a file may have at most "
                                       f"{lim.MAX_COLUMNS}: check that it is the right file")
            cells += len(row)
            if cells > lim.MAX_CELLS:
                raise file_problem(f"the file has more than {lim.MAX_CELLS:,} cells, more than an import reads")
            yield n, row
    except csv.Error as exc:
        raise file_problem(f"not a well-formed CSV file (row {feed.record}: {shown(str(exc), 120)})") from None


def _is_reader_error(exc: BaseException) -> bool:
    """python-calamine's own errors, and a Rust panic inside it (which is not even an Exception)."""
    return (isinstance(exc, (ValueError, OSError, RuntimeError))
            or type(exc).__module__.startswith(("python_calamine", "pyo3"))
            or type(exc).__name__ == "PanicException")


def _workbook_rows(data: bytes) -> Iterable[tuple[int, list[Any]]]:
    measure_xlsx(data)
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not workbook.sheet_names:
            raise file_problem("the workbook has no sheets")
        raw = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except ImportRejected:
        raise
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as exc:
        if _is_reader_error(exc):
            raise file_problem(f"cannot read the workbook ({shown(str(exc), 200)})") from None
        raise
    return enumerate(raw, 1)


def _looks_like_text(head: bytes) -> bool:
    sample = head.split(b"\n", 1)[0][:4096]
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        return b"\x00" not in sample and len(sample.translate(None, bytes(range(0x20)))) == len(sample)
    return True


def _kind_problem(suffix: str, data: bytes) -> ImportRejected | None:
    """A file whose content is not what its name says."""
    if data.startswith(OLE_MAGIC):
        return file_problem(f"the file is named {suffix} but is an Excel 97-2003 workbook, or a password-protected "
                            f"one: {SAVE_AS}, without a password")
    is_zip = data.startswith(ZIP_MAGIC)
    if suffix in SPREADSHEET_SUFFIXES and not is_zip:
        hint = "it holds text (a CSV file?): name it .csv, or " if _looks_like_text(data[:4096]) else ""
        return file_problem(f"the file is named {suffix} but is not really an Excel workbook: {hint}{SAVE_AS}")
    if suffix in TEXT_SUFFIXES and is_zip:
        return file_problem(f"the file is named {suffix} but is an Excel workbook or another zip archive, not text: "
                            "name it .xlsx, or save it from Excel as CSV UTF-8")
    return None


def _is_blank(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _header(cells: list[Any]) -> list[str]:
    header = ["" if h is None else str(h).strip().lstrip("\ufeff") for h in cells]
    for i, text in enumerate(header):
        reason = text_problem(text)
        if reason:
            raise file_problem(f"the header's column {cell_name(0, i)[:-1]} {reason}: check that it is the right "
                               "file")
    return header


def _row_problems(row_no: int, cells: list[Any], names: list[str]) -> list[Problem]:
    texts = [c for c in cells if type(c) is str]
    joined = "\t".join(texts)
    if len(joined) <= lim.MAX_CELL_TEXT and not CONTROL.search(joined):
        return []  # the common case, one check for the whole row
    problems = []
    for i, value in enumerate(cells):
        reason = text_problem(value) if isinstance(value, str) else None
        if reason:
            column = names[i] if i < len(names) and names[i] else cell_name(0, i)[:-1]
            problems.append(Problem(row_no, column, reason))
    return problems


def read_table(path: str | Path) -> Table:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in OTHER_SPREADSHEETS:
        raise file_problem(f"{OTHER_SPREADSHEETS[suffix]} cannot be imported: {SAVE_AS}")
    if suffix not in SPREADSHEET_SUFFIXES | TEXT_SUFFIXES:
        raise file_problem(f"unsupported file type '{shown(suffix or path.name)}': give a .csv or .xlsx file")
    data = _read_bytes(path)
    if data.isspace():
        raise file_problem("the file is empty")
    problem = _kind_problem(suffix, data)
    if problem:
        raise problem
    numbered = _workbook_rows(data) if suffix in SPREADSHEET_SUFFIXES else _csv_rows(data)
    header: list[str] | None = None
    rows: list[tuple[int, list[Any]]] = []
    problems: list[Problem] = []
    for n, cells in numbered:
        if _is_blank(cells):
            continue
        if header is None:  # row numbers stay the sheet's own, even below leading blank rows
            header = _header(cells)
            continue
        bad = _row_problems(n, cells, header)
        if bad:
            problems.extend(bad)
            continue
        if len(cells) < len(header):
            cells.extend([""] * (len(header) - len(cells)))
        rows.append((n, cells))
    if header is None:
        raise file_problem("the file is empty")
    return Table(header, rows, problems)


def recorded_name(name: str) -> str:
    """A file name as the snapshot and the audit record it: valid UTF-8 (a name of undecodable bytes arrives with
    surrogates, which PostgreSQL refuses), no control characters, at most 500 characters."""
    text = name.encode("utf-8", "replace").decode("utf-8")
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text[:500] or "file"
