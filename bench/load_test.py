"""Load: 20 concurrent users for 60 s against `streamlit run dashboard.py` on loopback.

    python -m bench.load_test [--sessions 20] [--duration 60] [--mode ws|browser] [--think 0] [--db PATH]
    python -m bench.load_test --replicas 1,2 [--thinks 0,2] [--sessions 20] [--duration 60]   (through nginx)

Starts the app on a free port of 127.0.0.1 against a seeded demo database (bench/out/demo-1x.sqlite, seeded
on first use), waits for /_stcore/health, loads each page once (first load on a cold server, reported apart),
then runs --sessions users at once for --duration seconds. Each user repeats: the overview (?fy=2566), a
province page (/province?province=PP&fy=2566), an LAO page (/lao?lao=CODE&fy=2566), with a random province
and LAO each time. A load still running at the end is allowed to finish (each has a 60 s time-out), then the
server is stopped (SIGTERM to its process group, SIGKILL after 15 s).

Modes, both measuring "time to a rendered page" from the moment the user asks for the URL:
- ws (default): what a browser does on a page load, without drawing: GET the page, /_stcore/health and
  /_stcore/host-config, open the websocket /_stcore/stream, send the rerun request with the URL's page and
  query string, and read every message until the script has finished. Rendered = script finished
  successfully, with st.metric on the page and no exception element.
- browser: one Debian Chromium (Playwright), one context per user; page.goto, then wait until an st.metric
  is on the page and the app reports the script finished (data-test-script-state="notRunning"); on the
  overview also until plotly has drawn the map. On 2 cores the browsers compete with the server for CPU.

Reports loads, errors, p50/p95/max time to rendered page per page, throughput, server peak RSS (VmHWM of
/proc/<pid>/status, VmRSS sampled every 0.5 s) and the CPU used by the server and by the whole machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only
TODAY = "2026-11-26"
FISCAL_YEAR = 2566
LOAD_TIMEOUT_S = 60
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = ("overview", "province", "lao")
GOAL_P95_S = 2.0


@dataclass
class Load:
    page: str
    seconds: float
    error: str | None = None
    bytes: int = 0


@dataclass
class Targets:
    provinces: list[str]
    laos: list[str]

    def path(self, page: str, rng: random.Random) -> tuple[str, str, str]:
        """(URL path, page name for the rerun request, query string)."""
        if page == "overview":
            return "/", "", f"fy={FISCAL_YEAR}"
        if page == "province":
            return "/province", "province", f"province={rng.choice(self.provinces)}&fy={FISCAL_YEAR}"
        return "/lao", "lao", f"lao={rng.choice(self.laos)}&fy={FISCAL_YEAR}"


# --- the database and the server -------------------------------------------------------------------------------

def demo_database(path: Path) -> str:
    if not path.exists():
        from bench.page_bench import build_demo

        build_demo(path)
    return f"sqlite:///{path.resolve()}"


def targets(url: str) -> Targets:
    from sqlalchemy import text

    from data_access.db import engine

    with engine(url).connect() as conn:
        provinces = list(conn.execute(text("SELECT DISTINCT province_code FROM lao WHERE fiscal_year = :fy"),
                                      {"fy": FISCAL_YEAR}).scalars())
        laos = list(conn.execute(text("SELECT code FROM lao WHERE fiscal_year = :fy"), {"fy": FISCAL_YEAR}).scalars())
    engine(url).dispose()
    return Targets(sorted(provinces), sorted(laos))


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Proc:
    """CPU seconds and memory of one process, from /proc."""

    def __init__(self, pid: int):
        self.pid = pid

    def status(self, key: str) -> int:
        """A kB figure of /proc/<pid>/status (VmRSS, VmHWM)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
        return 0

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Server(Proc):
    """`streamlit run dashboard.py` (or another entry `script`, with `env` added) in its own process group, on
    loopback; always stopped by stop()."""

    def __init__(self, url: str, log_path: Path, script: str = "dashboard.py", env: dict[str, str] | None = None):
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"
        env = dict(os.environ, DATABASE_URL=url, INFO_TODAY=TODAY, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
                   **(env or {}))
        self.log = open(log_path, "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
             "--server.port", str(self.port), "--server.address", HOST, "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        self.pid = self.process.pid

    def wait_healthy(self, timeout: float = 60) -> float:
        from deploy.cluster import wait_healthy

        start = time.monotonic()
        try:
            wait_healthy(self.base, self.process, timeout)
        except RuntimeError:
            raise RuntimeError(f"streamlit did not start; see {self.log.name}") from None
        return time.monotonic() - start

    def stop(self) -> str:
        if self.process.poll() is None:
            os.killpg(self.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.pid, signal.SIGKILL)
                self.process.wait()
                self.log.close()
                return "killed after 15 s"
        self.log.close()
        try:
            os.killpg(self.pid, 0)
            return "stray processes left in its group"
        except ProcessLookupError:
            return f"stopped cleanly (exit code {self.process.returncode})"


def machine_busy() -> tuple[int, int, int]:
    """(busy without steal, total, stolen) jiffies of all CPUs since boot, from /proc/stat. Steal is time the
    hypervisor gave our virtual CPUs to someone else: a noisy neighbour, invisible in the load average."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    idle, steal = values[3] + values[4], values[7]
    return sum(values) - idle - steal, sum(values), steal


# --- ws mode: the browser's protocol, without drawing ------------------------------------------------------------

async def http_get(port: int, path: str, jar: dict[str, str] | None = None) -> int:
    """A minimal HTTP/1.1 GET on loopback; returns the body length. Raises on a status other than 200. With a
    cookie `jar` (a user behind nginx), sends its cookies and keeps the ones the response sets."""
    reader, writer = await asyncio.open_connection(HOST, port)
    cookie = f"Cookie: {'; '.join(f'{k}={v}' for k, v in jar.items())}\r\n" if jar else ""
    try:
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nConnection: close\r\n{cookie}"
                     "Accept-Encoding: identity\r\n\r\n".encode())
        await writer.drain()
        data = await reader.read()
    finally:
        writer.close()
    head = data.split(b"\r\n\r\n", 1)[0].decode(errors="replace").split("\r\n")
    if " 200 " not in head[0] + " ":
        raise RuntimeError(f"GET {path}: {head[0]}")
    if jar is not None:
        for line in head[1:]:
            name, _, value = line.partition(":")
            if name.lower() == "set-cookie":
                key, _, rest = value.strip().partition("=")
                jar[key] = rest.split(";", 1)[0]
    return len(data)


async def ws_page_load(port: int, path: str, page_name: str, query: str, on_message=None,
                       jar: dict[str, str] | None = None, on_forward=None) -> tuple[str | None, int]:
    """One page load as the Streamlit frontend does it. Returns (error or None, bytes received). `on_message(kind)`
    is called for every message the server sends (tests use it to act while the script runs), `on_forward(msg)`
    with the parsed ForwardMsg itself. `jar`: the user's cookies (nginx's routing cookie keeps a user on one
    replica)."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    received = await http_get(port, f"{path}?{query}", jar)
    sizes = await asyncio.gather(http_get(port, "/_stcore/health", jar), http_get(port, "/_stcore/host-config", jar))
    received += sum(sizes)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())} if jar else None
    async with websockets.connect(f"ws://{HOST}:{port}/_stcore/stream", subprotocols=["streamlit"],
                                  origin=f"http://{HOST}:{port}", max_size=None, open_timeout=LOAD_TIMEOUT_S,
                                  compression=None, additional_headers=headers) as ws:
        request = BackMsg()
        request.rerun_script.query_string = query
        request.rerun_script.page_name = page_name
        request.rerun_script.context_info.timezone = "Asia/Bangkok"
        request.rerun_script.context_info.locale = "th-TH"
        request.rerun_script.context_info.url = f"http://{HOST}:{port}{path}?{query}"
        await ws.send(request.SerializeToString())
        metrics = 0
        exception = None
        while True:
            raw = await ws.recv()
            received += len(raw)
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            if on_message is not None:
                on_message(kind)
            if on_forward is not None:
                on_forward(msg)
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element.WhichOneof("type")
                if element == "metric":
                    metrics += 1
                elif element == "exception" and exception is None:
                    exception = msg.delta.new_element.exception.message[:120]
            elif kind == "page_not_found":
                return f"page not found: {path}", received
            elif kind == "script_finished":
                if msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                    break
                if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    return "script compile error", received
                # FINISHED_EARLY_FOR_RERUN: st.rerun / st.switch_page; the next run follows on this socket.
    if exception:
        return f"exception: {exception}", received
    if not metrics:
        return "no st.metric on the page", received
    return None, received


