"""The chase list as XLSX and CSV: opened again and read back like a district officer's spreadsheet would."""

import csv
import io
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest

from data_access.figures import export, queries
from data_access.figures import fiscal_year_info, snapshots
from data_access.access.scope import Scope
from tests.data_access.figures import drill_fixture
from tests.data_access.figures.drill_fixture import YEAR

HOSTILE = '=HYPERLINK("http://example.com","x")'


@pytest.fixture
def chase(eng):
    drill_fixture.build(eng)
    grid = queries.lao_grid(eng, YEAR, Scope.of("50"))
    info = fiscal_year_info(eng, YEAR)
    context = export.ChaseContext(YEAR, "เชียงใหม่", snapshots(eng, YEAR)[0].as_of, info.deadline, info.domains,
                                  "อำเภอ: ทั้งหมด")
    return grid, context


def _xlsx_rows(data: bytes) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [[cell.value for cell in row] for row in book.worksheets[0].iter_rows()]


def test_xlsx_lists_the_laos_not_complete_with_thai_headers_and_be_dates(chase):
    grid, context = chase
    data = export.to_xlsx(export.chase_rows(grid, context), context)
    rows = _xlsx_rows(data)
    header, body = rows[0], rows[1:]
    assert header[:9] == ["ลำดับ", "รหัส อปท.", "ชื่อ อปท.", "ประเภท อปท.", "อำเภอ", "จังหวัด", "รับรองแล้ว (ด้าน)",
                          "ยังไม่รับรอง (ด้าน)", "ด้านที่ยังไม่รับรอง"]
    assert header[9] == "1. ด้านสาธารณสุขและสิ่งแวดล้อม" and header[-2:] == ["ดำเนินการล่าสุด", "ข้อมูล ณ วันที่"]
    not_complete = grid[grid["state"] != queries.COMPLETE]
    assert len(body) == len(not_complete) == 5
    assert [r[1] for r in body] == not_complete["code"].tolist()  # least complete first, codes as text
    assert all(isinstance(r[1], str) for r in body)
    assert [r[0] for r in body] == [1, 2, 3, 4, 5]
    by_code = {r[1]: dict(zip(header, r)) for r in body}
    assert by_code["6500105"]["ด้านที่ยังไม่รับรอง"] == "8. ด้านเศรษฐกิจและท่องเที่ยว"
    assert by_code["6500105"]["ยังไม่รับรอง (ด้าน)"] == 1 and by_code["6500105"]["รับรองแล้ว (ด้าน)"] == 7
    assert by_code["6500202"]["4. ด้านโครงสร้างพื้นฐาน"] == "บันทึกแล้ว"
    assert by_code["6500202"]["1. ด้านสาธารณสุขและสิ่งแวดล้อม"] == "รับรองแล้ว"
    assert by_code["6500202"]["ข้อมูล ณ วันที่"] == "15/08/2566"
    assert by_code["6500202"]["ดำเนินการล่าสุด"] == "09/08/2566"  # domain 3 certified on 2023-08-09
    assert by_code["6500106"]["ดำเนินการล่าสุด"] in (None, "")
    assert {r["จังหวัด"] for r in by_code.values()} == {"เชียงใหม่"}
    # the second sheet says what the file is about
    about = openpyxl.load_workbook(io.BytesIO(data)).worksheets[1]
    facts = {row[0].value: row[1].value for row in about.iter_rows()}
    assert facts["ปีงบประมาณ"] == 2566 and facts["ข้อมูล ณ วันที่"] == "15/08/2566"
    assert facts["กำหนดส่ง"] == "31/08/2566" and facts["จำนวน อปท. ที่ยังไม่ครบ"] == 5


def test_a_name_beginning_with_a_formula_character_comes_out_inert(chase):
    grid, context = chase
    rows = export.chase_rows(grid, context)
    book = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(rows, context)))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no formula anywhere
    names = {row[1].value: row[2] for row in book.worksheets[0].iter_rows(min_row=2)}
    assert names["6500103"].value == "'" + HOSTILE and names["6500103"].data_type == "s"
    assert names["6500105"].value == "'-บ้านลบ"
    assert names["6500106"].value == "'@บ้านแอท"
    assert names["6500104"].value == "บ้าน50%_ลด\\พิเศษ"  # harmless text unchanged

    text = export.to_csv(rows).decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(text)))
    csv_names = {r[1]: r[2] for r in parsed[1:]}
    assert csv_names["6500103"] == "'" + HOSTILE
    assert csv_names["6500105"] == "'-บ้านลบ" and csv_names["6500106"] == "'@บ้านแอท"
    assert not any(cell.startswith(export.FORMULA_TRIGGERS) for row in parsed for cell in row)


def test_csv_is_utf8_with_bom_thai_headers_and_the_same_rows(chase):
    grid, context = chase
    rows = export.chase_rows(grid, context)
    data = export.to_csv(rows)
    assert data.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert parsed[0] == list(rows.columns) and parsed[0][1] == "รหัส อปท."
    assert len(parsed) == 1 + 5
    assert [r[1] for r in parsed[1:]] == [r[1] for r in _xlsx_rows(export.to_xlsx(rows, context))[1:]]
    assert {r[-1] for r in parsed[1:]} == {"15/08/2566"}
    assert b"\r\n" in data


def test_file_names_carry_year_province_and_as_of(chase):
    _, context = chase
    assert export.file_name(context, "xlsx") == "INFO_2566_เชียงใหม่_ณ_2566-08-15.xlsx"
    assert export.file_name(context, "csv") == "INFO_2566_เชียงใหม่_ณ_2566-08-15.csv"
    no_data = export.ChaseContext(2570, "พระนครศรีอยุธยา", None, date(2027, 8, 31), ())
    assert export.file_name(no_data, "xlsx") == "INFO_2570_พระนครศรีอยุธยา.xlsx"
    odd = export.ChaseContext(2566, "a/b c", date(2023, 9, 30), date(2023, 8, 31), ())
    assert export.file_name(odd, "csv") == "INFO_2566_a_b_c_ณ_2566-09-30.csv"


def test_filtered_and_complete_grids(chase):
    grid, context = chase
    only_one = grid[grid["code"] == "6500202"]
    files = export.chase_files(only_one, context)
    assert len(_xlsx_rows(files["xlsx"][1])) == 2
    assert files["xlsx"][0].endswith(".xlsx") and files["csv"][2] == "text/csv"
    complete = grid[grid["state"] == queries.COMPLETE]
    empty = export.chase_files(complete, context)
    assert len(_xlsx_rows(empty["xlsx"][1])) == 1  # the header alone
    assert len(list(csv.reader(io.StringIO(empty["csv"][1].decode("utf-8-sig"))))) == 1


def test_be_date_and_neutralise():
    assert export.be_date(date(2023, 8, 15)) == "15/08/2566"
    assert export.be_date(datetime(2023, 1, 2, 13, 45)) == "02/01/2566"
    assert export.be_date(pd.Timestamp("2023-08-15 10:00")) == "15/08/2566"
    assert export.be_date(None) == "" and export.be_date(pd.NaT) == ""
    for hostile in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
        assert export.neutralise(hostile) == "'" + hostile
    assert export.neutralise("หนองบัว") == "หนองบัว"
    assert export.neutralise(-5) == -5  # numbers are numbers
    assert export.neutralise("") == ""
