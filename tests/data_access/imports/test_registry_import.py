import csv
from collections import Counter

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from data_access.figures import summary
from data_access.models import Lao
from data_access.imports.problems import ImportRejected
from data_access.reference import LAO_TYPES
from data_access.imports.registry_import import HEADER, import_registry
from data_access.access.scope import Scope
from tests.conftest import PINNED_TODAY
from tests.support.registry_file import coverage_rows, real_registry_records, write_registry_csv
from tests.support.status_file import database_state


def _laos(eng) -> dict[str, Lao]:
    with eng.connect() as conn:
        return {r.code: r for r in conn.execute(select(Lao.__table__))}


def test_the_real_2566_registry_in_the_published_format(eng, tmp_path):
    """The real registry as DLA publishes it: 13 Thai columns, ~10 rows per LAO, quoting quirks."""
    records = real_registry_records()
    path = write_registry_csv(tmp_path / "re01_9112566tambon.csv", coverage_rows(records))
    result = import_registry(eng, path, 2566)
    assert result.laos == 7849 and result.warnings == []
    s = summary(eng, 2566, Scope.national(), PINNED_TODAY)
    assert len(s.provinces) == 76 and "10" not in {p["code"] for p in s.provinces}
    assert {t["type"]: t["laos"] for t in s.types} == {t.label: t.expected_2566 for t in LAO_TYPES}
    laos = _laos(eng)
    assert laos["3200408"].type == "ท้องถิ่นรูปแบบพิเศษ"  # Pattaya: code starts with 3
    assert laos["6130408"].type == "เทศบาลตำบล"  # type from the registry, never from the first digit
    assert sum(1 for lao in laos.values() if lao.lat is not None) == 4898
    expected = Counter(r["provinceCode"] for r in records)
    assert {p["code"]: p["laos"] for p in s.provinces} == dict(expected)


def test_quoting_missing_values_and_bom(eng, tmp_path, sample_records):
    path = write_registry_csv(tmp_path / "r.csv", coverage_rows(sample_records, rows_per_lao=2), bom=False)
    import_registry(eng, path, 2566)
    laos = _laos(eng)
    websites = {lao.website for lao in laos.values()}
    assert "www,tlpm.go.th" in websites  # a comma inside a quoted field
    assert '"-"' not in websites and "-" not in websites  # """-""" and - mean "none"
    no_coords = [r["dlaCode"] for r in sample_records if r["centerLat"] is None]
    assert all(laos[c].lat is None and laos[c].area_km2 is None for c in no_coords)


def test_xlsx_with_the_same_header(eng, tmp_path, sample_records):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in coverage_rows(sample_records, rows_per_lao=2):
        ws.append([int(row[3]) if i == 3 else row[i] for i in range(len(row))])  # Excel turned codes into numbers
    wb.save(tmp_path / "r.xlsx")
    assert import_registry(eng, tmp_path / "r.xlsx", 2566).laos == len(sample_records)


def test_unmatched_district_is_a_listed_warning_and_the_lao_is_kept(eng, tmp_path, sample_records):
    rows = coverage_rows(sample_records, rows_per_lao=2)
    for row in rows:
        if row[3] == sample_records[0]["dlaCode"]:
            row[1] = "อำเภอที่ไม่มีจริง"
    result = import_registry(eng, write_registry_csv(tmp_path / "r.csv", rows), 2566)
    assert len(result.warnings) == 1 and "อำเภอที่ไม่มีจริง" in result.warnings[0]
    lao = _laos(eng)[sample_records[0]["dlaCode"]]
    assert (lao.district_code, lao.district_name_th) == (None, "อำเภอที่ไม่มีจริง")


def test_district_prefixes_and_spacing_still_match(eng, tmp_path, sample_records):
    rows = coverage_rows(sample_records, rows_per_lao=1)
    for row in rows:
        row[1] = "อำเภอ " + row[1]
    result = import_registry(eng, write_registry_csv(tmp_path / "r.csv", rows), 2566)
    assert result.warnings == [] and all(lao.district_code for lao in _laos(eng).values())


def test_conflicting_repeats_and_bad_cells_are_all_reported_and_nothing_is_written(eng, tmp_path, sample_records):
    rows = coverage_rows(sample_records, rows_per_lao=3)
    rows[1][5] = "ชื่ออื่น"  # same code, another name, on spreadsheet row 3
    rows[2][4] = "เทศบาลนคร" if rows[2][4] != "เทศบาลนคร" else "อบต."
    rows[4][10] = "north"
    rows[5][0] = "ไม่มีจังหวัดนี้"
    before = database_state(eng)
    with pytest.raises(ImportRejected) as caught:
        import_registry(eng, write_registry_csv(tmp_path / "r.csv", rows), 2566)
    problems = [str(p) for p in caught.value.problems]
    assert any(p.startswith("row 3, column อปท.: 'ชื่ออื่น' conflicts with") for p in problems)
    assert any(p.startswith("row 4, column ประเภท อปท.") for p in problems)
    assert any(p.startswith("row 6, column LAT: 'north' is not a number") for p in problems)
    assert any(p.startswith("row 7, column จังหวัด") for p in problems)
    assert database_state(eng) == before


def test_wrong_header_is_a_file_problem(eng, tmp_path, sample_records):
    path = write_registry_csv(tmp_path / "r.csv", coverage_rows(sample_records, 1), header=HEADER[:-1] + ["web"])
    with pytest.raises(ImportRejected, match="file: missing columns: เว็ปไซต์ของอปท"):
        import_registry(eng, path, 2566)


def test_reimporting_the_same_registry_changes_nothing(eng, sample_registry_file):
    import_registry(eng, sample_registry_file, 2566)
    before = database_state(eng)
    assert import_registry(eng, sample_registry_file, 2566).unchanged
    assert database_state(eng) == before


def test_a_new_edition_updates_in_place(eng, tmp_path, sample_records):
    import_registry(eng, write_registry_csv(tmp_path / "a.csv", coverage_rows(sample_records, 1)), 2566)
    rows = coverage_rows(sample_records, 1)
    rows[0][5] = "ชื่อใหม่"
    rows = rows[:-1]  # one LAO merged away (it has no statuses, so it may go)
    import_registry(eng, write_registry_csv(tmp_path / "b.csv", rows), 2566)
    laos = _laos(eng)
    assert len(laos) == len(sample_records) - 1 and laos[rows[0][3]].name_th == "ชื่อใหม่"


def test_the_fiscal_year_is_created_with_the_letters_deadline(eng, sample_registry_file):
    import_registry(eng, sample_registry_file, 2565)
    import_registry(eng, sample_registry_file, 2571)
    assert summary(eng, 2565, Scope.national(), PINNED_TODAY).deadline.isoformat() == "2022-03-31"
    assert summary(eng, 2571, Scope.national(), PINNED_TODAY).deadline.isoformat() == "2028-08-31"


def test_csv_written_by_the_csv_module_round_trips(tmp_path, sample_records):
    path = write_registry_csv(tmp_path / "r.csv", coverage_rows(sample_records, 1))
    with open(path, encoding="utf-8-sig", newline="") as f:
        assert next(csv.reader(f)) == HEADER
