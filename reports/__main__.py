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
    card = commands.add_parser("card", help="the status card for a LINE group (PNG, 1080 px wide)")
    card.add_argument("--fiscal-year", type=fiscal_year_argument, required=True)
    card.add_argument("--province", help="two-digit DOPA province code (default: the whole country)")
    card.add_argument("--lang", choices=("th", "en"), default="th")
    card.add_argument("--arabic-digits", action="store_true", help="0-9 instead of Thai digits")
    card.add_argument("--out", required=True, help="the PNG file to write")
    digest = commands.add_parser("digest", help="the daily digest to every office and subscriber, and the admins' "
                                                "alert (once per recipient and day)")
    digest.add_argument("--fiscal-year", type=fiscal_year_argument,
                        help="default: the fiscal year of today (Asia/Bangkok)")
    how = digest.add_mutually_exclusive_group(required=True)
    how.add_argument("--send", action="store_true", help="send through the SMTP server (INFO_SMTP_*)")
    how.add_argument("--dry-run", action="store_true", help="send nothing: write each mail as .eml into --out")
    digest.add_argument("--out", help="with --dry-run: the folder for the .eml files")
    digest.add_argument("--arabic-digits", action="store_true", help="0-9 instead of Thai digits")
    digest.add_argument("--attempts", type=int, default=3, choices=range(1, 11), metavar="1-10",
                        help="tries per mail when the server fails (default 3)")
    digest.add_argument("--backoff", type=float, default=2.0,
                        help="seconds before the second try, doubled each time (default 2)")
    digest.add_argument("--data-due-hour", type=int, default=7, choices=range(0, 24), metavar="0-23",
                        help="alert the admins when no new data has arrived by this hour, Asia/Bangkok (default 7)")
    return parser


def _digest(args, today) -> int:
    from data_access import config
    from data_access.db import engine, init_db
    from data_access.reference import fiscal_year_of
    from data_access.figures.standing import NoStanding
    from reports import digest, line, mail

    if args.dry_run and not (args.out and _is_dir(Path(args.out))):
        print("error: --dry-run writes the mails into a folder: give an existing one with --out", file=sys.stderr)
        return EXIT_INVALID
    if not 0 <= args.backoff <= 600:
        print("error: --backoff must be between 0 and 600 seconds", file=sys.stderr)
        return EXIT_INVALID
    mailer, pusher, sender = None, None, "info-oversight@localhost"
    try:
        if args.send:
            settings = mail.smtp_settings()
            line_settings = line.line_settings()  # None: LINE is off (the default)
            mailer, sender = mail.Mailer(settings, args.attempts, args.backoff), settings.sender
            pusher = line.LinePusher(line_settings, args.attempts, args.backoff) if line_settings else None
    except (mail.MailSettingsError, line.LineSettingsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    eng = engine()
    init_db(eng)
    try:
        outcomes = digest.run(eng, args.fiscal_year or fiscal_year_of(today), today, config.settings().info_public_url,
                              sender, mailer, Path(args.out) if args.dry_run else None,
                              due_hour=args.data_due_hour, thai_digits=not args.arabic_digits, pusher=pusher)
    except NoStanding as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    finally:
        for sender_ in (mailer, pusher):
            if sender_ is not None:
                sender_.close()
    for outcome in outcomes:
        print(outcome.line(), file=sys.stderr if outcome.failed else sys.stdout)
    failed = sum(o.failed for o in outcomes)
    print(f"{len(outcomes) - failed} of {len(outcomes)} message(s) "
          + ("written" if args.dry_run else "sent or already sent") + (f"; {failed} failed" if failed else ""))
    return 1 if failed else 0


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):  # a name longer than the file system takes, or with a NUL
        return False


def _out_problem(out: str, suffix: str) -> str | None:
    path = Path(out)
    if path.suffix.lower() != suffix:
        return f"--out must name a {suffix} file"
    if len(path.name.encode()) > 255:
        return "--out: the file name is longer than a file system takes (255 bytes)"
    if _is_dir(path) or not _is_dir(path.parent):
        return f"--out: the folder {str(path.parent)[:80]} does not exist"
    return None


def run(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    try:
        today = config.today()
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    if args.command == "digest":
        return _digest(args, today)
    problem = _out_problem(args.out, {"briefing": ".pdf", "letter": ".docx", "card": ".png"}[args.command])
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
        elif args.command == "letter":
            from reports.letter import write_letter

            write_letter(eng, args.fiscal_year, args.province, today, Path(args.out))
        else:
            from reports.card import write_card

            write_card(eng, args.fiscal_year, args.province, args.lang, not args.arabic_digits, today, Path(args.out))
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