async def think(rng: random.Random, seconds: float, end: float) -> None:
    """A user's pause between pages: `seconds` on average (0: none, the stress case); never past `end`."""
    if seconds > 0:
        await asyncio.sleep(max(0.0, min(rng.uniform(0.5, 1.5) * seconds, end - time.monotonic())))


async def ws_user(port: int, plan: Targets, seed: int, end: float, loads: list[Load], pause: float = 0,
                  jar: dict[str, str] | None = None) -> None:
    rng = random.Random(seed)
    while time.monotonic() < end:
        for page in PAGES:
            await think(rng, pause, end)
            if time.monotonic() >= end:
                return
            path, page_name, query = plan.path(page, rng)
            start = time.monotonic()
            try:
                error, size = await asyncio.wait_for(ws_page_load(port, path, page_name, query, jar=jar),
                                                     LOAD_TIMEOUT_S)
            except TimeoutError:
                error, size = f"time-out after {LOAD_TIMEOUT_S} s", 0
            except Exception as exc:  # connection refused, reset, protocol error: count it, keep going
                error, size = f"{type(exc).__name__}: {exc}"[:160], 0
            loads.append(Load(page, time.monotonic() - start, error, size))


async def ws_first_loads(server: Server, plan: Targets) -> list[Load]:
    loads: list[Load] = []
    rng = random.Random(10_000)
    for page in PAGES:
        path, page_name, query = plan.path(page, rng)
        start = time.monotonic()
        error, size = await asyncio.wait_for(ws_page_load(server.port, path, page_name, query), LOAD_TIMEOUT_S)
        loads.append(Load(page, time.monotonic() - start, error, size))
    return loads


