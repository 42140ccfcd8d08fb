"""bulk.insert_rows: COPY on PostgreSQL, executemany elsewhere; the same rows either way, inside the caller's
transaction (all or nothing)."""

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import event, insert, select
from sqlalchemy.exc import IntegrityError, StatementError

from data_access.imports import status_import
from data_access.imports.bulk import insert_rows
from data_access.models import Lao, LaoStatus, Snapshot
from data_access.imports.status_import import import_status
from tests.support.status_file import database_state, write_status_csv

AS_OF = date(2023, 8, 20)
COLUMNS = [c.name for c in LaoStatus.__table__.columns]


def _snapshot(conn, sha: str) -> int:
    return conn.execute(insert(Snapshot).values(
        fiscal_year=2566, as_of=AS_OF, source_name="t", sha256=sha, row_count=0, imported_at=datetime.now(timezone.utc),
    ).returning(Snapshot.id)).scalar_one()


def _records(lao_ids: list[int], snapshot_id: int) -> list[dict]:
    """Every kind of value a status row holds: NULLs, times and no times, Thai text and characters COPY escapes."""
    texts = [None, "นายทดสอบ ใจดี", "tab\there", "new\nline", "back\\slash \\N", "", "  spaced  ", "quote \"'"]
    out = []
    for i, lao_id in enumerate(lao_ids):
        for domain in range(1, 9):
            k = i * 8 + domain
            recorded = datetime(2023, 8, 1, k % 24, k % 60, k % 7) if k % 3 else datetime(2023, 8, 1)
            out.append(dict(
                lao_id=lao_id, domain_code=domain, status=k % 4,
                recorded_at=None if k % 4 == 0 else recorded,
                updated_at=recorded + timedelta(days=1, microseconds=k) if k % 4 >= 2 else None,
                certified_at=datetime(2566 - 543, 8, 15, 23, 59, 59) if k % 4 == 3 else None,
                certified_by=texts[k % len(texts)], snapshot_id=snapshot_id, fiscal_year=2566,
            ))
    return out


def _stored(conn, snapshot_id: int) -> list[dict]:
    """The rows of a snapshot as the database gives them back, without the snapshot id."""
    rows = conn.execute(select(LaoStatus.__table__).where(LaoStatus.snapshot_id == snapshot_id)
                        .order_by(LaoStatus.lao_id, LaoStatus.domain_code)).mappings()
    return [{c: r[c] for c in COLUMNS if c != "snapshot_id"} for r in rows]


def _lao_ids(eng) -> list[int]:
    with eng.connect() as conn:
        return list(conn.scalars(select(Lao.id).where(Lao.fiscal_year == 2566).order_by(Lao.id)))


def _statements(eng) -> list[str]:
    seen: list[str] = []
    event.listen(eng, "before_cursor_execute", lambda *args: seen.append(args[2]))
    return seen


def test_rows_round_trip_exactly_as_insert_stores_them(eng, registry_2566):
    lao_ids = _lao_ids(eng)
    with eng.begin() as conn:
        plain, bulk = _snapshot(conn, "plain"), _snapshot(conn, "bulk")
        conn.execute(insert(LaoStatus), _records(lao_ids, plain))
        insert_rows(conn, LaoStatus, _records(lao_ids, bulk))
    with eng.connect() as conn:
        expected, got = _stored(conn, plain), _stored(conn, bulk)
    assert got == expected
    assert got == [{c: r[c] for c in COLUMNS if c != "snapshot_id"} for r in _records(lao_ids, bulk)]
    assert all(v.tzinfo is None for row in got for v in row.values() if isinstance(v, datetime))  # wall clock
    assert {type(row["status"]) for row in got} == {type(row["domain_code"]) for row in got} == {int}
    assert {row["status"] for row in got} == {0, 1, 2, 3}


def test_postgresql_copies_and_other_databases_insert(eng, registry_2566):
    lao_ids = _lao_ids(eng)
    seen = _statements(eng)
    with eng.begin() as conn:
        insert_rows(conn, LaoStatus, _records(lao_ids, _snapshot(conn, "s")))
    inserts = [s for s in seen if "lao_status" in s and s.lstrip().upper().startswith("INSERT")]
    assert bool(inserts) == (eng.dialect.name != "postgresql")


def test_a_failing_row_leaves_the_database_unchanged(eng, registry_2566):
    lao_ids = _lao_ids(eng)
    before = database_state(eng)
    records = _records(lao_ids, 0)
    records[-1]["lao_id"] = max(lao_ids) + 1000  # no such LAO: the foreign key fails on the last row
    with pytest.raises(IntegrityError):  # the same SQLAlchemy error on both paths
        with eng.begin() as conn:
            snapshot_id = _snapshot(conn, "s")
            for r in records:
                r["snapshot_id"] = snapshot_id
            insert_rows(conn, LaoStatus, records)
    assert database_state(eng) == before


