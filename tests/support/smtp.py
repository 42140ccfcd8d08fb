"""A real SMTP server on loopback for the test session (aiosmtpd): it keeps every message it accepts, and can be told
to refuse a recipient (for good or for now), to drop the connection in the middle of a message, or to require
STARTTLS and a login."""

from __future__ import annotations

import email
import email.policy
import socket
import ssl
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes

    @property
    def message(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.raw, policy=email.policy.default)


@dataclass
class Behaviour:
    refuse: dict[str, str] = field(default_factory=dict)  # recipient → SMTP answer, e.g. "550 5.1.1 no such user"
    refuse_times: dict[str, int] = field(default_factory=dict)  # recipient → how many times (absent: always)
    drop_once: set[str] = field(default_factory=set)  # recipients whose first DATA loses the connection
    login: tuple[str, str] | None = None


class Handler:
    def __init__(self, behaviour: Behaviour):
        self.behaviour = behaviour
        self.received: list[Received] = []
        self.logins: list[str] = []
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        answer = self.behaviour.refuse.get(address)
        if answer:
            left = self.behaviour.refuse_times.get(address)
            if left is None or left > 0:
                if left is not None:
                    self.behaviour.refuse_times[address] = left - 1
                return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        dropping = [r for r in envelope.rcpt_tos if r in self.behaviour.drop_once]
        if dropping:
            self.behaviour.drop_once.difference_update(dropping)
            server.transport.close()  # the server goes away mid-message: nothing was accepted
            return "421 going away"
        with self._lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted for delivery"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        wanted = self.behaviour.login
        if isinstance(auth_data, LoginPassword) and wanted and (
                auth_data.login.decode(), auth_data.password.decode()) == wanted:
            self.logins.append(auth_data.login.decode())
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    """Started and stopped around a test; `received` holds what it accepted, in order."""

    def __init__(self, behaviour: Behaviour | None = None, tls: tuple[Path, Path] | None = None):
        self.behaviour = behaviour or Behaviour()
        self.handler = Handler(self.behaviour)
        self.port = free_port()
        kwargs = {}
        if tls:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*map(str, tls))
            kwargs.update(tls_context=context, require_starttls=True)
        if self.behaviour.login:
            kwargs.update(authenticator=self.handler.authenticate, auth_required=True, auth_require_tls=bool(tls))
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **kwargs)

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def start(self) -> "SmtpServer":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def environment(self, security: str = "none", sender: str = "info-oversight@dla.example.go.th") -> dict:
        return {"INFO_SMTP_HOST": "127.0.0.1", "INFO_SMTP_PORT": str(self.port), "INFO_SMTP_SECURITY": security,
                "INFO_MAIL_FROM": sender}


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, written to `folder` (the test trusts it as its CA file)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    import ipaddress

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(now + timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path