# --- browser mode: Chromium draws the pages -----------------------------------------------------------------------

RENDERED_JS = """(page) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stException"]')) return true;
  if (!document.querySelector('[data-testid="stMetric"]')) return false;
  return page !== 'overview' || document.querySelectorAll('path.choroplethlocation').length >= 77;
}"""


async def browser_page_load(tab, base: str, path: str, query: str, page: str) -> str | None:
    await tab.goto(f"{base}{path}?{query}", wait_until="commit", timeout=LOAD_TIMEOUT_S * 1000)
    await tab.wait_for_function(RENDERED_JS, arg=page, timeout=LOAD_TIMEOUT_S * 1000, polling=50)
    exception = await tab.query_selector('[data-testid="stException"]')
    if exception:
        return "exception: " + (await exception.inner_text())[:120]
    return None


async def browser_user(browser, base: str, plan: Targets, seed: int, end: float, loads: list[Load],
                       pause: float = 0) -> None:
    rng = random.Random(seed)
    context = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="th-TH",
                                        timezone_id="Asia/Bangkok")
    tab = await context.new_page()
    try:
        while time.monotonic() < end:
            for page in PAGES:
                await think(rng, pause, end)
                if time.monotonic() >= end:
                    return
                path, _, query = plan.path(page, rng)
                start = time.monotonic()
                try:
                    error = await browser_page_load(tab, base, path, query, page)
                except Exception as exc:  # time-out, navigation error: count it, keep going
                    error = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"[:160]
                loads.append(Load(page, time.monotonic() - start, error))
    finally:
        await context.close()


class _FirstLoads(list):
    """Collects one load of each page, then ends the warm-up user by pushing its clock past the end."""

    def __init__(self, target: list[Load]):
        super().__init__()
        self.target = target

    def append(self, load: Load) -> None:
        self.target.append(load)
        if len(self.target) == len(PAGES):
            raise _WarmUpDone


class _WarmUpDone(Exception):
    pass


# --- report ------------------------------------------------------------------------------------------------------

