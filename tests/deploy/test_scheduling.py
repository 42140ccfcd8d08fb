"""The morning cycle's schedules as shipped (deploy/systemd, deploy/cron, deploy/compose): each runs
`python -m ops.morning … --send` at 07:15 Asia/Bangkok, whatever the server's timezone."""

import configparser
import os
import re
import shlex
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
import yaml

from ops.morning import BANGKOK

ROOT = Path(__file__).resolve().parents[2]
SYSTEMD = ROOT / "deploy" / "systemd"
SERVICE, TIMER = SYSTEMD / "info-oversight-morning.service", SYSTEMD / "info-oversight-morning.timer"
CRON = ROOT / "deploy" / "cron" / "info-oversight-morning"
COMPOSE = ROOT / "deploy" / "compose" / "compose.yaml"
INBOX = "/srv/info-oversight/inbox"
CALENDAR = "*-*-* 07:15:00 Asia/Bangkok"


def _unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser


def test_the_service_runs_one_morning_with_send_as_a_hardened_user():
    service = _unit(SERVICE)["Service"]
    assert service["Type"] == "oneshot"
    command = shlex.split(service["ExecStart"])
    assert command[0] == f"{service['WorkingDirectory']}/.venv/bin/python"
    assert command[1:3] == ["-m", "ops.morning"] and "--send" in command and "--at" not in command
    assert command[command.index("--from") + 1] == INBOX
    assert service["EnvironmentFile"] == "/etc/info-oversight/morning.env"
    assert service["User"] not in ("", "root") and service["User"] == service["Group"]
    assert service["NoNewPrivileges"] == "yes" and service["PrivateTmp"] == "yes"
    assert service["ProtectSystem"] == "strict"
    assert INBOX in service["ReadWritePaths"].split(), "the inbox's done/ and refused/ are written"


def test_the_timer_fires_at_0715_bangkok_and_starts_the_service():
    timer = _unit(TIMER)["Timer"]
    assert timer["OnCalendar"] == CALENDAR
    assert timer["Persistent"] == "true"
    delay = re.fullmatch(r"(\d+)(s|min)", timer["RandomizedDelaySec"])
    assert delay and int(delay[1]) * (60 if delay[2] == "min" else 1) <= 300, "a small delay"
    assert timer["Unit"] == SERVICE.name and SERVICE.exists()
    assert _unit(TIMER)["Install"]["WantedBy"] == "timers.target"


needs_systemd = pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")


@needs_systemd
def test_systemd_analyze_verify_accepts_both_units(tmp_path):
    """On a copy whose interpreter exists here (verify checks that ExecStart is executable)."""
    for unit in (SERVICE, TIMER):
        text = unit.read_text(encoding="utf-8").replace("/srv/info-oversight/app/.venv/bin/python", sys.executable)
        (tmp_path / unit.name).write_text(text, encoding="utf-8")
    checked = subprocess.run(["systemd-analyze", "verify", str(tmp_path / SERVICE.name), str(tmp_path / TIMER.name)],
                             capture_output=True, text=True, check=False, timeout=60)
    assert checked.returncode == 0, checked.stderr
    assert "info-oversight-morning" not in checked.stderr, checked.stderr  # no warning about our units


@needs_systemd
@pytest.mark.parametrize("tz", ["America/New_York", "UTC"])
def test_systemd_reads_the_calendar_as_0015_utc_every_day(tz):
    shown = subprocess.run(["systemd-analyze", "calendar", "--iterations", "3", _unit(TIMER)["Timer"]["OnCalendar"]],
                           env=dict(os.environ, TZ=tz), capture_output=True, text=True, check=False, timeout=60)
    assert shown.returncode == 0, shown.stderr
    assert f"Normalized form: {CALENDAR}" in shown.stdout
    in_utc = re.findall(r"(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) UTC", shown.stdout)
    assert len(in_utc) == 3 and {clock for _, clock in in_utc} == {"00:15:00"}, shown.stdout
    days = [date.fromisoformat(day) for day, _ in in_utc]
    assert [b - a for a, b in pairwise(days)] == [timedelta(days=1)] * 2


def _cron_entries() -> list[list[str]]:
    lines = [line for line in CRON.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [line.split(None, 6) for line in lines if not line.startswith("#") and not re.match(r"\w+=", line)]


def test_the_cron_line_is_0715_bangkok_in_utc_all_year():
    [entry] = _cron_entries()
    minute, hour, day, month, weekday, user, command = entry
    for month_number in range(1, 13):  # Thailand has no daylight saving: the same UTC time in every month
        utc = datetime.combine(date(2026, month_number, 15), time(7, 15), tzinfo=BANGKOK).astimezone(UTC)
        assert (int(minute), int(hour)) == (utc.minute, utc.hour) == (15, 0)
    assert (day, month, weekday) == ("*", "*", "*") and user == "info-oversight"
    assert "-m ops.morning" in command and "--send" in command and f"--from {INBOX}" in command
    assert "/etc/info-oversight/morning.env" in command
    assert not re.search(r"(?<!\\)%", command), "cron turns an unescaped % into a newline"


def test_the_cron_file_documents_both_server_timezones():
    text = CRON.read_text(encoding="utf-8")
    assert "CRON_TZ" in text and "00:15 UTC" in text and "15 7 * * *" in text
    guard = re.search(r'TZ=Asia/Bangkok date \+\\%H\)" = (\d\d)', text)
    assert guard and guard[1] == "07"


def test_the_compose_morning_service_runs_every_day_at_0715_with_the_inbox_mounted():
    services = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))["services"]
    morning = services["morning"]
    command = morning["command"]
    assert command[:3] == ["python", "-m", "ops.morning"] and "--send" in command
    assert command[command.index("--at") + 1] == "07:15"
    inbox = command[command.index("--from") + 1]
    assert any(volume.rsplit(":", 1)[-1] == inbox for volume in morning["volumes"]), "the inbox is mounted (rw)"
    assert morning["image"] == services["app1"]["image"]
    assert morning["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert morning["healthcheck"] == {"disable": True}, "the image's check asks a replica's port"
    environment = morning["environment"]
    assert environment["DATABASE_URL"] == services["app1"]["environment"]["DATABASE_URL"]
    for name in ("INFO_PUBLIC_URL", "INFO_SMTP_HOST", "INFO_SMTP_PORT", "INFO_SMTP_SECURITY", "INFO_SMTP_USER",
                 "INFO_SMTP_PASSWORD", "INFO_SMTP_CA_FILE", "INFO_MAIL_FROM"):
        assert name in environment, name
    assert "ops.replica" not in str(morning), "not a replica: nginx does not send to it"
