"""Load through nginx against 1, then 2 replicas on one PostgreSQL, in one run (issue 12):

    python -m bench.load_test --replicas 1,2 [--sessions 20] [--duration 60] [--thinks 0,2]

One PostgreSQL is started here and the demo data seeded once (today pinned, as in the single-server test). Then
for each replica count: the local cluster of deploy/cluster.py (replicas + nginx, open mode on demo data), one
warm-up load of each page on each replica, and for each think time --sessions users of the ws mode through nginx
for --duration seconds. Each user keeps its own cookies, so nginx's routing cookie keeps it on one replica, as a
browser is kept. The cluster and PostgreSQL are stopped at the end.

Per run: page loads per second, p50/p95/max time to a rendered page, errors, the replicas' CPU (sum, % of one
core), CPU milliseconds per page load (replicas only), each replica's peak RSS, and how busy the machine was.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.load_test import (FISCAL_YEAR, LOAD_TIMEOUT_S, PAGES, TODAY, Load, Proc, Targets, machine_busy,
                             percentile, targets, ws_page_load, ws_user)


@dataclass
class Run:
    replicas: int
    think: float
    wall: float
    loads: list[Load]
    cpu_seconds: float
    peak_rss_kib: list[int]
    machine: float
    steal: float

    @property
    def ok(self) -> list[float]:
        return [x.seconds for x in self.loads if x.error is None]

    @property
    def errors(self) -> int:
        return sum(1 for x in self.loads if x.error)

    @property
    def rate(self) -> float:
        return len(self.loads) / self.wall

    @property
    def cpu_ms_per_load(self) -> float:
        return self.cpu_seconds / max(1, len(self.loads)) * 1000


def seeded_postgres():
    from data_access.db import engine, init_db
    from data_access.demo import seed_demo
    from deploy.postgres import PostgresServer
    from datetime import date

    server = PostgresServer().start()
    url = server.create_database("info_oversight")
    eng = engine(url)
    init_db(eng)
    seed_demo(eng, seed=1, today=date.fromisoformat(TODAY))
    eng.dispose()
    return server, url


async def warm_up(running, plan: Targets) -> None:
    """Each page once on each replica (straight to its port): the first loads build the shared figures."""
    import random

    rng = random.Random(10_000)
    for replica in running.replicas:
        for page in PAGES:
            path, page_name, query = plan.path(page, rng)
            error, _ = await asyncio.wait_for(ws_page_load(replica.port, path, page_name, query), LOAD_TIMEOUT_S)
            if error:
                raise RuntimeError(f"warm-up on {replica.name}: {error}")


async def measure(running, plan: Targets, sessions: int, duration: float, think: float) -> Run:
    procs = [Proc(r.pid) for r in running.replicas]
    cpu0, machine0 = sum(p.cpu_seconds() for p in procs), machine_busy()
    start = time.monotonic()
    end = start + duration
    loads: list[Load] = []
    await asyncio.gather(*(ws_user(running.port, plan, seed, end, loads, think, jar={})
                           for seed in range(sessions)))
    wall = time.monotonic() - start
    cpu1, machine1 = sum(p.cpu_seconds() for p in procs), machine_busy()
    total = max(1, machine1[1] - machine0[1])
    return Run(len(procs), think, wall, loads, cpu1 - cpu0, [p.status("VmHWM") for p in procs],
               (machine1[0] - machine0[0]) / total * 100, (machine1[2] - machine0[2]) / total * 100)


def _s(value: float) -> str:
    return "—" if value != value else f"{value:.2f} s"


def report(runs: list[Run], sessions: int, duration: float) -> str:
    lines = [f"## Through nginx: {sessions} users, {duration:.0f} s per run, ws mode, one PostgreSQL "
             f"(FY{FISCAL_YEAR} demo data, {os.cpu_count()} cores shared with the load generator)", "",
             "| replicas | think | loads | loads/s | errors | p50 | p95 | max | replicas' CPU | CPU per load | "
             "peak RSS per replica | machine busy | steal |", "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for run in runs:
        lines.append(
            f"| {run.replicas} | {run.think:g} s | {len(run.loads)} | {run.rate:.1f} | {run.errors} | "
            f"{_s(percentile(run.ok, 50))} | {_s(percentile(run.ok, 95))} | {_s(max(run.ok, default=float('nan')))} | "
            f"{run.cpu_seconds / run.wall * 100:.0f} % | {run.cpu_ms_per_load:.0f} ms | "
            f"{' / '.join(f'{kib / 1024:.0f}' for kib in run.peak_rss_kib)} MiB | {run.machine:.0f} % | "
            f"{run.steal:.0f} % |")
    by_think: dict[float, dict[int, Run]] = {}
    for run in runs:
        by_think.setdefault(run.think, {})[run.replicas] = run
    lines.append("")
    for think, group in by_think.items():
        if 1 in group and len(group) > 1:
            most = max(group)
            ratio = group[most].rate / group[1].rate
            p95 = percentile(group[most].ok, 95)
            lines.append(f"- think {think:g} s: {most} replicas serve {ratio:.2f}× the page loads per second of 1"
                         + (f" (goal ≥ 1.5× {'✅' if ratio >= 1.5 else '❌'})" if think == 0 else
                            " (the users' pace bounds it)")
                         + f"; p95 {_s(p95)} with {most}"
                         + (f" (goal ≤ 1 s {'✅' if p95 <= 1 else '❌'})" if think >= 2 else ""))
    errors: dict[str, int] = {}
    for run in runs:
        for x in run.loads:
            if x.error:
                errors[x.error] = errors.get(x.error, 0) + 1
    if errors:
        lines += ["", "Errors:"] + [f"- {n} × {e}" for e, n in sorted(errors.items(), key=lambda kv: -kv[1])]
    return "\n".join(lines)


async def run_all(replica_counts: list[int], thinks: list[float], sessions: int, duration: float) -> str:
    from deploy import cluster

    server, url = seeded_postgres()
    runs: list[Run] = []
    try:
        plan = targets(url)
        for count in replica_counts:
            run_dir = Path(tempfile.mkdtemp(prefix=f"info-load-{count}-"))
            running = cluster.up(run_dir, count, 0, url, env={"INFO_TODAY": TODAY}, demo=False)
            try:
                print(f"{count} replica(s) behind {running.url}; logs in {run_dir}", file=sys.stderr, flush=True)
                await warm_up(running, plan)
                for think in thinks:
                    runs.append(await measure(running, plan, sessions, duration, think))
                    print(f"  think {think:g} s: {len(runs[-1].loads)} loads, {runs[-1].errors} errors",
                          file=sys.stderr, flush=True)
            finally:
                left = running.down()
                if left:
                    print(f"still running: {left}", file=sys.stderr)
    finally:
        server.stop()
    return report(runs, sessions, duration)
