from alembic.script import ScriptDirectory
from sqlalchemy import func, select

from data_access.db import HEAD_REVISION, alembic_config, engine, init_db, schema_is_current
from data_access.models import District, Province


def test_head_revision_constant_matches_the_migrations():
    assert ScriptDirectory.from_config(alembic_config(engine("sqlite://"))).get_current_head() == HEAD_REVISION


def test_init_db_is_idempotent_and_loads_geothai(eng):
    assert schema_is_current(eng)
    init_db(eng)
    with eng.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Province)) == 77
        assert conn.scalar(select(func.count()).select_from(District)) == 928


def test_a_new_database_is_not_current(tmp_path):
    assert not schema_is_current(engine(f"sqlite:///{tmp_path / 'new.sqlite'}"))
