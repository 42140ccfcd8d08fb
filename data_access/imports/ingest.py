"""The nightly status export arriving by itself: `python -m data_access ingest --from DIR` (README "Ingest folder").

DLA's INFO team drops the export (CSV or XLSX, as for `import-status`) into a folder; every new file goes through
the very import of the command line and the browser (`status_import.import_status`: all or nothing, the same
limits, the regression guard, which the folder never overrides). The fiscal year and as-of date come from the
name (`…_2570_2026-12-05.xlsx`) or a sidecar `<name>.json`. An accepted file goes to `done/`, a refused one to
`refused/` with its problems CSV beside it. Every outcome is in the audit trail as action `ingest`.

The table `ingest_file` is the lock: a file's sha256 is claimed in its own committed transaction before it is
imported, so two servers sharing one folder and one database import it once, and the same content never twice.
"""

from __future__ import annotations

import json
import os
import re
import socket
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from sqlalchemy import Engine, and_, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from data_access.access import audit
from data_access.config import BANGKOK
from data_access.db import init_db
from data_access.models import AuditEntry, IngestFile, Snapshot
from data_access.imports.problems import ImportRejected, Problem, write_problems_csv
from data_access.imports.tabular import file_sha256, recorded_name
from data_access.years import check_as_of, check_fiscal_year

SETTLE_SECONDS = 60  # a file modified more recently is probably still being copied
CLAIM_TIMEOUT = timedelta(minutes=30)  # a claim older than this belongs to a run that died: taken over
SIDECAR_MAX_BYTES = 4096
DONE, REFUSED = "done", "refused"
SKIPPED_SUFFIXES = (".part", ".tmp", ".json")  # being written, or a sidecar (it travels with its file)
SIDECAR_SUFFIX = ".json"
PROBLEMS_SUFFIX = ".problems.csv"
EXAMPLE = "info-status_2570_2026-12-05.xlsx"
_NAME = re.compile(r"_(\d{4})_(\d{4}-\d{2}-\d{2})\.[A-Za-z0-9]+$")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_NAME_MAX_BYTES = 255  # most file systems' limit on one name
RETRIED = ("refused", "failed")  # content that may be tried again when it is dropped again


class IngestError(Exception):
    """The folder cannot be used (not a folder, done/ or refused/ cannot be made or written): one sentence."""


@dataclass(frozen=True)
class IngestOutcome:
    """What happened to one file. `line` is printable (control characters in the name shown as '?')."""

    name: str  # the file's name as found in the folder
    outcome: str  # imported | unchanged | repeat | rejected | refused | failed | busy
    line: str  # one line for the operator's stdout
    refused: bool = False  # it went to refused/ (the command exits 2)
    moved_to: Path | None = None
    problems_csv: Path | None = None
    sha256: str | None = None
    fiscal_year: int | None = None
    as_of: date | None = None
    snapshot_id: int | None = None
    rows: int | None = None
    problem_count: int | None = None
    warning: str | None = None  # one sentence for stderr (an import that crashed)


@dataclass(frozen=True)
class DayFile:
    """One file the ingest folder handled on the day, from the audit trail."""

    name: str
    outcome: str  # done | rejected | refused | failed
    at: datetime  # Asia/Bangkok
    fiscal_year: int | None
    problem_count: int | None
    detail: str | None
    snapshot_id: int | None = None  # for an imported file
    as_of: date | None = None
    rows: int | None = None


@dataclass(frozen=True)
class DaySnapshot:
    """A snapshot imported on the day by any means (ingest, command line, browser)."""

    id: int
    fiscal_year: int
    as_of: date
    source_name: str
    imported_by: str | None
    imported_at: datetime  # Asia/Bangkok
    withdrawn: bool


