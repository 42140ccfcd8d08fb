"""The Streamlit floor (issue 17): server CPU per page load of a page with the same elements and its data precomputed.

    python -m bench.streamlit_floor [--runs 1] [--sessions 20] [--loads 30]
    python -m bench.streamlit_floor --check     # the first loads on both apps: the same elements and bytes?

`bench.cpu_per_load`'s plan exactly (the same users, seeds, pages, URLs and number of loads, the same first loads
before the timing), served by bench/floor_app instead of dashboard.py. Before any server starts, this process
replays the plan's random choices to know every province and LAO it will visit, builds for each what the real page
hands to st.* — texts, metrics, the plotly figures and display tables from the real builders (components/*),
column configs, widget options (bench/floor_data.py, on the demo database through the uncached data_access
functions) — and pickles it to bench/out/floor-data.pickle. The floor app loads that once per process and on each
run only looks the target up and calls st.* with it: no SQL, no pandas work, no figure building. What a load costs
there is what Streamlit itself costs for these elements; the real app's figure less this one is what our code
still costs per load.
"""

import argparse
import asyncio
import random
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

from bench.cpu_per_load import measure_runs
from bench.load_test import (
    FISCAL_YEAR, PAGES, ROOT, TODAY, Server, Targets, demo_database, targets, ws_page_load,
)

PICKLE = ROOT / "bench" / "out" / "floor-data.pickle"
ENTRY = "bench/floor_app/app.py"
WARM_UP_SEED = 10_000  # bench.load_test.ws_first_loads


def visited(plan: Targets, sessions: int, loads: int) -> tuple[set[str], set[str]]:
    """(province codes, LAO codes) the plan's users and its first loads ask for: their random choices replayed."""
    provinces, laos = set(), set()
    users = [(random.Random(seed), loads) for seed in range(sessions)] + [(random.Random(WARM_UP_SEED), len(PAGES))]
    for rng, count in users:
        for i in range(count):
            path, _, query = plan.path(PAGES[i % len(PAGES)], rng)
            params = dict(part.split("=", 1) for part in query.split("&"))
            if path == "/province":
                provinces.add(params["province"])
            elif path == "/lao":
                laos.add(params["lao"])
    return provinces, laos


def precompute(url: str, provinces, laos, path: Path = PICKLE) -> dict:
    """Build every page the floor will show and pickle it to `path`."""
    from bench import floor_data

    data = floor_data.build(url, date.fromisoformat(TODAY), FISCAL_YEAR, provinces, laos)
    floor_data.write(data, path)
    return data


async def _elements(port: int, path: str, page_name: str, query: str) -> tuple[Counter, int]:
    """The elements and blocks one page load sends (kinds and numbers, from the websocket's deltas) and its bytes."""
    counts: Counter = Counter()

    def count(msg) -> None:
        if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element":
            counts[msg.delta.new_element.WhichOneof("type")] += 1
        elif msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "add_block":
            counts[f"block {msg.delta.add_block.WhichOneof('type')}"] += 1

    _, size = await ws_page_load(port, path, page_name, query, on_forward=count)
    return counts, size


async def _check(real: Server, floor: Server, plan: Targets) -> list[str]:
    lines = []
    rng = random.Random(WARM_UP_SEED)
    for page in PAGES:
        path, page_name, query = plan.path(page, rng)
        counts, sizes = zip(*[await _elements(server.port, path, page_name, query) for server in (real, floor)])
        differ = {k: (counts[0][k], counts[1][k]) for k in sorted(set(counts[0]) | set(counts[1]))
                  if counts[0][k] != counts[1][k]}
        lines.append(f"{path}?{query}: {sum(counts[0].values())} elements and blocks, "
                     + (f"differ (real, floor): {differ}" if differ else "the same kinds and numbers")
                     + f"; bytes real {sizes[0]}, floor {sizes[1]}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--loads", type=int, default=30, help="page loads per user")
    parser.add_argument("--runs", type=int, default=1, help="fresh servers, one after the other")
    parser.add_argument("--check", action="store_true",
                        help="instead of measuring: load the warm-up pages on both apps and compare what they send")
    args = parser.parse_args()
    url = demo_database(ROOT / "bench" / "out" / "demo-1x.sqlite")
    plan = targets(url)
    provinces, laos = visited(plan, args.sessions, args.loads)
    start = time.monotonic()
    precompute(url, provinces, laos)
    print(f"floor data: overview, {len(provinces)} provinces and {len(laos)} LAOs built in "
          f"{time.monotonic() - start:.0f} s ({PICKLE.stat().st_size / 2**20:.1f} MiB, {PICKLE.relative_to(ROOT)})",
          file=sys.stderr, flush=True)
    floor_server = lambda: Server(url, ROOT / "bench" / "out" / "streamlit-floor.log", script=ENTRY,  # noqa: E731
                                  env={"FLOOR_DATA": str(PICKLE), "PYTHONPATH": str(ROOT)})
    if args.check:
        real, floor = Server(url, ROOT / "bench" / "out" / "streamlit-floor-real.log"), floor_server()
        try:
            real.wait_healthy()
            floor.wait_healthy()
            print("\n".join(asyncio.run(_check(real, floor, plan))))
        finally:
            real.stop()
            floor.stop()
        return
    measure_runs(floor_server, plan, args.sessions, args.loads, args.runs)
    sys.exit(0)


if __name__ == "__main__":
    main()
