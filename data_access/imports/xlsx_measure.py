"""Measure an .xlsx before the Excel reader (python-calamine) opens it.

A few kilobytes of zip can unpack into gigabytes, and the reader allocates a grid of every cell up to the
farthest value of a sheet: one value at XFD1048576 asks for 512 GB and aborts the process. So every part is
unpacked here as a stream, counting the bytes that really come out (a zip's declared sizes may lie), and the
sheets and shared strings are parsed as they stream, placing cells the way the reader does. The first limit
passed (data_access/imports/import_limits.py) refuses the file with a sentence, in bounded time and memory.
"""

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pyexpat import ExpatError, ParserCreate

from data_access.imports import import_limits as lim
from data_access.imports.problems import ImportRejected, file_problem

EOCD = b"PK\x05\x06"
ZIP64_LOCATOR = b"PK\x06\x07"
ZIP64_EOCD = b"PK\x06\x06"
LOCAL_HEADER = b"PK\x03\x04"
# The reader looks parts up by name, ignoring case. It takes a sheet from one of these folders only (the workbook
# names which), so every part in them is measured as a sheet.
SHEET_FOLDERS = ("xl/worksheets/", "xl/chartsheets/", "xl/dialogsheets/")
SHARED_STRINGS = "xl/sharedstrings.xml"
SMALL_PARTS = ("xl/workbook.xml", "xl/styles.xml", "xl/_rels/workbook.xml.rels")
# Parts that would make the reader take the file for another format if its .xlsx reading failed.
OTHER_FORMATS = {"xl/workbook.bin": "an Excel binary workbook (.xlsb)",
                 "content.xml": "an OpenDocument spreadsheet (.ods)"}
CHUNK = 1 << 20
PIECE = 1 << 16  # what the XML parser is fed at a time

NOT_READABLE = "the workbook cannot be read ({}): save it again from Excel as .xlsx, or as CSV"


def shown(text: str, limit: int = 60) -> str:
    """A name or value from the file, safe to print in a sentence: no control characters, not endless."""
    return "".join(c if c.isprintable() else "?" for c in text[:limit])


def cell_name(row: int, col: int) -> str:
    """(0-based row, column) → 'B7'."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


def _column_number(letters: str) -> int:
    col = 0
    for ch in letters.upper():
        col = col * 26 + ord(ch) - 64
    return col - 1


# Every column an import may use, by its letters in either case; anything else is looked at the slow way.
_COLUMNS = {name: i for i in range(lim.MAX_COLUMNS) for name in (cell_name(0, i)[:-1], cell_name(0, i)[:-1].lower())}


def _bad_reference(ref: str, part: str) -> ImportRejected:
    return file_problem(NOT_READABLE.format(f"{shown(part)} has a cell reference '{shown(ref, 20)}' that is not one"))


def _cell_position(ref: str, part: str) -> tuple[int, int]:
    """'B7' → (6, 1), 0-based, as the reader reads a cell reference."""
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters):]
    col = _COLUMNS.get(letters)
    if col is None:
        if not (letters.isascii() and letters.isalpha()):
            raise _bad_reference(ref, part)
        col = _column_number(letters) if len(letters) <= 3 else 1 << 20
    if not digits:
        raise _bad_reference(ref, part)
    return (int(digits) if len(digits) < 10 else 1 << 40) - 1, col


def _row_position(ref: str, part: str) -> int:
    """A row's `r`: its number (the reader also accepts, and ignores, column letters before it)."""
    digits = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    if not digits or not digits.isdigit() or not digits.isascii():
        raise _bad_reference(ref, part)
    return (int(digits) if len(digits) < 10 else 1 << 40) - 1


def _too_far(row: int, col: int) -> ImportRejected:
    where = f"cell {cell_name(row, col)}" if col < 1 << 20 else "a column beyond XFD"
    return file_problem(
        f"the workbook has a value in {where}, far outside any real table (at most {lim.MAX_COLUMNS} columns and "
        f"{lim.MAX_ROWS:,} rows): delete the stray cells, or copy the table into a new workbook")