@dataclass(frozen=True)
class DayReport:
    day: date  # Asia/Bangkok
    refused: tuple[DayFile, ...]  # refused, rejected or failed ingests, repeats of refused files included
    imported: tuple[DayFile, ...]  # ingests that made a new snapshot
    snapshots: tuple[DaySnapshot, ...]  # every snapshot imported that day, withdrawn ones marked

    @property
    def new_data(self) -> bool:
        """Whether any status data that still counts arrived that day, by whatever means."""
        return any(not s.withdrawn for s in self.snapshots)


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive UTC; PostgreSQL aware."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _bangkok_day(moment: datetime) -> date:
    return _utc(moment).astimezone(BANGKOK).date()


def _me() -> tuple[str, str]:
    host = socket.gethostname() or "unknown"
    return f"ingest:{host}"[:320], f"{host}:{os.getpid()}"[:200]


def sidecar_of(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def _is_candidate_name(name: str) -> bool:
    return not name.startswith(".") and not name.lower().endswith(SKIPPED_SUFFIXES)


def _regular(path: Path) -> os.stat_result | None:
    """The file's own stat when it is a regular file (not a link, folder, pipe or device), else None."""
    try:
        info = path.lstat()
    except OSError:
        return None
    return info if stat.S_ISREG(info.st_mode) else None


def _young(info: os.stat_result, settle_seconds: float, now: datetime) -> bool:
    return settle_seconds > 0 and now.timestamp() - info.st_mtime < settle_seconds


def candidates(folder: Path, settle_seconds: float, now: datetime) -> list[Path]:
    """The files to take this run, in name order: regular files directly in the folder that are not hidden, not
    partial (.part, .tmp), not sidecars, and settled (neither they nor their sidecar modified too recently)."""
    found = []
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda e: e.name)
    for entry in entries:
        path = Path(entry.path)
        if not _is_candidate_name(entry.name):
            continue
        info = _regular(path)
        if info is None or _young(info, settle_seconds, now):
            continue
        sidecar = _regular(sidecar_of(path))
        if sidecar is not None and _young(sidecar, settle_seconds, now):
            continue
        found.append(path)
    return found


def _sidecar_year_and_day(sidecar: Path) -> tuple[int, date]:
    """{"fiscal_year": 2570, "as_of": "2026-12-05"} and nothing else, or ValueError with a sentence."""
    shape = 'it must hold exactly {"fiscal_year": 2570, "as_of": "2026-12-05"}'
    info = _regular(sidecar)
    if info is None:
        raise ValueError(f"the sidecar {recorded_name(sidecar.name)} is not a regular file")
    if info.st_size > SIDECAR_MAX_BYTES:
        raise ValueError(f"the sidecar {recorded_name(sidecar.name)} is {info.st_size:,} bytes, more than "
                         f"{SIDECAR_MAX_BYTES:,}: {shape}")
    try:
        with open(sidecar, "rb") as f:
            data = json.loads(f.read(SIDECAR_MAX_BYTES + 1).decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError):
        raise ValueError(f"the sidecar {recorded_name(sidecar.name)} is not readable JSON: {shape}") from None
    if not isinstance(data, dict) or set(data) != {"fiscal_year", "as_of"}:
        raise ValueError(f"the sidecar {recorded_name(sidecar.name)} is not what it should be: {shape}")
    year, day = data["fiscal_year"], data["as_of"]
    if type(year) is not int or not isinstance(day, str) or not _ISO_DAY.fullmatch(day):
        raise ValueError(f"the sidecar {recorded_name(sidecar.name)} has a fiscal_year that is not a whole number "
                         f"or an as_of that is not a YYYY-MM-DD text: {shape}")
    try:
        return year, date.fromisoformat(day)
    except ValueError:
        raise ValueError(f"the sidecar {recorded_name(sidecar.name)} says as_of {day}, which is not a day of the "
                         "calendar") from None


