"""Hostile files for the importers (issue 9, defects 2 and 3): each is refused with a sentence, before the Excel
reader sees it when it is a bomb, in bounded memory, and the database is left exactly as it was."""

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from data_access.imports import import_limits as lim
from data_access.imports.problems import ImportRejected
from data_access.imports.registry_import import import_registry
from data_access.imports.status_import import import_status
from tests.support.status_file import TH_HEADER, database_state, write_status_csv, write_status_xlsx
from tests.support.xlsx_bombs import (
    declare_sizes, header_row, many_members, repeated, row, text_cell, write_xlsx,
)

AS_OF = date(2023, 8, 20)
TODAY = date(2023, 8, 21)
HEADER = TH_HEADER[:3]
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def _far(ref: str, number: int):
    return lambda p: write_xlsx(p, [header_row(HEADER), row(number, [text_cell(ref, "x")])])


# name → (how to build it, a phrase its one problem must contain)
BOMBS = {
    "one cell at XFD1048576": (_far("XFD1048576", 1048576), "cell XFD1048576, far outside any real table"),
    "one cell at ZZ200000": (_far("ZZ200000", 200000), "cell ZZ200000, far outside any real table"),
    "one value at M1048576": (_far("M1048576", 1048576), "spans 1,048,576 rows × 13 columns but holds only"),
    "a 300 MB text cell": (lambda p: write_xlsx(p, [
        header_row(HEADER), '<row r="2"><c r="A2" t="inlineStr"><is><t>', repeated("ก", 100_000_000),
        "</t></is></c></row>"]), "cell A2 of the workbook holds more than 32,767 characters"),
    "a 100 MB shared text": (lambda p: write_xlsx(
        p, [header_row(HEADER), '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'],
        shared_strings=["<si><t>", repeated("A", 100_000_000), "</t></si>"]), "a text of the workbook holds more"),
    "a dimension tag hiding ZZ200000": (lambda p: write_xlsx(
        p, [header_row(HEADER), row(200000, [text_cell("ZZ200000", "x")])], dimension="A1:C2"), "cell ZZ200000"),
    "a dimension tag claiming XFD1048576": (lambda p: write_xlsx(p, [header_row(HEADER)],
                                                                 dimension="A1:XFD1048576"), "says it spans"),
    "cells without references past column 64": (lambda p: write_xlsx(
        p, [header_row(HEADER), "<row>", repeated("<c><v>1</v></c>", 100), "</row>"]), "cell BM2"),
    "prefixed elements": (lambda p: write_xlsx(p, [
        header_row(HEADER), '<x:row xmlns:x="urn:x" r="2"><x:c r="ZZ2"><x:v>1</x:v></x:c></x:row>']), "cell ZZ2"),
    "a zip claiming a 100-byte sheet": (lambda p: declare_sizes(_far("XFD9", 9)(p), "xl/worksheets/sheet1.xml", 100),
                                        "cell XFD9"),
    "a zip of 100,000 parts": (lambda p: many_members(p, 100_000), "a zip of 100,005 parts"),
    "elements nested 1,000,000 deep": (lambda p: write_xlsx(p, [
        header_row(HEADER), '<row r="2"><c r="A2">', repeated("<x>", 1_000_000), repeated("</x>", 1_000_000),
        "</c></row>"]), "nests elements more than 64 deep"),
    "a tag with a million attributes": (lambda p: write_xlsx(p, [
        header_row(HEADER), '<row r="2"><c r="A2" ', (f'a{i}=">" ' for i in range(1_000_000)), "/></row>"]),
        "has a tag or a text longer than 1 MiB"),
    "a 100 MB comment": (lambda p: write_xlsx(p, [header_row(HEADER), "<!--", repeated("-> ", 33_000_000), "-->"]),
                         "holds a comment"),
    "a processing instruction": (lambda p: write_xlsx(p, [header_row(HEADER), "<?x y?>"]),
                                 "holds a processing instruction"),
    "a sheet in UTF-16": (lambda p: write_xlsx(p, [header_row(HEADER)], extra={
        "xl/worksheets/sheet2.xml": '<?xml version="1.0" encoding="UTF-16"?><worksheet/>'.encode("utf-16")}),
        "is not UTF-8"),
    "entities in a DOCTYPE": (lambda p: write_xlsx(p, [header_row(HEADER), row(2, [text_cell("A2", "&a;")])],
                                                   doctype='<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]>'), "DOCTYPE"),
    "a CSV named .xlsx": (lambda p: p.write_bytes(",".join(TH_HEADER).encode() + b"\n5810401,1,x\n"),
                          "is named .xlsx but is not really an Excel workbook: it holds text"),
    "an .xls named .xlsx": (lambda p: p.write_bytes(OLE), "Excel 97-2003 workbook, or a password-protected one"),
    "an .ods named .xlsx": (lambda p: write_xlsx(p, [header_row(HEADER)], extra={"content.xml": b"<x/>"}),
                            "OpenDocument spreadsheet"),
    "a zip that is no workbook": (lambda p: _plain_zip(p), "a zip archive but not an Excel workbook"),
}
# name → (file name, how to build it, phrase)
OTHER_FILES = {
    "an .xlsx named .csv": ("s.csv", lambda p: write_status_xlsx(p, []), "is named .csv but is an Excel workbook"),
    "an .xls": ("s.xls", lambda p: p.write_bytes(OLE), "Excel 97-2003 workbook (.xls) cannot be imported"),
    "an .ods": ("s.ods", lambda p: p.write_bytes(b"PK\x03\x04"), "OpenDocument spreadsheet (.ods) cannot be"),
    "a 10 MB line": ("s.csv", lambda p: p.write_bytes(b"a" * 10_000_000), "longer than any real row"),
    "a quoted field over 200,000 lines": ("s.csv", lambda p: p.write_bytes(
        ",".join(TH_HEADER).encode() + b'\n"' + b"\n" * 200_000 + b'"\n'), "row 2 is longer than any real row"),
    "a row of 200 columns": ("s.csv", lambda p: p.write_bytes(",".join(TH_HEADER).encode() + b"\n" + b"x," * 200),
                             "row 2 has 200 columns"),
    "a sparse 300 MB file": ("s.csv", lambda p: _sparse(p, 300_000_000), "the file is 300.0 MB, more than"),
    "a control character in the header": ("s.csv", lambda p: p.write_bytes("รหัส อปท.,ด้าน\x00,สถานะ\n".encode()),
                                          "the header's column B contains a control character (NUL)"),
}


