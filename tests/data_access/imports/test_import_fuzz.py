"""Property-based fuzzing of the status and registry readers: whatever bytes arrive, an import either reads them or
refuses them with problems (ImportRejected), never another exception; and one hostile cell in an otherwise valid
file is refused as a problem naming that cell's row and column."""

import io
import uuid
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_access.db import engine as make_engine
from data_access.imports.problems import ImportRejected
from data_access.imports.registry_import import HEADER as REGISTRY_HEADER
from data_access.imports.registry_import import import_registry
from data_access.imports.status_import import import_status
from tests.support.registry_file import coverage_rows, real_registry_records, write_registry_csv
from tests.support.status_file import TH_HEADER, write_status_csv, write_status_xlsx

AS_OF = date(2023, 8, 31)
RECORDS = real_registry_records()[:12]
CODES = [r["dlaCode"] for r in RECORDS]
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
CONTROLS = [chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]]


@pytest.fixture(scope="module")
def eng(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    eng = make_engine(f"sqlite:///{folder / 'fuzz.sqlite'}")
    import_registry(eng, write_registry_csv(folder / "registry.csv", coverage_rows(RECORDS, rows_per_lao=2)), 2566)
    return eng


def _status(eng, path):
    return import_status(eng, path, 2566, AS_OF)


def _registry(eng, path):
    return import_registry(eng, path, 2566)


def _read_or_refused(eng, importer, path: Path) -> None:
    try:
        importer(eng, path)
    except ImportRejected as exc:
        assert exc.problems and all(str(p) for p in exc.problems)


def _stored_workbook() -> bytes:
    """A small valid status workbook whose parts are stored uncompressed, so that damage lands in its XML."""
    buffer = io.BytesIO()
    write_status_xlsx(buffer, [[c, d, "บันทึกแล้ว", "01/08/2566", "", "", ""] for c in CODES[:3] for d in (1, 2)])
    return _repacked(buffer.getvalue(), {})


def _repacked(workbook: bytes, replace: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
    return out.getvalue()


WORKBOOK = _stored_workbook()
SHEET = zipfile.ZipFile(io.BytesIO(WORKBOOK)).read("xl/worksheets/sheet1.xml")
SNIPPETS = [b"<", b"&", b"\x00", b'"', b"9999999", b"<row>", b"</row>", b"<c>", b"<v>1</v>", b"</c>", b"&#0;",
            b"_x0000_", b"<!--", b"-->", b"<![CDATA[", b"]]>", b' r="A0"', b' r="ZZZZ1"', b' r="A99999999999"',
            b'<c r="XFD9"><v>1</v></c>', b'<x:c xmlns:x="u" r="B2"><x:v>2</x:v></x:c>', b"<f>SUM(A1)</f>",
            b'<!DOCTYPE x [<!ENTITY a "b">]>', b"<is><t>\xe0\xb8</t></is>", b' t="s"', b' t="b"', b' t="e"']


def _damaged(draw, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data) - 1))
        edit = draw(st.sampled_from(["flip", "insert", "delete"]))
        if edit == "flip":
            data[at] = draw(st.integers(0, 255))
        elif edit == "insert":
            data[at:at] = draw(st.sampled_from(SNIPPETS))
        else:
            del data[at:at + draw(st.integers(1, 40))]
    if draw(st.booleans()):
        data = data[:draw(st.integers(0, len(data)))]
    return bytes(data)


@st.composite
def damaged_workbooks(draw) -> bytes:
    return _damaged(draw, WORKBOOK)


@st.composite
def damaged_sheets(draw) -> bytes:
    """A sound zip around a damaged sheet: the damage reaches the XML measurement and the Excel reader."""
    return _repacked(WORKBOOK, {"xl/worksheets/sheet1.xml": _damaged(draw, SHEET)})


hostile_bytes = st.one_of(
    st.binary(max_size=3000),
    st.binary(max_size=3000).map(lambda b: b"PK\x03\x04" + b),
    st.text(max_size=1000).map(lambda t: (",".join(TH_HEADER) + "\n" + t).encode("utf-8", "surrogatepass")),
    damaged_workbooks(),
    damaged_sheets(),
)


