"""Who may see what (DOMAIN.md §9): roles kept in the database, managed by `users …` or the admin page.

An email is compared case-insensitively, so it is stored lower-case. Every change is audited in its transaction.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import Engine, delete, insert, select

from data_access.access import audit
from data_access.models import AppUser, Province
from data_access.access.scope import Scope

ROLES = ("national", "province", "admin")
# Deliberately loose: the identity provider decides what an email is; this only keeps out what cannot be one.
EMAIL = re.compile(r"^[^@\s]{1,200}@[^@\s]{1,118}$")


class UserError(ValueError):
    """A user change that cannot be made; the message is a sentence for the operator."""


@dataclass(frozen=True)
class User:
    email: str
    role: str
    provinces: tuple[str, ...] = ()

    @property
    def scope(self) -> Scope:
        """What this user may see at LAO level: the whole country, or their provinces."""
        return Scope.of(*self.provinces) if self.role == "province" else Scope.national()

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def as_json(self) -> dict:
        return {"email": self.email, "role": self.role, "provinces": list(self.provinces)}


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def _checked(email: str, role: str, provinces: list[str], known: set[str]) -> tuple[str, tuple[str, ...]]:
    email = normalise_email(email)
    if not EMAIL.match(email) or any(not ch.isprintable() for ch in email):
        raise UserError(f"'{email[:60]}' is not an email address")
    if role not in ROLES:
        raise UserError(f"the role must be one of {', '.join(ROLES)}")
    codes = tuple(sorted({p.strip() for p in provinces if p.strip()}))
    if role == "province" and not codes:
        raise UserError("a province user needs at least one --province")
    if role != "province" and codes:
        raise UserError("--province is only for the province role")
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise UserError(f"no province with code {', '.join(unknown)} (use the two-digit DOPA code, e.g. 50)")
    return email, codes


def add_user(engine: Engine, email: str, role: str, provinces: list[str], actor: str) -> User:
    """Grant a role; re-adding an email replaces what it had."""
    with engine.begin() as conn:
        known = set(conn.scalars(select(Province.code)))
        email, codes = _checked(email, role, provinces, known)
        replaced = conn.execute(delete(AppUser).where(AppUser.email == email)).rowcount
        conn.execute(insert(AppUser).values(email=email, role=role, provinces=",".join(codes) or None,
                                            granted_by=actor, granted_at=datetime.now(timezone.utc)))
        audit.record(conn, audit.Event(actor, "user-add", "done", target=email,
                                       detail=f"role {role}" + (f", provinces {','.join(codes)}" if codes else "")
                                       + (" (replaced)" if replaced else "")))
    return User(email, role, codes)


def remove_user(engine: Engine, email: str, actor: str) -> bool:
    email = normalise_email(email)
    with engine.begin() as conn:
        removed = conn.execute(delete(AppUser).where(AppUser.email == email)).rowcount
        audit.record(conn, audit.Event(actor, "user-remove", "done" if removed else "unchanged", target=email[:320]))
    return bool(removed)


def _as_user(row) -> User:
    return User(row.email, row.role, tuple(row.provinces.split(",")) if row.provinces else ())


def list_users(engine: Engine) -> list[User]:
    with engine.connect() as conn:
        return [_as_user(r) for r in conn.execute(select(AppUser).order_by(AppUser.role, AppUser.email))]


def find_user(engine: Engine, email: str) -> User | None:
    with engine.connect() as conn:
        row = conn.execute(select(AppUser).where(AppUser.email == normalise_email(email))).first()
    return _as_user(row) if row else None