def year_and_day(path: Path, today: date | None) -> tuple[int, date]:
    """The fiscal year and as-of date of a dropped file: its sidecar's, or else its name's; ValueError with a
    sentence when neither says them, or says an impossible one."""
    sidecar = sidecar_of(path)
    if os.path.lexists(sidecar):
        year, day = _sidecar_year_and_day(sidecar)
    else:
        m = _NAME.search(path.name)
        if m is None:
            raise ValueError(f"the name {recorded_name(path.name)} does not say the fiscal year and as-of date: "
                             f"name it …_2570_2026-12-05.xlsx (Buddhist-Era fiscal year, then the as-of date "
                             f"YYYY-MM-DD), e.g. {EXAMPLE}, or put a sidecar {recorded_name(sidecar.name)} beside "
                             f'it holding {{"fiscal_year": 2570, "as_of": "2026-12-05"}}')
        year = int(m.group(1))
        try:
            day = date.fromisoformat(m.group(2))
        except ValueError:
            raise ValueError(f"the name {recorded_name(path.name)} says as-of date {m.group(2)}, which is not a "
                             "day of the calendar") from None
    check_fiscal_year(year)
    check_as_of(day, year, today)
    return year, day


def _numbered(name: str, n: int) -> str:
    """`name`, or with ` (n)` before its extension; shortened to fit one file name with a companion suffix."""
    dot = name.rfind(".")
    stem, suffix = (name[:dot], name[dot:]) if dot > 0 else (name, "")
    mark = f" ({n})" if n > 1 else ""
    longest = _NAME_MAX_BYTES - len(PROBLEMS_SUFFIX)
    while stem and len(os.fsencode(stem + mark + suffix)) > longest:
        stem = stem[:-1]
    return stem + mark + suffix


def _taken(folder: Path, name: str) -> bool:
    return any(os.path.lexists(folder / (name + companion)) for companion in ("", SIDECAR_SUFFIX, PROBLEMS_SUFFIX))


def _move(path: Path, into: str) -> Path | None:
    """Move the file (and its sidecar) into DIR/`into`/, never over an existing file: ` (2)`, ` (3)`… before the
    extension. None when another run moved it first. A hard link then unlink, so that of two runs moving the same
    file exactly one wins; a plain rename where hard links are not supported."""
    folder = path.parent / into
    try:
        folder.mkdir(exist_ok=True)
        if not folder.is_dir():
            raise IngestError(f"{folder} is not a folder: move it away so that ingest can file what it takes")
        for n in range(1, 10_000):
            target = folder / _numbered(path.name, n)
            if _taken(folder, target.name):
                continue
            try:
                os.link(path, target, follow_symlinks=False)
            except FileExistsError:
                continue
            except FileNotFoundError:
                return None
            except OSError:  # no hard links here (some network shares): an atomic rename
                try:
                    os.rename(path, target)
                except FileNotFoundError:
                    return None
            else:
                try:
                    os.unlink(path)
                except FileNotFoundError:  # another run linked and unlinked it first: its copy stays
                    os.unlink(target)
                    return None
            sidecar = sidecar_of(path)
            try:
                os.rename(sidecar, sidecar_of(target))
            except FileNotFoundError:
                pass
            return target
    except IngestError:
        raise
    except OSError as exc:
        raise IngestError(f"cannot move {recorded_name(path.name)} into {folder} ({exc.strerror}): check the "
                          "folder's permissions") from None
    raise IngestError(f"{folder} holds too many files named like {recorded_name(path.name)}: clear it out")


def _write_problems(target: Path, problems: list[Problem]) -> Path:
    csv_path = target.with_name(target.name + PROBLEMS_SUFFIX)
    try:
        write_problems_csv(problems, str(csv_path))
    except OSError as exc:
        raise IngestError(f"cannot write {csv_path} ({exc.strerror}): check the folder's permissions") from None
    return csv_path


def _first(problems: list[Problem]) -> str:
    return str(problems[0]) if len(problems) == 1 else f"{len(problems)} problem(s), the first: {problems[0]}"


