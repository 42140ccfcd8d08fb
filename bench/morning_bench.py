"""How long the morning cycle's outputs take (issue 16 "Done when"): the status card warm, and the whole country's
digests sent through a real SMTP server on loopback (aiosmtpd), on the demo database.

    python -m bench.morning_bench [--runs 20] [--work bench/out]

- card: `reports.card.card_png` for one province, cold (Chromium starts) and warm (median and max of --runs;
  goal ≤ 2 s warm); and `data_access.figures.standing.standing` alone.
- digest: every province office with an address (76) and one national subscriber: 77 mails, each with its card
  and, for a province, its chase list XLSX, sent by `reports.digest.run` (goal ≤ 60 s). Sent twice: the second run
  sends nothing (the sent-log), and says how long finding that out takes.

Prints a markdown table; docs/benchmarks.md keeps the figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path

from bench.page_bench import TODAY, build_demo


def _copy(url: str, work: Path) -> str:
    source = Path(url.removeprefix("sqlite:///"))
    target = work / "morning_bench.sqlite"
    shutil.copy(source, target)
    return f"sqlite:///{target}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.morning_bench")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--work", default="bench/out")
    args = parser.parse_args(argv)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    url = _copy(build_demo(work / "demo.sqlite"), work)
    os.environ.update(DATABASE_URL=url, INFO_TODAY=TODAY)

    from data_access.admin import offices, subscriptions
    from data_access.db import engine
    from data_access.access.scope import Scope
    from data_access.figures.standing import Standings, standing
    from reports import digest, mail
    from reports.card import card_png
    from tests.support.smtp import SmtpServer

    today, base = date.fromisoformat(TODAY), "https://info.example.go.th"
    eng = engine(url)
    rows = []

    start = time.perf_counter()
    s = standing(eng, 2570, Scope.national(), "30", today)
    rows.append(("standing, one province (30)", f"{time.perf_counter() - start:.2f} s", ""))
    start = time.perf_counter()
    card_png(s, base)
    rows.append(("card, cold (Chromium starts)", f"{time.perf_counter() - start:.2f} s", ""))
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        png = card_png(s, base)
        times.append(time.perf_counter() - start)
    rows.append((f"card, warm ({args.runs} runs)", f"median {statistics.median(times) * 1000:.0f} ms",
                 f"max {max(times) * 1000:.0f} ms, {len(png) // 1024} KB"))

    every = Standings(eng, 2570, today)
    for code in every.provinces:
        offices.set_office(eng, code, "bench", email=f"office{code}@example.go.th")
    subscriptions.add(eng, "exec@dla.example.go.th", "national", "bench")
    server = SmtpServer().start()
    try:
        settings = mail.smtp_settings(server.environment(), secrets_file=work / "no-secrets.toml")
        for label in ("digests, first run", "digests, second run (nothing to send)"):
            mailer = mail.Mailer(settings, attempts=3, backoff=1)
            start = time.perf_counter()
            outcomes = digest.run(eng, 2570, today, base, settings.sender, mailer,
                                  now=datetime.now(timezone.utc))
            took = time.perf_counter() - start
            mailer.close()
            results = {result: sum(o.result == result for o in outcomes) for result in {o.result for o in outcomes}}
            size = sum(len(r.raw) for r in server.received)
            rows.append((label, f"{took:.1f} s", f"{results}, {len(server.received)} received, "
                                                 f"{size / 2**20:.1f} MiB in all"))
    finally:
        server.stop()

    load = os.getloadavg()[0]
    print(f"demo database, today {TODAY}, load average {load:.2f}, {os.cpu_count()} cores\n")
    print("| what | time | detail |\n|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
