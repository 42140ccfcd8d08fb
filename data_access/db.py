"""Engine and schema migration. DATABASE_URL picks the database; SQLite under data/ is the default."""

from functools import cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError

from data_access.config import settings

MIGRATIONS = Path(__file__).parent / "migrations"
# The newest migration in migrations/versions. Checking it with one SELECT keeps `summary` from importing
# Alembic on every call; tests/data_access/test_db.py holds it equal to Alembic's own head.
HEAD_REVISION = "0005"


def _normalise_url(url: str) -> str:
    # Operators paste postgres:// or postgresql:// URLs; we ship psycopg 3, not psycopg2.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def engine(url: str | None = None) -> Engine:
    """The engine for `url`, or for DATABASE_URL as it is now; one engine (and pool) per URL per process."""
    return _engine_for(_normalise_url(url or settings().database_url))


@cache
def _engine_for(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        eng = create_engine(url)

        @event.listens_for(eng, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cur = dbapi_connection.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return eng
    if url.startswith("sqlite"):  # in memory (sqlite://): SQLite's own single-connection pool
        return create_engine(url)
    pool = settings()
    return create_engine(url, pool_pre_ping=True, pool_size=pool.info_db_pool_size,
                         max_overflow=pool.info_db_max_overflow, pool_timeout=30)


def alembic_config(eng: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = eng
    return cfg


def schema_is_current(eng: Engine) -> bool:
    with eng.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
        except DBAPIError:
            return False  # no alembic_version table yet


def init_db(eng: Engine | None = None) -> None:
    """Create or migrate the schema to the newest revision (idempotent)."""
    eng = eng or engine()
    if schema_is_current(eng):
        return
    if eng.dialect.name != "postgresql":
        _migrate(eng)
        return
    with eng.connect() as lock:  # replicas starting together on a new database: one migrates, the others wait
        lock.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _MIGRATION_LOCK})
        try:
            if not schema_is_current(eng):
                _migrate(eng)
        finally:
            lock.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _MIGRATION_LOCK})
            lock.commit()


_MIGRATION_LOCK = 0x1AF0_0DB0  # any constant, held while migrating


def _migrate(eng: Engine) -> None:
    from alembic import command

    from data_access.geography import ensure_geography

    command.upgrade(alembic_config(eng), "head")
    with eng.begin() as conn:
        ensure_geography(conn)