def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, int(-(-q * len(ordered) // 100)))
    return ordered[rank - 1]


@dataclass
class Usage:
    rss_samples: list[int] = field(default_factory=list)


def _s(value: float) -> str:
    return "—" if value != value else f"{value:.2f} s"  # NaN: no successful load


def report(mode: str, sessions: int, duration: float, wall: float, first: list[Load], loads: list[Load],
           usage: dict) -> str:
    pause = f"{usage['think']:g} s pause between pages" if usage.get("think") else "no pause between pages"
    lines = [f"## Load: {sessions} concurrent users, {duration:.0f} s, {pause}, mode {mode} (loopback, demo DB)", "",
             "| page | loads | errors | p50 | p95 | max |", "|---|---|---|---|---|---|"]
    for page in (*PAGES, None):
        chosen = [x for x in loads if page is None or x.page == page]
        ok = [x.seconds for x in chosen if x.error is None]
        errors = sum(1 for x in chosen if x.error)
        label = page or "**all**"
        lines.append(f"| {label} | {len(chosen)} | {errors} | {_s(percentile(ok, 50))} | "
                     f"{_s(percentile(ok, 95))} | {_s(max(ok) if ok else float('nan'))} |")
    ok_all = [x.seconds for x in loads if x.error is None]
    p95 = percentile(ok_all, 95)
    lines += ["", "| measure | value |", "|---|---|",
              f"| page loads completed | {len(loads)} in {wall:.1f} s ({len(loads) / wall:.1f}/s) |",
              f"| errors | {sum(1 for x in loads if x.error)} |",
              (f"| p95 time to rendered page (goal ≤ {GOAL_P95_S:.0f} s) | {_s(p95)} "
               f"{'✅' if p95 <= GOAL_P95_S else '❌'} |"),
              ("| first loads on a cold server | " + ", ".join(f"{x.page} {_s(x.seconds)}" + (f" ({x.error})" if
                                                              x.error else "") for x in first) + " |"),
              f"| server RSS after start-up and first loads | {usage['rss_start'] / 1024:.0f} MiB |",
              (f"| server peak RSS (VmHWM) | {usage['hwm'] / 1024:.0f} MiB (sampled VmRSS max "
               f"{usage['rss_max'] / 1024:.0f} MiB) |"),
              f"| server CPU during the run | {usage['server_cpu']:.0f} % of one core |",
              f"| whole machine busy during the run | {usage['machine']:.0f} % of {os.cpu_count()} cores |",
              f"| CPU stolen by the hypervisor during the run | {usage['steal']:.0f} % |",
              f"| server stop | {usage['stop']} |"]
    if mode == "ws":
        mean_kb = sum(x.bytes for x in loads) / max(1, len(loads)) / 1024
        lines.insert(-1, f"| mean bytes received per page load | {mean_kb:.0f} KiB |")
    errors: dict[str, int] = {}
    for x in loads + first:
        if x.error:
            errors[x.error] = errors.get(x.error, 0) + 1
    if errors:
        lines += ["", "Errors:"] + [f"- {n} × {e}" for e, n in sorted(errors.items(), key=lambda kv: -kv[1])]
    return "\n".join(lines)


async def sample_rss(server: Server, usage: Usage, stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            usage.rss_samples.append(server.status("VmRSS"))
        except OSError:
            return
        try:
            await asyncio.wait_for(stop.wait(), 0.5)
        except TimeoutError:
            pass


class Meter:
    """Server CPU, machine CPU and server RSS over the timed run (started after the first loads)."""

    def __init__(self, server: Server):
        self.server = server
        self.rss_start = server.status("VmRSS")
        self.usage, self.stop_event = Usage(), asyncio.Event()
        self.sampler = asyncio.create_task(sample_rss(server, self.usage, self.stop_event))
        self.cpu0, self.machine0, self.wall0 = server.cpu_seconds(), machine_busy(), time.monotonic()

    async def stop(self) -> dict:
        wall = time.monotonic() - self.wall0
        cpu1, machine1 = self.server.cpu_seconds(), machine_busy()
        self.stop_event.set()
        await self.sampler
        return {"wall": wall, "rss_start": self.rss_start, "hwm": self.server.status("VmHWM"),
                "rss_max": max(self.usage.rss_samples or [0]), "server_cpu": (cpu1 - self.cpu0) / wall * 100,
                "machine": (machine1[0] - self.machine0[0]) / max(1, machine1[1] - self.machine0[1]) * 100,
                "steal": (machine1[2] - self.machine0[2]) / max(1, machine1[1] - self.machine0[1]) * 100}


async def run_ws(server: Server, plan: Targets, sessions: int, duration: float,
                 pause: float) -> tuple[list[Load], list[Load], dict]:
    first = await ws_first_loads(server, plan)
    meter = Meter(server)
    loads: list[Load] = []
    end = time.monotonic() + duration
    await asyncio.gather(*(ws_user(server.port, plan, seed, end, loads, pause) for seed in range(sessions)))
    return first, loads, await meter.stop()


async def run_browser(server: Server, plan: Targets, sessions: int, duration: float,
                      pause: float) -> tuple[list[Load], list[Load], dict]:
    from playwright.async_api import async_playwright

    first: list[Load] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            try:
                await browser_user(browser, server.base, plan, 10_000, time.monotonic() + 10 * LOAD_TIMEOUT_S,
                                   _FirstLoads(first))
            except _WarmUpDone:
                pass
            meter = Meter(server)
            loads: list[Load] = []
            end = time.monotonic() + duration
            await asyncio.gather(*(browser_user(browser, server.base, plan, seed, end, loads, pause)
                                   for seed in range(sessions)))
            return first, loads, await meter.stop()
        finally:
            await browser.close()


async def main_async(args) -> str:
    load_before = Path("/proc/loadavg").read_text().split()[:3]
    url = demo_database(args.db)
    plan = targets(url)
    log_path = args.db.parent / f"load-test-{args.mode}.log"
    server = Server(url, log_path)
    try:
        startup = server.wait_healthy()
        print(f"server up on {server.base} after {startup:.1f} s (pid {server.pid}, log {log_path})",
              file=sys.stderr, flush=True)
        run = run_ws if args.mode == "ws" else run_browser
        first, loads, usage = await run(server, plan, args.sessions, args.duration, args.think)
    finally:
        stopped = server.stop()
    usage["stop"] = stopped
    usage["think"] = args.think
    return (report(args.mode, args.sessions, args.duration, usage["wall"], first, loads, usage)
            + f"\n\nLoad average (1/5/15 min) before the run: {' '.join(load_before)} ({os.cpu_count()} cores)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60, help="seconds (at most 600)")
    parser.add_argument("--mode", choices=("ws", "browser"), default="ws")
    parser.add_argument("--think", type=float, default=0,
                        help="mean pause in seconds between a user's page loads (default 0: back to back)")
    parser.add_argument("--db", type=Path, default=ROOT / "bench" / "out" / "demo-1x.sqlite",
                        help="SQLite demo database (seeded here if missing)")
    parser.add_argument("--replicas", type=_numbers(int),
                        help="through nginx on one PostgreSQL, with these replica counts in turn, e.g. 1,2 "
                             "(bench/cluster_load.py; ws mode)")
    parser.add_argument("--thinks", type=_numbers(float), default=[0.0, 2.0],
                        help="with --replicas: the think times to run, e.g. 0,2 (default)")
    args = parser.parse_args()
    if not 1 <= args.sessions <= 100 or not 0 < args.duration <= 600:
        parser.error("--sessions must be 1..100 and --duration 0..600 s")
    if args.replicas:
        from bench.cluster_load import run_all

        if not all(1 <= n <= 8 for n in args.replicas):
            parser.error("--replicas: 1..8 each")
        print(asyncio.run(run_all(args.replicas, args.thinks, args.sessions, args.duration)))
        return
    args.db.parent.mkdir(parents=True, exist_ok=True)
    print(asyncio.run(main_async(args)))


def _numbers(kind):
    def parse(text: str) -> list:
        try:
            return [kind(x) for x in text.split(",") if x.strip()]
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a comma-separated list of numbers") from None

    return parse


if __name__ == "__main__":
    main()
