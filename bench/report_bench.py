"""How long the reports take to build (issue 11 "Speed"), in this process, on the demo database.

    python -m bench.report_bench [--only letter,briefing,risk] [--runs 5] [--work bench/out]

- letter: `reports.letter.letter_bytes` for the largest province (Nakhon Ratchasima, 30) in FY2566 and in the
  current demo year (goal ≤ 1 s each); the first run pays for imports and cold database pages, the others not.
- briefing: `reports.briefing.briefing_pdf` cold (the first in the process also starts Chromium) and built before
  (goal ≤ 3 s cold, ≤ 0.2 s built before), and `build_briefing` cold with Chromium running.
- risk: `data_access.figures.risk.lao_risk` for the whole country (goal ≤ 0.5 s).

Each part is one entry of MEASUREMENTS: a function (engine, runs) → rows of (what, first run s, best of the
others s, detail). Prints a markdown table; docs/benchmarks.md keeps the figures.
"""

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

from bench.page_bench import TODAY, build_demo

LARGEST_PROVINCE = "30"


def _timed(fn, runs: int) -> tuple[float, float, object]:
    times, result = [], None
    for _ in range(max(runs, 1)):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times[0], min(times[1:] or times), result


def measure_letter(eng, runs: int) -> list[tuple]:
    from reports.letter import letter_bytes

    rows = []
    for year in (2566, 2570):
        first, best, data = _timed(
            lambda year=year: letter_bytes(eng, year, LARGEST_PROVINCE, date.fromisoformat(TODAY)), runs)
        rows.append((f"letter FY{year} province {LARGEST_PROVINCE}", first, best, f"{len(data):,} bytes DOCX"))
    return rows


def measure_briefing(eng, runs: int) -> list[tuple]:
    """The briefing PDF (goal ≤ 3 s cold, ≤ 0.2 s when built before). `briefing_pdf` keeps what it built, so its
    first run is the cold one and the others are "built before"; `build_briefing` (no keeping) measures a cold
    build again and again with Chromium already running, as it is in the app (the briefing page starts it)."""
    from reports.briefing import briefing_pdf, build_briefing

    today = date.fromisoformat(TODAY)
    rows = []
    first, best, pdf = _timed(lambda: briefing_pdf(eng, 2570, None, "th", today), runs)
    rows.append(("briefing FY2570 national: first in the process (Chromium starts) / built before", first, best,
                 f"{len(pdf):,} bytes PDF"))
    first, best, pdf = _timed(lambda: briefing_pdf(eng, 2566, LARGEST_PROVINCE, "en", today), runs)
    rows.append((f"briefing FY2566 province {LARGEST_PROVINCE}: Chromium running / built before", first, best,
                 f"{len(pdf):,} bytes PDF"))
    first, best, (pdf, _) = _timed(lambda: build_briefing(eng, 2570, None, "th", today), runs)
    rows.append(("briefing FY2570 national: cold build, Chromium running", first, best, f"{len(pdf):,} bytes PDF"))
    return rows


def measure_risk(eng, runs: int) -> list[tuple]:
    """Deadline risk for every LAO of the country (goal ≤ 0.5 s): the current demo year on its as-of day, and FY2566
    judged 16 days before its deadline (with FY2565 as its previous year)."""
    from data_access.figures.risk import lao_risk
    from data_access.access.scope import Scope

    rows = []
    for year, day in ((2570, date.fromisoformat(TODAY)), (2566, date(2023, 8, 15))):
        first, best, judged = _timed(lambda year=year, day=day: lao_risk(eng, year, Scope.national(), day), runs)
        rows.append((f"risk FY{year}, the whole country, on {day}", first, best, f"{len(judged):,} LAOs judged"))
    return rows


MEASUREMENTS = {"letter": measure_letter, "briefing": measure_briefing, "risk": measure_risk}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.report_bench")
    parser.add_argument("--only", help=f"comma-separated parts of {', '.join(MEASUREMENTS)}")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", default="bench/out")
    args = parser.parse_args()
    parts = args.only.split(",") if args.only else list(MEASUREMENTS)
    unknown = [p for p in parts if p not in MEASUREMENTS]
    if unknown:
        raise SystemExit(f"unknown part(s): {', '.join(unknown)}; choose from {', '.join(MEASUREMENTS)}")
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    url = build_demo(work / "demo.sqlite")
    os.environ["DATABASE_URL"], os.environ["INFO_TODAY"] = url, TODAY
    from data_access.db import engine

    eng = engine(url)
    print(f"| measure | first run (s) | best of {max(args.runs - 1, 1)} more (s) | detail |")
    print("|---|---|---|---|")
    for part in parts:
        for what, first, best, detail in MEASUREMENTS[part](eng, args.runs):
            print(f"| {what} | {first:.3f} | {best:.3f} | {detail} |", flush=True)
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"\nload average {load} ({os.cpu_count()} cores), Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
