"""An upload is typed by its content, capped, named by us on disk, and its problem list is safe to open in Excel."""

import csv
import io

from components.admin_upload import (
    DEFAULT_MAX_UPLOAD_MB, NAME_MAX, clean_name, max_upload_mb, problems_csv, sniff, temporary_copy,
)
from data_access.imports.problems import Problem

CAP = 1000


def test_the_type_comes_from_the_content_and_a_disagreeing_name_is_noticed():
    assert (sniff("a.xlsx", b"PK\x03\x04", CAP).kind, sniff("a.xlsx", b"PK\x03\x04", CAP).name_disagrees) == \
        ("xlsx", False)
    assert (sniff("a.csv", b"PK\x03\x04", CAP).kind, sniff("a.csv", b"PK\x03\x04", CAP).name_disagrees) == \
        ("xlsx", True)
    text = "รหัส อปท.,ด้าน\n".encode("cp874")
    assert (sniff("a.xlsx", text, CAP).kind, sniff("a.xlsx", text, CAP).name_disagrees) == ("csv", True)
    assert sniff("a.CSV", b"a\tb\r\n1\t2\r\n", CAP) == sniff("a.csv", b"a\tb\r\n1\t2\r\n", CAP)
    assert sniff("a.csv", "a,b\n".encode("utf-16"), CAP).kind == "csv"  # NULs, but after a UTF-16 BOM


def test_empty_binary_old_excel_and_oversized_files_are_refused_by_content():
    assert sniff("a.csv", b"", CAP).refusal == "ad_up_empty"
    assert sniff("a.csv", b" \r\n\t", CAP).refusal == "ad_up_empty"
    assert sniff("a.csv", b"a,b\n1,\x002\n", CAP).refusal == "ad_up_binary"
    assert sniff("a.csv", b"\x1b[31mred", CAP).refusal == "ad_up_binary"
    assert sniff("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1", CAP).refusal == "ad_up_xls"
    assert sniff("a.csv", b"x" * (CAP + 1), CAP).refusal == "ad_up_too_big"
    assert sniff("a.csv", b"x" * CAP, CAP).refusal is None


def test_the_cap_comes_from_the_environment_or_the_default(monkeypatch):
    for value, expected in (("", DEFAULT_MAX_UPLOAD_MB), ("7", 7), ("0", DEFAULT_MAX_UPLOAD_MB),
                            ("-3", DEFAULT_MAX_UPLOAD_MB), ("lots", DEFAULT_MAX_UPLOAD_MB)):
        monkeypatch.setenv("INFO_MAX_UPLOAD_MB", value)
        assert max_upload_mb() == expected


def test_the_uploaded_name_is_only_text():
    assert clean_name("../../etc/passwd.csv") == "../../etc/passwd.csv"
    assert clean_name("a\x00b\u202e\r\n.csv") == "ab.csv"
    assert len(clean_name("ก" * 1000)) == NAME_MAX
    assert clean_name(None) == clean_name("\x00") == "upload"
    with temporary_copy(b"data", ".csv") as path:
        assert path.name.startswith("info-upload-") and path.suffix == ".csv" and path.read_bytes() == b"data"
    assert not path.exists()


def test_the_problem_list_never_runs_as_a_formula_in_excel():
    data = problems_csv([Problem(None, None, "=HYPERLINK(\"http://x\")"), Problem(3, "@SUM(A1)", "bad value")])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1] == ["file", "", "'=HYPERLINK(\"http://x\")"]
    assert rows[2] == ["3", "'@SUM(A1)", "bad value"]
