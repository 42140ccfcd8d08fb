"""Import an INFO certification export (DOMAIN.md §5) as a snapshot: one row per (LAO, domain), all or nothing."""

from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, select

from data_access.access import audit
from data_access.imports import import_guard
from data_access.figures import rollups
from data_access.imports.bulk import insert_rows
from data_access.db import init_db
from data_access.models import Domain, FiscalYear, ImportLog, Lao, LaoStatus, Snapshot
from data_access.imports.parsing import (
    domain_lookup, header_key, is_empty, parse_code, parse_datetime, parse_domain, parse_status,
)
from data_access.imports.import_guard import ImportImpact
from data_access.imports.problems import ImportRejected, Problem, file_problem
from data_access.reference import CERTIFIED, RECORDED, STATUS_TH, UPDATED, DomainDef
from data_access.imports.tabular import file_sha256, read_table, recorded_name
from data_access.years import check_as_of, check_fiscal_year

# canonical name → the Thai and English headers accepted for it
COLUMNS = {
    "lao_code": ("รหัส อปท.", "lao_code"),
    "domain": ("ด้าน", "domain"),
    "status": ("สถานะ", "status"),
    "recorded_at": ("วันที่บันทึก", "recorded_at"),
    "updated_at": ("วันที่ปรับปรุง", "updated_at"),
    "certified_at": ("วันที่รับรอง", "certified_at"),
    "certified_by": ("ผู้รับรอง", "certified_by"),
}
REQUIRED = ("lao_code", "domain", "status")
DATE_COLUMNS = ("recorded_at", "updated_at", "certified_at")
# The lowest status at which each date may (and, but for updated_at, must) be present.
DATE_FROM_STATUS = {"recorded_at": RECORDED, "updated_at": UPDATED, "certified_at": CERTIFIED}
REQUIRED_DATES = ("recorded_at", "certified_at")


@dataclass
class StatusResult:
    fiscal_year: int
    as_of: date
    rows: int
    snapshot_id: int | None
    unchanged: bool = False
    sha256: str | None = None
    impact: ImportImpact | None = None  # what it changed (or, for a dry run, would change)
    withdrawn: bool = False  # unchanged because this very file was imported before and then withdrawn


class ImportWouldRegress(ImportRejected):
    """The file is valid but would undo certifications or cover far fewer LAOs: refused unless allowed."""

    def __init__(self, impact: ImportImpact):
        self.impact = impact
        super().__init__([Problem(None, None, impact.sentence())])


def _map_columns(header: list[str]) -> dict[str, int]:
    accepted = {header_key(name): canonical for canonical, names in COLUMNS.items() for name in names}
    found: dict[str, int] = {}
    problems = []
    for i, text in enumerate(header):
        canonical = accepted.get(header_key(text))
        if canonical is None:
            continue
        if canonical in found:
            problems.append(Problem(None, None, f"column '{text}' appears twice"))
        found[canonical] = i
    missing = [f"{COLUMNS[c][0]} ({COLUMNS[c][1]})" for c in REQUIRED if c not in found]
    if missing:
        problems.append(Problem(None, None, f"missing columns: {', '.join(missing)}"))
    if problems:
        raise ImportRejected(problems)
    return found


def _check_row(row_no: int, cells: dict[str, Any], names: dict[str, str], laos: dict[str, int],
               domains: dict[str, int], as_of: date, problems: list[Problem]) -> dict | None:
    """Validate one row against every rule of §5; append all its problems; return the record if it has none."""
    before = len(problems)

    def bad(column: str, reason: str) -> None:
        problems.append(Problem(row_no, names.get(column, COLUMNS[column][0]), reason))

    code = domain = status = None
    try:
        code = parse_code(cells["lao_code"])
        if code not in laos:
            bad("lao_code", f"code {code} is not in this fiscal year's registry")
    except ValueError as exc:
        bad("lao_code", str(exc))
    try:
        domain = parse_domain(cells["domain"], domains)
    except ValueError as exc:
        bad("domain", str(exc))
    try:
        status = parse_status(cells["status"])
    except ValueError as exc:
        bad("status", str(exc))

    moments: dict[str, tuple[datetime, bool]] = {}
    for column in DATE_COLUMNS:
        if is_empty(cells.get(column)):
            continue
        try:
            moments[column] = parse_datetime(cells[column])
        except ValueError as exc:
            bad(column, str(exc))
            continue
        if moments[column][0].date() > as_of:
            bad(column, f"{moments[column][0]:%Y-%m-%d} is after the as-of date {as_of:%Y-%m-%d}")

    if status is not None:
        label = STATUS_TH[status]
        for column in DATE_COLUMNS:
            allowed_from = DATE_FROM_STATUS[column]
            has = column in moments or not is_empty(cells.get(column))
            if has and status < allowed_from:
                bad(column, f"a row with status '{label}' cannot have {COLUMNS[column][1]}")
            elif not has and status >= allowed_from and column in REQUIRED_DATES:
                bad(column, f"required when status is '{label}'")
    ordered = [c for c in DATE_COLUMNS if c in moments]
    for earlier, later in zip(ordered, ordered[1:]):
        (a, a_time), (b, b_time) = moments[earlier], moments[later]
        too_early = a > b if (a_time and b_time) else a.date() > b.date()
        if too_early:
            bad(later, f"{COLUMNS[later][1]} {b:%Y-%m-%d} is before {COLUMNS[earlier][1]} {a:%Y-%m-%d}")

    if len(problems) > before:
        return None
    by = cells.get("certified_by")
    return dict(
        lao_id=laos[code], domain_code=domain, status=status,
        recorded_at=moments.get("recorded_at", (None,))[0], updated_at=moments.get("updated_at", (None,))[0],
        certified_at=moments.get("certified_at", (None,))[0],
        certified_by=None if is_empty(by) else str(by).strip(),
    )