def _too_many_elements() -> ImportRejected:
    return file_problem(f"the workbook has more than {lim.MAX_XML_ELEMENTS:,} XML elements, far more than any real "
                        "export")


def _too_much_text() -> ImportRejected:
    return file_problem(f"the workbook holds more than {lim.MAX_WORKBOOK_TEXT:,} characters of text, far more than "
                        "any real export")


class _Totals:
    """What all the measured parts add up to."""

    def __init__(self) -> None:
        self.unpacked = 0
        self.elements = 0
        self.text = 0
        self.shared_strings = 0

    def add_text(self, n: int) -> None:
        self.text += n
        if self.text > lim.MAX_WORKBOOK_TEXT:
            raise _too_much_text()


class _XmlPart:
    """Parse one part as it streams. The parser holds an open element, a whole tag, a comment or a processing
    instruction in memory until it ends, so before a chunk reaches it the raw bytes are checked: at most
    MAX_XML_TAG_BYTES between two '<' (no '<' can stand inside a tag), no comment, no processing instruction but
    the XML declaration, no DOCTYPE (entity tricks), UTF-8 or another ASCII-compatible encoding."""

    def __init__(self, part: str, totals: _Totals):
        self.part = part
        self.totals = totals
        self.offset = 0  # bytes fed so far
        self.since_lt = 0  # bytes since the last '<'
        self.tail = b""  # the previous chunk's last bytes, for markers cut in two
        parser = ParserCreate()
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = self._doctype
        self.parser = parser

    def feed(self, chunk: bytes, final: bool = False) -> None:
        # In pieces smaller than any limit, so that a long text meets the cell's limit (a sentence naming the
        # cell) before the raw one.
        try:
            for i in range(0, len(chunk), PIECE):
                piece = chunk[i:i + PIECE]
                self._check_raw(piece)
                self.parser.Parse(piece, False)
            if final:
                self.parser.Parse(b"", True)
        except ExpatError as exc:
            raise file_problem(NOT_READABLE.format(f"{shown(self.part)} is not well-formed XML: {exc}")) from None

    def _check_raw(self, piece: bytes) -> None:
        if self.offset == 0 and (piece.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in piece[:4]):
            raise self._unusual("is not UTF-8")
        first = piece.find(b"<")
        if (first if first >= 0 else len(piece)) + self.since_lt > lim.MAX_XML_TAG_BYTES:
            raise self._unusual(f"has a tag or a text longer than {lim.MAX_XML_TAG_BYTES >> 20} MiB, longer than any "
                                "workbook's")
        last = piece.rfind(b"<")
        self.since_lt = len(piece) - last - 1 if last >= 0 else self.since_lt + len(piece)
        seen = self.tail + piece
        at = seen.find(b"<!")
        while at >= 0:
            if not seen.startswith(b"<![CDATA[", at) and len(seen) - at >= 9:
                raise self._unusual("holds a comment or a DOCTYPE declaration, which no spreadsheet program writes "
                                    "there")
            at = seen.find(b"<!", at + 2)
        at = seen.find(b"<?")
        while at >= 0:
            if self.offset - len(self.tail) + at not in (0, 3):  # the XML declaration, after a BOM or not
                raise self._unusual("holds a processing instruction, which no spreadsheet program writes there")
            at = seen.find(b"<?", at + 2)
        self.offset += len(piece)
        self.tail = piece[-8:]

    def _unusual(self, what: str) -> ImportRejected:
        return file_problem(NOT_READABLE.format(f"{shown(self.part)} {what}"))

    def close(self) -> None:
        self.feed(b"", final=True)

    def _doctype(self, *_: object) -> None:
        raise file_problem(NOT_READABLE.format(f"{shown(self.part)} declares a DOCTYPE, which no workbook has"))

    def _too_deep(self) -> ImportRejected:
        return self._unusual(f"nests elements more than {lim.MAX_XML_DEPTH} deep, deeper than any workbook's")

    def _count_element(self) -> None:
        self.totals.elements += 1
        if self.totals.elements > lim.MAX_XML_ELEMENTS:
            raise _too_many_elements()


