"""The chase list: LAOs that are not complete, with the domains they still miss, as XLSX or CSV bytes.

For district officers: Thai headers, Buddhist-Era dates (`15/08/2566`), codes kept as text, and every text cell that
a spreadsheet could run as a formula (starting with = + - @, or a tab / carriage return) neutralised with a
leading apostrophe. Pure: takes the grid from `queries.lao_grid` (already filtered by the page).
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from data_access.figures.queries import COMPLETE, domain_column
from data_access.reference import STATUS_TH

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"

H_NO = "ลำดับ"
H_CODE = "รหัส อปท."
H_NAME = "ชื่อ อปท."
H_TYPE = "ประเภท อปท."
H_DISTRICT = "อำเภอ"
H_PROVINCE = "จังหวัด"
H_CERTIFIED = "รับรองแล้ว (ด้าน)"
H_MISSING_COUNT = "ยังไม่รับรอง (ด้าน)"
H_MISSING = "ด้านที่ยังไม่รับรอง"
H_LAST = "ดำเนินการล่าสุด"
H_AS_OF = "ข้อมูล ณ วันที่"
H_RISK = "ความเสี่ยง"
H_RISK_REASON = "เหตุผล"
RISK_TH = {"will_miss": "ไม่ทันกำหนด", "at_risk": "เสี่ยง", "on_track": "ทันกำหนด"}


@dataclass(frozen=True)
class ChaseContext:
    """What the file is about: shown in its name and on the XLSX's second sheet."""

    fiscal_year: int
    province_name_th: str
    as_of: date | None
    deadline: date
    domains: tuple[tuple[int, str, str], ...]  # (code, name_th, name_en), as FiscalYearInfo.domains
    filters: str = ""  # a human description of the filters applied, e.g. "อำเภอ: เมืองเชียงใหม่"


def be_date(day: date | datetime | None) -> str:
    """`15/08/2566`; empty for no date."""
    if day is None or day is pd.NaT or (not isinstance(day, date) and pd.isna(day)):
        return ""
    if isinstance(day, pd.Timestamp):
        day = day.to_pydatetime()
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


def neutralise(value):
    """A text that a spreadsheet would read as a formula gets a leading apostrophe; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def domain_header(code: int, name_th: str) -> str:
    return f"{code}. {name_th}"


def chase_rows(grid: pd.DataFrame, context: ChaseContext) -> pd.DataFrame:
    """The table both files hold: one row per LAO not complete, least complete first, Thai headers."""
    todo = grid[grid["state"] != COMPLETE]
    with_risk = "level" in grid  # the page passes the grid with deadline risk during a campaign
    names = {code: name_th for code, name_th, _ in context.domains}
    as_of = be_date(context.as_of)
    records = []
    for number, row in enumerate(todo.itertuples(index=False), start=1):
        missing = tuple(row.missing)
        record = {
            H_NO: number,
            H_CODE: str(row.code),
            H_NAME: row.name_th,
            H_TYPE: row.type,
            H_DISTRICT: row.district_name_th,
            H_PROVINCE: context.province_name_th,
            H_CERTIFIED: int(row.certified),
            H_MISSING_COUNT: len(missing),
            H_MISSING: "; ".join(domain_header(code, names.get(code, "")) for code in missing),
        }
        for code, name_th, _ in context.domains:
            record[domain_header(code, name_th)] = STATUS_TH[int(getattr(row, domain_column(code)))]
        record[H_LAST] = be_date(row.last_activity)
        record[H_AS_OF] = as_of
        if with_risk:
            record[H_RISK] = RISK_TH.get(row.level, "")
            record[H_RISK_REASON] = row.reason_th if isinstance(row.reason_th, str) else ""
        records.append(record)
    columns = [H_NO, H_CODE, H_NAME, H_TYPE, H_DISTRICT, H_PROVINCE, H_CERTIFIED, H_MISSING_COUNT, H_MISSING,
               *(domain_header(code, name_th) for code, name_th, _ in context.domains), H_LAST, H_AS_OF,
               *((H_RISK, H_RISK_REASON) if with_risk else ())]
    return pd.DataFrame(records, columns=columns)


def file_name(context: ChaseContext, extension: str) -> str:
    """`INFO_2566_เชียงใหม่_ณ_2566-09-30.xlsx` (as-of in BE); no as-of part when there is no status data."""
    province = re.sub(r"[\\/:*?\"<>|\s]+", "_", context.province_name_th).strip("_")
    stem = f"INFO_{context.fiscal_year}_{province}"
    if context.as_of:
        stem += f"_ณ_{context.as_of.year + 543}-{context.as_of.month:02d}-{context.as_of.day:02d}"
    return f"{stem}.{extension}"


def to_csv(rows: pd.DataFrame) -> bytes:
    """UTF-8 with BOM (Excel on Thai Windows then reads Thai correctly), CRLF line ends, inert cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in rows.columns])
    for values in rows.itertuples(index=False):
        writer.writerow([neutralise(v) for v in values])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(rows: pd.DataFrame, context: ChaseContext) -> bytes:
    """Sheet 1: the table (header row frozen, autofilter); sheet 2: what the file is about."""
    book = Workbook()
    sheet = book.active
    sheet.title = "อปท.ที่ยังไม่ครบ"
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    sheet.append([neutralise(h) for h in rows.columns])
    for cell in sheet[1]:
        cell.font, cell.fill = header_font, header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for values in rows.itertuples(index=False):
        sheet.append([_cell(v) for v in values])
    for cell in sheet["B"][1:]:
        cell.number_format = "@"  # codes stay text
    widths = {H_NO: 6, H_CODE: 10, H_NAME: 24, H_TYPE: 13, H_DISTRICT: 16, H_PROVINCE: 14, H_CERTIFIED: 10,
              H_MISSING_COUNT: 10, H_MISSING: 48, H_LAST: 13, H_AS_OF: 13}
    for index, header in enumerate(rows.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(header, 14)
    sheet.freeze_panes = "D2"
    if len(rows):
        sheet.auto_filter.ref = sheet.dimensions

    about = book.create_sheet("รายละเอียด")
    for label, value in (
        ("ปีงบประมาณ", context.fiscal_year),
        ("จังหวัด", context.province_name_th),
        (H_AS_OF, be_date(context.as_of) or "ยังไม่มีข้อมูลสถานะ"),
        ("กำหนดส่ง", be_date(context.deadline)),
        ("ตัวกรอง", context.filters or "ทั้งหมด"),
        ("จำนวน อปท. ที่ยังไม่ครบ", len(rows)),
        ("ที่มา", "INFO Oversight — ข้อมูลจากระบบ INFO (info.dla.go.th)"),
    ):
        about.append([label, _cell(value)])
        about.cell(about.max_row, 1).font = header_font
    about.column_dimensions["A"].width = 26
    about.column_dimensions["B"].width = 60

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value):
    if isinstance(value, str):
        return neutralise(value)
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def chase_files(grid: pd.DataFrame, context: ChaseContext) -> dict[str, tuple[str, bytes, str]]:
    """{"xlsx": (file name, bytes, mime), "csv": (...)} for the LAOs of `grid` that are not complete."""
    rows = chase_rows(grid, context)
    return {"xlsx": (file_name(context, "xlsx"), to_xlsx(rows, context), XLSX_MIME),
            "csv": (file_name(context, "csv"), to_csv(rows), CSV_MIME)}
