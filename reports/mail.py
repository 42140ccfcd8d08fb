"""Sending mail through a real SMTP server: where it is and how to log in, from the environment or the `[smtp]`
table of `.streamlit/secrets.toml` (the environment wins), and one connection that retries with backoff.

Settings (environment / secrets key):
  INFO_SMTP_HOST / host          the server (required to send)
  INFO_SMTP_PORT / port          default 587 for starttls, 465 for ssl, 25 for none
  INFO_SMTP_SECURITY / security  starttls (default) | ssl | none
  INFO_SMTP_USER / user, INFO_SMTP_PASSWORD / password   log in when a user is given
  INFO_SMTP_CA_FILE / ca_file    a CA bundle for a server whose certificate a private CA signed
  INFO_MAIL_FROM / from          the sender's address (required to send)
  INFO_SMTP_TIMEOUT / timeout    seconds per server answer (default 30)
The password is never printed, logged or written to the audit trail: errors name the server, never the login.
"""

from __future__ import annotations

import smtplib
import ssl
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from reports.settings_source import SECRETS_FILE, reader, seconds

SECURITIES = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


class MailSettingsError(ValueError):
    """A mail setting that is missing or cannot be used; one sentence naming it."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str
    sender: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    ca_file: str | None = None
    timeout: float = 30.0

    def where(self) -> str:
        return f"{self.host}:{self.port} ({self.security})"


def smtp_settings(environ: dict | None = None, secrets_file: Path = SECRETS_FILE) -> SmtpSettings:
    """The SMTP settings, or MailSettingsError with a sentence."""
    get = reader("smtp", environ, secrets_file, MailSettingsError)

    from data_access.admin.subscriptions import mail_address

    host = get("INFO_SMTP_HOST", "host")
    if not host:
        raise MailSettingsError("INFO_SMTP_HOST is not set: say which SMTP server sends the mail "
                                "(or use --dry-run)")
    security = (get("INFO_SMTP_SECURITY", "security") or "starttls").lower()
    if security not in SECURITIES:
        raise MailSettingsError(f"INFO_SMTP_SECURITY must be one of {', '.join(SECURITIES)}")
    port_text = get("INFO_SMTP_PORT", "port") or str(DEFAULT_PORTS[security])
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise MailSettingsError("INFO_SMTP_PORT must be a port number (1–65535)")
    sender = mail_address(get("INFO_MAIL_FROM", "from"))
    if not sender:
        raise MailSettingsError("INFO_MAIL_FROM must be the sender's e-mail address, e.g. info-oversight@dla.go.th")
    timeout = seconds(get("INFO_SMTP_TIMEOUT", "timeout"), "INFO_SMTP_TIMEOUT", MailSettingsError)
    ca_file = get("INFO_SMTP_CA_FILE", "ca_file")
    if ca_file and not Path(ca_file).is_file():
        raise MailSettingsError("INFO_SMTP_CA_FILE does not name a readable file")
    if any(not ch.isprintable() or ch.isspace() for ch in host):
        raise MailSettingsError("INFO_SMTP_HOST must be a host name or address")
    return SmtpSettings(host, int(port_text), security, sender, get("INFO_SMTP_USER", "user"),
                        get("INFO_SMTP_PASSWORD", "password"), ca_file, timeout)


class Permanent(Exception):
    """The server refused this message for good (a 5xx answer): retrying would not help."""


def _reason(exc: BaseException) -> str:
    """What went wrong, in words that carry no login: the server's code and its first line."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, message = next(iter(exc.recipients.values()))
        return f"the server refused the recipient ({code} {_first_line(message)})"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"the server answered {exc.smtp_code} {_first_line(exc.smtp_error)}"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return "the server closed the connection"
    if isinstance(exc, ssl.SSLError):
        return f"TLS failed ({exc.reason or 'handshake'})"
    if isinstance(exc, (TimeoutError, OSError)):
        return f"cannot reach the server ({exc.strerror or type(exc).__name__})"
    return type(exc).__name__


def _first_line(message) -> str:
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
    return "".join(ch if ch.isprintable() else " " for ch in text.splitlines()[0] if text)[:120] if text else ""


def _permanent(exc: BaseException) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return True
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


class Mailer:
    """One connection to the server, opened on first use and opened again after it fails. `send` tries a message
    up to `attempts` times, waiting backoff, 2×backoff, … between tries; a 5xx refusal is not tried again."""

    def __init__(self, settings: SmtpSettings, attempts: int = 3, backoff: float = 2.0, sleep=time.sleep):
        self.settings, self.attempts, self.backoff, self._sleep = settings, attempts, backoff, sleep
        self._smtp: smtplib.SMTP | None = None

    def _context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.settings.ca_file)

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.security == "ssl":
            smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=self._context())
        else:
            smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            if s.security == "starttls":
                smtp.starttls(context=self._context())
        if s.user:
            smtp.login(s.user, s.password or "")
        return smtp

    def send(self, message: EmailMessage) -> tuple[bool, int, str | None]:
        """(sent, attempts made, why not)."""
        reason = None
        for attempt in range(1, self.attempts + 1):
            try:
                if self._smtp is None:
                    self._smtp = self._connect()
                self._smtp.send_message(message)
                return True, attempt, None
            except (smtplib.SMTPException, OSError) as exc:
                reason = _reason(exc)
                self.close()  # a fresh connection for the next try (or the next recipient)
                if _permanent(exc):
                    return False, attempt, reason
            if attempt < self.attempts:
                self._sleep(self.backoff * 2 ** (attempt - 1))
        return False, self.attempts, reason

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            try:
                smtp.close()
            except OSError:
                pass
