"""The daily digest by e-mail (`python -m reports digest --send`), and the admins' alert when the day's data did
not come in right.

Each recipient (a province office's address, an extra subscriber: data_access/admin/subscriptions.py) gets one mail a
day with a section for what it follows — the country, its province(s) — and nothing else: a province's LAO names
go only to that province's office and subscribers. A section is the status card (data_access/figures/standing.py, drawn by
reports/card.py) inline, its words as plain text and as simple HTML, the link to the page, and for a province the
chase list XLSX the province page offers. The log of mails sent (data_access/admin/mail_log.py) makes a rerun, a retry
or a second server send nothing twice; every send and failure is in the audit trail (never the SMTP login).
"""

from __future__ import annotations

import email.policy
import hashlib
import html
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from functools import partial
from pathlib import Path

from sqlalchemy import Engine

from components.i18n import format_date, format_number, format_pct, t, td
from components.safe_text import one_line
from data_access.access import audit
from data_access.admin import mail_log, offices, subscriptions
from data_access.config import BANGKOK
from data_access.access.scope import Scope
from data_access.figures.standing import Standing, Standings
from reports.card import WIDTH, CardLines, card_lines, card_png
from reports.figures_export import RenderError

log = logging.getLogger(__name__)

ACTOR = "digest"
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
DEFAULT_DATA_DUE_HOUR = 7
SUBJECT_LIMIT = 150
# A header value with a line break raises instead of adding a header. Lines up to RFC 5322's 998: folding a Thai
# subject at 78 lets Python put the space between two words outside the encoded words, where readers drop it.
MAIL_POLICY = email.policy.SMTP.clone(max_line_length=998)  # no new data by this hour (Asia/Bangkok) alerts the admins


@dataclass(frozen=True)
class Section:
    standing: Standing
    lines: CardLines
    png: bytes | None  # None: Chromium could not draw it (the mail goes without the picture)
    chase: tuple[str, bytes, int] | None  # (file name, XLSX, rows) for a province with LAOs to chase
    attached: str = ""  # the sentence that names the attachment

    @property
    def cid(self) -> str:
        return f"card-{self.standing.province_code or 'national'}@info-oversight"


@dataclass(frozen=True)
class Outcome:
    recipient: str
    kind: str
    result: str  # sent | failed | already sent | being sent | written | not sent
    subject: str = ""
    attempts: int = 0
    reason: str = ""

    @property
    def failed(self) -> bool:
        return self.result in ("failed", "not sent")

    def line(self) -> str:
        tries = f" after {self.attempts} attempt(s)" if self.attempts > 1 or self.result == "failed" else ""
        why = f": {self.reason}" if self.reason else ""
        return f"{self.result}{tries} {self.kind} to {self.recipient}{why}"


class Digest:
    """The sections of one morning, each built once and shared by every recipient that follows it."""

    def __init__(self, engine: Engine, fiscal_year: int, today: date, base_url: str, thai_digits: bool = True,
                 draw: bool = True):
        self.standings = Standings(engine, fiscal_year, today)
        self.standings.judge_all()
        self.engine, self.today, self.base_url, self.thai_digits, self.draw = (engine, today, base_url,
                                                                               thai_digits, draw)
        self._sections: dict[str | None, Section] = {}

    def section(self, province: str | None) -> Section:
        """The country's section (None), or a province's: read in that province's scope, for its readers only
        (recipients() decides who gets which)."""
        if province not in self._sections:
            scope = Scope.national() if province is None else Scope.of(province)
            standing = self.standings.of(scope, province)
            lines = card_lines(standing, self.base_url, "th", self.thai_digits)
            png = None
            if self.draw:
                try:
                    png = card_png(standing, self.base_url, "th", self.thai_digits)
                except RenderError as exc:
                    log.warning("digest card %s: %s", province or "national", exc)
            chase = None
            if province is not None and standing.not_complete:
                chase = self.standings.chase_list(scope, province)
            attached = "" if chase is None else td("digest_attached", "th", self.thai_digits, name=chase[0],
                                                   n=format_number(chase[2], self.thai_digits))
            self._sections[province] = Section(standing, lines, png, chase, attached)
        return self._sections[province]

    def recipients(self) -> tuple[list[subscriptions.Recipient], list[subscriptions.Unusable]]:
        return subscriptions.recipients(self.engine, set(self.standings.provinces))

    def message(self, recipient: subscriptions.Recipient, sender: str) -> EmailMessage:
        sections = ([self.section(None)] if recipient.national else []) + [self.section(p)
                                                                          for p in recipient.provinces]
        return compose(recipient, sections, sender, self.today, self.thai_digits)


