"""Import the DLA Open Data registry "ชื่อและที่ตั้งองค์กรปกครองส่วนท้องถิ่น" (DOMAIN.md §4).

The file is a coverage table: one row per (LAO, tambon it covers). An LAO's own facts repeat on each of its rows.
"""

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, bindparam, delete, func, insert, select, update

from data_access.access import audit
from data_access.figures import rollups
from data_access.imports.bulk import insert_rows
from data_access.db import init_db
from data_access.fiscal_years import ensure_fiscal_year
from data_access.geography import match_district, match_province
from data_access.models import ImportLog, Lao, LaoStatus
from data_access.imports.parsing import parse_code, parse_optional_float
from data_access.imports.problems import ImportRejected, Problem, file_problem
from data_access.reference import LAO_TYPE_BY_LABEL
from data_access.imports.tabular import file_sha256, read_table, recorded_name
from data_access.years import fiscal_year_problem

HEADER = ["จังหวัด", "อำเภอ", "ตำบล", "รหัส อปท.", "ประเภท อปท.", "อปท.", "ที่ตั้งสำนักงานเลขที่", "หมู่ที่",
          "รหัสไปรษณีย์", "ขนาดพื้นที่", "LAT", "LONG", "เว็ปไซต์ของอปท"]
# The facts that must repeat identically on every row of one code.
IDENTITY_COLUMNS = ("อปท.", "ประเภท อปท.", "จังหวัด", "อำเภอ")
# Thailand's extent, so a swapped LAT/LONG is caught rather than drawn in the sea. Areas have no upper bound:
# the real file mixes units (km², rai, m²) and we keep what DLA published.
OPTIONAL_NUMBERS = (("lat", "LAT", 5.0, 21.0), ("lon", "LONG", 97.0, 106.0), ("area_km2", "ขนาดพื้นที่", 0.0, float("inf")))
NONE_MARKERS = {"-", '"-"', "--", "n/a", "ไม่มี"}


@dataclass
class RegistryResult:
    fiscal_year: int
    laos: int
    rows: int
    unchanged: bool = False
    warnings: list[str] = field(default_factory=list)  # district names that matched no geothai district
    sha256: str | None = None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _optional_text(value: Any) -> str | None:
    text = _text(value)
    return None if text.casefold() in NONE_MARKERS or text == "" else text


def _fill_optional(record: dict, cell: dict, row_no: int, problems: list[Problem]) -> bool:
    """Validate this row's coordinates and area; keep the first non-empty value the LAO's rows give."""
    ok = True
    for key, name, low, high in OPTIONAL_NUMBERS:
        try:
            value = parse_optional_float(cell[name], low, high)
        except ValueError as exc:
            problems.append(Problem(row_no, name, str(exc)))
            ok = False
            continue
        if record[key] is None:
            record[key] = value
    if record.get("website") is None:
        record["website"] = _optional_text(cell["เว็ปไซต์ของอปท"])
    return ok


def _parse(path: Path) -> tuple[list[dict], int, list[str]]:
    table = read_table(path)
    header = [h.strip() for h in table.header]
    if header[: len(HEADER)] != HEADER:
        missing = [h for h in HEADER if h not in header]
        reason = f"missing columns: {', '.join(missing)}" if missing else "columns are not in the DLA order"
        raise ImportRejected([Problem(None, None, f"{reason}; expected the header: {','.join(HEADER)}")])
    col = {name: i for i, name in enumerate(HEADER)}
    problems: list[Problem] = list(table.problems)  # cells no field can hold
    laos: dict[str, dict] = {}
    first_row: dict[str, int] = {}
    unmatched: dict[tuple[str, str], int] = {}

    for row_no, cells in table.rows:
        cell = {name: cells[i] for name, i in col.items()}
        try:
            code = parse_code(cell["รหัส อปท."])
        except ValueError as exc:
            problems.append(Problem(row_no, "รหัส อปท.", str(exc)))
            continue
        identity = {name: _text(cell[name]) for name in IDENTITY_COLUMNS}
        if code in laos:
            seen = laos[code]
            for name in IDENTITY_COLUMNS:
                if seen["_identity"][name] != identity[name]:
                    problems.append(Problem(row_no, name, f"'{identity[name]}' conflicts with "
                                            f"'{seen['_identity'][name]}' on row {first_row[code]} for code {code}"))
            _fill_optional(seen, cell, row_no, problems)
            continue

        record: dict[str, Any] = {"code": code, "_identity": identity, "lat": None, "lon": None, "area_km2": None}
        bad = False
        for name in IDENTITY_COLUMNS:
            if identity[name] == "":
                problems.append(Problem(row_no, name, "is empty"))
                bad = True
        lao_type = identity["ประเภท อปท."]
        if lao_type and lao_type not in LAO_TYPE_BY_LABEL:
            problems.append(Problem(row_no, "ประเภท อปท.", f"'{lao_type}' is not a DLA LAO type "
                                    f"({' / '.join(LAO_TYPE_BY_LABEL)})"))
            bad = True
        province = match_province(identity["จังหวัด"]) if identity["จังหวัด"] else None
        if identity["จังหวัด"] and province is None:
            problems.append(Problem(row_no, "จังหวัด", f"'{identity['จังหวัด']}' is not a province name"))
            bad = True
        record.update(name_th=identity["อปท."], type=lao_type, province_code=province,
                      district_name_th=identity["อำเภอ"], office_no=_optional_text(cell["ที่ตั้งสำนักงานเลขที่"]),
                      moo=_optional_text(cell["หมู่ที่"]), postcode=_optional_text(cell["รหัสไปรษณีย์"]),
                      website=_optional_text(cell["เว็ปไซต์ของอปท"]))
        bad = not _fill_optional(record, cell, row_no, problems) or bad
        if not bad and province:
            record["district_code"] = match_district(province, identity["อำเภอ"])
            if record["district_code"] is None:
                unmatched.setdefault((identity["จังหวัด"], identity["อำเภอ"]), row_no)
        laos[code] = record
        first_row[code] = row_no

    if not table.rows and not table.problems:
        problems.append(Problem(None, None, "the file has a header but no rows"))
    if problems:
        raise ImportRejected(problems)
    for record in laos.values():
        record.pop("_identity")
    warnings = [f"row {row}, column อำเภอ: district '{district}' of {province} matches no geothai district; "
                f"kept by name without a district code" for (province, district), row in sorted(unmatched.items())]
    return list(laos.values()), len(table.rows), warnings


