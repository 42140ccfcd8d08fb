"""The status card pushed to a province office's LINE group through the LINE Messaging API (LINE Notify was shut
down on 31 March 2025). Off unless a channel access token is configured; it runs with `python -m reports digest
--send`, once per (day, group), logged in mail_sent (kind `line`) and in the audit trail (action `line-push`).

How to turn it on, for an office whose LINE Official Account is in the group it should post to:
  1. In the LINE Developers console, the Official Account's Messaging API channel: issue a long-lived channel
     access token. Invite the account into the office's group; the group id (C + 32 hex digits) arrives in the
     webhook's `join` event. Set it: `python -m data_access offices set 50 --line-group C0123…`.
  2. The image message carries URLs, not bytes: LINE's servers fetch the card over HTTPS from a public address with
     a certificate from a public CA. Give a folder that this server writes into and that nginx publishes, e.g.
         location /line-cards/ { alias /srv/info/line-cards/; default_type image/png; autoindex off; }
     Each card is written there under an unguessable name (secrets.token_urlsafe) as <name>.png (the 1080-px
     card) and <name>-preview.jpg (240 px wide, what the chat shows first). Nothing here deletes old cards: prune
     them, e.g. `find /srv/info/line-cards -name '*.png' -o -name '*.jpg' -mtime +30 -delete` from cron.
  3. Settings, from the environment or the `[line]` table of `.streamlit/secrets.toml` (the environment wins):
       INFO_LINE_CHANNEL_ACCESS_TOKEN / channel_access_token   the secret; without it LINE is off
       INFO_LINE_CARD_DIR / card_dir    the published folder (must exist and be writable)
       INFO_LINE_CARD_URL / card_url    its public https:// address, e.g. https://info.example.go.th/line-cards
       INFO_LINE_API_URL / api_url      default https://api.line.me (plain http only to this machine, for tests)
       INFO_LINE_TIMEOUT / timeout      seconds per LINE answer (default 30)
A push is retried with backoff on a 5xx or 429 answer, a lost connection or a timeout, always with the same
X-Line-Retry-Key (a UUID made from the day and the group id), so LINE accepts it at most once: a 409 answer means
an earlier try (or run) was accepted and counts as sent. Any other answer (a wrong group id, a wrong token: 400,
401; a 429 for the monthly message limit) is final. One group takes one province's card a day: an office whose
group is another office's too is reported "not sent". The token
is never printed, logged, written to the audit trail or put in a reason: reasons carry LINE's status and message.
"""

from __future__ import annotations

import io
import ipaddress
import json
import os
import secrets
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Self
from urllib.parse import urlsplit

from sqlalchemy import Engine

from components.safe_text import one_line
from data_access.access import audit
from data_access.admin import mail_log, offices
from reports.settings_source import SECRETS_FILE, reader, seconds
from reports.card import CardLines

if TYPE_CHECKING:  # reports.digest may import this module to wire the push in
    from reports.digest import Digest, Outcome

DEFAULT_API_URL = "https://api.line.me"
KIND = "line"  # mail_sent.kind: one push per (day, group id)
ACTION = "line-push"
ACTOR = "digest"
TEXT_LIMIT = 5000  # LINE's limit for a text message
SUMMARY_LIMIT = 300  # the line that says where the province stands
URL_LIMIT = 2000  # LINE's limit for an image URL
ORIGINAL_LIMIT = 10 * 1024 * 1024  # LINE's limit for originalContentUrl's file
PREVIEW_LIMIT = 1024 * 1024  # LINE's limit for previewImageUrl's file
PREVIEW_WIDTH = 240  # LINE's recommended preview width
# A fixed namespace: the retry key of one (day, group) is the same on every try, every run and every server.
RETRY_NAMESPACE = uuid.UUID("6f1c9a52-3b7e-5d0a-9c41-1e2f8a7b6c5d")
_LOOPBACK_NAMES = {"localhost"}


class LineSettingsError(ValueError):
    """A LINE setting that is missing or cannot be used; one sentence naming it, never the token."""


@dataclass(frozen=True)
class LineSettings:
    channel_access_token: str = field(repr=False)
    card_dir: Path
    card_url: str  # https://…, without a trailing slash
    api_url: str = DEFAULT_API_URL
    timeout: float = 30.0