def _plain_zip(path: Path) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    return path


def _sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as f:
        f.truncate(size)
    return path


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    built = {}
    for i, (name, (build, _)) in enumerate(BOMBS.items()):
        built[name] = folder / f"bomb{i}.xlsx"
        build(built[name])
    return built


def _refusal(eng, importer, path) -> list[str]:
    before = database_state(eng)
    with pytest.raises(ImportRejected) as caught:
        importer(eng, path)
    assert database_state(eng) == before, "a refused import must leave the database as it was"
    return [str(p) for p in caught.value.problems]


def _status(eng, path):
    return import_status(eng, path, 2566, AS_OF, today=TODAY)


def _registry(eng, path):
    return import_registry(eng, path, 2566)


@pytest.mark.parametrize("name", BOMBS)
def test_a_bomb_is_one_file_problem_for_both_importers_and_changes_nothing(eng, registry_2566, bombs, name):
    phrase = BOMBS[name][1]
    for importer in (_status, _registry):
        problems = _refusal(eng, importer, bombs[name])
        assert len(problems) == 1 and problems[0].startswith("file: ") and phrase in problems[0], problems


@pytest.mark.parametrize("name", OTHER_FILES)
def test_a_hostile_file_is_one_file_problem_and_changes_nothing(eng, registry_2566, tmp_path, name):
    file_name, build, phrase = OTHER_FILES[name]
    path = tmp_path / file_name
    build(path)
    for importer in (_status, _registry):
        problems = _refusal(eng, importer, path)
        assert len(problems) == 1 and problems[0].startswith("file: ") and phrase in problems[0], problems