@SETTINGS
@given(data=hostile_bytes, suffix=st.sampled_from([".csv", ".xlsx"]), importer=st.sampled_from([_status, _registry]))
def test_any_bytes_are_read_or_refused_never_an_exception(eng, tmp_path_factory, data, suffix, importer):
    path = tmp_path_factory.mktemp("b") / f"{uuid.uuid4().hex}{suffix}"
    path.write_bytes(data)
    _read_or_refused(eng, importer, path)


def _status_rows(n: int) -> list[list]:
    return [[CODES[i % len(CODES)], 1 + i // len(CODES), "รับรองแล้ว", "01/08/2566", "", "15/08/2566", "นายทดสอบ"]
            for i in range(n)]


@st.composite
def hostile_values(draw, original: str) -> tuple[str, str]:
    """The field with a control character slipped in, or grown longer than any real value; and the reason."""
    if draw(st.booleans()):
        char = draw(st.sampled_from(CONTROLS))
        at = draw(st.integers(0, len(original)))
        name = "DEL" if char == "\x7f" else ["NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF",
                                             "VT", "FF", "CR", "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK",
                                             "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS",
                                             "US"][ord(char)]
        return original[:at] + char + original[at:], f"contains a control character ({name})"
    length = draw(st.integers(1001, 4000))
    return (original + "ข" * length)[:length], f"is {length:,} characters long"


def _as_stored_in_a_workbook(value: str) -> str:
    """How a workbook keeps a control character: _xHHHH_ (openpyxl refuses the raw character)."""
    return "".join(f"_x{ord(c):04X}_" if c in CONTROLS else c for c in value)


@SETTINGS
@given(data=st.data(), rows=st.integers(2, 30), xlsx=st.booleans())
def test_one_hostile_status_cell_is_a_problem_of_its_row_and_column(eng, tmp_path_factory, data, rows, xlsx):
    table = [[str(c) for c in r] for r in _status_rows(rows)]
    victim, column = data.draw(st.integers(0, rows - 1)), data.draw(st.integers(0, len(TH_HEADER) - 1))
    value, reason = data.draw(hostile_values(table[victim][column]))
    folder = tmp_path_factory.mktemp("s")
    if xlsx:
        table[victim][column] = _as_stored_in_a_workbook(value)
        path = write_status_xlsx(folder / "s.xlsx", table)
    else:
        table[victim][column] = value
        path = write_status_csv(folder / "s.csv", table)
    with pytest.raises(ImportRejected) as caught:
        _status(eng, path)
    assert [str(p) for p in caught.value.problems] == [f"row {victim + 2}, column {TH_HEADER[column]}: {reason}"
                                                       + ("" if "control" in reason else
                                                          ", longer than any real value (at most 1,000)")]


@SETTINGS
@given(data=st.data(), xlsx=st.booleans())
def test_one_hostile_registry_cell_is_a_problem_of_its_row_and_column(eng, tmp_path_factory, data, xlsx):
    table = coverage_rows(RECORDS[:4], rows_per_lao=2)
    victim = data.draw(st.integers(0, len(table) - 1))
    column = data.draw(st.integers(0, len(REGISTRY_HEADER) - 1))
    value, reason = data.draw(hostile_values(table[victim][column]))
    folder = tmp_path_factory.mktemp("r")
    if xlsx:
        table[victim][column] = _as_stored_in_a_workbook(value)
        path = write_status_xlsx(folder / "r.xlsx", table, header=REGISTRY_HEADER)
    else:
        table[victim][column] = value
        path = write_registry_csv(folder / "r.csv", table)
    with pytest.raises(ImportRejected) as caught:
        _registry(eng, path)
    problems = [str(p) for p in caught.value.problems]
    assert len(problems) == 1 and problems[0].startswith(f"row {victim + 2}, column {REGISTRY_HEADER[column]}: "
                                                         f"{reason}"), problems