def subject(sections: list[Section], thai_digits: bool = True) -> str:
    first, lines = sections[0].standing, sections[0].lines
    place = t("card_national") if first.national else one_line(first.name_th, 60)
    if len(sections) > 1:
        place = t("digest_and_more", place=place, n=format_number(len(sections) - 1, thai_digits))
    counting = lines.days_label == t("card_days_left")  # else: the last day, overdue, or closed
    days = t("digest_days_left", n=format_number(first.days_left, thai_digits)) if counting else lines.days
    rank = (t("digest_subject_rank", rank=f"{format_number(first.rank, thai_digits)}/"
                                         f"{format_number(first.provinces_ranked, thai_digits)}")
            if first.rank is not None else "")
    return one_line(t("digest_subject", place=place, days=days, rate=format_pct(first.completion_rate, thai_digits),
                      rank=rank), SUBJECT_LIMIT)


def _facts(section: Section) -> list[str]:
    """The card's words, a line each: the same for the plain text and the HTML."""
    lines = section.lines
    out = [f"{lines.days_label} {lines.days} ({lines.until})"]
    out += [t("digest_kpi_line", label=k.label, value=k.value, note=k.note) for k in lines.kpis]
    if lines.lagging:
        out.append(f"{lines.lagging_title}: " + " · ".join(f"{g.label} {g.value} ({g.note})" for g in lines.lagging))
    out.append(lines.todo_title + (": " + " · ".join(f"{r.label} {r.value}" for r in lines.reasons)
                                   if lines.reasons else ""))
    if lines.levels:
        out.append(lines.levels)
    return out


def _text_section(section: Section) -> list[str]:
    lines = section.lines
    return [f"{lines.place} — {lines.title}", *(f"  {fact}" for fact in _facts(section)), f"  {lines.as_of}",
            f"  {t('card_open')}: {lines.link}", *([f"  {section.attached}"] if section.attached else [])]


def _html_section(section: Section) -> str:
    e = html.escape
    lines = section.lines
    picture = (f"<p><img src=\"cid:{section.cid}\" width=\"540\" style=\"max-width:100%;height:auto\" "
               f"alt=\"{e(t('digest_card_alt', place=lines.place))}\"></p>" if section.png else "")
    items = "".join(f"<li>{e(fact)}</li>" for fact in _facts(section))
    attached = f"<p>{e(section.attached)}</p>" if section.attached else ""
    return (f"<h2 style=\"font-size:18px;margin:16px 0 4px\">{e(lines.place)} — {e(lines.title)}</h2>{picture}"
            f"<ul style=\"padding-left:18px\">{items}</ul><p>{e(lines.as_of)} · "
            f"<a href=\"{e(lines.link, quote=True)}\">{e(t('card_open'))}</a></p>{attached}")


def message_id(day: date, recipient: str, kind: str, sender: str) -> str:
    """The same for every try of one (day, recipient, kind): a receiver can tell a repeat from a new mail."""
    token = hashlib.sha256(f"{day}|{recipient}|{kind}".encode()).hexdigest()[:24]
    return f"<{kind}.{day:%Y%m%d}.{token}@{sender.rpartition('@')[2]}>"


def _envelope(recipient: str, sender: str, subject_text: str, day: date, kind: str) -> EmailMessage:
    message = EmailMessage(policy=MAIL_POLICY)
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = one_line(subject_text, SUBJECT_LIMIT)
    message["Date"] = format_datetime(datetime.now(timezone.utc))
    message["Message-ID"] = message_id(day, recipient, kind, sender)
    message["Auto-Submitted"] = "auto-generated"
    return message


def compose(recipient: subscriptions.Recipient, sections: list[Section], sender: str, day: date,
            thai_digits: bool = True) -> EmailMessage:
    message = _envelope(recipient.email, sender, subject(sections, thai_digits), day, mail_log.DIGEST)
    why = (t("digest_why_office", office=", ".join(
        f"{offices.OFFICE_NAME_PREFIX}{one_line(s.standing.name_th, 60)}" for s in sections
        if s.standing.province_code in recipient.as_office_of)) if recipient.as_office_of
        else t("digest_why_subscriber"))
    intro = td("digest_intro", "th", thai_digits, date=format_date(day, "th", thai_digits))
    text = [t("digest_greeting"), "", intro, ""]
    for section in sections:
        text += [*_text_section(section), ""]
    text += ["--", why, t("digest_stop")]
    message.set_content("\n".join(text))
    e = html.escape
    page = (f"<!DOCTYPE html><html lang=\"th\"><head><meta charset=\"utf-8\"></head>"
            f"<body style=\"font-family:Sarabun,Tahoma,sans-serif;font-size:15px;color:#111;max-width:{WIDTH // 2}px\">"
            f"<p>{e(t('digest_greeting'))}</p><p>{e(intro)}</p>"
            + "".join(_html_section(s) for s in sections)
            + f"<hr><p style=\"color:#555;font-size:13px\">{e(why)}<br>{e(t('digest_stop'))}</p></body></html>")
    message.add_alternative(page, subtype="html")
    html_part = message.get_payload()[1]
    for section in sections:
        if section.png:
            html_part.add_related(section.png, "image", "png", cid=f"<{section.cid}>",
                                  filename=f"card-{section.standing.province_code or 'national'}.png")
    for section in sections:
        if section.chase:
            message.add_attachment(section.chase[1], *XLSX, filename=section.chase[0])
    return message


