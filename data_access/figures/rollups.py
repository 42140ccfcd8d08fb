"""Per-snapshot aggregates ("rollups") of the status rows, so the figures read O(provinces) rows, not O(status rows).

Three tables, keyed by snapshot and province (data_access/models.py):
- rollup_group: per (province, LAO type): LAOs, complete, not started, certified cells;
- rollup_domain: per (province, domain): LAOs certified, updated, recorded;
- rollup_day: per (province, day): LAOs completed and cells certified that day (the trend's increments).

They are computed by the live queries of data_access/figures/counts.py, grouped by province as well, so rollups and live
figures agree by construction; tests/data_access/test_rollups.py holds them equal.

Every writer refreshes them in the transaction that changes what they summarise:
- a new snapshot (status import, demo seed): `refresh_snapshot`;
- a changed registry (LAOs added, retyped, moved): `refresh_year`, every snapshot of that fiscal year;
- migration 0002: `refresh_all`, the snapshots already in the database.
A snapshot without rollups (written by other means) still gives the right figures: readers fall back to the live
queries (figures._rollups_ready).
"""

from collections.abc import Iterable

from sqlalchemy import Connection, Integer, case, delete, func, insert, literal, literal_column, select, union_all

from data_access.figures import counts as figures
from data_access.models import FiscalYear, RollupDay, RollupDomain, RollupGroup, Snapshot
from data_access.reference import CERTIFIED, RECORDED, UPDATED
from data_access.access.scope import Scope

TABLES = (RollupGroup, RollupDomain, RollupDay)
NATIONAL = Scope.national()


def clear(conn: Connection, snapshot_ids: Iterable[int]) -> None:
    """Delete the rollups of these snapshots (deleting a snapshot also cascades to them)."""
    ids = list(snapshot_ids)
    if ids:
        for table in TABLES:
            conn.execute(delete(table).where(table.snapshot_id.in_(ids)))


def _lock_year(conn: Connection, year: int) -> None:
    """Serialise the rollup writers of one fiscal year (PostgreSQL; SQLite already has one writer at a time), so a
    registry import and a status import running at once cannot leave a snapshot rolled up on the old registry: the
    second one waits for the first to commit and then, at READ COMMITTED, computes on what it committed."""
    conn.execute(select(FiscalYear.year).where(FiscalYear.year == year).with_for_update())


def _refresh(conn: Connection, year: int, snapshot_id: int) -> None:
    clear(conn, [snapshot_id])
    sid = literal(snapshot_id, Integer).label("snapshot_id")
    n_domains = figures._domain_count(conn, year)

    groups = figures._group_query(year, NATIONAL, ("province_code", "type"), snapshot_id, n_domains).subquery()
    conn.execute(insert(RollupGroup).from_select(
        ["snapshot_id", "province_code", "type", *figures.SUM_KEYS],
        select(sid, groups.c.province_code, groups.c.type, *(groups.c[k] for k in figures.SUM_KEYS)),
    ))

    counts = figures._status_counts_query(NATIONAL, snapshot_id, ("province_code",)).subquery()

    def at(status: int):
        return func.coalesce(func.sum(case((counts.c.status == status, counts.c.n), else_=0)), 0)

    conn.execute(insert(RollupDomain).from_select(
        ["snapshot_id", "province_code", "domain_code", "certified", "updated", "recorded"],
        select(sid, counts.c.province_code, counts.c.domain_code, at(CERTIFIED), at(UPDATED), at(RECORDED))
        .group_by(counts.c.province_code, counts.c.domain_code),
    ))

    lao_days, cell_days = (q.subquery() for q in figures._trend_queries(conn, year, NATIONAL, snapshot_id,
                                                                          ("province_code",)))
    zero = literal_column("0")
    both = union_all(
        select(lao_days.c.province_code, lao_days.c.day, lao_days.c.n.label("complete_new"),
               zero.label("cells_new")),
        select(cell_days.c.province_code, cell_days.c.day, zero.label("complete_new"),
               cell_days.c.n.label("cells_new")),
    ).subquery()
    conn.execute(insert(RollupDay).from_select(
        ["snapshot_id", "province_code", "day", "complete_new", "cells_new"],
        select(sid, both.c.province_code, both.c.day, func.sum(both.c.complete_new), func.sum(both.c.cells_new))
        .group_by(both.c.province_code, both.c.day),
    ))


def refresh_snapshot(conn: Connection, snapshot_id: int) -> None:
    """(Re)compute one snapshot's rollups from its status rows and its fiscal year's registry, in `conn`'s
    transaction."""
    year = conn.scalar(select(Snapshot.fiscal_year).where(Snapshot.id == snapshot_id))
    if year is None:
        raise LookupError(f"no snapshot {snapshot_id}")
    _lock_year(conn, year)
    _refresh(conn, year, snapshot_id)


def refresh_year(conn: Connection, year: int) -> None:
    """(Re)compute the rollups of every snapshot of a fiscal year: after its registry changed."""
    _lock_year(conn, year)
    for snapshot_id in conn.scalars(select(Snapshot.id).where(Snapshot.fiscal_year == year)
                                    .order_by(Snapshot.id)).all():
        _refresh(conn, year, snapshot_id)


def refresh_all(conn: Connection) -> None:
    """(Re)compute the rollups of every snapshot in the database."""
    for year in conn.scalars(select(Snapshot.fiscal_year).distinct().order_by(Snapshot.fiscal_year)).all():
        refresh_year(conn, year)
