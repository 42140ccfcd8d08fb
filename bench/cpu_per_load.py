"""Server CPU per page load over a FIXED set of loads (issue 12, "cut the CPU a page load costs").

    python -m bench.cpu_per_load [--sessions 20] [--loads 30] [--runs 1]

`bench.load_test` runs for a fixed time, so a faster run makes more loads and hits the shared caches more often
(each province and LAO is built once): its CPU per load depends on the machine's other load. Here every user makes
exactly --loads page loads (overview → province → LAO, the load test's plan and seeds), so every run serves the same
pages in the same first-visit order; the figure is the server's CPU seconds (user + system, /proc) during those
loads divided by their number. Same server, demo database and first loads as the load test.
"""

import argparse
import asyncio
import random
import sys
import time

from bench.load_test import (
    PAGES, ROOT, Server, Targets, demo_database, targets, ws_first_loads, ws_page_load,
)


async def _user(port: int, plan: Targets, seed: int, count: int, errors: list[str]) -> None:
    rng = random.Random(seed)
    for i in range(count):
        path, page_name, query = plan.path(PAGES[i % len(PAGES)], rng)
        error, _ = await ws_page_load(port, path, page_name, query)
        if error:
            errors.append(error)


async def _measure(server: Server, plan: Targets, sessions: int, loads: int) -> tuple[float, float, list[str]]:
    await ws_first_loads(server, plan)
    errors: list[str] = []
    cpu, start = server.cpu_seconds(), time.monotonic()
    await asyncio.gather(*(_user(server.port, plan, seed, loads, errors) for seed in range(sessions)))
    return server.cpu_seconds() - cpu, time.monotonic() - start, errors


def measure_runs(make_server, plan: Targets, sessions: int, loads: int, runs: int) -> None:
    """`runs` fresh servers from `make_server()`, one after the other; one line per run on stdout."""
    for run in range(runs):
        server = make_server()
        try:
            server.wait_healthy()
            cpu, wall, errors = asyncio.run(_measure(server, plan, sessions, loads))
        finally:
            server.stop()
        n = sessions * loads
        print(f"run {run + 1}: {n} loads in {wall:.1f} s, server CPU {cpu:.1f} s = {1000 * cpu / n:.1f} ms per load, "
              f"{len(errors)} errors{' (' + errors[0] + ')' if errors else ''}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--loads", type=int, default=30, help="page loads per user")
    parser.add_argument("--runs", type=int, default=1, help="fresh servers, one after the other")
    args = parser.parse_args()
    url = demo_database(ROOT / "bench" / "out" / "demo-1x.sqlite")
    measure_runs(lambda: Server(url, ROOT / "bench" / "out" / "cpu-per-load.log"), targets(url),
                 args.sessions, args.loads, args.runs)
    sys.exit(0)


if __name__ == "__main__":
    main()