def import_status(engine: Engine, path: str | Path, fiscal_year: int, as_of: date,
                  today: date | None = None, *, allow_regression: bool = False, dry_run: bool = False,
                  actor: str | None = None, source_name: str | None = None,
                  audit_action: str = "import-status") -> StatusResult:
    """Load `path` as a snapshot of `fiscal_year` taken on `as_of`. The same file twice changes nothing.

    A file that would turn certified cells back or cover far fewer LAOs than the snapshot it follows raises
    ImportWouldRegress unless `allow_regression`. `dry_run` validates and measures (result.impact) but writes
    nothing. `source_name` is the name to record when `path` is a temporary copy (a browser upload).
    `audit_action` names the import in the audit trail (`ingest` when the ingest folder calls it)."""
    path = Path(path)
    source_name = recorded_name(source_name or path.name)
    try:
        check_fiscal_year(fiscal_year)
        check_as_of(as_of, fiscal_year, today)
    except ValueError as exc:
        raise file_problem(str(exc)) from None
    init_db(engine)
    digest = file_sha256(path)
    with engine.connect() as conn:
        if conn.scalar(select(FiscalYear.year).where(FiscalYear.year == fiscal_year)) is None:
            raise file_problem(f"fiscal year {fiscal_year} has no registry yet: run import-registry first")
        previous = conn.execute(select(Snapshot.id, Snapshot.as_of, Snapshot.row_count, Snapshot.withdrawn_at)
                                .where(Snapshot.fiscal_year == fiscal_year, Snapshot.sha256 == digest)).first()
        if previous:
            return StatusResult(fiscal_year, previous.as_of, previous.row_count, previous.id, unchanged=True,
                                sha256=digest, withdrawn=previous.withdrawn_at is not None)
        laos = dict(conn.execute(select(Lao.code, Lao.id).where(Lao.fiscal_year == fiscal_year)).all())
        domain_defs = [DomainDef(*row) for row in conn.execute(
            select(Domain.code, Domain.name_th, Domain.name_en).where(Domain.fiscal_year == fiscal_year))]
    if not laos:
        raise file_problem(f"fiscal year {fiscal_year} has no registry yet: run import-registry first")

    table = read_table(path)
    columns = _map_columns(table.header)
    names = {canonical: table.header[i] for canonical, i in columns.items()}
    domains = domain_lookup(domain_defs)
    problems: list[Problem] = list(table.problems)  # cells no field can hold
    records: list[dict] = []
    first_seen: dict[tuple[int, int], int] = {}
    for row_no, raw in table.rows:
        cells = {canonical: raw[i] for canonical, i in columns.items()}
        record = _check_row(row_no, cells, names, laos, domains, as_of, problems)
        if record is None:
            continue
        key = (record["lao_id"], record["domain_code"])
        if key in first_seen:
            problems.append(Problem(row_no, names["domain"], f"LAO {parse_code(cells['lao_code'])} already has "
                                    f"domain {record['domain_code']} on row {first_seen[key]}"))
            continue
        first_seen[key] = row_no
        records.append(record)
    if not table.rows and not table.problems:
        problems.append(Problem(None, None, "the file has a header but no rows"))
    if problems:
        raise ImportRejected(problems)

    with engine.connect() as conn:
        impact = import_guard.assess(conn, fiscal_year, as_of, records)
    if dry_run:
        return StatusResult(fiscal_year, as_of, len(records), None, sha256=digest, impact=impact)
    if impact.regresses and not allow_regression:
        raise ImportWouldRegress(impact)

    now = datetime.now(timezone.utc)
    actor = actor or audit.cli_actor()
    with engine.begin() as conn:
        snapshot_id = conn.execute(insert(Snapshot).values(
            fiscal_year=fiscal_year, as_of=as_of, source_name=source_name, sha256=digest,
            row_count=len(records), imported_at=now, imported_by=actor,
        ).returning(Snapshot.id)).scalar_one()
        for record in records:
            record["snapshot_id"] = snapshot_id
            record["fiscal_year"] = fiscal_year
        insert_rows(conn, LaoStatus, records)
        conn.execute(insert(ImportLog).values(kind="status", fiscal_year=fiscal_year, source_name=source_name,
                                              sha256=digest, row_count=len(records), at=now))
        rollups.refresh_snapshot(conn, snapshot_id)
        audit.record(conn, audit.Event(actor, audit_action, "done", fiscal_year=fiscal_year,
                                       target=f"snapshot {snapshot_id}", source_name=source_name, sha256=digest,
                                       row_count=len(records), problem_count=0,
                                       detail=f"as of {as_of:%Y-%m-%d}" + ("; regression allowed: "
                                                                          + impact.sentence()
                                                                          if impact.regresses else "")))
    return StatusResult(fiscal_year, as_of, len(records), snapshot_id, sha256=digest, impact=impact)
