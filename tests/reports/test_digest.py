"""The daily digest through a real SMTP server on loopback (aiosmtpd): what arrives, to whom, once."""

import io
import json
import subprocess
import sys
from datetime import datetime, time, timezone

import openpyxl
import pytest
from sqlalchemy import select, update

from components.i18n import format_pct
from data_access import cached
from data_access.access import audit, users
from data_access.admin import mail_log, offices, subscriptions
from data_access.config import BANGKOK
from data_access.db import engine as make_engine
from data_access.figures.export import ChaseContext, chase_rows
from data_access.models import Lao
from data_access.access.scope import Scope
from reports import digest, mail
from tests.conftest import PINNED_TODAY
from tests.reports.conftest import BASE
from tests.reports.test_card import png_size
from tests.support.smtp import Behaviour, SmtpServer, self_signed

YEAR = 2570
OFFICE_50, OFFICE_83 = "office50@example.go.th", "office83@example.go.th"
SENDER = "info-oversight@dla.example.go.th"
MORNING = datetime(2026, 11, 26, 0, 30, tzinfo=timezone.utc)  # 07:30 in Bangkok


@pytest.fixture
def morning(morning_copy):
    """The demo database's copy with two offices' addresses."""
    offices.set_office(morning_copy, "50", "test", email=OFFICE_50)
    offices.set_office(morning_copy, "83", "test", email=OFFICE_83)
    return morning_copy


def smtp_server(behaviour: Behaviour | None = None, **kwargs):
    server = SmtpServer(behaviour, **kwargs).start()
    return server


@pytest.fixture
def smtp():
    server = smtp_server()
    yield server
    server.stop()


def _mailer(server: SmtpServer, attempts: int = 3) -> mail.Mailer:
    settings = mail.smtp_settings(server.environment(sender=SENDER), secrets_file=server_no_secrets())
    return mail.Mailer(settings, attempts=attempts, backoff=0.01)


def server_no_secrets():
    from pathlib import Path

    return Path("/nonexistent/secrets.toml")


def _run(eng, server: SmtpServer, attempts: int = 3, now: datetime = MORNING):
    mailer = _mailer(server, attempts)
    try:
        return digest.run(eng, YEAR, PINNED_TODAY, BASE, SENDER, mailer, now=now)
    finally:
        mailer.close()


def _to(server: SmtpServer, address: str):
    got = [r.message for r in server.received if address in r.rcpt_tos]
    assert len(got) == 1, f"{address} got {len(got)} mails"
    return got[0]


def _xlsx_rows(message) -> tuple[str, list[list]]:
    [part] = [p for p in message.iter_attachments() if p.get_filename().endswith(".xlsx")]
    sheet = openpyxl.load_workbook(io.BytesIO(part.get_content())).worksheets[0]
    return part.get_filename(), [list(row) for row in sheet.iter_rows(values_only=True)]


def _page_chase_list(province: str, name_th: str) -> list[list]:
    """What the province page's XLSX button holds with no filter: its own cached reads, its own export."""
    from data_access import figures

    eng = make_engine()
    version = figures.data_version(eng)
    shots = figures.snapshots(eng, YEAR)
    summary = figures.summary(eng, YEAR, Scope.of(province), PINNED_TODAY)
    grid = cached.lao_grid_with_risk(YEAR, Scope.of(province), shots[0].id, summary.as_of, version)
    info = figures.fiscal_year_info(eng, YEAR)
    rows = chase_rows(grid, ChaseContext(YEAR, name_th, summary.as_of, info.deadline, info.domains))
    return [list(rows.columns)] + [list(r) for r in rows.itertuples(index=False)]


def _summary(province: str | None) -> dict:
    args = [sys.executable, "-m", "data_access", "summary", "--fiscal-year", str(YEAR), "--format", "json"]
    return json.loads(subprocess.run(args + (["--province", province] if province else []), capture_output=True,
                                     text=True, check=True).stdout)["national"]


