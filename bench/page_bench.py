"""Page speed: our overview against a naive page (bench/naive_page.py), at national scale and at 10×.

    python -m bench.page_bench [--scale 10] [--reruns 15] [--work bench/out] [--profile] [--only province,search]
                               [--signed-in national|province|admin]

Builds two SQLite databases in --work (kept, and reused on the next run):
- 1×: the demo database (`seed_demo(seed=1, today=2026-11-26)`, 7,849 LAOs a year);
- 10×: `bench.data_bench.registry(10)` (78,490 LAOs) and its status rows, loaded with the CLI imports.

Every measurement runs in a fresh Python process with `streamlit.testing.v1.AppTest` (DATABASE_URL set,
INFO_TODAY=2026-11-26, ?fy=2566):
- cold (new process): the first `at.run()` in that process — module imports, geometry load, empty caches;
- cold (caches cleared): `at.run()` after `st.cache_data.clear()`, modules already imported (a data change on a
  running server);
- new session: a second AppTest in the same process — a page load on a warm server (fresh session state);
- warm: median of --reruns reruns of the same session (a widget click);
- figures: UTF-8 bytes of every plotly figure spec the page sends to the browser.
Also the province page (?province=30, the largest province) and the LAO page, and the LAO search query
(`data_access.figures.queries.search_laos`, uncached) over a set of typical inputs.

--profile adds what dominates a warm rerun, a new session and a run with cleared caches of the overview and the
province page (cProfile of the script thread).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-26"
FISCAL_YEAR = 2566
LARGEST_PROVINCE = "30"  # Nakhon Ratchasima: 310 LAOs, the most of any province
SEARCH_TEXTS = ["หนอง", "บ้าน", "นา", "อบต.หนองบัว", "ทต.บาง", "เมือง", "5", "3001", "300101", "ไม่มีชื่อนี้"]

GOALS = {  # from the issues
    "overview_cold_s": 1.5,
    "overview_warm_s": 0.15,
    "overview_figure_bytes": 120_000,
    "province_warm_s": 0.3,
    "search_s": 0.100,
    "naive_over_ours_warm": 5.0,
    "naive_over_ours_figures": 10.0,
    "ours_10x_over_1x": 3.0,
}

PAGES = {
    # name: (script, page to switch to, query)
    "ours": ("dashboard.py", None, {"fy": str(FISCAL_YEAR)}),
    "naive": ("bench/naive_page.py", None, {"fy": str(FISCAL_YEAR)}),
    "province": ("dashboard.py", "app_pages/province.py", {"province": LARGEST_PROVINCE, "fy": str(FISCAL_YEAR)}),
    "lao": ("dashboard.py", "app_pages/lao.py", {"lao": None, "fy": str(FISCAL_YEAR)}),  # code picked per DB
}

MEASURES = (*PAGES, "search")


# --- databases -------------------------------------------------------------------------------------------------

def _cli(args: list[str], url: str) -> None:
    env = dict(os.environ, DATABASE_URL=url, INFO_TODAY=TODAY)
    out = subprocess.run([sys.executable, "-m", "data_access", *args], env=env, capture_output=True, text=True,
                         cwd=ROOT, check=False)
    if out.returncode != 0:
        raise SystemExit(f"data_access {' '.join(args)} failed:\n{out.stderr[-2000:]}")


def build_demo(path: Path) -> str:
    url = f"sqlite:///{path}"
    if not path.exists():
        from datetime import date

        from data_access.db import engine
        from data_access.demo import seed_demo

        print(f"seeding the demo database {path} …", file=sys.stderr, flush=True)
        tmp = path.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        seed_demo(engine(f"sqlite:///{tmp}"), seed=1, today=date.fromisoformat(TODAY))
        engine(f"sqlite:///{tmp}").dispose()
        tmp.rename(path)
    return url


def build_scaled(path: Path, scale: int) -> str:
    """`scale` × the demo registry with its status rows, through the CLI imports (as an operator loads it)."""
    url = f"sqlite:///{path}"
    if path.exists():
        return url
    from bench.data_bench import AS_OF, coverage_rows, registry, status_rows
    from tests.support.registry_file import write_registry_csv
    from tests.support.status_file import write_status_csv

    print(f"building the {scale}× database {path} (CLI imports, about a minute) …", file=sys.stderr, flush=True)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    rng = random.Random(scale)
    laos = registry(scale)
    with tempfile.TemporaryDirectory() as work:
        reg = write_registry_csv(Path(work) / "registry.csv", coverage_rows(laos, rng))
        status = write_status_csv(Path(work) / "status.csv", status_rows(laos, rng))
        tmp_url = f"sqlite:///{tmp}"
        _cli(["init-db"], tmp_url)
        _cli(["import-registry", str(reg), "--fiscal-year", str(FISCAL_YEAR)], tmp_url)
        _cli(["import-status", str(status), "--fiscal-year", str(FISCAL_YEAR), "--as-of", AS_OF.isoformat()],
             tmp_url)
    tmp.rename(path)
    return url


def sample_lao(url: str) -> str:
    """An LAO of the largest province that has statuses (the LAO page then shows everything)."""
    from sqlalchemy import text

    from data_access.db import engine

    with engine(url).connect() as conn:
        return conn.execute(text(
            "SELECT code FROM lao WHERE fiscal_year = :fy AND province_code = :p ORDER BY code LIMIT 1"),
            {"fy": FISCAL_YEAR, "p": LARGEST_PROVINCE}).scalar_one()


# --- one measurement, in its own process -----------------------------------------------------------------------

def _figure_bytes(at) -> tuple[int, list[int]]:
    """Bytes of every figure spec, plus once each static file a spec loads by URL (the map's province layer):
    the browser downloads those too."""
    sizes, loaded = [], set()
    for element in at.get("plotly_chart"):
        spec = element.proto.spec
        size = len(spec.encode("utf-8"))
        for trace in json.loads(spec).get("data", []):
            url = trace.get("geojson")
            if isinstance(url, str) and url not in loaded:
                loaded.add(url)
                size += _static_file(url).stat().st_size
        sizes.append(size)
    return sum(sizes), sizes


def _static_file(url: str) -> Path:
    """The file Streamlit serves at /app/static/… (the app's static/ folder)."""
    prefix = "/app/static/"
    if not url.startswith(prefix):
        raise SystemExit(f"a figure loads {url}, which is not one of the app's static files")
    return ROOT / "static" / url[len(prefix):]


def _check(at, name: str) -> None:
    if at.exception:
        raise SystemExit(f"{name}: the page raised {at.exception[0].message}")
    if name in ("ours", "naive", "province", "lao") and not at.metric:
        raise SystemExit(f"{name}: no st.metric on the page")


def _open(script: str, page: str | None, query: dict):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / script), default_timeout=600)
    if page:
        at.switch_page(page)
    for key, value in query.items():
        at.query_params[key] = value
    return at


