"""The log of mails sent (table mail_sent): one row per (day, recipient, kind), so that a digest or an alert goes
out once a day whatever the retries, the reruns and the servers running them.

A run claims a row before it sends (state `sending`), then marks it `sent` or `failed`. A row already `sent` is
never sent again; a `failed` one, or a `sending` one left by a run that died more than CLAIM_TIMEOUT ago, may be
claimed again by a later run; one that another run is sending right now is left to it. Claims are atomic in the
database (an INSERT on the primary key, or an UPDATE that names the row's state and time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import Engine, and_, insert, select, update
from sqlalchemy.exc import IntegrityError

from data_access.models import MailSent

CLAIM_TIMEOUT = timedelta(minutes=15)
DIGEST, ALERT_REFUSED, ALERT_NO_DATA = "digest", "alert-refused", "alert-no-data"


@dataclass(frozen=True)
class Claim:
    claimed: bool
    state: str | None = None  # when not claimed: sent | sending (by another run)
    attempts: int = 0  # attempts made before this claim


def _clean(text: str | None, limit: int) -> str | None:
    if text is None:
        return None
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def claim(engine: Engine, day: date, recipient: str, kind: str, subject: str | None = None,
          now: datetime | None = None) -> Claim:
    now = now or datetime.now(timezone.utc)
    values = dict(state="sending", subject=_clean(subject, 500), updated_at=now)
    try:
        with engine.begin() as conn:
            conn.execute(insert(MailSent).values(day=day, recipient=recipient, kind=kind, attempts=0, **values))
        return Claim(True)
    except IntegrityError:
        pass
    key = and_(MailSent.day == day, MailSent.recipient == recipient, MailSent.kind == kind)
    with engine.begin() as conn:
        row = conn.execute(select(MailSent.state, MailSent.attempts, MailSent.updated_at).where(key)).first()
        if row is None or row.state == "sent":
            return Claim(False, "sent" if row else None)
        stale = row.state == "failed" or _aware(row.updated_at) < now - CLAIM_TIMEOUT
        if not stale:
            return Claim(False, "sending", row.attempts)
        taken = conn.execute(update(MailSent).where(key, MailSent.state == row.state,
                                                     MailSent.updated_at == row.updated_at).values(**values)).rowcount
    return Claim(True, attempts=row.attempts) if taken == 1 else Claim(False, "sending", row.attempts)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)  # SQLite keeps no zone


def finish(engine: Engine, day: date, recipient: str, kind: str, sent: bool, attempts: int,
           message_id: str | None = None, error: str | None = None, subject: str | None = None) -> None:
    key = and_(MailSent.day == day, MailSent.recipient == recipient, MailSent.kind == kind)
    values = {} if subject is None else {"subject": _clean(subject, 500)}
    with engine.begin() as conn:
        conn.execute(update(MailSent).where(key).values(
            state="sent" if sent else "failed", attempts=MailSent.attempts + attempts, message_id=message_id,
            error=_clean(error, 500), updated_at=datetime.now(timezone.utc), **values))


def sent_on(engine: Engine, day: date, kind: str | None = None) -> list[dict]:
    """The day's rows (for the admin page and the tests)."""
    query = select(MailSent.__table__).where(MailSent.day == day).order_by(MailSent.recipient, MailSent.kind)
    if kind is not None:
        query = query.where(MailSent.kind == kind)
    with engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]
