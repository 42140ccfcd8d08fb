"""Several replicas starting at once on one new PostgreSQL database (issue 12): one migrates and seeds the demo
data, the others wait and find it done — no error, no second copy of anything."""

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from data_access.db import engine, schema_is_current
from data_access.models import ImportLog, Lao, Snapshot

ROOT = Path(__file__).resolve().parents[2]
START = """
import sys
from datetime import date
from data_access.db import engine, init_db
from data_access.demo import seed_demo_if_empty
eng = engine()
init_db(eng)
print("seeded" if seed_demo_if_empty(eng, seed=1, today=date(2026, 11, 26)) else "found")
"""


def test_two_processes_on_a_new_database_migrate_and_seed_it_once(postgres):
    url = postgres.create_database("together")
    env = dict(os.environ, DATABASE_URL=url)
    starts = [subprocess.Popen([sys.executable, "-c", START], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [p.communicate(timeout=300) for p in starts]
    assert all(p.returncode == 0 for p in starts), [err[-500:] for _, err in results]
    assert sorted(out.strip() for out, _ in results) == ["found", "found", "seeded"]
    eng = engine(url)
    try:
        assert schema_is_current(eng)
        with eng.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(ImportLog).where(ImportLog.kind == "demo")) == 1
            per_year = conn.execute(select(Lao.fiscal_year, func.count()).group_by(Lao.fiscal_year)).all()
            assert len({n for _, n in per_year}) == 1, per_year  # every year holds the demo registry once
            assert conn.scalar(select(func.count(func.distinct(Snapshot.as_of))).where(Snapshot.fiscal_year == 2570)) \
                == conn.scalar(select(func.count()).select_from(Snapshot).where(Snapshot.fiscal_year == 2570))
    finally:
        eng.dispose()
