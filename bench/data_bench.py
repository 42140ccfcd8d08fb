"""Import and summary speed at national scale and at 10×, measured as an operator runs them (the CLI, wall clock).

    python -m bench.data_bench [--postgres] [--scale 10]
    python -m bench.data_bench --postgres-only --scale-only 1 --no-xlsx --runs 3   # the 1× goals, 3 runs each

Writes its table to stdout; docs/benchmarks.md keeps the figures.
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import geothai

from data_access.demo import demo_registry
from tests.support.registry_file import write_registry_csv
from tests.support.status_file import write_status_csv, write_status_xlsx

TYPE_LABEL_DIGIT = {"อบจ.": "2", "เทศบาลนคร": "3", "เทศบาลเมือง": "4", "เทศบาลตำบล": "5", "อบต.": "6"}
AS_OF = date(2023, 8, 31)


def registry(scale: int) -> list[dict]:
    """The demo registry (7,849 LAOs), repeated `scale` times with fresh codes in the same districts."""
    base = demo_registry(seed=1)
    if scale == 1:
        return base
    out, used = [], set()
    for copy in range(scale):
        for lao in base:
            digit = lao["code"][0]
            seq = (int(lao["code"][5:]) + copy * 7) % 100
            code = f"{digit}{lao['code'][1:5]}{seq:02d}"
            while code in used:
                seq = (seq + 1) % 100
                code = f"{digit}{lao['code'][1:5]}{seq:02d}"
                if seq == 0:
                    digit = str((int(digit) - 1) % 5 + 2)
            used.add(code)
            out.append(dict(lao, code=code, name_th=f"{lao['name_th']}{copy or ''}"))
    return out


def coverage_rows(laos: list[dict], rng: random.Random) -> list[list]:
    """~10.5 rows per LAO like the real file (82,641 rows for 7,849 codes)."""
    names = {p.code: p.name_th for p in geothai.provinces()}
    rows = []
    for lao in laos:
        for k in range(rng.choice((1, 5, 9, 10, 11, 12, 14, 22))):
            rows.append([names[lao["province_code"]], lao["district_name_th"], f"ตำบล{k}", lao["code"], lao["type"],
                         lao["name_th"], "1", "2", "10000", "", "", "", "www,tlpm.go.th" if k % 3 else '"-"'])
    return rows


def status_rows(laos: list[dict], rng: random.Random) -> list[list]:
    rows = []
    for lao in laos:
        for domain in range(1, 9):
            status = rng.choice((1, 2, 3, 3, 3))
            rec = AS_OF - timedelta(days=rng.randint(10, 60))
            cert = rec + timedelta(days=rng.randint(0, 9))
            be = lambda d: f"{d.day:02d}/{d.month:02d}/{d.year + 543}"  # noqa: E731
            rows.append([lao["code"], domain, ("", "บันทึกแล้ว", "ปรับปรุงแล้ว", "รับรองแล้ว")[status], be(rec),
                         be(cert) if status == 2 else "", be(cert) if status == 3 else "",
                         "ปลัด อบต." if status == 3 else ""])
    return rows


def timed(args: list[str], env: dict) -> float:
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "data_access", *args], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{out.stderr[-2000:]}")
    return elapsed


def run(scale: int, url: str, work: Path, xlsx: bool = True) -> dict[str, float]:
    rng = random.Random(scale)
    laos = registry(scale)
    reg = write_registry_csv(work / f"registry-{scale}x.csv", coverage_rows(laos, rng))
    rows = status_rows(laos, rng)
    csv_path = write_status_csv(work / f"status-{scale}x.csv", rows)
    env = dict(os.environ, DATABASE_URL=url, INFO_TODAY="2026-11-26")
    results = {"LAOs": len(laos), "registry rows": sum(1 for _ in open(reg, encoding="utf-8-sig")) - 1,
               "status rows": len(rows)}
    timed(["init-db"], env)
    results["import-registry"] = timed(["import-registry", str(reg), "--fiscal-year", "2566"], env)
    results["import-status CSV"] = timed(["import-status", str(csv_path), "--fiscal-year", "2566", "--as-of",
                                          AS_OF.isoformat()], env)
    if scale == 1 and xlsx:
        xlsx = write_status_xlsx(work / "status-1x.xlsx", rows)
        results["import-status XLSX"] = timed(["import-status", str(xlsx), "--fiscal-year", "2566", "--as-of",
                                               (AS_OF + timedelta(days=1)).isoformat()], env)
    results["summary --format json"] = min(timed(["summary", "--fiscal-year", "2566", "--format", "json"], env)
                                           for _ in range(3))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", action="store_true", help="also measure on a PostgreSQL server started here")
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--scale-only", type=int, metavar="N",
                        help="measure this one scale only (e.g. 1 for the goals), not 1× and --scale")
    parser.add_argument("--postgres-only", action="store_true", help="measure PostgreSQL only, not SQLite")
    parser.add_argument("--no-xlsx", action="store_true", help="skip the XLSX status import")
    parser.add_argument("--runs", type=int, default=1,
                        help="repeat each measurement in this many fresh databases; prints 'run 1 / run 2 / …'")
    args = parser.parse_args()
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []
    print(f"load average at start: {' '.join(load) or 'unknown'}")
    backends = [] if args.postgres_only else [("SQLite", None)]
    server = None
    if args.postgres or args.postgres_only:
        from tests.support.postgres import PostgresServer

        server = PostgresServer().start()
        backends.append(("PostgreSQL", server))
    scales = (args.scale_only,) if args.scale_only else (1, args.scale)
    try:
        for name, pg in backends:
            with tempfile.TemporaryDirectory() as tmp:
                work = Path(tmp)
                table: dict[int, dict[str, list]] = {}
                for scale in scales:
                    for n in range(args.runs):
                        url = (pg.create_database(f"bench_{scale}_{n}") if pg
                               else f"sqlite:///{work / f'bench-{scale}-{n}.sqlite'}")
                        for key, value in run(scale, url, work, xlsx=not args.no_xlsx).items():
                            table.setdefault(scale, {}).setdefault(key, []).append(value)

                def fmt(values: list | None) -> str:
                    if not values:
                        return "—"
                    if isinstance(values[0], float):
                        return " / ".join(f"{v:.2f} s" for v in values)
                    return f"{values[0]:,}"

                first = table[scales[0]]
                if len(scales) == 1:
                    print(f"\n**{name}**\n\n| measure | {scales[0]}× |\n|---|---|")
                    for key in first:
                        print(f"| {key} | {fmt(first[key])} |")
                    continue
                print(f"\n**{name}**\n\n| measure | 1× | {args.scale}× | ratio |\n|---|---|---|---|")
                for key in first:
                    one, many = first[key], table[args.scale].get(key)
                    ratio = (f"{min(many) / min(one):.1f}×" if many is not None and isinstance(one[0], float)
                             else f"{many[0] / one[0]:.1f}×" if many else "—")
                    print(f"| {key} | {fmt(one)} | {fmt(many)} | {ratio} |")
    finally:
        if server:
            server.stop()


if __name__ == "__main__":
    main()