def test_a_device_or_a_folder_is_refused_without_reading_it(eng, registry_2566, tmp_path):
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    for path in (Path("/dev/zero"), folder):
        for importer in (_status, _registry):
            problems = _refusal(eng, importer, path)
            assert problems == ["file: this is not a file (a folder or a device): give the path of a .csv or .xlsx "
                                "file"]


def test_the_size_limit_comes_from_the_environment(eng, registry_2566, tmp_path, monkeypatch):
    path = write_status_csv(tmp_path / "s.csv", [[registry_2566[0], 1, "บันทึกแล้ว", "01/08/2566", "", "", ""]])
    monkeypatch.setenv("INFO_MAX_IMPORT_BYTES", "100")
    problems = _refusal(eng, _status, path)
    assert problems == [f"file: the file is {path.stat().st_size / 1e6:,.1f} MB, more than the 0.0 MB an import "
                        "reads (INFO_MAX_IMPORT_BYTES): check that it is the right file"]
    monkeypatch.setenv("INFO_MAX_IMPORT_BYTES", str(path.stat().st_size))
    assert _status(eng, path).rows == 1


def test_rows_beyond_the_limit_are_refused_as_they_are_read(eng, registry_2566, tmp_path, monkeypatch):
    monkeypatch.setattr(lim, "MAX_ROWS", 1000)
    path = tmp_path / "s.csv"
    path.write_bytes(",".join(TH_HEADER).encode() + b"\n" * 1001)
    assert _refusal(eng, _status, path) == ["file: the file has more than 1,000 rows, more than an import reads"]


def test_unpacked_bytes_are_counted_not_taken_from_the_zip(eng, registry_2566, tmp_path, monkeypatch):
    monkeypatch.setattr(lim, "MAX_UNPACKED_BYTES", 32 << 20)
    path = write_xlsx(tmp_path / "s.xlsx", [header_row(HEADER)], extra={"xl/media/image1.png": bytes(64 << 20)})
    declare_sizes(path, "xl/media/image1.png", 10)
    problems = _refusal(eng, _status, path)
    assert problems == ["file: the workbook unpacks to more than 32 MiB, far more than any real export: this is "
                        "not a file to import"]


def _row(code, certifier="นายทดสอบ"):
    return [code, 1, "รับรองแล้ว", "01/08/2566", "", "15/08/2566", certifier]


@pytest.mark.parametrize("value, reason", [
    ("นาย\x00ทดสอบ", "contains a control character (NUL)"),
    ("\x1b[31mนายทดสอบ", "contains a control character (ESC)"),
    ("ก" * 1001, "is 1,001 characters long, longer than any real value (at most 1,000)"),
], ids=["NUL", "ESC", "1001 characters"])
@pytest.mark.parametrize("writer", [write_status_csv, write_status_xlsx])
def test_a_cell_no_field_can_hold_is_a_row_and_column_problem(eng, registry_2566, tmp_path, writer, value, reason):
    if writer is write_status_xlsx:
        value = value.replace("\x00", "_x0000_").replace("\x1b", "_x001B_")  # how a workbook stores them
    rows = [_row(registry_2566[0]), _row(registry_2566[1], value), _row(registry_2566[2], "x\ty\nz")]
    path = writer(tmp_path / ("s.csv" if writer is write_status_csv else "s.xlsx"), rows)
    problems = _refusal(eng, _status, path)
    assert problems == [f"row 3, column ผู้รับรอง: {reason}"]


@pytest.mark.parametrize("column, value, problem", [
    (5, "{}\x07", "row 4, column อปท.: contains a control character (BEL)"),
    (9, "1e999", "row 4, column ขนาดพื้นที่: '1e999' is not a number"),  # a float, but an infinite one
    (10, "nan", "row 4, column LAT: 'nan' is not a number"),
])
def test_a_hostile_registry_cell_names_its_row_and_column(eng, tmp_path, sample_registry_file, column, value,
                                                          problem):
    lines = sample_registry_file.read_text(encoding="utf-8-sig").splitlines()
    fields = lines[3].split(",")
    fields[column] = value.format(fields[column])
    lines[3] = ",".join(fields)
    path = tmp_path / "registry.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _refusal(eng, _registry, path) == [problem]


