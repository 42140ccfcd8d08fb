from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from data_access.figures import summary
from data_access.models import LaoStatus, Snapshot
from data_access.imports.problems import ImportRejected
from data_access.access.scope import Scope
from data_access.imports.status_import import import_status
from tests.support.status_file import (
    EN_HEADER, database_state, write_status_csv, write_status_xlsx,
)

AS_OF = date(2023, 8, 20)
TODAY = date(2023, 8, 21)


def _certified(code, domain, day="15/08/2566"):
    return [code, domain, "รับรองแล้ว", "01/08/2566", "", day, "นายทดสอบ"]


def _rejected(eng, path, as_of=AS_OF) -> list[str]:
    before = database_state(eng)
    with pytest.raises(ImportRejected) as caught:
        import_status(eng, path, 2566, as_of, today=TODAY)
    assert database_state(eng) == before, "a rejected import must leave the database as it was"
    return [str(p) for p in caught.value.problems]


def test_a_complete_lao_and_a_partial_one(eng, registry_2566, tmp_path):
    a, b = registry_2566[:2]
    rows = [_certified(a, d) for d in range(1, 9)] + [[b, 1, "บันทึกแล้ว", "02/08/2566", "", "", ""]]
    result = import_status(eng, write_status_csv(tmp_path / "s.csv", rows), 2566, AS_OF, today=TODAY)
    assert result.rows == 9 and not result.unchanged
    s = summary(eng, 2566, Scope.national(), TODAY)
    assert (s.national.complete, s.national.in_progress) == (1, 1)
    assert s.national.not_started == len(registry_2566) - 2
    assert s.national.cells_certified == 8
    assert s.as_of == AS_OF


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp874"])
def test_thai_text_survives_every_encoding_excel_writes(eng, registry_2566, tmp_path, encoding):
    rows = [[registry_2566[0], "ด้านสาธารณสุข", "รับรองแล้ว", "01/08/2566", "", "15/08/2566", "นางสาวทดสอบ ใจดี"]]
    import_status(eng, write_status_csv(tmp_path / "s.csv", rows, encoding=encoding), 2566, AS_OF, today=TODAY)
    with eng.connect() as conn:
        row = conn.execute(select(LaoStatus.domain_code, LaoStatus.certified_by)).one()
    assert row == (3, "นางสาวทดสอบ ใจดี")


def test_xlsx_with_numeric_codes_date_cells_and_english_headers(eng, registry_2566, tmp_path):
    code = int(registry_2566[0])
    rows = [[code, 2, "certified", datetime(2023, 8, 1, 9, 0), datetime(2023, 8, 3), date(2566, 8, 15), "A"],
            [code, "Water management", "recorded", "2023-08-02", None, None, None]]
    path = write_status_xlsx(tmp_path / "s.xlsx", rows, header=[h.upper() for h in EN_HEADER])
    assert import_status(eng, path, 2566, AS_OF, today=TODAY).rows == 2
    with eng.connect() as conn:
        stored = conn.execute(select(LaoStatus.domain_code, LaoStatus.certified_at)
                              .order_by(LaoStatus.domain_code)).all()
    assert stored == [(2, datetime(2023, 8, 15)), (5, None)]


def test_the_same_file_twice_changes_nothing(eng, registry_2566, tmp_path):
    path = write_status_csv(tmp_path / "s.csv", [_certified(registry_2566[0], 1)])
    first = import_status(eng, path, 2566, AS_OF, today=TODAY)
    before = database_state(eng)
    again = import_status(eng, path, 2566, AS_OF, today=TODAY)
    assert again.unchanged and again.snapshot_id == first.snapshot_id
    assert database_state(eng) == before


def test_the_latest_snapshot_wins_by_as_of_then_import_order(eng, registry_2566, tmp_path):
    code = registry_2566[0]
    newer = write_status_csv(tmp_path / "newer.csv", [_certified(code, d) for d in range(1, 9)])
    older = write_status_csv(tmp_path / "older.csv", [[code, 1, "บันทึกแล้ว", "01/08/2566", "", "", ""]])
    import_status(eng, newer, 2566, AS_OF, today=TODAY)
    import_status(eng, older, 2566, date(2023, 8, 16), today=TODAY)  # imported later, but older data
    assert summary(eng, 2566, Scope.national(), TODAY).national.complete == 1
    tie = write_status_csv(tmp_path / "tie.csv", [[code, 2, "บันทึกแล้ว", "01/08/2566", "", "", ""]])
    import_status(eng, tie, 2566, AS_OF, today=TODAY, allow_regression=True)  # same as-of, imported last: wins
    assert summary(eng, 2566, Scope.national(), TODAY).national.complete == 0


