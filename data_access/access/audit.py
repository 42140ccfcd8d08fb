"""The audit trail (DOMAIN.md §9): every import (CLI or web), withdrawal, user change and denied access.

Append-only from the app's side: this module inserts and reads, nothing here updates or deletes. Never pass a
secret, a token or a cookie value: entries hold who, what, when and the outcome.
"""

import getpass
from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from sqlalchemy import Connection, Engine, insert, select

from data_access.config import BANGKOK
from data_access.models import AuditEntry

COLUMNS = ("id", "at", "actor", "action", "outcome", "fiscal_year", "target", "source_name", "sha256", "row_count",
           "problem_count", "detail")
_LIMITS = {"actor": 320, "action": 40, "outcome": 20, "target": 500, "source_name": 500, "detail": 2000}


def cli_actor() -> str:
    """Who runs a command on the server: the operating-system account, marked as such."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"


@dataclass(frozen=True)
class Event:
    actor: str
    action: str
    outcome: str
    fiscal_year: int | None = None
    target: str | None = None
    source_name: str | None = None
    sha256: str | None = None
    row_count: int | None = None
    problem_count: int | None = None
    detail: str | None = None

    def values(self) -> dict:
        values = {name: getattr(self, name) for name in COLUMNS if name not in ("id", "at")}
        for name, limit in _LIMITS.items():
            if isinstance(values[name], str):
                # Text from files and URLs: no control characters (PostgreSQL refuses NUL), bounded length.
                clean = "".join(ch if ch.isprintable() else "?" for ch in values[name])
                values[name] = clean if len(clean) <= limit else clean[:limit - 1] + "…"
        return values


def record(target: Engine | Connection, event: Event) -> None:
    """Write one entry; on a Connection it is part of that transaction (so it commits with the change it logs)."""
    statement = insert(AuditEntry).values(at=datetime.now(timezone.utc), **event.values())
    if isinstance(target, Connection):
        target.execute(statement)
    else:
        with target.begin() as conn:
            conn.execute(statement)


def entries(engine: Engine, since: date | None = None, limit: int | None = None) -> list[dict]:
    """Newest first; `since` is a day in Asia/Bangkok."""
    query = select(*(getattr(AuditEntry, name) for name in COLUMNS)).order_by(AuditEntry.id.desc())
    if since is not None:
        query = query.where(AuditEntry.at >= datetime.combine(since, time(0), BANGKOK).astimezone(timezone.utc))
    if limit:
        query = query.limit(limit)
    with engine.connect() as conn:
        return [dict(zip(COLUMNS, row)) for row in conn.execute(query)]