def _loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def line_settings(environ: dict | None = None, secrets_file: Path = SECRETS_FILE) -> LineSettings | None:
    """The LINE settings; None when no channel access token is configured (LINE is off, the default);
    LineSettingsError with a sentence for a configuration that is half done."""
    get = reader("line", environ, secrets_file, LineSettingsError)

    token = get("INFO_LINE_CHANNEL_ACCESS_TOKEN", "channel_access_token")
    if token is None:
        return None
    if not token.isascii() or any(not ch.isprintable() or ch.isspace() for ch in token):
        raise LineSettingsError("INFO_LINE_CHANNEL_ACCESS_TOKEN must be the channel access token as LINE shows it: "
                                "one word of letters, digits and + / = (no spaces or line breaks)")
    card_dir_text = get("INFO_LINE_CARD_DIR", "card_dir")
    card_url = get("INFO_LINE_CARD_URL", "card_url")
    if not card_dir_text or not card_url:
        missing = " and ".join(name for name, value in (("INFO_LINE_CARD_DIR", card_dir_text),
                                                         ("INFO_LINE_CARD_URL", card_url)) if not value)
        raise LineSettingsError(f"a LINE channel access token is set but {missing} is not: LINE fetches the card "
                                "from a URL, so give the folder the card is written into and its public https:// "
                                "address (or remove the token to turn LINE off)")
    card_dir = Path(card_dir_text)
    if not card_dir.is_dir():
        raise LineSettingsError(f"INFO_LINE_CARD_DIR ({one_line(card_dir_text, 120)}) is not a folder: create it "
                                "and publish it through nginx at INFO_LINE_CARD_URL")
    if not os.access(card_dir, os.W_OK | os.X_OK):
        raise LineSettingsError(f"INFO_LINE_CARD_DIR ({one_line(card_dir_text, 120)}) is not writable by this "
                                "server's account")
    parts = urlsplit(card_url)
    if parts.scheme.lower() != "https" or not parts.hostname:
        raise LineSettingsError("INFO_LINE_CARD_URL must be an https:// address (LINE fetches images only over "
                                "HTTPS), e.g. https://info.example.go.th/line-cards")
    if parts.query or parts.fragment or any(not ch.isprintable() or ch.isspace() for ch in card_url):
        raise LineSettingsError("INFO_LINE_CARD_URL must be a plain https:// address of a folder, without spaces, "
                                "? or #")
    if len(card_url) > URL_LIMIT - 100:
        raise LineSettingsError(f"INFO_LINE_CARD_URL is {len(card_url)} characters long: LINE takes image URLs of "
                                f"at most {URL_LIMIT}")
    api_url = (get("INFO_LINE_API_URL", "api_url") or DEFAULT_API_URL).rstrip("/")
    api = urlsplit(api_url)
    if api.scheme not in ("https", "http") or not api.hostname or api.query or api.fragment:
        raise LineSettingsError("INFO_LINE_API_URL must be an https:// address, e.g. https://api.line.me")
    if api.scheme == "http" and not _loopback(api.hostname):
        raise LineSettingsError("INFO_LINE_API_URL must be https://: the channel access token would travel in "
                                "clear text (plain http is allowed only to this machine, for tests)")
    timeout = seconds(get("INFO_LINE_TIMEOUT", "timeout"), "INFO_LINE_TIMEOUT", LineSettingsError)
    return LineSettings(token, card_dir, card_url.rstrip("/"), api_url, timeout)


def retry_key(day: date, group_id: str) -> str:
    """The X-Line-Retry-Key of the day's push to a group: the same on every try, run and server."""
    return str(uuid.uuid5(RETRY_NAMESPACE, f"{day.isoformat()}|{group_id}"))


def line_text(lines: CardLines) -> str:
    """The text message under the card: where the province stands on one line, then the link."""
    kpi = f" · {lines.kpis[0].label} {lines.kpis[0].value}" if lines.kpis else ""
    summary = one_line(f"INFO {lines.place}: {lines.days_label} {lines.days}{kpi}", SUMMARY_LIMIT - 1)  # + "…"
    link = one_line(lines.link, TEXT_LIMIT - SUMMARY_LIMIT - 1)
    return message_text(f"{summary}\n{link}")


def message_text(text: str) -> str:
    """Plain text for LINE: each line without controls, no empty lines, at most TEXT_LIMIT characters."""
    lines = [one_line(line, TEXT_LIMIT) for line in str(text).splitlines()]
    return "\n".join(line for line in lines if line)[:TEXT_LIMIT]