def alert_messages(engine: Engine, now: datetime, due_hour: int, sender: str, as_of: date | None,
                   thai_digits: bool = False) -> list[tuple[str, str, Callable[[], EmailMessage]]]:
    """(recipient, kind, message) for every admin when the day's ingest refused a file, or no new data came in
    by `due_hour`: the day and the hour of `now` in Asia/Bangkok (the server's clock, even with INFO_TODAY pinned:
    imports are stamped by it)."""
    from data_access.imports.ingest import day_report

    local = now.astimezone(BANGKOK)
    day = local.date()
    report = day_report(engine, day)
    wanted = []
    if report.refused:
        body = [t("alert_refused_body"), *(t("alert_refused_line", name=one_line(f.name, 120),
                                             detail=one_line(f.detail or f"{f.problem_count} problem(s)", 300))
                                           for f in report.refused), "", t("alert_refused_todo")]
        wanted.append((mail_log.ALERT_REFUSED, t("alert_refused_subject", date=format_date(day, "th", thai_digits),
                                                 n=len(report.refused)), body))
    if not report.new_data and local.time() >= time(due_hour):
        body = [t("alert_no_data_body", time=f"{due_hour:02d}:00", as_of=format_date(as_of, "th", thai_digits)),
                "", t("alert_no_data_todo")]
        wanted.append((mail_log.ALERT_NO_DATA, t("alert_no_data_subject", date=format_date(day, "th", thai_digits)),
                       body))
    messages = []
    for recipient in subscriptions.admin_addresses(engine):
        for kind, subject_text, body in wanted:
            message = _envelope(recipient, sender, subject_text, day, kind)
            message.set_content("\n".join(body))
            messages.append((recipient, kind, lambda message=message: message))
    return messages


def _file_stem(recipient: str, kind: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "._-@" else "_" for ch in recipient)[:120]
    return f"{kind}-{safe}"


def send_all(engine: Engine, planned: list[tuple[str, str, Callable[[], EmailMessage]]], day: date, mailer=None,
             out_dir: Path | None = None) -> list[Outcome]:
    """Send (or, with `out_dir` and no mailer, write as .eml) each planned message once per (day, recipient,
    kind), reporting what happened to each. A message is built only once its (day, recipient, kind) is claimed:
    a rerun after a sent morning draws no card and builds no file."""
    outcomes = []
    for recipient, kind, build in planned:
        if mailer is None:
            message = build()
            (out_dir / f"{_file_stem(recipient, kind)}.eml").write_bytes(message.as_bytes())
            outcomes.append(Outcome(recipient, kind, "written", str(message["Subject"])))
            continue
        claim = mail_log.claim(engine, day, recipient, kind)
        if not claim.claimed:
            outcomes.append(Outcome(recipient, kind, "already sent" if claim.state == "sent" else "being sent"))
            continue
        message = build()
        subject_text = str(message["Subject"])
        sent, attempts, reason = mailer.send(message)
        mail_log.finish(engine, day, recipient, kind, sent, attempts, str(message["Message-ID"]), reason,
                        subject=subject_text)
        audit.record(engine, audit.Event(ACTOR, f"{kind}-send" if kind == mail_log.DIGEST else "alert-send",
                                         "done" if sent else "failed", target=recipient,
                                         detail=f"{kind}: {subject_text}" + ("" if sent else f" — {reason}")
                                         + (f" ({attempts} attempts)" if attempts > 1 else "")))
        outcomes.append(Outcome(recipient, kind, "sent" if sent else "failed", subject_text, attempts, reason or ""))
    return outcomes


def run(engine: Engine, fiscal_year: int, today: date, base_url: str, sender: str, mailer=None,
        out_dir: Path | None = None, now: datetime | None = None, due_hour: int = DEFAULT_DATA_DUE_HOUR,
        thai_digits: bool = True, pusher=None) -> list[Outcome]:
    """The morning's digests and alerts. With a mailer they are sent; without one, written to `out_dir`. With a
    pusher (reports/line.py, off unless configured) each office's LINE group gets its card too."""
    digest = Digest(engine, fiscal_year, today, base_url, thai_digits)
    listed, unusable = digest.recipients()
    planned = [(r.email, mail_log.DIGEST, partial(digest.message, r, sender)) for r in listed]
    now = now or datetime.now(timezone.utc)
    alerts = alert_messages(engine, now, due_hour, sender, digest.standings.national.as_of, thai_digits)
    outcomes = [Outcome(one_line(u.email, 80), mail_log.DIGEST, "not sent",
                        reason=f"the office address of province {u.province_code} is not an address a mail can be "
                               f"sent to: fix it with `offices set {u.province_code} --email …`") for u in unusable]
    outcomes += send_all(engine, planned, today, mailer, out_dir)
    if pusher is not None:
        from reports.line import push_cards

        outcomes += push_cards(engine, digest, pusher, today)
    return outcomes + send_all(engine, alerts, now.astimezone(BANGKOK).date(), mailer, out_dir)


__all__ = ["Digest", "Outcome", "Section", "compose", "message_id", "run", "send_all", "subject"]
