"""Engine and schema migration. DATABASE_URL picks the database; SQLite under data/ is the default."""

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event

from data_access.config import settings

MIGRATIONS = Path(__file__).parent / "migrations"


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached; the message says what to do."""


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
    return create_engine(url, pool_pre_ping=True)


def alembic_config(eng: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = eng
    return cfg


def schema_is_current(eng: Engine) -> bool:
    head = ScriptDirectory.from_config(alembic_config(eng)).get_current_head()
    with eng.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision() == head


def init_db(eng: Engine | None = None) -> None:
    """Create or migrate the schema to the newest revision (idempotent)."""
    from data_access.geography import ensure_geography

    eng = eng or engine()
    if not schema_is_current(eng):
        command.upgrade(alembic_config(eng), "head")
        with eng.begin() as conn:
            ensure_geography(conn)