@pytest.mark.parametrize("row, expected", [
    (["9999999", 1, "บันทึกแล้ว", "01/08/2566", "", "", ""], "row 2, column รหัส อปท.: code 9999999 is not in"),
    (["CODE", 9, "บันทึกแล้ว", "01/08/2566", "", "", ""], "row 2, column ด้าน: '9' is not a domain"),
    (["CODE", 1, "done", "01/08/2566", "", "", ""], "row 2, column สถานะ: 'done' is not a status"),
    (["CODE", 1, "บันทึกแล้ว", "31/02/2566", "", "", ""], "row 2, column วันที่บันทึก: '31/02/2566' is not a real date"),
    (["CODE", 1, "บันทึกแล้ว", "25/08/2566", "", "", ""], "row 2, column วันที่บันทึก: 2023-08-25 is after the as-of"),
    (["CODE", 1, "รับรองแล้ว", "01/08/2566", "", "", ""], "row 2, column วันที่รับรอง: required when status"),
    (["CODE", 1, "บันทึกแล้ว", "", "", "", ""], "row 2, column วันที่บันทึก: required when status"),
    (["CODE", 1, "ปรับปรุงแล้ว", "01/08/2566", "", "05/08/2566", ""],
     "row 2, column วันที่รับรอง: a row with status 'ปรับปรุงแล้ว' cannot have certified_at"),
    (["CODE", 1, "ยังไม่บันทึก", "01/08/2566", "", "", ""], "row 2, column วันที่บันทึก: a row with status"),
    (["CODE", 1, "รับรองแล้ว", "10/08/2566", "", "05/08/2566", ""], "row 2, column วันที่รับรอง: certified_at 2023-08-05 is before"),
    (["CODE", 1, "รับรองแล้ว", "05/08/2566 15:00", "", "05/08/2566 09:00", ""], "is before recorded_at"),
])
def test_every_rule_is_checked_and_nothing_is_written(eng, registry_2566, tmp_path, row, expected):
    row = [registry_2566[0] if c == "CODE" else c for c in row]
    problems = _rejected(eng, write_status_csv(tmp_path / "bad.csv", [row]))
    assert any(p.startswith(expected) or expected in p for p in problems), problems


def test_same_day_without_time_is_in_order(eng, registry_2566, tmp_path):
    row = [registry_2566[0], 1, "รับรองแล้ว", "05/08/2566 15:00", "", "05/08/2566", ""]
    assert import_status(eng, write_status_csv(tmp_path / "ok.csv", [row]), 2566, AS_OF, today=TODAY).rows == 1


def test_duplicate_rows_and_all_problems_are_listed_not_only_the_first(eng, registry_2566, tmp_path):
    code = registry_2566[0]
    rows = [_certified(code, 1), _certified(code, "ด้านสาธารณสุขและสิ่งแวดล้อม"), ["123", 1, "x", "", "", "", ""]]
    problems = _rejected(eng, write_status_csv(tmp_path / "dup.csv", rows))
    assert f"row 3, column ด้าน: LAO {code} already has domain 1 on row 2" in problems
    assert any(p.startswith("row 4, column รหัส อปท.") for p in problems)
    assert any(p.startswith("row 4, column สถานะ") for p in problems)


@pytest.mark.parametrize("name, content, expected", [
    ("s.pdf", b"%PDF-1.4", "file: unsupported file type '.pdf'"),
    ("s.csv", b"", "file: the file is empty"),
    ("s.csv", "รหัส อปท.,ด้าน\n".encode(), "file: missing columns: สถานะ (status)"),
    ("s.csv", "รหัส อปท.,ด้าน,สถานะ\n".encode(), "file: the file has a header but no rows"),
    ("s.xlsx", "รหัส อปท.,ด้าน,สถานะ\n".encode(), "file: the file is named .xlsx but is not really"),
])
def test_whole_file_problems(eng, registry_2566, tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    problems = _rejected(eng, path)
    assert any(p.startswith(expected) for p in problems), problems


def test_a_year_without_registry_is_refused(eng, tmp_path):
    path = write_status_csv(tmp_path / "s.csv", [["5810401", 1, "บันทึกแล้ว", "01/08/2566", "", "", ""]])
    with pytest.raises(ImportRejected, match="no registry"):
        import_status(eng, path, 2566, AS_OF, today=TODAY)
    with eng.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Snapshot)) == 0


def test_sqlite_file_is_byte_for_byte_unchanged_after_a_rejected_import(tmp_path, sample_registry_file):
    from data_access.db import engine
    from data_access.imports.registry_import import import_registry

    db = tmp_path / "bytes.sqlite"
    eng = engine(f"sqlite:///{db}")
    import_registry(eng, sample_registry_file, 2566)
    eng.dispose()
    before = Path(db).read_bytes()
    bad = write_status_csv(tmp_path / "bad.csv", [["1234567", 1, "x", "", "", "", ""]])
    with pytest.raises(ImportRejected):
        import_status(eng, bad, 2566, AS_OF, today=TODAY)
    eng.dispose()
    assert Path(db).read_bytes() == before