class _Run:
    """One pass over the folder: who we are, what day and time it is."""

    def __init__(self, engine: Engine, folder: Path, today: date | None, now: datetime):
        self.engine, self.folder, self.today, self.now = engine, folder, today, now
        self.actor, self.claimer = _me()

    # --- the database side -------------------------------------------------------------------------------------

    def claim(self, digest: str, name: str, size: int):
        """(True, None) when this run may import the content; else (False, the row that holds it)."""
        values = dict(file_name=recorded_name(name), size_bytes=size, claimed_by=self.claimer, claimed_at=self.now)
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(IngestFile).values(sha256=digest, state="claimed", **values))
            return True, None
        except IntegrityError:
            pass
        with self.engine.connect() as conn:
            row = conn.execute(select(IngestFile).where(IngestFile.sha256 == digest)).mappings().first()
        # A run that died holds a stale claim; refused or failed content may be dropped again once its cause is
        # gone (a registry imported, a wrong snapshot withdrawn): both are taken again, by exactly one taker.
        stale = row is not None and row["state"] == "claimed" and _utc(row["claimed_at"]) < self.now - CLAIM_TIMEOUT
        if row is not None and (stale or row["state"] in RETRIED):
            with self.engine.begin() as conn:
                taken = conn.execute(update(IngestFile).where(
                    IngestFile.sha256 == digest, IngestFile.state == row["state"],
                    IngestFile.claimed_at == row["claimed_at"],
                ).values(state="claimed", finished_at=None, **values)).rowcount
            if taken == 1:
                return True, None
            with self.engine.connect() as conn:
                row = conn.execute(select(IngestFile).where(IngestFile.sha256 == digest)).mappings().first()
        return False, row

    def finish(self, digest: str, state: str, event: audit.Event | None, **values) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(IngestFile).where(IngestFile.sha256 == digest).values(
                state=state, finished_at=datetime.now(timezone.utc), **values))
            if event is not None:
                audit.record(conn, event)

    def event(self, outcome: str, name: str, target: Path | None, **values) -> audit.Event:
        where = f"{target.parent.name}/{target.name}" if target is not None else None
        return audit.Event(self.actor, "ingest", outcome, target=where, source_name=recorded_name(name), **values)

    # --- one file ----------------------------------------------------------------------------------------------

    def refuse(self, path: Path, outcome: str, problems: list[Problem], digest: str | None = None,
               year: int | None = None, day: date | None = None, state: str = "refused",
               warning: str | None = None) -> IngestOutcome | None:
        """Into refused/ with its problems CSV, then audited (and the claim finished when there is one). None when
        another run moved the file first (only possible before a claim)."""
        target = _move(path, REFUSED)
        if target is None and digest is None:
            return None
        csv_path = _write_problems(target, problems) if target is not None else None  # None: deleted meanwhile
        detail = _first(problems)
        event = self.event(outcome, path.name, target, fiscal_year=year, sha256=digest,
                           problem_count=len(problems), detail=detail)
        if digest is None:
            audit.record(self.engine, event)
        else:
            self.finish(digest, state, event, fiscal_year=year, as_of=day, problem_count=len(problems),
                        detail=detail[:2000])
        said = problems[0].reason if len(problems) == 1 and problems[0].row is None \
            else f"{len(problems)} problem(s)"
        see = f"see {REFUSED}/{recorded_name(csv_path.name)}" if csv_path else "the file was gone before filing"
        return IngestOutcome(path.name, outcome, f"refused {recorded_name(path.name)}: {said}; {see}", refused=True,
                             moved_to=target, problems_csv=csv_path, sha256=digest, fiscal_year=year, as_of=day,
                             problem_count=len(problems), warning=warning)

    def repeat(self, path: Path, digest: str, row) -> IngestOutcome | None:
        """Content this folder already handed over and imported: filed again, nothing imported."""
        name, shown = path.name, recorded_name(path.name)
        when = _bangkok_day(row["finished_at"] or row["claimed_at"])
        earlier = "" if row["file_name"] == recorded_name(name) else f" (as {row['file_name']})"
        target = _move(path, DONE)
        if target is None:
            return None
        detail = f"already ingested{earlier} on {when:%Y-%m-%d}: nothing imported"
        audit.record(self.engine, self.event("unchanged", name, target, fiscal_year=row["fiscal_year"],
                                             sha256=digest, detail=detail))
        return IngestOutcome(name, "repeat", f"already ingested {shown}{earlier} on {when:%Y-%m-%d}: moved to "
                             f"{DONE}/", moved_to=target, sha256=digest, fiscal_year=row["fiscal_year"],
                             as_of=row["as_of"], snapshot_id=row["snapshot_id"])

    def take(self, path: Path) -> IngestOutcome | None:
        from data_access.imports.status_import import ImportWouldRegress, import_status

        name, shown = path.name, recorded_name(path.name)
        try:
            year, day = year_and_day(path, self.today)
        except ValueError as exc:
            return self.refuse(path, "refused", [Problem(None, None, str(exc))])
        try:
            info = path.stat()
            digest = file_sha256(path)
        except FileNotFoundError:  # another run took it meanwhile
            return None
        except ImportRejected as exc:  # too large to read, or unreadable
            return self.refuse(path, "rejected", exc.problems, year=year, day=day)
        mine, row = self.claim(digest, name, info.st_size)
        if not mine:
            if row is not None and row["state"] in ("imported", "unchanged"):
                return self.repeat(path, digest, row)
            by = row["claimed_by"] if row is not None else "another run"
            return IngestOutcome(name, "busy", f"left {shown}: {by} is ingesting the same content", sha256=digest)
        try:
            result = import_status(self.engine, path, year, day, today=self.today, actor=self.actor,
                                   source_name=name, audit_action="ingest")
        except ImportWouldRegress as exc:
            reason = (f"{exc.impact.sentence()}. Nothing was imported; if the file is right, import it by hand with "
                      "`python -m data_access import-status --allow-regression`")
            return self.refuse(path, "refused", [Problem(None, None, reason)], digest, year, day)
        except ImportRejected as exc:
            return self.refuse(path, "rejected", exc.problems, digest, year, day)
        except OperationalError:
            raise  # the database cannot be used: the file stays, its claim lapses after CLAIM_TIMEOUT
        except Exception as exc:  # noqa: BLE001 — a crash of the import: filed as failed, in one sentence
            why = f"{type(exc).__name__}: {recorded_name(str(exc))[:200]}"
            problem = Problem(None, None, f"the import failed ({why}); nothing was imported. Import it by hand "
                                          "with `python -m data_access import-status` to see why")
            return self.refuse(path, "failed", [problem], digest, year, day, state="failed",
                               warning=f"importing {shown} failed ({why}): moved to {REFUSED}/; try "
                                       "`python -m data_access import-status` by hand")
        target = _move(path, DONE)
        values = dict(fiscal_year=result.fiscal_year, as_of=result.as_of, snapshot_id=result.snapshot_id,
                      problem_count=0)
        if result.unchanged:
            withdrawn = " and later withdrawn" if result.withdrawn else ""
            detail = (f"already imported as snapshot {result.snapshot_id} (as of {result.as_of:%Y-%m-%d}"
                      f"{withdrawn}): nothing changed")
            self.finish(digest, "unchanged", self.event("unchanged", name, target, fiscal_year=result.fiscal_year,
                                                        sha256=digest, row_count=result.rows, detail=detail),
                        detail=detail, **values)
            line = f"already imported {shown}: fiscal year {result.fiscal_year}, {detail}; moved to {DONE}/"
            outcome = "unchanged"
        else:  # import_status audited it, in the same transaction as the snapshot
            detail = f"snapshot {result.snapshot_id} as of {result.as_of:%Y-%m-%d}, {result.rows} rows"
            self.finish(digest, "imported", None, detail=detail, **values)
            line = f"imported {shown}: fiscal year {result.fiscal_year}, {detail}"
            outcome = "imported"
        return IngestOutcome(name, outcome, line, moved_to=target, sha256=digest, fiscal_year=result.fiscal_year,
                             as_of=result.as_of, snapshot_id=result.snapshot_id, rows=result.rows, problem_count=0)