def test_a_failure_after_the_copy_rolls_the_copied_rows_back(eng, registry_2566):
    lao_ids = _lao_ids(eng)
    before = database_state(eng)
    with pytest.raises(RuntimeError):
        with eng.begin() as conn:
            snapshot_id = _snapshot(conn, "s")
            insert_rows(conn, LaoStatus, _records(lao_ids, snapshot_id))
            assert len(_stored(conn, snapshot_id)) == len(lao_ids) * 8  # visible inside the transaction
            raise RuntimeError("a later step of the import fails")
    assert database_state(eng) == before


def test_without_begin_the_rows_follow_commit_and_rollback(eng, registry_2566):
    lao_ids = _lao_ids(eng)
    with eng.connect() as conn:
        snapshot_id = _snapshot(conn, "s")
        insert_rows(conn, LaoStatus, _records(lao_ids, snapshot_id))
        conn.rollback()
    with eng.connect() as conn:
        assert conn.scalar(select(LaoStatus.lao_id).limit(1)) is None
        snapshot_id = _snapshot(conn, "s")
        insert_rows(conn, LaoStatus, _records(lao_ids, snapshot_id))
        conn.commit()
    with eng.connect() as conn:
        assert len(_stored(conn, snapshot_id)) == len(lao_ids) * 8


def test_an_aware_datetime_in_a_wall_clock_column_is_stored_as_insert_stores_it(eng, registry_2566):
    lao_id = _lao_ids(eng)[0]
    aware = datetime(2023, 8, 1, 9, 30, tzinfo=timezone(timedelta(hours=7)))
    with eng.begin() as conn:
        plain, bulk = _snapshot(conn, "plain"), _snapshot(conn, "bulk")
        for snapshot_id, write in ((plain, lambda rs: conn.execute(insert(LaoStatus), rs)),
                                   (bulk, lambda rs: insert_rows(conn, LaoStatus, rs))):
            write([dict(lao_id=lao_id, domain_code=1, status=1, recorded_at=aware, updated_at=None,
                        certified_at=None, certified_by=None, snapshot_id=snapshot_id, fiscal_year=2566)])
    with eng.connect() as conn:
        assert _stored(conn, bulk) == _stored(conn, plain)


def test_bad_records_raise_what_insert_raises(eng, registry_2566):
    lao_id = _lao_ids(eng)[0]
    row = dict(lao_id=lao_id, domain_code=1, status=1, recorded_at=None, updated_at=None, certified_at=None,
               certified_by=None, fiscal_year=2566)
    with eng.connect() as conn:
        row["snapshot_id"] = _snapshot(conn, "s")
        insert_rows(conn, LaoStatus, [])  # nothing to do
        with pytest.raises(StatementError):
            insert_rows(conn, LaoStatus, [row, {k: v for k, v in row.items() if k != "certified_by"}])
        conn.rollback()
    with eng.connect() as conn:
        assert conn.scalar(select(LaoStatus.lao_id).limit(1)) is None
        row["snapshot_id"] = _snapshot(conn, "s")
        insert_rows(conn, LaoStatus, [dict(row, no_such_column=1, domain_code=d) for d in (1, 2)])  # ignored
        insert_rows(conn, LaoStatus, [dict(row, domain_code=3, certified_by="x")])
        assert [(r["domain_code"], r["certified_by"]) for r in _stored(conn, row["snapshot_id"])] == [
            (1, None), (2, None), (3, "x")]


def test_import_status_is_all_or_nothing_when_the_database_fails(eng, registry_2566, tmp_path, monkeypatch):
    rows = [[code, d, "รับรองแล้ว", "01/08/2566", "", "15/08/2566", "นายทดสอบ"]
            for code in registry_2566 for d in range(1, 9)]
    path = write_status_csv(tmp_path / "s.csv", rows)
    before = database_state(eng)

    def copy_then_fail(conn, table, records):
        insert_rows(conn, table, records)
        raise IntegrityError("INSERT", {}, Exception("the server refused a row"))

    monkeypatch.setattr(status_import, "insert_rows", copy_then_fail)
    with pytest.raises(IntegrityError):
        import_status(eng, path, 2566, AS_OF, today=AS_OF)
    assert database_state(eng) == before
    monkeypatch.undo()
    assert import_status(eng, path, 2566, AS_OF, today=AS_OF).rows == len(rows)