def timed(run) -> tuple[float, float]:
    """(wall clock, CPU time of this process) of one call. The worker process does nothing else, so its CPU time
    is what the page costs, whatever else the machine is running."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def _median(pairs: list[tuple[float, float]], index: int) -> float:
    return statistics.median(pair[index] for pair in pairs)


def measure_page(name: str, query: dict, reruns: int, profile: bool) -> dict:
    import streamlit as st
    from streamlit.testing.v1 import AppTest  # noqa: F401  (imported before the clock starts, as in a server)

    script, page, _ = PAGES[name]
    at = _open(script, page, query)
    cold_process = timed(at.run)
    _check(at, name)

    warm = [timed(at.run) for _ in range(reruns)]
    _check(at, name)
    total, sizes = _figure_bytes(at)

    sessions = []
    for _ in range(3):
        second = _open(script, page, query)
        sessions.append(timed(second.run))
        _check(second, name)

    cold = []
    for _ in range(3):
        st.cache_data.clear()
        cold.append(timed(at.run))
        _check(at, name)

    result = {"cold_process": cold_process[0], "cold_process_cpu": cold_process[1],
              "cold_cache": _median(cold, 0), "cold_cache_cpu": _median(cold, 1),
              "new_session": _median(sessions, 0), "new_session_cpu": _median(sessions, 1),
              "warm": _median(warm, 0), "warm_cpu": _median(warm, 1), "warm_all": [w for w, _ in warm],
              "compile": compile_seconds([script, page or "app_pages/overview.py"] if script == "dashboard.py"
                                         else [script]),
              "figure_bytes": total, "figures": sizes,
              "metrics": [(m.label, m.value) for m in at.metric]}
    if profile:
        n = max(reruns, 10)
        result["profile"] = profiled(f"{n} warm reruns", lambda: [at.run() for _ in range(n)])
        result["profile_new_session"] = profiled(
            f"{n} new sessions", lambda: [_open(script, page, query).run() for _ in range(n)])
        result["profile_cold"] = profiled(
            "3 runs after st.cache_data.clear()", lambda: [(st.cache_data.clear(), at.run()) for _ in range(3)])
    return result


def compile_seconds(scripts: list[str]) -> float:
    """What AppTest adds to every run: it gives each run a new ScriptCache, so the entry script and the page
    are compiled (with Streamlit's magic) again; a server compiles them once."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    runs = []
    for _ in range(5):
        cache = ScriptCache()
        start = time.perf_counter()
        for script in scripts:
            cache.get_bytecode(str(ROOT / script))
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def profiled(title: str, work) -> str:
    """cProfile of the script runs `work` makes. AppTest runs the script in a new thread per run: the hook
    starts the profiler in each of those threads."""
    import cProfile
    import io
    import pstats
    import threading

    profiler = cProfile.Profile()

    def start_in_thread(*_):
        profiler.enable()  # replaces this hook for the rest of the thread

    threading.setprofile(start_in_thread)
    try:
        work()
    finally:
        threading.setprofile(None)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(20)
    return f"{title}\n" + out.getvalue()


def measure_search(url: str) -> dict:
    from data_access.db import engine
    from data_access.figures.queries import search_laos
    from data_access.access.scope import Scope

    eng = engine(url)
    search_laos(eng, FISCAL_YEAR, Scope.national(), "หนอง", 20)  # connection, compiled-statement cache
    by_text = {}
    for text in SEARCH_TEXTS:
        runs = [timed(lambda: search_laos(eng, FISCAL_YEAR, Scope.national(), text, 21)) for _ in range(5)]  # noqa: B023
        hits = len(search_laos(eng, FISCAL_YEAR, Scope.national(), text, 21))
        by_text[text] = (_median(runs, 0), _median(runs, 1), hits)
    walls, cpus = [v[0] for v in by_text.values()], [v[1] for v in by_text.values()]
    return {"median": statistics.median(walls), "max": max(walls), "median_cpu": statistics.median(cpus),
            "max_cpu": max(cpus), "by_text": by_text}


def _sign_in(url: str, role: str) -> None:
    """As a signed-in user of `role` (open mode otherwise): sign-in configured, the identity seam answering with a
    bench user who has that role in the database, as tests/app/identity.py does for page tests."""
    from components import identity
    from data_access.db import engine
    from data_access.access.users import add_user

    email = f"bench-{role}@example.go.th"
    add_user(engine(url), email, role, ["30"] if role == "province" else [], actor="bench")
    identity.auth_configured = lambda: True
    identity.oidc_email = lambda: email


def worker(spec: dict) -> dict:
    os.environ["DATABASE_URL"] = spec["url"]
    os.environ["INFO_TODAY"] = TODAY
    os.environ.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
    if spec.get("signed_in"):
        _sign_in(spec["url"], spec["signed_in"])
    else:  # open mode: the scaled databases hold imported data, which open mode shows only when told to
        os.environ["INFO_OPEN_ACCESS"] = "1"
    if spec["name"] == "search":
        return measure_search(spec["url"])
    return measure_page(spec["name"], spec["query"], spec["reruns"], spec.get("profile", False))


def run_worker(spec: dict) -> dict:
    """Each measurement in a fresh interpreter, so 'cold' means cold and runs do not share caches."""
    out = subprocess.run([sys.executable, "-m", "bench.page_bench", "--worker", json.dumps(spec)], cwd=ROOT,
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{spec['name']} on {spec['url']} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- report ----------------------------------------------------------------------------------------------------

def _s(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _kb(value: int) -> str:
    return f"{value / 1000:,.0f} KB" if value >= 10_000 else f"{value / 1000:.1f} KB"


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}×" if b else "—"


def _mark(ok: bool) -> str:
    return "✅" if ok else "❌"


def report(results: dict, scale: int) -> str:
    one, many = results["1"], results[str(scale)]
    lines = [f"## Overview: ours against the naive page (fiscal year {FISCAL_YEAR}; AppTest)", "",
             "Wall clock; CPU time of the measuring process below each (what the page costs, whatever else runs).",
             "",
             (f"| measure | ours 1× | naive 1× | naive/ours 1× | ours {scale}× | naive {scale}× | "
              f"naive/ours {scale}× | ours {scale}×/1× |"),
             "|---|---|---|---|---|---|---|---|"]
    rows = [("cold (new process)", "cold_process", _s), ("cold (caches cleared)", "cold_cache", _s),
            ("new session, warm server", "new_session", _s), ("warm rerun (median)", "warm", _s)]
    rows = [row for label, key, fmt in rows for row in ((label, key, fmt), ("… CPU", f"{key}_cpu", _s))]
    rows.append(("plotly figures sent", "figure_bytes", _kb))
    for label, key, fmt in rows:
        o1, n1, o10, n10 = one["ours"][key], one["naive"][key], many["ours"][key], many["naive"][key]
        lines.append(f"| {label} | {fmt(o1)} | {fmt(n1)} | {_ratio(n1, o1)} | {fmt(o10)} | {fmt(n10)} | "
                     f"{_ratio(n10, o10)} | {_ratio(o10, o1)} |")
    lines += ["", (f"AppTest compiles the entry script and the page on every run (a server compiles them once): "
                   f"{_s(one['ours']['compile'])} of each overview run, {_s(one['province']['compile'])} of each "
                   f"province page run.")]
    lines += ["", f"## Drill-down pages and search (?province={LARGEST_PROVINCE}, the largest province)", "",
              f"| measure | 1× | {scale}× | {scale}×/1× |", "|---|---|---|---|"]
    for page in ("province", "lao"):
        for label, key, fmt in (("cold (caches cleared)", "cold_cache", _s), ("new session", "new_session", _s),
                                ("warm rerun (median)", "warm", _s), ("warm rerun, CPU", "warm_cpu", _s),
                                ("plotly figures", "figure_bytes", _kb)):
            a, b = one[page][key], many[page][key]
            lines.append(f"| {page} page {label} | {fmt(a)} | {fmt(b)} | {_ratio(b, a)} |")
    for label, key in (("search_laos, median of inputs", "median"), ("search_laos, slowest input", "max"),
                       ("search_laos, slowest input, CPU", "max_cpu")):
        a, b = one["search"][key], many["search"][key]
        lines.append(f"| {label} | {_s(a)} | {_s(b)} | {_ratio(b, a)} |")

    def worst(page: str, key: str) -> tuple[float, float]:
        return max(one[page][key], many[page][key]), max(one[page][f"{key}_cpu"], many[page][f"{key}_cpu"])

    g = GOALS
    checks = [
        ("overview cold (caches cleared) ≤ 1.5 s", *worst("ours", "cold_cache"), g["overview_cold_s"]),
        ("overview cold (new process) ≤ 1.5 s", *worst("ours", "cold_process"), g["overview_cold_s"]),
        ("overview warm ≤ 0.15 s", *worst("ours", "warm"), g["overview_warm_s"]),
        ("province warm ≤ 0.3 s", *worst("province", "warm"), g["province_warm_s"]),
        ("search ≤ 100 ms (slowest input)", max(one["search"]["max"], many["search"]["max"]),
         max(one["search"]["max_cpu"], many["search"]["max_cpu"]), g["search_s"]),
    ]
    lines += ["", f"## Goals (worst of 1× and {scale}×)", "", "| goal | wall clock | CPU | met |", "|---|---|---|---|"]
    for label, wall, cpu, limit in checks:
        met = "✅" if wall <= limit else ("❌ (✅ on CPU: contention)" if cpu <= limit else "❌")
        lines.append(f"| {label} | {_s(wall)} | {_s(cpu)} | {met} |")
    figure_bytes = max(one["ours"]["figure_bytes"], many["ours"]["figure_bytes"])
    lines.append(f"| overview figures ≤ 120 KB | {_kb(figure_bytes)} | | "
                 f"{_mark(figure_bytes <= g['overview_figure_bytes'])} |")
    for label, key, limit in (("naive/ours warm ≥ 5×", "warm", g["naive_over_ours_warm"]),
                              ("naive/ours figure bytes ≥ 10×", "figure_bytes", g["naive_over_ours_figures"])):
        value = min(one["naive"][key] / one["ours"][key], many["naive"][key] / many["ours"][key])
        cpu = (min(one["naive"][f"{key}_cpu"] / one["ours"][f"{key}_cpu"],
                   many["naive"][f"{key}_cpu"] / many["ours"][f"{key}_cpu"]) if key == "warm" else None)
        lines.append(f"| {label} | {value:.1f}× | {f'{cpu:.1f}×' if cpu else ''} | {_mark(value >= limit)} |")
    for label, key in (("warm", "warm"), ("cold (caches cleared)", "cold_cache"), ("new session", "new_session")):
        growth = many["ours"][key] / one["ours"][key]
        cpu = many["ours"][f"{key}_cpu"] / one["ours"][f"{key}_cpu"]
        lines.append(f"| ours {label} {scale}×/1× ≤ 3× | {growth:.1f}× | {cpu:.1f}× | "
                     f"{_mark(growth <= g['ours_10x_over_1x'])} |")
    return "\n".join(lines)


def partial_report(results: dict, scale: int) -> str:
    """The figures of an --only run: each page's and the search's measures at 1× and at `scale`×."""
    one, many = results["1"], results[str(scale)]
    lines = [f"| measure | 1× | {scale}× | {scale}×/1× |", "|---|---|---|---|"]
    for name in (n for n in PAGES if n in one):
        for label, key, fmt in (("cold (caches cleared)", "cold_cache", _s), ("new session", "new_session", _s),
                                ("warm rerun (median)", "warm", _s), ("warm rerun, CPU", "warm_cpu", _s),
                                ("plotly figures", "figure_bytes", _kb)):
            a, b = one[name][key], many[name][key]
            lines.append(f"| {name} {label} | {fmt(a)} | {fmt(b)} | {_ratio(b, a)} |")
    if "search" in one:
        for label, key in (("search_laos, median of inputs", "median"), ("search_laos, slowest input", "max"),
                           ("search_laos, slowest input, CPU", "max_cpu")):
            a, b = one["search"][key], many["search"][key]
            lines.append(f"| {label} | {_s(a)} | {_s(b)} | {_ratio(b, a)} |")
        lines += ["", f"| search input | 1× | {scale}× | hits |", "|---|---|---|---|"]
        for text in SEARCH_TEXTS:
            a, b = one["search"]["by_text"][text], many["search"]["by_text"][text]
            lines.append(f"| `{text}` | {_s(a[0])} | {_s(b[0])} | {a[2]} / {b[2]} |")
    return "\n".join(lines)


def _cpu_stat() -> list[int]:
    """The first eight counters of /proc/stat's cpu line (user … steal), in jiffies."""
    return [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--reruns", type=int, default=15, help="warm reruns per page (median reported)")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out", help="where the databases are kept")
    parser.add_argument("--profile", action="store_true", help="print what dominates warm reruns and new sessions")
    parser.add_argument("--json", type=Path, help="also write every raw result here")
    parser.add_argument("--only", type=lambda v: [x.strip() for x in v.split(",") if x.strip()],
                        help=f"measure only these, comma-separated (of {','.join(MEASURES)}), and print their "
                             "figures instead of the full report, e.g. --only province,search")
    parser.add_argument("--signed-in", choices=("national", "province", "admin"),
                        help="measure as a signed-in user of this role (default: open mode, no sign-in)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.only and not set(args.only) <= set(MEASURES):
        parser.error(f"--only: choose from {','.join(MEASURES)}")
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker))))
        return

    args.work.mkdir(parents=True, exist_ok=True)
    load_before = Path("/proc/loadavg").read_text().split()[:3]
    stat_before = _cpu_stat()
    urls = {"1": build_demo(args.work / "demo-1x.sqlite")}
    if args.scale != 1:  # --scale 1: the demo database only
        urls[str(args.scale)] = build_scaled(args.work / f"registry-{args.scale}x.sqlite", args.scale)
    results: dict[str, dict] = {}
    for key, url in urls.items():
        results[key] = {}
        lao_code = sample_lao(url)
        for name in [m for m in PAGES if not args.only or m in args.only]:
            query = {k: (lao_code if v is None else v) for k, v in PAGES[name][2].items()}
            print(f"{key}×: {name} …", file=sys.stderr, flush=True)
            results[key][name] = run_worker({"name": name, "url": url, "query": query, "reruns": args.reruns,
                                             "profile": args.profile and name in ("ours", "province"),
                                             "signed_in": args.signed_in})
        if not args.only or "search" in args.only:
            print(f"{key}×: search …", file=sys.stderr, flush=True)
            results[key]["search"] = run_worker({"name": "search", "url": url})

    print(report(results, args.scale) if not args.only else partial_report(results, args.scale))
    stat_after = _cpu_stat()
    total = max(1, sum(stat_after) - sum(stat_before))
    print(f"\nLoad average (1/5/15 min) before: {' '.join(load_before)}; after: "
          f"{' '.join(Path('/proc/loadavg').read_text().split()[:3])} ({os.cpu_count()} cores). "
          f"CPU stolen by the hypervisor during the run: {(stat_after[7] - stat_before[7]) / total * 100:.0f} %.")
    if args.profile:
        for key in urls:
            for name in (n for n in ("ours", "province") if n in results[key]):
                for part in ("profile", "profile_new_session", "profile_cold"):
                    print(f"\n### Profile: {name}, {key}×\n```\n{results[key][name][part]}```")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