def ingest_files(engine: Engine, folder: str | Path, today: date | None, settle_seconds: float = SETTLE_SECONDS,
                 now: datetime | None = None) -> Iterator[IngestOutcome]:
    """Take every new file of `folder`, yielding each outcome as soon as it is filed (see ingest_folder)."""
    folder = Path(folder)
    try:
        is_folder = folder.is_dir()
    except (OSError, ValueError):  # a name too long for the file system, or with a NUL
        is_folder = False
    if not is_folder:
        raise IngestError(f"{recorded_name(str(folder))[:120]} is not an existing folder: give the folder the "
                          "exports are dropped into")
    now = _utc(now or datetime.now(timezone.utc))
    init_db(engine)
    run = _Run(engine, folder, today, now)
    try:
        found = candidates(folder, settle_seconds, now)
    except OSError as exc:
        raise IngestError(f"cannot list {folder} ({exc.strerror})") from None
    for path in found:
        outcome = run.take(path)
        if outcome is not None:
            yield outcome


def ingest_folder(engine: Engine, folder: str | Path, today: date | None, settle_seconds: float = SETTLE_SECONDS,
                  now: datetime | None = None) -> list[IngestOutcome]:
    """Import every new status export dropped into `folder`, in name order, and file it into done/ or refused/.
    Files another run is importing, or that another run filed first, are left to it (a 'busy' outcome, or none).
    `today` bounds the as-of date as for import-status; `now` (aware) is the clock for settling and claims.
    Raises IngestError when the folder cannot be used and OperationalError when the database cannot."""
    return list(ingest_files(engine, folder, today, settle_seconds, now))


