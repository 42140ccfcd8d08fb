"""python -m reports — the command line of DOMAIN.md §10. Exit 0 on success; exit 2 with a sentence on bad arguments."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from data_access import config
from data_access.years import fiscal_year_argument

EXIT_INVALID = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m reports", description="INFO Oversight reports")
    commands = parser.add_subparsers(dest="command", required=True)
    briefing = commands.add_parser("briefing", help="the meeting briefing (A4 landscape PDF)")
    briefing.add_argument("--fiscal-year", type=fiscal_year_argument, required=True)
    briefing.add_argument("--province", help="two-digit DOPA province code (default: the whole country)")
    briefing.add_argument("--lang", choices=("th", "en"), default="th")
    briefing.add_argument("--out", required=True, help="the PDF file to write")
    letter = commands.add_parser("letter", help="the reminder letter of a province's office to its LAOs (DOCX)")
    letter.add_argument("--fiscal-year", type=fiscal_year_argument, required=True)
    letter.add_argument("--province", required=True, help="two-digit DOPA province code")
    letter.add_argument("--out", required=True, help="the DOCX file to write")
    return parser


def _out_problem(out: str, suffix: str) -> str | None:
    path = Path(out)
    if path.suffix.lower() != suffix:
        return f"--out must name a {suffix} file"
    if path.is_dir() or not path.parent.is_dir():
        return f"--out: the folder {str(path.parent)[:80]} does not exist"
    return None


def run(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    try:
        today = config.today()
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    problem = _out_problem(args.out, ".pdf" if args.command == "briefing" else ".docx")
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_INVALID
    from data_access.db import engine, init_db
    from reports.errors import ReportError

    eng = engine()
    init_db(eng)
    try:
        if args.command == "briefing":
            from reports.briefing import write_briefing

            write_briefing(eng, args.fiscal_year, args.province, args.lang, today, Path(args.out))
        else:
            from reports.letter import write_letter

            write_letter(eng, args.fiscal_year, args.province, today, Path(args.out))
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    print(f"wrote {args.out}")
    return 0


def main() -> None:
    from sqlalchemy.exc import OperationalError

    try:
        sys.exit(run(sys.argv[1:]))
    except OperationalError as exc:
        print(f"error: cannot use the database ({exc.orig}). Check DATABASE_URL.", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
