"""Snapshots as operators see them (DOMAIN.md §8): list them, and withdraw a wrong one.

A withdrawn snapshot stays in the database, marked with who, when and why; no figure counts it any more, so the
snapshot before it is the latest again. The withdrawal is a change of data: it bumps the data version (import_log),
so every page cache refreshes, and it is audited in the same transaction.
"""

from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import Engine, insert, select, update

from data_access.access import audit
from data_access.models import ImportLog, Snapshot

REASON_MAX = 500


class SnapshotError(ValueError):
    """A withdrawal that cannot be done; the message is a sentence for the operator."""


@dataclass(frozen=True)
class SnapshotRow:
    id: int
    as_of: date
    source_name: str
    sha256: str
    rows: int
    imported_by: str | None
    imported_at: datetime
    withdrawn_at: datetime | None
    withdrawn_by: str | None
    withdrawn_reason: str | None

    def as_json(self) -> dict:
        return {
            "id": self.id, "as_of": self.as_of.isoformat(), "file": self.source_name, "sha256": self.sha256,
            "rows": self.rows, "imported_by": self.imported_by, "imported_at": _iso(self.imported_at),
            "withdrawn": self.withdrawn_at is not None, "withdrawn_at": _iso(self.withdrawn_at),
            "withdrawn_by": self.withdrawn_by, "withdrawn_reason": self.withdrawn_reason,
        }


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).isoformat(timespec="seconds")


def list_snapshots(engine: Engine, fiscal_year: int) -> list[SnapshotRow]:
    """Every snapshot of the year, withdrawn ones included, latest first."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(Snapshot.id, Snapshot.as_of, Snapshot.source_name, Snapshot.sha256, Snapshot.row_count,
                   Snapshot.imported_by, Snapshot.imported_at, Snapshot.withdrawn_at, Snapshot.withdrawn_by,
                   Snapshot.withdrawn_reason)
            .where(Snapshot.fiscal_year == fiscal_year)
            .order_by(Snapshot.as_of.desc(), Snapshot.id.desc())).all()
    return [SnapshotRow(*row) for row in rows]


def withdraw(engine: Engine, snapshot_id: int, reason: str, actor: str) -> SnapshotRow:
    reason = " ".join((reason or "").split())
    if not reason:
        raise SnapshotError("say why the snapshot is withdrawn (--reason)")
    if len(reason) > REASON_MAX or any(not ch.isprintable() for ch in reason):
        raise SnapshotError(f"the reason must be plain text of at most {REASON_MAX} characters")
    now = datetime.now(timezone.utc)
    with engine.begin() as conn:
        row = conn.execute(select(Snapshot.fiscal_year, Snapshot.withdrawn_at, Snapshot.source_name)
                           .where(Snapshot.id == snapshot_id)).first()
        if row is None:
            raise SnapshotError(f"there is no snapshot {snapshot_id}: see `snapshots list`")
        if row.withdrawn_at is not None:
            raise SnapshotError(f"snapshot {snapshot_id} was already withdrawn")
        conn.execute(update(Snapshot).where(Snapshot.id == snapshot_id)
                     .values(withdrawn_at=now, withdrawn_by=actor, withdrawn_reason=reason))
        conn.execute(insert(ImportLog).values(kind="withdraw", fiscal_year=row.fiscal_year,
                                              source_name=row.source_name, at=now))
        audit.record(conn, audit.Event(actor, "withdraw", "done", fiscal_year=row.fiscal_year,
                                       target=f"snapshot {snapshot_id}", source_name=row.source_name,
                                       detail=reason))
    return next(s for s in list_snapshots(engine, row.fiscal_year) if s.id == snapshot_id)