# Element kinds of a sheet, by name with or without a namespace prefix (the reader ignores prefixes).
CELL, ROW, DIMENSION, OTHER = 1, 2, 3, 0
_KINDS = {"c": CELL, "row": ROW, "dimension": DIMENSION, "v": OTHER, "is": OTHER, "t": OTHER, "f": OTHER}


def _kind(name: str) -> int:
    kind = _KINDS.get(name)
    return _KINDS.get(name.rpartition(":")[2], OTHER) if kind is None else kind


class _SheetPart(_XmlPart):
    """Place each cell as the reader does: its `r` reference if it has one, else next to the previous one. A cell
    counts once it has a child element (a value); the reader skips the empty ones. The handlers run for every
    element of a sheet of up to millions, so their state lives in closures, not attributes."""

    def __init__(self, part: str, totals: _Totals):
        super().__init__(part, totals)
        row = col = 0
        cell: tuple[int, int] | None = None  # the open cell's position
        valued = False
        cell_text = text_total = 0
        values = elements = depth = 0
        max_row = max_col = -1
        element_budget = lim.MAX_XML_ELEMENTS - totals.elements
        text_budget = lim.MAX_WORKBOOK_TEXT - totals.text
        max_rows, max_columns, max_cell_text = lim.MAX_ROWS, lim.MAX_COLUMNS, lim.MAX_CELL_TEXT_IN_WORKBOOK
        max_depth = lim.MAX_XML_DEPTH

        def start(name: str, attrs: dict) -> None:
            nonlocal row, col, cell, valued, cell_text, elements, values, max_row, max_col, depth
            elements += 1
            depth += 1
            if elements > element_budget or depth > max_depth:
                raise _too_many_elements() if depth <= max_depth else self._too_deep()
            kind = _KINDS.get(name)
            if kind is None:
                kind = _kind(name)
            if kind == CELL:
                ref = attrs.get("r")
                if ref is None:
                    cell = (row, col)
                else:
                    letters = ref.rstrip("0123456789")
                    c = _COLUMNS.get(letters)
                    digits = ref[len(letters):]
                    if c is None or not digits or len(digits) > 9:
                        cell = _cell_position(ref, self.part)
                    else:
                        cell = (int(digits) - 1, c)
                    col = cell[1]
                col += 1
                valued, cell_text = False, 0
            elif kind == ROW:
                cell = None
                ref = attrs.get("r")
                if ref is not None:
                    row = _row_position(ref, self.part)
            elif cell is not None:
                if not valued:  # the reader keeps a cell that has a value
                    valued = True
                    r, c = cell
                    if r >= max_rows or c >= max_columns:
                        raise _too_far(r, c)
                    values += 1
                    if r > max_row:
                        max_row = r
                    if c > max_col:
                        max_col = c
            elif kind == DIMENSION:
                self._check_dimension(attrs.get("ref", ""))

        def end(name: str) -> None:
            nonlocal row, col, cell, depth
            depth -= 1
            kind = _KINDS.get(name)
            if kind is None:
                kind = _kind(name)
            if kind == ROW:
                row += 1
                col = 0
                cell = None
            elif kind == CELL:
                cell = None

        def text(data: str) -> None:
            nonlocal cell_text, text_total
            if cell is None:
                return
            cell_text += len(data)
            text_total += len(data)
            if cell_text > max_cell_text:
                raise file_problem(
                    f"cell {cell_name(*cell)} of the workbook holds more than {max_cell_text:,} characters, Excel's "
                    "own limit for a cell: this is not a real export")
            if text_total > text_budget:
                raise _too_much_text()

        def measured() -> tuple[int, int, int, int, int]:
            return max_row + 1, max_col + 1, values, elements, text_total

        self.parser.StartElementHandler = start
        self.parser.EndElementHandler = end
        self.parser.CharacterDataHandler = text
        self.measured = measured

    def _check_dimension(self, ref: str) -> None:
        corners = ref.split(":")
        if not 1 <= len(corners) <= 2:
            raise file_problem(NOT_READABLE.format(f"{shown(self.part)} gives its extent as '{shown(ref, 40)}'"))
        for corner in corners:
            row, col = _cell_position(corner, self.part)
            if row >= lim.MAX_ROWS or col >= lim.MAX_COLUMNS:
                raise file_problem(
                    f"a sheet of the workbook says it spans {shown(ref, 40)}, far beyond any real table (at most "
                    f"{lim.MAX_COLUMNS} columns and {lim.MAX_ROWS:,} rows): copy the table into a new workbook")

    def close(self) -> None:
        super().close()
        rows, cols, values, elements, text = self.measured()
        self.totals.elements += elements
        self.totals.text += text
        if values > lim.MAX_CELLS:
            raise file_problem(f"a sheet of the workbook holds {values:,} values, more than the {lim.MAX_CELLS:,} an "
                               "import reads")
        grid = rows * cols
        if grid > lim.MAX_CELLS:
            raise file_problem(f"a sheet of the workbook spans {rows:,} rows × {cols} columns = {grid:,} cells, "
                               f"more than the {lim.MAX_CELLS:,} an import reads")
        if grid > lim.SPARSE_GRID_FLOOR + lim.SPARSE_GRID_FACTOR * values:
            raise file_problem(
                f"a sheet of the workbook spans {rows:,} rows × {cols} columns but holds only {values:,} "
                "values: delete the stray cells far below or right of the table, or copy the table into a new "
                "workbook")