def test_the_office_digest_arrives_with_subject_card_link_and_the_pages_chase_list(morning, smtp):
    outcomes = _run(morning, smtp)
    assert {(o.recipient, o.result) for o in outcomes} == {(OFFICE_50, "sent"), (OFFICE_83, "sent")}
    message = _to(smtp, OFFICE_50)
    n = _summary("50")
    subject = message["Subject"]
    assert subject.startswith("INFO เชียงใหม่: เหลือ ") and f"ครบ {format_pct(n['completion_rate'], True)}" in subject
    assert message["From"] == SENDER and message["To"] == OFFICE_50 and message["Auto-Submitted"] == "auto-generated"
    text = message.get_body(("plain",)).get_content()
    assert f"{BASE}/province?province=50&fy={YEAR}" in text and "อำเภอที่ต้องเร่งรัด" in text
    html = message.get_body(("html",)).get_content()
    [card] = [p for p in message.walk() if p.get_content_type() == "image/png"]
    assert f'src="cid:{card["Content-ID"].strip("<>")}"' in html
    assert png_size(card.get_content())[0] == 1080
    name, rows = _xlsx_rows(message)
    assert name.startswith(f"INFO_{YEAR}_เชียงใหม่_ณ_")
    expected = _page_chase_list("50", "เชียงใหม่")
    assert rows == [[None if v == "" else v for v in row] for row in expected]
    assert len(rows) - 1 == n["laos"] - n["complete"]


def test_a_national_subscriber_gets_the_country_and_no_lao_names(morning, smtp):
    subscriptions.add(morning, "Exec@DLA.example.go.th", "national", "test")
    _run(morning, smtp)
    message = _to(smtp, "exec@dla.example.go.th")
    assert message["Subject"].startswith("INFO ทั้งประเทศ: ") and "อันดับ" not in message["Subject"]
    assert f"ครบ {format_pct(_summary(None)['completion_rate'], True)}" in message["Subject"]
    assert not [p for p in message.iter_attachments() if p.get_filename().endswith(".xlsx")]
    text = message.get_body(("plain",)).get_content()
    assert "จังหวัดที่ต้องเร่งรัด" in text and f"{BASE}/?fy={YEAR}" in text
    with morning.connect() as conn:
        codes = set(conn.scalars(select(Lao.code).where(Lao.fiscal_year == YEAR)))
    assert not [code for code in codes if code in text]  # no LAO is named: the country's card names provinces


def test_a_province_subscriber_never_gets_another_provinces_names(morning, smtp):
    subscriptions.add(morning, "watch@example.go.th", "83", "test")
    _run(morning, smtp)
    message = _to(smtp, "watch@example.go.th")
    body = message.get_body(("plain",)).get_content() + message.get_body(("html",)).get_content()
    assert "ภูเก็ต" in message["Subject"] and "เชียงใหม่" not in body
    _, rows = _xlsx_rows(message)
    with morning.connect() as conn:
        phuket = set(conn.scalars(select(Lao.code).where(Lao.fiscal_year == YEAR, Lao.province_code == "83")))
    codes = [row[1] for row in rows[1:]]
    assert codes and set(codes) <= phuket
    assert {row[5] for row in rows[1:]} == {"ภูเก็ต"}
    assert len(smtp.received) == 3  # the two offices and the subscriber: nobody else