def day_report(engine: Engine, day: date) -> DayReport:
    """What the ingest folder did on `day` (Asia/Bangkok), from the audit trail, and every snapshot imported that
    day by any means (snapshot.imported_at)."""
    start = datetime.combine(day, time(0), BANGKOK).astimezone(timezone.utc)
    end = datetime.combine(day + timedelta(days=1), time(0), BANGKOK).astimezone(timezone.utc)
    with engine.connect() as conn:
        entries = conn.execute(
            select(AuditEntry.source_name, AuditEntry.outcome, AuditEntry.at, AuditEntry.fiscal_year,
                   AuditEntry.problem_count, AuditEntry.detail, AuditEntry.row_count, Snapshot.id, Snapshot.as_of,
                   Snapshot.row_count)
            .outerjoin(Snapshot, and_(AuditEntry.outcome == "done", Snapshot.sha256 == AuditEntry.sha256,
                                      Snapshot.fiscal_year == AuditEntry.fiscal_year))
            .where(AuditEntry.action == "ingest", AuditEntry.at >= start, AuditEntry.at < end)
            .order_by(AuditEntry.id)).all()
        snapshots = conn.execute(
            select(Snapshot.id, Snapshot.fiscal_year, Snapshot.as_of, Snapshot.source_name, Snapshot.imported_by,
                   Snapshot.imported_at, Snapshot.withdrawn_at)
            .where(Snapshot.imported_at >= start, Snapshot.imported_at < end).order_by(Snapshot.id)).all()
    refused, imported = [], []
    for name, outcome, at, year, problems, detail, rows, snapshot_id, as_of, snapshot_rows in entries:
        if outcome == "done":
            imported.append(DayFile(name or "", outcome, _utc(at).astimezone(BANGKOK), year, problems, detail,
                                    snapshot_id, as_of, snapshot_rows if snapshot_rows is not None else rows))
        elif outcome in ("rejected", "refused", "failed"):
            refused.append(DayFile(name or "", outcome, _utc(at).astimezone(BANGKOK), year, problems, detail))
    return DayReport(day, tuple(refused), tuple(imported), tuple(
        DaySnapshot(s.id, s.fiscal_year, s.as_of, s.source_name, s.imported_by, _utc(s.imported_at).astimezone(BANGKOK),
                    s.withdrawn_at is not None) for s in snapshots))
