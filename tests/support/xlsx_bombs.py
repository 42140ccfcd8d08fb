"""Hand-made .xlsx files, hostile ones included: a minimal workbook whose sheet XML the test writes itself,
streamed into the zip so that a gigabyte of text costs the test no memory."""

import struct
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>')
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>')
SHEET_OPEN = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<dimension ref="{dimension}"/><sheetData>')
SHEET_CLOSE = "</sheetData></worksheet>"


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def row(number: int, cells: Iterable[str]) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'


def header_row(header: list[str]) -> str:
    return row(1, (text_cell(f"{chr(65 + i)}1", h) for i, h in enumerate(header)))


def write_xlsx(path: Path, sheet_data: Iterable[str | bytes], dimension: str = "A1",
               shared_strings: Iterable[str | bytes] | None = None, extra: dict[str, bytes] | None = None,
               doctype: str = "") -> Path:
    """A workbook of one sheet whose <sheetData> content is `sheet_data`, streamed piece by piece."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        opening = SHEET_OPEN.format(dimension=dimension, doctype=doctype)
        _stream(z, "xl/worksheets/sheet1.xml", [opening, sheet_data, SHEET_CLOSE])
        if shared_strings is not None:
            _stream(z, "xl/sharedStrings.xml", [
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">', shared_strings, "</sst>"])
        for name, content in (extra or {}).items():
            z.writestr(name, content)
    return path


def _stream(z: zipfile.ZipFile, name: str, pieces: Iterable) -> None:
    with z.open(name, "w") as out:
        for piece in _flat(pieces):
            out.write(piece.encode() if isinstance(piece, str) else piece)


def _flat(pieces: Iterable) -> Iterable[str | bytes]:
    for piece in pieces:
        if isinstance(piece, (str, bytes)):
            yield piece
        else:
            yield from _flat(piece)


def repeated(text: str, times: int, per_piece: int = 1 << 16) -> Iterable[str]:
    """`text` × `times`, in pieces, never all in memory."""
    done = 0
    while done < times:
        n = min(per_piece, times - done)
        yield text * n
        done += n


def declare_sizes(path: Path, member: str, size: int) -> Path:
    """Make the zip lie: the member's local header and its directory entry claim it unpacks to `size` bytes."""
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo(member)
    struct.pack_into("<L", data, info.header_offset + 22, size)
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        name_length = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46:pos + 46 + name_length].decode() == member:
            struct.pack_into("<L", data, pos + 24, size)
        pos = data.find(b"PK\x01\x02", pos + 46)
    path.write_bytes(bytes(data))
    return path


def many_members(path: Path, count: int) -> Path:
    """A workbook's parts plus `count` empty ones, packed by hand (zipfile takes seconds for 100,000 parts)."""
    parts = [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS), ("xl/workbook.xml", WORKBOOK),
             ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
             ("xl/worksheets/sheet1.xml", SHEET_OPEN.format(dimension="A1", doctype="") + SHEET_CLOSE)]
    parts += [(f"x/{i}", "") for i in range(count)]
    local, central = bytearray(), bytearray()
    for name, text in parts:
        name_bytes, data = name.encode(), text.encode()
        crc = zlib.crc32(data)
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 0, 0, 0, crc, len(data), len(data),
                               len(name_bytes), 0, 0, 0, 0, 0, len(local)) + name_bytes
        local += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 0, 0, 0, crc, len(data), len(data),
                             len(name_bytes), 0) + name_bytes + data
    end = len(local) + len(central)
    zip64_end = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, len(parts), len(parts), len(central),
                            len(local))
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, end, 1)
    eocd = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, len(central), len(local), 0)
    path.write_bytes(bytes(local + central) + zip64_end + locator + eocd)
    return path