def test_sending_twice_sends_nothing_the_second_time(morning, smtp, monkeypatch):
    for name, value in smtp.environment(sender=SENDER).items():
        monkeypatch.setenv(name, value)
    command = [sys.executable, "-m", "reports", "digest", "--send", "--backoff", "0"]
    first = subprocess.run(command, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert "sent digest to office50@example.go.th" in first.stdout and len(smtp.received) == 2
    second = subprocess.run(command, capture_output=True, text=True)
    assert second.returncode == 0, second.stderr
    assert second.stdout.count("already sent digest") == 2 and len(smtp.received) == 2
    sent = [e for e in audit.entries(morning) if e["action"] == "digest-send"]
    assert sorted(e["target"] for e in sent) == [OFFICE_50, OFFICE_83] and {e["outcome"] for e in sent} == {"done"}


def test_a_refused_recipient_is_reported_and_the_others_still_get_theirs(morning):
    server = smtp_server(Behaviour(refuse={OFFICE_50: "550 5.1.1 no such mailbox"}))
    try:
        outcomes = {o.recipient: o for o in _run(morning, server)}
        assert outcomes[OFFICE_50].result == "failed" and outcomes[OFFICE_50].attempts == 1  # 5xx: not retried
        assert "550" in outcomes[OFFICE_50].reason and outcomes[OFFICE_83].result == "sent"
        assert [r.rcpt_tos for r in server.received] == [[OFFICE_83]]
        rows = {r["recipient"]: r for r in mail_log.sent_on(morning, PINNED_TODAY)}
        assert rows[OFFICE_50]["state"] == "failed" and rows[OFFICE_83]["state"] == "sent"
        # The next run tries the failed one again and leaves the sent one alone.
        server.behaviour.refuse.clear()
        again = {o.recipient: o.result for o in _run(morning, server)}
        assert again == {OFFICE_50: "sent", OFFICE_83: "already sent"}
        assert sorted(r.rcpt_tos[0] for r in server.received) == sorted([OFFICE_83, OFFICE_50])
    finally:
        server.stop()


def test_a_server_that_goes_away_or_says_try_later_is_retried_and_nothing_arrives_twice(morning):
    server = smtp_server(Behaviour(refuse={OFFICE_83: "451 4.3.0 try again later"}, refuse_times={OFFICE_83: 1},
                                   drop_once={OFFICE_50}))
    try:
        outcomes = {o.recipient: o for o in _run(morning, server)}
        assert (outcomes[OFFICE_50].result, outcomes[OFFICE_50].attempts) == ("sent", 2)
        assert (outcomes[OFFICE_83].result, outcomes[OFFICE_83].attempts) == ("sent", 2)
        ids = [r.message["Message-ID"] for r in server.received]
        assert len(server.received) == 2 and len(set(ids)) == 2
        assert ids == [digest.message_id(PINNED_TODAY, r.rcpt_tos[0], "digest", SENDER) for r in server.received]
    finally:
        server.stop()


def test_a_server_that_stays_away_fails_every_recipient_after_the_tries(morning, capsys):
    server = smtp_server()
    server.stop()  # nothing listens on its port any more
    outcomes = _run(morning, server, attempts=2)
    assert {(o.result, o.attempts) for o in outcomes} == {("failed", 2)}
    assert all("cannot reach the server" in o.reason for o in outcomes)
    assert {r["state"] for r in mail_log.sent_on(morning, PINNED_TODAY)} == {"failed"}


def test_starttls_and_login_and_the_password_is_never_shown(morning, tmp_path, monkeypatch):
    cert, key = self_signed(tmp_path)
    password = "s3cret-pa55word"
    server = smtp_server(Behaviour(login=("digest", password)), tls=(cert, key))
    try:
        env = {**server.environment("starttls", SENDER), "INFO_SMTP_USER": "digest", "INFO_SMTP_PASSWORD": password,
               "INFO_SMTP_CA_FILE": str(cert)}
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        done = subprocess.run([sys.executable, "-m", "reports", "digest", "--send"], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert len(server.received) == 2 and server.handler.logins == ["digest"]
        monkeypatch.setenv("INFO_SMTP_PASSWORD", "wrong-" + password)
        mail_log_rows = mail_log.sent_on(morning, PINNED_TODAY)
        with morning.begin() as conn:  # forget today's sends, so that the wrong password is tried
            from data_access.models import MailSent

            conn.execute(update(MailSent).values(state="failed"))
        wrong = subprocess.run([sys.executable, "-m", "reports", "digest", "--send", "--backoff", "0"],
                               capture_output=True, text=True)
        assert wrong.returncode == 1 and "535" in wrong.stderr
        shown = done.stdout + done.stderr + wrong.stdout + wrong.stderr + json.dumps(
            audit.entries(morning), default=str) + json.dumps(mail_log_rows, default=str) + json.dumps(
            mail_log.sent_on(morning, PINNED_TODAY), default=str)
        assert password not in shown and "Traceback" not in shown
    finally:
        server.stop()


def test_mail_settings_are_said_in_a_sentence(tmp_path):
    for env, said in (({}, "INFO_SMTP_HOST is not set"),
                      ({"INFO_SMTP_HOST": "mail", "INFO_SMTP_SECURITY": "tls"}, "INFO_SMTP_SECURITY must be"),
                      ({"INFO_SMTP_HOST": "mail", "INFO_SMTP_PORT": "99999"}, "INFO_SMTP_PORT"),
                      ({"INFO_SMTP_HOST": "mail"}, "INFO_MAIL_FROM"),
                      ({"INFO_SMTP_HOST": "mail", "INFO_MAIL_FROM": "a@b.go.th\nBcc: x@y.z"}, "INFO_MAIL_FROM")):
        with pytest.raises(mail.MailSettingsError, match=said):
            mail.smtp_settings(env, secrets_file=tmp_path / "none.toml")
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[smtp]\nhost = "smtp.dla.go.th"\nsecurity = "ssl"\nfrom = "io@dla.go.th"\n'
                       'password = "pa55-w0rd"\n')
    settings = mail.smtp_settings({"INFO_SMTP_USER": "u"}, secrets_file=secrets)
    assert (settings.host, settings.port, settings.security, settings.user) == ("smtp.dla.go.th", 465, "ssl", "u")
    assert settings.password == "pa55-w0rd" and "pa55-w0rd" not in repr(settings)


def test_cli_refuses_what_it_cannot_do_in_a_sentence(morning, tmp_path):
    cases = ((["--dry-run"], "give an existing one with --out"), (["--send"], "INFO_SMTP_HOST is not set"),
             (["--dry-run", "--out", str(tmp_path / ("a" * 10_000))], "give an existing one with --out"),
             ([], "one of the arguments --send --dry-run is required"))
    for args, said in cases:
        done = subprocess.run([sys.executable, "-m", "reports", "digest", *args], capture_output=True, text=True,
                              env={k: v for k, v in __import__("os").environ.items() if not k.startswith("INFO_SMTP")})
        assert done.returncode == 2 and said in done.stderr and "Traceback" not in done.stderr


def test_the_admins_are_alerted_when_the_day_brought_no_data_or_a_refused_file(morning, smtp, tmp_path):
    from data_access.imports.ingest import ingest_folder

    from data_access.models import Snapshot

    users.add_user(morning, "admin@dla.example.go.th", "admin", [], "test")
    with morning.begin() as conn:  # the demo was seeded today: make it yesterday's news
        conn.execute(update(Snapshot).values(imported_at=datetime(2026, 1, 1, tzinfo=timezone.utc)))
    day = datetime.now(BANGKOK).date()  # imports are stamped by the server's clock, whatever INFO_TODAY says
    early, due = (datetime.combine(day, time(hour, 30), BANGKOK) for hour in (6, 7))
    assert not [o for o in _run(morning, smtp, now=early) if o.kind.startswith("alert")]
    outcomes = _run(morning, smtp, now=due)  # no new data today
    assert [(o.recipient, o.kind, o.result) for o in outcomes if o.kind.startswith("alert")] == [
        ("admin@dla.example.go.th", "alert-no-data", "sent")]
    alert = _to(smtp, "admin@dla.example.go.th")
    assert "ยังไม่มีข้อมูลใหม่" in alert["Subject"] and "07:00" in alert.get_content()

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "broken <i>x<i> [a](b)_2570_2026-11-25.csv").write_text("รหัส อปท.,ด้าน,สถานะ\n9999999,1,done\n",
                                                               encoding="utf-8")
    [refused] = ingest_folder(morning, inbox, PINNED_TODAY, settle_seconds=0)
    assert refused.refused
    later = [o for o in _run(morning, smtp, now=due) if o.kind.startswith("alert")]
    assert [(o.kind, o.result) for o in later] == [("alert-refused", "sent"), ("alert-no-data", "already sent")]
    refused_mail = [r.message for r in smtp.received if "ถูกปฏิเสธ" in r.message["Subject"]][0]
    assert "broken <i>x<i> [a](b)_2570_2026-11-25.csv" in refused_mail.get_content()
    assert refused_mail.get_content_type() == "text/plain"  # a file name is text, never markup