def preview_jpeg(png: bytes) -> bytes:
    """The card at PREVIEW_WIDTH px wide as JPEG (a text card of that size is a few tens of KB), under 1 MB."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        image = image.convert("RGB")
        width = min(PREVIEW_WIDTH, image.width)
        height = max(1, round(image.height * width / image.width))
        for quality in (85, 70, 50):
            small = image.resize((width, height), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            small.save(out, "JPEG", quality=quality, optimize=True)
            if out.tell() <= PREVIEW_LIMIT:
                return out.getvalue()
            width, height = max(1, width * 3 // 4), max(1, height * 3 // 4)
    raise ValueError("the preview does not fit in 1 MB")


def _write_public(folder: Path, name: str, data: bytes) -> None:
    """Whole or not at all (nginx never serves half a file), readable by the web server."""
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, folder / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class Published:
    original_url: str
    preview_url: str
    files: tuple[Path, Path]


def publish(settings: LineSettings, png: bytes) -> Published:
    """Write the card and its preview into the card folder under a fresh unguessable name."""
    if not png.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ValueError("the card is not a PNG")
    if len(png) > ORIGINAL_LIMIT:
        raise ValueError(f"the card is {len(png) // 1024} KB: LINE takes images of at most 10 MB")
    preview = preview_jpeg(png)
    name = secrets.token_urlsafe(24)
    original, small = f"{name}.png", f"{name}-preview.jpg"
    _write_public(settings.card_dir, original, png)
    _write_public(settings.card_dir, small, preview)
    return Published(f"{settings.card_url}/{original}", f"{settings.card_url}/{small}",
                     (settings.card_dir / original, settings.card_dir / small))


def _answer(exc, token: str) -> tuple[int, str]:
    """(status, LINE's message and first detail, one line, without the token) from an ApiException."""
    status = int(getattr(exc, "status", 0) or 0)
    body = getattr(exc, "body", None)
    text = ""
    try:
        answer = json.loads(body) if body else {}
    except (TypeError, ValueError):
        answer = {}
    if isinstance(answer, dict):
        text = str(answer.get("message") or "")
        details = answer.get("details")
        if isinstance(details, list) and details and isinstance(details[0], dict):
            first = details[0]
            text += f" ({first.get('property') or '?'}: {first.get('message') or '?'})"
    if not text:
        text = str(getattr(exc, "reason", "") or "")
    return status, _scrub(text, token)


def _scrub(text: str, token: str) -> str:
    text = one_line(text, 10_000)
    if token:
        text = text.replace(token, "…")
    return one_line(text, 200)


def _connection_reason(exc: BaseException, timeout: float) -> str:
    import urllib3

    cause = exc.reason if isinstance(exc, urllib3.exceptions.MaxRetryError) and exc.reason else exc
    if isinstance(cause, urllib3.exceptions.NewConnectionError):  # a subclass of ConnectTimeoutError, oddly
        inner = cause.__cause__ or cause.__context__
        return f"cannot reach LINE ({type(inner).__name__ if isinstance(inner, OSError) else 'no connection'})"
    if isinstance(cause, (urllib3.exceptions.TimeoutError, TimeoutError)):
        return f"LINE did not answer within {timeout:g} s"
    if isinstance(cause, urllib3.exceptions.SSLError):
        return "TLS with LINE failed"
    inner = getattr(cause, "__context__", None) or getattr(cause, "__cause__", None)
    shown = type(inner).__name__ if isinstance(inner, OSError) else type(cause).__name__
    return f"cannot reach LINE ({shown})"


class LinePusher:
    """Pushes cards through one API client. `push` tries up to `attempts` times, waiting backoff, 2×backoff, …
    between tries, with the same retry key each time; a 4xx answer other than 429 is not tried again."""

    def __init__(self, settings: LineSettings, attempts: int = 3, backoff: float = 2.0, sleep=time.sleep):
        self.settings, self.attempts, self.backoff, self._sleep = settings, max(1, attempts), backoff, sleep
        self._client = None

    def _api(self):
        import urllib3
        from linebot.v3.messaging import ApiClient, Configuration, MessagingApi

        if self._client is None:
            configuration = Configuration(host=self.settings.api_url,
                                          access_token=self.settings.channel_access_token)
            # One try per call (the loop below retries, with backoff and the retry key), and no redirect followed.
            configuration.retries = urllib3.Retry(total=0, redirect=False)
            self._client = ApiClient(configuration)
        return MessagingApi(self._client)

    def push(self, group_id: str, png: bytes | None, text: str, retry_key: str) -> tuple[bool, int, str | None]:
        """(sent, attempts made, why not — or, when LINE had already accepted an earlier try, a note)."""
        import urllib3
        from linebot.v3.messaging import (
            ApiException,
            ImageMessage,
            PushMessageRequest,
            TextMessage,
        )

        uuid.UUID(retry_key)  # a programming error, not a failure to report: LINE wants a UUID
        if not offices.LINE_TARGET.match(group_id or ""):
            return False, 0, "not a LINE group id (C followed by 32 hexadecimal digits)"
        messages = []
        if png is not None:
            try:
                card = publish(self.settings, png)
            except OSError as exc:
                return False, 0, f"cannot write the card into INFO_LINE_CARD_DIR ({exc.strerror or type(exc).__name__})"
            except ValueError as exc:
                return False, 0, str(exc)
            messages.append(ImageMessage(original_content_url=card.original_url, preview_image_url=card.preview_url))
        messages.append(TextMessage(text=message_text(text)))
        request = PushMessageRequest(to=group_id, messages=messages)
        token = self.settings.channel_access_token
        reason = None
        for attempt in range(1, self.attempts + 1):
            try:
                self._api().push_message(request, x_line_retry_key=retry_key,
                                         _request_timeout=self.settings.timeout)
                return True, attempt, None
            except ApiException as exc:
                status, message = _answer(exc, token)
                if status == 409:
                    return True, attempt, "LINE had already accepted this push (409, same retry key)"
                if status == 0:
                    reason = f"cannot reach LINE ({message or 'no answer'})"
                else:
                    reason = f"LINE answered {status}" + (f": {message}" if message else "")
                    if status < 500 and (status != 429 or "monthly limit" in message.lower()):
                        return False, attempt, reason
            except (urllib3.exceptions.HTTPError, OSError) as exc:
                reason = _connection_reason(exc, self.settings.timeout)
            if attempt < self.attempts:
                self._sleep(self.backoff * 2 ** (attempt - 1))
        return False, self.attempts, reason

    def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            client.close()
            client.rest_client.pool_manager.clear()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def push_cards(engine: Engine, digest: Digest, pusher: LinePusher, day: date) -> list[Outcome]:
    """Push each province office's card (reports.digest.Digest.section) to its LINE group once per (day, group),
    reporting what happened to each as reports.digest.Outcome."""
    from data_access.figures.standing import NoStanding
    from reports.digest import Outcome

    outcomes, groups = [], {}
    for office in offices.list_offices(engine):
        group = office.line_group
        if not group:
            continue
        if group in groups:
            outcomes.append(Outcome(group, KIND, "not sent", reason=(
                f"the LINE group of province {office.province_code} is also the group of province "
                f"{groups[group]}: one card per group and day, give each office its own group")))
            continue
        groups[group] = office.province_code
        try:
            section = digest.section(office.province_code)
        except NoStanding:
            outcomes.append(Outcome(group, KIND, "not sent", reason=(
                f"province {office.province_code} has no data for fiscal year {digest.standings.fiscal_year}")))
            continue
        text = line_text(section.lines)
        subject = text.partition("\n")[0]
        claim = mail_log.claim(engine, day, group, KIND, subject)
        if not claim.claimed:
            outcomes.append(Outcome(group, KIND, "already sent" if claim.state == "sent" else "being sent", subject))
            continue
        key = retry_key(day, group)
        sent, attempts, reason = pusher.push(group, section.png, text, key)
        mail_log.finish(engine, day, group, KIND, sent, attempts, key, None if sent else reason)
        picture = "" if section.png else " (without the card: it could not be drawn)"
        audit.record(engine, audit.Event(ACTOR, ACTION, "done" if sent else "failed", target=group,
                                         detail=f"province {office.province_code}: {subject}{picture}"
                                         + (f" — {reason}" if reason else "")
                                         + (f" ({attempts} attempts)" if attempts > 1 else "")))
        outcomes.append(Outcome(group, KIND, "sent" if sent else "failed", subject, attempts,
                                "" if sent else reason or ""))
    return outcomes


__all__ = ["LinePusher", "LineSettings", "LineSettingsError", "line_settings", "line_text", "preview_jpeg",
           "publish", "push_cards", "retry_key"]
