"""The morning cycle: `python -m ops.morning [--from DIR] (--send | --dry-run --out DIR) [--at HH:MM [--catch-up]]`.

One run: `python -m data_access ingest --from DIR` (when --from or INFO_INGEST_DIR names the inbox), then
`python -m reports digest`, each a subprocess of this interpreter: a crash of one is one exit code, and the digest
goes out after a refused file (the admins' alert mail reports the refusal). Exit code: the highest of the steps'
(0 when all went well), so systemd and cron report a bad morning. With --at, it runs every day at HH:MM in
Asia/Bangkok, whatever the server's timezone, and sleeps in between (compose has no cron). A time already past
when the process starts waits for tomorrow, unless --catch-up: then today's run happens at once. SIGTERM (or
SIGINT) while sleeping exits 0 at once; during a run, the step finishes first. deploy/README.md has the schedules.
"""

import argparse
import os
import signal
import subprocess
import sys
import threading
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

BANGKOK = ZoneInfo("Asia/Bangkok")
ROOT = Path(__file__).resolve().parent.parent
MEANING = {"ingest": {0: "nothing refused", 1: "the database cannot be used",
                      2: "a file was refused (see refused/; the admins' alert says which)"},
           "digest": {0: "mails sent or written", 1: "a mail failed", 2: "bad settings"}}


def next_run(now: datetime, at: time) -> datetime:
    """The first `at` o'clock in Asia/Bangkok strictly after `now` (aware), as an Asia/Bangkok datetime."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime: a naive one would be read in the server's timezone")
    local = now.astimezone(BANGKOK)
    today = datetime.combine(local.date(), at, tzinfo=BANGKOK)  # Thailand has no daylight saving
    return today if today > local else datetime.combine(local.date() + timedelta(days=1), at, tzinfo=BANGKOK)


def first_run(now: datetime, at: time, catch_up: bool) -> datetime:
    """When a process started at `now` runs first: today's missed run at once with --catch-up, else next_run."""
    local = now.astimezone(BANGKOK)
    missed = datetime.combine(local.date(), at, tzinfo=BANGKOK) <= local
    return local if catch_up and missed else next_run(now, at)


def _clock(text: str) -> time:
    try:
        hour, minute = text.split(":")
        return time(int(hour), int(minute))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text[:20]}' is not HH:MM (00:00-23:59)") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ops.morning", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--from", dest="inbox", type=Path, default=os.environ.get("INFO_INGEST_DIR") or None,
                        metavar="DIR", help="the ingest folder (default INFO_INGEST_DIR; neither: no ingest)")
    how = parser.add_mutually_exclusive_group(required=True)
    how.add_argument("--send", action="store_true", help="mail the digest through INFO_SMTP_*")
    how.add_argument("--dry-run", action="store_true", help="write the mails as .eml into --out instead")
    parser.add_argument("--out", type=Path, metavar="DIR", help="with --dry-run: the folder for the .eml files")
    parser.add_argument("--at", type=_clock, metavar="HH:MM", help="run every day at HH:MM Asia/Bangkok, forever")
    parser.add_argument("--catch-up", action="store_true", help="with --at: run at once if today's time has passed")
    return parser


def run_once(args) -> int:
    started = datetime.now(BANGKOK)
    print(f"morning run {started:%Y-%m-%d %H:%M:%S} Asia/Bangkok", flush=True)
    steps = [("digest", ["reports", "digest", "--send"] if args.send
              else ["reports", "digest", "--dry-run", "--out", str(args.out.resolve())])]
    if args.inbox:
        steps.insert(0, ("ingest", ["data_access", "ingest", "--from", str(args.inbox.resolve())]))
    else:
        print("ingest: skipped (no --from and no INFO_INGEST_DIR)", flush=True)
    codes = []
    for name, command in steps:
        code = subprocess.run([sys.executable, "-m", *command], cwd=ROOT, check=False).returncode
        code = 128 - code if code < 0 else code  # killed by signal N: 128 + N, as a shell says
        codes.append(code)
        print(f"{name}: exit {code}, {MEANING[name].get(code, 'crashed')}", flush=True)
    worst = max(codes)
    print(f"morning run done: exit {worst}", flush=True)
    return worst


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.dry_run and not args.out:
        _parser().error("--dry-run needs --out DIR")
    if args.catch_up and not args.at:
        _parser().error("--catch-up goes with --at")
    if args.at is None:
        return run_once(args)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    due = first_run(datetime.now(UTC), args.at, args.catch_up)
    while True:
        print(f"next run {due.isoformat()}", flush=True)
        # Wall-clock checks at least every minute: a suspended machine or a clock set right wakes on time.
        while not stop.is_set() and (left := (due - datetime.now(UTC)).total_seconds()) > 0:
            stop.wait(min(left, 60))
        if stop.is_set():
            print("stopped while waiting", flush=True)
            return 0
        code = run_once(args)
        if stop.is_set():
            return code
        due = next_run(datetime.now(UTC), args.at)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