# Runs the command from a small launcher process: a child's peak memory counts the memory of the process it was
# forked from until it execs, and a pytest worker with the app loaded is itself over 200 MiB.
_LAUNCHER = """
import json, os, resource, sys
limit = int(sys.argv[1])
pid = os.fork()
if pid == 0:
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    os.execv(sys.executable, [sys.executable, "-m", "data_access", *sys.argv[2:]])
_, status, usage = os.wait4(pid, 0)
print(json.dumps([os.waitstatus_to_exitcode(status), usage.ru_maxrss * 1024]))
"""


def _cli(args: list[str], url: str, data_limit: int = 1 << 30) -> tuple[int, str, int]:
    """Exit code, stderr and peak resident memory (bytes) of one command, run under a data-size limit so that a
    regression fails the test instead of the machine."""
    env = dict(os.environ, DATABASE_URL=url, INFO_TODAY="2026-11-26")
    out = subprocess.run([sys.executable, "-c", _LAUNCHER, str(data_limit), *args], capture_output=True, text=True,
                         env=env, cwd=Path(__file__).resolve().parents[3], check=True)
    code, peak = json.loads(out.stdout.strip().splitlines()[-1])
    return code, out.stderr, peak


@pytest.fixture(scope="module")
def seeded_sqlite(tmp_path_factory) -> str:
    from data_access.db import engine
    from tests.support.registry_file import coverage_rows, real_registry_records, write_registry_csv

    folder = tmp_path_factory.mktemp("cli")
    url = f"sqlite:///{folder / 'cli.sqlite'}"
    import_registry(engine(url), write_registry_csv(folder / "r.csv", coverage_rows(real_registry_records()[:20])),
                    2566)
    return url


@pytest.mark.parametrize("name", ["one cell at XFD1048576", "one cell at ZZ200000", "one value at M1048576",
                                  "a 300 MB text cell", "a 100 MB shared text", "a dimension tag hiding ZZ200000",
                                  "a zip of 100,000 parts", "elements nested 1,000,000 deep",
                                  "a tag with a million attributes", "a 100 MB comment", "a CSV named .xlsx",
                                  "an .xls named .xlsx"])
def test_a_bomb_is_refused_by_the_cli_in_bounded_memory(seeded_sqlite, bombs, name):
    code, stderr, peak = _cli(["import-status", str(bombs[name]), "--fiscal-year", "2566", "--as-of", "2023-08-15"],
                              seeded_sqlite)
    assert code == 2 and stderr.startswith("file: ") and "Traceback" not in stderr, stderr
    assert BOMBS[name][1] in stderr
    assert peak < lim.REFUSED_BOMB_PEAK_RSS, f"peak {peak >> 20} MiB"


def test_a_nul_in_the_certifier_is_a_row_problem_on_the_cli_not_a_copy_traceback(db_url, tmp_path,
                                                                                 sample_registry_file,
                                                                                 sample_records):
    from data_access.db import engine

    import_registry(engine(db_url), sample_registry_file, 2566)
    codes = [r["dlaCode"] for r in sample_records]
    before = _without_audit(engine(db_url))
    path = write_status_csv(tmp_path / "s.csv", [_row(codes[0]), _row(codes[1]), _row(codes[2], "นาย\x00ทดสอบ")])
    code, stderr, _ = _cli(["import-status", str(path), "--fiscal-year", "2566", "--as-of", "2023-08-15"], db_url)
    assert code == 2 and "Traceback" not in stderr and "COPY" not in stderr, stderr
    assert stderr.splitlines()[0] == "row 4, column ผู้รับรอง: contains a control character (NUL)"
    assert _without_audit(engine(db_url)) == before


def _without_audit(eng) -> dict:
    """The command line records each refusal in the audit trail; everything else must stay as it was."""
    return {table: rows for table, rows in database_state(eng).items() if table != "audit"}
