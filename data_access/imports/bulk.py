"""Bulk INSERT of many rows inside the caller's transaction: COPY on PostgreSQL (psycopg 3), executemany elsewhere.

`conn.execute(insert(table), records)` on psycopg sends one INSERT per row (pipelined); for the 62,792 rows of a
national status export that was a third of `import-status`. COPY … FROM STDIN sends them as one stream. It runs on
the very DBAPI connection of `conn`, inside its open transaction, so the import stays all or nothing: a failure
(here or later in the same `engine.begin()` block) rolls the copied rows back with everything else.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, DateTime, Table, insert
from sqlalchemy.exc import DBAPIError


def insert_rows(conn: Connection, table: Any, records: Sequence[Mapping[str, Any]]) -> None:
    """INSERT `records` (dicts keyed by column name, all with the keys of the first) into `table`.

    `table` is a Table or a mapped class. Same rows as `conn.execute(insert(table), records)`, faster on PostgreSQL;
    no records, no statement. Database errors come as SQLAlchemy's (IntegrityError, …) on both paths.
    """
    if not records:
        return
    table = table if isinstance(table, Table) else table.__table__
    columns = _copy_columns(conn, table, records[0])
    rows = _rows(conn, columns, records) if columns is not None else None
    if rows is None:
        conn.execute(insert(table), list(records))
        return
    _copy(conn, table, columns, rows)


def _copy_columns(conn: Connection, table: Table, first: Mapping[str, Any]) -> list | None:
    """The columns COPY would fill, or None when COPY cannot give exactly what INSERT would."""
    if conn.dialect.name != "postgresql" or conn.dialect.driver != "psycopg":
        return None
    for column in table.columns:
        # A Python-side default would be filled in by INSERT but not by COPY (server defaults work in both).
        if column.name not in first and (column.default is not None or column.onupdate is not None):
            return None
    return [table.c[key] for key in first if key in table.c]  # INSERT ignores other keys too


def _rows(conn: Connection, columns: list, records: Sequence[Mapping[str, Any]]) -> list[tuple] | None:
    """Each record as a tuple in column order, converted as INSERT converts its parameters; None if COPY would
    store something else than INSERT."""
    dialect = conn.dialect
    names = [c.name for c in columns]
    processors = [c.type.dialect_impl(dialect).bind_processor(dialect) for c in columns]
    try:
        if any(processors):
            rows = [tuple(p(r[n]) if p else r[n] for n, p in zip(names, processors)) for r in records]
        else:
            rows = [tuple(r[n] for n in names) for r in records]
    except KeyError:
        return None  # a record lacks a key the first one has: INSERT says which
    # An aware datetime bound to a `timestamp without time zone` column is shifted by INSERT to the session's
    # time zone; COPY's text would drop the offset instead. None of our imports does that; leave it to INSERT.
    naive = [i for i, c in enumerate(columns) if isinstance(c.type, DateTime) and not c.type.timezone]
    for i in naive:
        if any(row[i] is not None and getattr(row[i], "tzinfo", None) is not None for row in rows):
            return None
    return rows


def _copy(conn: Connection, table: Table, columns: list, rows: list[tuple]) -> None:
    dialect = conn.dialect
    preparer = dialect.identifier_preparer
    statement = (f"COPY {preparer.format_table(table)} ({', '.join(preparer.quote(c.name) for c in columns)}) "
                 "FROM STDIN")
    if not conn.in_transaction():
        conn.begin()  # as conn.execute would autobegin: the caller's commit() or rollback() covers the rows
    driver = conn.connection.driver_connection
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            write_row = copy.write_row
            for row in rows:
                write_row(row)
    except dialect.loaded_dbapi.Error as exc:
        # Raise what conn.execute would have raised (IntegrityError, OperationalError, …), so callers and
        # `python -m data_access` handle both paths alike.
        raise DBAPIError.instance(statement, None, exc, dialect.loaded_dbapi.Error, dialect=dialect) from exc
