"""Helpers for the admin page tests: a private copy of the demo database on each backend, status exports made
from its latest snapshot, the database's state without the audit trail, and the CLI's summary."""

import csv
import io
import json
import shutil
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import select

from data_access.db import engine as make_engine
from data_access.models import Lao, LaoStatus, Snapshot
from data_access.reference import CERTIFIED, STATUS_TH
from tests.support.status_file import TH_HEADER, database_state

AUDIT_TABLE = "audit"


def sqlite_copy(demo_db_path: Path, tmp_path: Path) -> str:
    target = tmp_path / "admin.sqlite"
    shutil.copyfile(demo_db_path, target)
    return f"sqlite:///{target}"


def pg_template(postgres) -> str:
    """A seeded demo database that nothing stays connected to, so CREATE DATABASE … TEMPLATE can copy it."""
    from data_access.demo import seed_demo
    from tests.conftest import PINNED_TODAY

    name = f"admin_tmpl_{uuid.uuid4().hex[:8]}"
    url = postgres.create_database(name)
    eng = make_engine(url)
    seed_demo(eng, seed=1, today=PINNED_TODAY)
    eng.dispose()
    return name


def pg_copy(postgres, template: str) -> str:
    import psycopg

    name = f"admin_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"host=127.0.0.1 port={postgres.port} user=postgres dbname=postgres",
                         autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return f"postgresql+psycopg://postgres@127.0.0.1:{postgres.port}/{name}"


def state_without_audit(url: str) -> dict:
    state = database_state(make_engine(url))
    state.pop(AUDIT_TABLE)
    return state


def latest_export(url: str, fiscal_year: int) -> list[list[str]]:
    """The rows of the year's latest counting snapshot, as an INFO export would list them (codes sorted)."""
    eng = make_engine(url)
    with eng.connect() as conn:
        snapshot = conn.scalar(select(Snapshot.id).where(Snapshot.fiscal_year == fiscal_year,
                                                         Snapshot.withdrawn_at.is_(None))
                               .order_by(Snapshot.as_of.desc(), Snapshot.id.desc()).limit(1))
        rows = conn.execute(
            select(Lao.code, LaoStatus.domain_code, LaoStatus.status, LaoStatus.recorded_at, LaoStatus.updated_at,
                   LaoStatus.certified_at, LaoStatus.certified_by)
            .join(Lao, Lao.id == LaoStatus.lao_id).where(LaoStatus.snapshot_id == snapshot)
            .order_by(Lao.code, LaoStatus.domain_code)).all()

    def when(moment) -> str:
        return "" if moment is None else f"{moment:%Y-%m-%d}"  # the demo has same-day times out of order

    return [[code, str(domain), STATUS_TH[status], when(rec), when(upd), when(cert), by or ""]
            for code, domain, status, rec, upd, cert, by in rows]


def with_more_complete(rows: list[list[str]], how_many: int) -> tuple[list[list[str]], set[str]]:
    """`rows` with `how_many` LAOs that are not complete now certified in all 8 domains."""
    certified: dict[str, int] = {}
    for code, _, status, *_ in rows:
        certified[code] = certified.get(code, 0) + (status == STATUS_TH[CERTIFIED])
    chosen = {code for code in sorted(certified) if certified[code] < 8}
    chosen = set(sorted(chosen)[:how_many])
    kept = [r for r in rows if r[0] not in chosen]
    done = [[code, str(d), STATUS_TH[CERTIFIED], "2023-10-02 09:00", "", "2023-10-10 10:00", "ปลัด ทดสอบ"]
            for code in sorted(chosen) for d in range(1, 9)]
    return kept + done, chosen


def as_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(TH_HEADER)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def cli_summary(fiscal_year: int) -> dict:
    """`python -m data_access summary` for DATABASE_URL as the test set it."""
    out = subprocess.run([sys.executable, "-m", "data_access", "summary", "--fiscal-year", str(fiscal_year),
                          "--format", "json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def as_of_of(summary: dict) -> date | None:
    return date.fromisoformat(summary["as_of"]) if summary["as_of"] else None