class _SharedStringsPart(_XmlPart):
    """The reader loads every shared string before any sheet: count them and measure each one."""

    def __init__(self, part: str, totals: _Totals):
        super().__init__(part, totals)
        in_string = False
        string_text = depth = 0

        def start(name: str, attrs: dict) -> None:
            nonlocal in_string, string_text, depth
            self._count_element()
            depth += 1
            if depth > lim.MAX_XML_DEPTH:
                raise self._too_deep()
            if name == "si" or name.rpartition(":")[2] == "si":
                in_string, string_text = True, 0
                totals.shared_strings += 1
                if totals.shared_strings > lim.MAX_CELLS:
                    raise file_problem(f"the workbook has more than {lim.MAX_CELLS:,} shared texts, more than an "
                                       "import reads")

        def end(name: str) -> None:
            nonlocal in_string, depth
            depth -= 1
            if name == "si" or name.rpartition(":")[2] == "si":
                in_string = False

        def text(data: str) -> None:
            nonlocal string_text
            if not in_string:
                return
            string_text += len(data)
            totals.add_text(len(data))
            if string_text > lim.MAX_CELL_TEXT_IN_WORKBOOK:
                raise file_problem(
                    f"a text of the workbook holds more than {lim.MAX_CELL_TEXT_IN_WORKBOOK:,} characters, "
                    "Excel's own limit for a cell: this is not a real export")

        self.parser.StartElementHandler = start
        self.parser.EndElementHandler = end
        self.parser.CharacterDataHandler = text


