"""The morning cycle (issue item 5): `python -m ops.morning` runs the ingest, then the digest, at HH:MM Asia/Bangkok
whatever the server's timezone; SIGTERM while it sleeps ends it at once with exit 0."""

import os
import shutil
import signal
import subprocess
import sys
import time as clock
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ops.morning import BANGKOK, first_run, next_run
from tests.conftest import PINNED_TODAY

ROOT = Path(__file__).resolve().parents[2]
NEW_YORK = ZoneInfo("America/New_York")
SEVEN_FIFTEEN = time(7, 15)
OFFICE_50 = "office50@example.go.th"


def test_next_run_is_the_bangkok_time_from_any_timezone():
    evening_in_new_york = datetime(2026, 11, 25, 19, 0, tzinfo=NEW_YORK)  # 07:00 on the 26th in Bangkok
    assert next_run(evening_in_new_york, SEVEN_FIFTEEN) == datetime(2026, 11, 26, 7, 15, tzinfo=BANGKOK)
    assert next_run(datetime(2026, 11, 26, 0, 10, tzinfo=UTC), SEVEN_FIFTEEN) == \
        datetime(2026, 11, 26, 0, 15, tzinfo=UTC)
    at_the_time = datetime(2026, 11, 26, 0, 15, tzinfo=UTC)  # exactly 07:15 Bangkok: the next is tomorrow
    assert next_run(at_the_time, SEVEN_FIFTEEN) == datetime(2026, 11, 27, 7, 15, tzinfo=BANGKOK)


def test_next_run_around_midnight_and_the_new_year():
    assert next_run(datetime(2026, 11, 26, 23, 59, 30, tzinfo=BANGKOK), time(0, 0)) == \
        datetime(2026, 11, 27, 0, 0, tzinfo=BANGKOK)
    assert next_run(datetime(2026, 11, 27, 0, 0, 30, tzinfo=BANGKOK), time(0, 0)) == \
        datetime(2026, 11, 28, 0, 0, tzinfo=BANGKOK)
    assert next_run(datetime(2026, 11, 27, 0, 1, tzinfo=BANGKOK), time(23, 59)) == \
        datetime(2026, 11, 27, 23, 59, tzinfo=BANGKOK)
    # 17:30 UTC on 31 December is already 00:30 on 1 January in Bangkok
    assert next_run(datetime(2026, 12, 31, 17, 30, tzinfo=UTC), SEVEN_FIFTEEN) == \
        datetime(2027, 1, 1, 7, 15, tzinfo=BANGKOK)


