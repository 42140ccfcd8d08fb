"""Write INFO status exports (DOMAIN.md §5) as CSV (UTF-8, BOM, Windows-874) or XLSX for tests and benchmarks."""

import csv
from pathlib import Path
from typing import Any

from openpyxl import Workbook

TH_HEADER = ["รหัส อปท.", "ด้าน", "สถานะ", "วันที่บันทึก", "วันที่ปรับปรุง", "วันที่รับรอง", "ผู้รับรอง"]
EN_HEADER = ["lao_code", "domain", "status", "recorded_at", "updated_at", "certified_at", "certified_by"]


def write_status_csv(path: Path, rows: list[list[Any]], header: list[str] = TH_HEADER,
                     encoding: str = "utf-8-sig") -> Path:
    with open(path, "w", encoding=encoding, newline="") as f:
        out = csv.writer(f)
        out.writerow(header)
        out.writerows(rows)
    return path


def write_status_xlsx(path: Path, rows: list[list[Any]], header: list[str] = TH_HEADER) -> Path:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def database_state(engine) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: what 'the database is unchanged' is checked against."""
    from sqlalchemy import inspect, text

    state = {}
    with engine.connect() as conn:
        for table in sorted(inspect(conn).get_table_names()):
            rows = conn.execute(text(f'SELECT * FROM "{table}"')).all()
            state[table] = sorted((tuple(map(repr, r)) for r in rows))
    return state


def latest_status_rows(engine, fiscal_year: int) -> list[list[Any]]:
    """The statuses of the fiscal year's newest snapshot, as rows of an INFO export (TH_HEADER's columns): what
    the next day's export holds before anything new is certified."""
    from sqlalchemy import text

    from data_access.reference import STATUS_KEYS

    def when(value):
        return value.isoformat(sep=" ") if value else ""

    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT l.code, s.domain_code, s.status, s.recorded_at, s.updated_at, s.certified_at, s.certified_by "
            "FROM lao_status s JOIN lao l ON l.id = s.lao_id WHERE s.snapshot_id = ("
            "  SELECT id FROM snapshot WHERE fiscal_year = :fy AND withdrawn_at IS NULL ORDER BY as_of DESC, id DESC"
            "  LIMIT 1) ORDER BY l.code, s.domain_code"), {"fy": fiscal_year}).all()
    return [[code, domain, STATUS_KEYS[status], when(recorded), when(updated), when(certified), by or ""]
            for code, domain, status, recorded, updated, certified, by in rows]