def import_registry(engine: Engine, path: str | Path, fiscal_year: int, *, actor: str | None = None,
                    source_name: str | None = None) -> RegistryResult:
    """Load `path` as fiscal year `fiscal_year`'s registry, all or nothing. Re-importing the same file changes nothing.
    `source_name` is the name to record when `path` is a temporary copy (a browser upload)."""
    path = Path(path)
    source_name = recorded_name(source_name or path.name)
    problem = fiscal_year_problem(fiscal_year)
    if problem:
        raise file_problem(problem)
    init_db(engine)
    digest = file_sha256(path)
    with engine.connect() as conn:
        last = conn.execute(
            select(ImportLog.sha256, ImportLog.row_count)
            .where(ImportLog.kind == "registry", ImportLog.fiscal_year == fiscal_year)
            .order_by(ImportLog.id.desc()).limit(1)
        ).first()
        if last and last.sha256 == digest:
            laos = conn.scalar(select(func.count()).select_from(Lao).where(Lao.fiscal_year == fiscal_year))
            return RegistryResult(fiscal_year, laos, last.row_count, unchanged=True, sha256=digest)
    records, row_count, warnings = _parse(path)
    with engine.begin() as conn:
        ensure_fiscal_year(conn, fiscal_year)
        existing = dict(conn.execute(select(Lao.code, Lao.id).where(Lao.fiscal_year == fiscal_year)).all())
        gone = set(existing) - {r["code"] for r in records}
        if gone:
            referenced = set(conn.scalars(
                select(Lao.code).join(LaoStatus, LaoStatus.lao_id == Lao.id)
                .where(Lao.id.in_([existing[c] for c in gone])).distinct()
            ))
            if referenced:
                raise ImportRejected([Problem(None, None, f"code {c} is missing from the new registry but has "
                                              f"statuses in imported snapshots") for c in sorted(referenced)])
            conn.execute(delete(Lao).where(Lao.id.in_([existing[c] for c in gone])))
        new = [dict(r, fiscal_year=fiscal_year) for r in records if r["code"] not in existing]
        if new:
            insert_rows(conn, Lao, new)
        changed = [dict(r, lao_id=existing[r["code"]]) for r in records if r["code"] in existing]
        if changed:
            table = Lao.__table__
            conn.execute(update(table).where(table.c.id == bindparam("lao_id")), changed)
        rollups.refresh_year(conn, fiscal_year)  # the snapshots' LAOs may have been added, retyped or moved
        conn.execute(insert(ImportLog).values(
            kind="registry", fiscal_year=fiscal_year, source_name=source_name, sha256=digest, row_count=row_count,
            at=datetime.now(timezone.utc),
        ))
        audit.record(conn, audit.Event(actor or audit.cli_actor(), "import-registry", "done", fiscal_year=fiscal_year,
                                       source_name=source_name, sha256=digest, row_count=row_count, problem_count=0,
                                       detail=f"{len(records)} LAOs, {len(warnings)} district names unmatched"))
    return RegistryResult(fiscal_year, len(records), row_count, warnings=warnings, sha256=digest)


@dataclass
class RegistryPreview:
    rows: int
    laos: int
    warnings: list[str] = field(default_factory=list)  # as RegistryResult.warnings


def preview_registry(path: str | Path) -> RegistryPreview:
    """What import_registry would load from `path`, read and checked by the same code; nothing is written (the
    browser import's preview). Raises ImportRejected with every problem, as the import would."""
    records, row_count, warnings = _parse(Path(path))
    return RegistryPreview(row_count, len(records), warnings)
