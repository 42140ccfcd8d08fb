"""Who gets the daily digest: each province office's address (`offices set … --email`) and the extra subscribers an
admin manages (`subscriptions add|remove|list`, the admin page). A subscriber follows the whole country
("national") or one province, and gets that and nothing else. Every change is audited in its transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from email.errors import HeaderParseError
from email.headerregistry import Address

from sqlalchemy import Engine, delete, insert, select

from data_access.access import audit
from data_access.geography import BANGKOK
from data_access.models import AppUser, Province, ProvinceOffice, Subscription
from data_access.access.users import normalise_email

NATIONAL = "national"


class SubscriptionError(ValueError):
    """A subscription change that cannot be made; the message is a sentence for the operator."""


@dataclass(frozen=True)
class Subscriber:
    email: str
    scope: str  # NATIONAL or a province code
    added_by: str | None = None

    def as_json(self) -> dict:
        return {"email": self.email, "scope": self.scope, "added_by": self.added_by}


@dataclass(frozen=True)
class Recipient:
    """One address and everything it follows: one mail a day whatever it is subscribed as."""

    email: str
    national: bool
    provinces: tuple[str, ...]  # in code order
    as_office_of: tuple[str, ...] = ()  # the provinces whose office address this is


def mail_address(text: str | None) -> str | None:
    """`text` as a bare address a mail header can carry (user@host, nothing else: no name, no comma, no line
    break), lower-case; None when it is not one."""
    email = normalise_email(text or "")
    if not email or len(email) > 254 or any(not ch.isprintable() or ch.isspace() for ch in email):
        return None
    try:
        address = Address(addr_spec=email)
    except (HeaderParseError, ValueError, IndexError):
        return None
    if address.addr_spec != email or not address.username or "." not in address.domain or any(
            ch in email for ch in ',;<>()[]\\"\''):
        return None
    return email


def _checked_scope(conn, scope: str) -> str:
    scope = (scope or "").strip().lower()
    if scope == NATIONAL:
        return scope
    known = set(conn.scalars(select(Province.code)))
    shown = "".join(ch for ch in scope[:10] if ch.isprintable())
    if scope not in known:
        raise SubscriptionError(f"'{shown}' is neither 'national' nor a province code (two digits, e.g. 50)")
    if scope == BANGKOK:
        raise SubscriptionError("Bangkok is not under the Department of Local Administration: it has no digest")
    return scope


def _checked_email(email: str) -> str:
    address = mail_address(email)
    if address is None:
        shown = "".join(ch if ch.isprintable() else "?" for ch in (email or "")[:60])
        raise SubscriptionError(f"'{shown}' is not an e-mail address a digest can be sent to")
    return address


def add(engine: Engine, email: str, scope: str, actor: str) -> Subscriber:
    """Subscribe `email` to the national digest or a province's; adding it again changes nothing."""
    address = _checked_email(email)
    with engine.begin() as conn:
        scope = _checked_scope(conn, scope)
        exists = conn.scalar(select(Subscription.email).where(Subscription.email == address,
                                                              Subscription.scope == scope))
        if exists is None:
            conn.execute(insert(Subscription).values(email=address, scope=scope, added_by=actor,
                                                     added_at=datetime.now(timezone.utc)))
            audit.record(conn, audit.Event(actor, "subscription-add", "done", target=address, detail=f"scope {scope}"))
    return Subscriber(address, scope, actor)


def remove(engine: Engine, email: str, scope: str | None, actor: str) -> int:
    """Unsubscribe `email` from `scope` (None: from everything); how many subscriptions went."""
    address = normalise_email(email)
    with engine.begin() as conn:
        query = delete(Subscription).where(Subscription.email == address)
        if scope is not None:
            query = query.where(Subscription.scope == _checked_scope(conn, scope))
        removed = conn.execute(query).rowcount
        if removed:
            audit.record(conn, audit.Event(actor, "subscription-remove", "done", target=address,
                                           detail=f"scope {scope or 'all'}"))
    return removed


def list_subscribers(engine: Engine) -> list[Subscriber]:
    with engine.connect() as conn:
        rows = conn.execute(select(Subscription.email, Subscription.scope, Subscription.added_by)
                            .order_by(Subscription.email, Subscription.scope)).all()
    return [Subscriber(*row) for row in rows]


@dataclass(frozen=True)
class Unusable:
    """An office address stored before addresses were checked this strictly: reported, never sent to."""

    province_code: str
    email: str


def recipients(engine: Engine, provinces_with_laos: set[str]) -> tuple[list[Recipient], list[Unusable]]:
    """Every address that gets a digest today (the offices' and the subscribers'), with what it follows; a
    province without LAOs this fiscal year is left out."""
    with engine.connect() as conn:
        offices = conn.execute(select(ProvinceOffice.province_code, ProvinceOffice.email)
                               .where(ProvinceOffice.email.is_not(None))).all()
        subscribed = conn.execute(select(Subscription.email, Subscription.scope)).all()
    follows: dict[str, dict] = {}
    unusable = []
    for code, email in offices:
        address = mail_address(email)
        if address is None:
            unusable.append(Unusable(code, email))
            continue
        if code in provinces_with_laos:
            entry = follows.setdefault(address, {"national": False, "provinces": set(), "offices": set()})
            entry["provinces"].add(code)
            entry["offices"].add(code)
    for email, scope in subscribed:
        entry = follows.setdefault(email, {"national": False, "provinces": set(), "offices": set()})
        if scope == NATIONAL:
            entry["national"] = True
        elif scope in provinces_with_laos:
            entry["provinces"].add(scope)
    listed = [Recipient(email, e["national"], tuple(sorted(e["provinces"])), tuple(sorted(e["offices"])))
              for email, e in sorted(follows.items()) if e["national"] or e["provinces"]]
    return listed, unusable


def admin_addresses(engine: Engine) -> list[str]:
    """Where alerts go: every admin's address."""
    with engine.connect() as conn:
        emails = conn.scalars(select(AppUser.email).where(AppUser.role == "admin").order_by(AppUser.email))
        return [address for address in (mail_address(e) for e in emails) if address]