class _CountOnly:
    def __init__(self, part: str, cap: int | None = None):
        self.part, self.cap, self.size = part, cap, 0

    def feed(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.cap is not None and self.size > self.cap:
            raise file_problem(f"the workbook's part {shown(self.part)} unpacks to more than "
                               f"{self.cap // (1 << 20)} MiB, far more than any real workbook's")

    def close(self) -> None:
        pass


def _check_directory(data: bytes) -> int:
    """Count the zip's members from its end record, before zipfile reads (and holds) the whole directory."""
    tail = max(0, len(data) - (0xFFFF + 22))
    pos = data.rfind(EOCD, tail)
    if pos < 0 or len(data) - pos < 22 or data.count(EOCD, tail) != 1:
        raise file_problem(NOT_READABLE.format("its zip directory is missing or ambiguous"))
    _, _, _, _, members, directory_size, _, _ = struct.unpack_from("<4s4H2LH", data, pos)
    if members == 0xFFFF or directory_size == 0xFFFFFFFF:
        locator = pos - 20
        if locator < 0 or data[locator:locator + 4] != ZIP64_LOCATOR:
            raise file_problem(NOT_READABLE.format("its zip directory is damaged"))
        (record,) = struct.unpack_from("<Q", data, locator + 8)
        if data[record:record + 4] != ZIP64_EOCD or record + 56 > len(data):
            raise file_problem(NOT_READABLE.format("its zip directory is damaged"))
        members, directory_size = struct.unpack_from("<QQ", data, record + 32)
    if members > lim.MAX_ZIP_MEMBERS or directory_size > lim.MAX_ZIP_DIRECTORY_BYTES:
        raise file_problem(f"the workbook is a zip of {members:,} parts, far more than any real workbook "
                           f"(at most {lim.MAX_ZIP_MEMBERS:,}): this is not an export to import")
    return members


def _unpacked(data: bytes, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's bytes as they really unpack, in chunks: the declared size is not trusted, nor used."""
    if info.flag_bits & 0x1:
        raise file_problem("the workbook is password-protected: save a copy without a password, or as CSV")
    start = info.header_offset
    if start < 0 or start + 30 > len(data) or data[start:start + 4] != LOCAL_HEADER:
        raise file_problem(NOT_READABLE.format(f"the zip entry of {shown(info.filename)} is damaged"))
    name_length, extra_length = struct.unpack_from("<HH", data, start + 26)
    start += 30 + name_length + extra_length
    raw = memoryview(data)[start:start + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        for i in range(0, len(raw), CHUNK):
            yield bytes(raw[i:i + CHUNK])
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        for i in range(0, len(raw), CHUNK):
            pending = raw[i:i + CHUNK]
            while pending and not inflater.eof:
                out = inflater.decompress(pending, CHUNK)
                pending = inflater.unconsumed_tail
                if out:
                    yield out
            if inflater.eof:
                return
    else:
        raise file_problem(NOT_READABLE.format(f"{shown(info.filename)} is compressed in a way Excel does not use"))


def _measurer(name: str, totals: _Totals):
    if name.endswith("/"):  # a folder entry
        return _CountOnly(name)
    if name.startswith(SHEET_FOLDERS):
        return _SheetPart(name, totals)
    if name == SHARED_STRINGS:
        return _SharedStringsPart(name, totals)
    if name in SMALL_PARTS:
        return _CountOnly(name, lim.MAX_SMALL_PART_BYTES)
    return _CountOnly(name)


def measure_xlsx(data: bytes) -> None:
    """Refuse, with a sentence, a workbook that the Excel reader could not hold in bounded memory."""
    expected = _check_directory(data)
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError, struct.error,
            NotImplementedError, OverflowError) as exc:
        raise file_problem(NOT_READABLE.format(f"its zip directory is damaged: {shown(str(exc), 120)}")) from None
    if len(members) != expected:
        raise file_problem(NOT_READABLE.format("its zip directory is damaged"))
    names = [m.filename.lower() for m in members]
    for name, kind in OTHER_FORMATS.items():
        if name in names:
            raise file_problem(f"the file is {kind}, not an .xlsx workbook: save it as .xlsx or as CSV")
    if "xl/workbook.xml" not in names:
        raise file_problem("the file is a zip archive but not an Excel workbook: save the export as .xlsx or CSV")
    declared = sum(m.file_size for m in members)
    if declared > lim.MAX_UNPACKED_BYTES:
        raise _too_big()
    totals = _Totals()
    try:
        for info, name in zip(members, names):
            measurer = _measurer(name, totals)
            for chunk in _unpacked(data, info):
                totals.unpacked += len(chunk)
                if totals.unpacked > lim.MAX_UNPACKED_BYTES:
                    raise _too_big()
                measurer.feed(chunk)
            measurer.close()
    except zlib.error as exc:
        raise file_problem(NOT_READABLE.format(f"its zip data is damaged: {exc}")) from None


def _too_big() -> ImportRejected:
    return file_problem(f"the workbook unpacks to more than {lim.MAX_UNPACKED_BYTES // (1 << 20):,} MiB, far more "
                        "than any real export: this is not a file to import")