def test_hostile_names_stay_text_and_add_no_header(morning, tmp_path):
    hostile = "เทศบาล<script>alert(1)</script>\r\nBcc: victim@evil.example [x](http://e) " + "ก" * 150
    with morning.begin() as conn:
        code = conn.scalar(select(Lao.code).where(Lao.fiscal_year == YEAR, Lao.province_code == "83").limit(1))
        conn.execute(update(Lao).where(Lao.fiscal_year == YEAR, Lao.province_code == "83")
                     .values(name_th=hostile, district_name_th=hostile, district_code=None))
    from data_access.models import Province

    with morning.begin() as conn:
        conn.execute(update(Province).where(Province.code == "83").values(name_th=hostile))
    out = tmp_path / "eml"
    out.mkdir()
    done = subprocess.run([sys.executable, "-m", "reports", "digest", "--dry-run", "--out", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    import email
    import email.policy

    raw = (out / f"digest-{OFFICE_83}.eml").read_bytes()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert "Bcc" not in message and sorted(message.keys()) == sorted(
        ["From", "To", "Subject", "Date", "Message-ID", "Auto-Submitted", "MIME-Version", "Content-Type"])
    assert "\n" not in message["Subject"] and "\r" not in message["Subject"] and len(message["Subject"]) <= 150
    html = message.get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html
    _, rows = _xlsx_rows(message)
    assert code in [row[1] for row in rows[1:]]
    assert hostile in [row[2] for row in rows[1:]]  # the page's own file: the name as text, in its cell


def test_an_address_that_could_carry_a_header_is_refused():
    for bad in ("a@b.go.th\nBcc: x@y.z", "a@b.go.th, x@y.z", "<a@b.go.th>", "a b@c.go.th", "a@localhost", "@x.go.th"):
        assert subscriptions.mail_address(bad) is None, bad
    assert subscriptions.mail_address(" Office50@Example.GO.TH ") == "office50@example.go.th"
