"""python -m data_access — the command line of DOMAIN.md §8.

Each command imports only what it uses (figures for `summary`, the importers for the imports): interpreter start
and imports are most of a `summary`'s wall time.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy.exc import OperationalError

from data_access import config
from data_access.db import engine, init_db
from data_access.problems import ImportRejected, write_problems_csv

if TYPE_CHECKING:
    from data_access.figures import Summary

EXIT_INVALID = 2


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m data_access", description="INFO Oversight data commands")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("init-db", help="create or migrate the schema (idempotent)")
    demo = commands.add_parser("seed-demo", help="demo registry and statuses for FY2565, FY2566 and this FY")
    demo.add_argument("--seed", type=int, default=1)
    reg = commands.add_parser("import-registry", help="load the DLA registry file as a fiscal year's registry")
    reg.add_argument("file")
    reg.add_argument("--fiscal-year", type=int, required=True)
    reg.add_argument("--errors-csv", help="also write the problems to this CSV file")
    st = commands.add_parser("import-status", help="load an INFO certification export as a snapshot")
    st.add_argument("file")
    st.add_argument("--fiscal-year", type=int, required=True)
    st.add_argument("--as-of", type=_iso_date, required=True)
    st.add_argument("--errors-csv", help="also write the problems to this CSV file")
    summ = commands.add_parser("summary", help="print the completion figures")
    summ.add_argument("--fiscal-year", type=int, required=True)
    summ.add_argument("--province", help="two-digit DOPA province code")
    summ.add_argument("--format", choices=("table", "json"), default="table")
    return parser


def _pct(rate: float) -> str:
    return f"{rate * 100:.1f}%"


def format_table(s: Summary) -> str:
    n = s.national
    lines = [
        f"Fiscal year {s.fiscal_year}  deadline {s.deadline}  today {s.today}  days left {s.days_left}  "
        f"data as of {s.as_of or '-'}",
        f"LAOs {n.laos}  complete {n.complete} ({_pct(n.completion_rate)})  in progress {n.in_progress}  "
        f"not started {n.not_started}  cells certified {n.cells_certified}/{n.cells}",
        "",
        f"{'code':<5}{'province':<22}{'LAOs':>6}{'complete':>10}{'in prog.':>10}{'not st.':>9}{'rate':>8}",
    ]
    for p in s.provinces:
        lines.append(f"{p['code']:<5}{p['name_en'][:21]:<22}{p['laos']:>6}{p['complete']:>10}{p['in_progress']:>10}"
                     f"{p['not_started']:>9}{_pct(p['completion_rate']):>8}")
    lines += ["", f"{'type':<22}{'LAOs':>6}{'complete':>10}{'in prog.':>10}{'not st.':>9}"]
    for t in s.types:
        lines.append(f"{t['type']:<22}{t['laos']:>6}{t['complete']:>10}{t['in_progress']:>10}{t['not_started']:>9}")
    lines += ["", f"{'domain':<42}{'certified':>10}{'updated':>9}{'recorded':>10}{'not st.':>9}"]
    for d in s.domains:
        lines.append(f"{d['code']} {d['name_th'][:39]:<40}{d['certified']:>10}{d['updated']:>9}{d['recorded']:>10}"
                     f"{d['not_started']:>9}")
    return "\n".join(lines)


def _report_rejection(exc: ImportRejected, errors_csv: str | None) -> int:
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    print(f"{len(exc.problems)} problem(s); nothing was imported and the database is unchanged.", file=sys.stderr)
    if errors_csv:
        write_problems_csv(exc.problems, errors_csv)
    return EXIT_INVALID


def run(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    try:
        config.settings()
    except ValueError as exc:  # INFO_TODAY that is not a date
        print(f"error: {exc}", file=sys.stderr)
        return 1
    eng = engine()
    if args.command == "init-db":
        init_db(eng)
        print("schema is up to date")
    elif args.command == "seed-demo":
        from data_access.demo import seed_demo

        for line in seed_demo(eng, seed=args.seed, today=config.today()):
            print(line)
    elif args.command == "import-registry":
        from data_access.registry_import import import_registry

        try:
            result = import_registry(eng, args.file, args.fiscal_year)
        except ImportRejected as exc:
            return _report_rejection(exc, args.errors_csv)
        for warning in result.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        if result.unchanged:
            print(f"this file is already fiscal year {result.fiscal_year}'s registry: nothing changed")
        else:
            print(f"fiscal year {result.fiscal_year}: {result.laos} LAOs from {result.rows} rows"
                  f" ({len(result.warnings)} district name(s) unmatched)")
    elif args.command == "import-status":
        from data_access.status_import import import_status

        try:
            result = import_status(eng, args.file, args.fiscal_year, args.as_of, today=config.today())
        except ImportRejected as exc:
            return _report_rejection(exc, args.errors_csv)
        if result.unchanged:
            print(f"this file was already imported for fiscal year {result.fiscal_year} "
                  f"(snapshot {result.snapshot_id}, as of {result.as_of}): nothing changed")
        else:
            print(f"fiscal year {result.fiscal_year}: snapshot {result.snapshot_id} as of {result.as_of}, "
                  f"{result.rows} rows")
    elif args.command == "summary":
        import json

        from data_access.figures import UnknownFiscalYear, UnknownProvince, summary
        from data_access.scope import Scope

        scope = Scope.of(args.province) if args.province else Scope.national()
        init_db(eng)
        try:
            result = summary(eng, args.fiscal_year, scope, config.today())
        except (UnknownFiscalYear, UnknownProvince) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_INVALID
        if args.format == "json":
            print(json.dumps(result.as_json(), ensure_ascii=False))
        else:
            print(format_table(result))
    return 0


def main() -> None:
    try:
        sys.exit(run(sys.argv[1:]))
    except OperationalError as exc:
        print(f"error: cannot use the database ({exc.orig}). Check DATABASE_URL.", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