def test_next_run_ignores_daylight_saving_elsewhere():
    """Every half hour of a year seen from New York (two DST changes): always 07:15+07:00, within a day."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for step in range(365 * 48):
        now = (start + timedelta(minutes=30 * step)).astimezone(NEW_YORK)
        due = next_run(now, SEVEN_FIFTEEN)
        assert due.utcoffset() == timedelta(hours=7) and due.time() == SEVEN_FIFTEEN, now
        assert timedelta(0) < due - now <= timedelta(days=1), now


def test_a_naive_now_is_refused():
    with pytest.raises(ValueError, match="aware"):
        next_run(datetime(2026, 11, 26, 8, 0), SEVEN_FIFTEEN)


def test_a_missed_time_waits_for_tomorrow_unless_catch_up():
    late = datetime(2026, 11, 26, 9, 0, tzinfo=BANGKOK)
    early = datetime(2026, 11, 26, 6, 0, tzinfo=BANGKOK)
    assert first_run(late, SEVEN_FIFTEEN, catch_up=False) == datetime(2026, 11, 27, 7, 15, tzinfo=BANGKOK)
    assert first_run(late, SEVEN_FIFTEEN, catch_up=True) == late
    assert first_run(early, SEVEN_FIFTEEN, catch_up=True) == datetime(2026, 11, 26, 7, 15, tzinfo=BANGKOK)


def _start_loop(at: str, tz: str) -> subprocess.Popen:
    env = dict(os.environ, TZ=tz)
    env.pop("INFO_INGEST_DIR", None)
    return subprocess.Popen([sys.executable, "-m", "ops.morning", "--at", at, "--send"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _first_line_then_sigterm(process: subprocess.Popen) -> tuple[str, int, float]:
    try:
        line = process.stdout.readline().strip()  # printed once the handler is in place
        sent = clock.monotonic()
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=10)
        return line, code, clock.monotonic() - sent
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.parametrize("tz", ["America/New_York", "UTC"])
def test_the_loop_waits_for_the_same_bangkok_time_whatever_the_server_timezone(tz):
    offset = subprocess.run([sys.executable, "-c", "import time; print(time.strftime('%z'))"],
                            env=dict(os.environ, TZ=tz), capture_output=True, text=True, check=False).stdout.strip()
    assert offset in (("-0500", "-0400") if tz != "UTC" else ("+0000",)), "TZ reaches the child process"
    before = next_run(datetime.now(UTC), SEVEN_FIFTEEN)
    line, code, _ = _first_line_then_sigterm(_start_loop("07:15", tz))
    after = next_run(datetime.now(UTC), SEVEN_FIFTEEN)
    assert line in {f"next run {before.isoformat()}", f"next run {after.isoformat()}"}
    assert line.endswith("T07:15:00+07:00") and code == 0


def test_sigterm_while_sleeping_exits_0_at_once():
    far = (datetime.now(BANGKOK) + timedelta(hours=12)).strftime("%H:%M")
    process = _start_loop(far, "UTC")
    line, code, took = _first_line_then_sigterm(process)
    assert line.startswith("next run ") and line.endswith(f"T{far}:00+07:00")
    assert code == 0 and took < 5, (code, took, process.stderr.read())
    assert "morning run" not in process.stdout.read()  # nothing ran


def _run_morning(demo_db_path: Path, tmp_path: Path, *extra: str) -> tuple[subprocess.CompletedProcess, Path]:
    from data_access.admin import offices
    from data_access.db import engine as make_engine
    from data_access.db import init_db

    database = Path(shutil.copy(demo_db_path, tmp_path / "demo.sqlite"))
    eng = make_engine(f"sqlite:///{database}")
    init_db(eng)
    offices.set_office(eng, "50", "test", email=OFFICE_50)  # the demo data has no office addresses
    eng.dispose()
    out = tmp_path / "eml"
    out.mkdir()
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{database}", INFO_TODAY=PINNED_TODAY.isoformat())
    env.pop("INFO_INGEST_DIR", None)
    done = subprocess.run([sys.executable, "-m", "ops.morning", "--dry-run", "--out", str(out), *extra],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=600)
    return done, out


def test_one_run_without_an_inbox_writes_the_digests(demo_db_path, tmp_path):
    done, out = _run_morning(demo_db_path, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ingest: skipped" in done.stdout and "digest: exit 0" in done.stdout
    assert f"To: {OFFICE_50}".encode() in (out / f"digest-{OFFICE_50}.eml").read_bytes()


def test_a_refused_file_still_gets_the_digests_out_and_exits_2(demo_db_path, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    export = inbox / "x_2570_2026-11-25.csv"
    export.write_text("รหัส อปท.,ด้าน,สถานะ\n9999999,1,done\n", encoding="utf-8")
    an_hour_ago = clock.time() - 3600  # settled: not a file still being copied
    os.utime(export, (an_hour_ago, an_hour_ago))
    done, out = _run_morning(demo_db_path, tmp_path, "--from", str(inbox))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "ingest: exit 2" in done.stdout and "digest: exit 0" in done.stdout
    assert done.stdout.index("ingest: exit") < done.stdout.index("digest: exit"), "ingest first"
    assert (inbox / "refused" / export.name).exists() and not export.exists()
    assert f"To: {OFFICE_50}".encode() in (out / f"digest-{OFFICE_50}.eml").read_bytes()

