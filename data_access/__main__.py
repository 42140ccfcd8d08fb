"""python -m data_access — the command line of DOMAIN.md §8.

Each command imports only what it uses (figures for `summary`, the importers for the imports): interpreter start
and imports are most of a `summary`'s wall time.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import OperationalError, SQLAlchemyError

from data_access import config
from data_access.db import engine, init_db
from data_access.imports.problems import ImportRejected, write_problems_csv
from data_access.years import fiscal_year_argument

if TYPE_CHECKING:
    from data_access.figures import Summary

EXIT_INVALID = 2


def _iso_date(text: str) -> date:
    from data_access.years import day_problem

    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a date in the form YYYY-MM-DD") from None
    problem = day_problem(day, "the date")
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return day


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1
    if not 0 <= seconds <= 86_400:
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a number of seconds between 0 and 86400")
    return seconds


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m data_access", description="INFO Oversight data commands")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("init-db", help="create or migrate the schema (idempotent)")
    health = commands.add_parser("health", help="exit 0 if the database (and with --app the replica) answers, else 1")
    health.add_argument("--app", metavar="URL", help="also ask this replica's /_stcore/health, e.g. "
                                                     "http://127.0.0.1:8501")
    health.add_argument("--timeout", type=float, default=5, help="seconds for each check (default 5)")
    demo = commands.add_parser("seed-demo", help="demo registry and statuses for FY2565, FY2566, last FY and this FY")
    demo.add_argument("--seed", type=int, default=1)
    reg = commands.add_parser("import-registry", help="load the DLA registry file as a fiscal year's registry")
    reg.add_argument("file")
    reg.add_argument("--fiscal-year", type=fiscal_year_argument, required=True)
    reg.add_argument("--errors-csv", help="also write the problems to this CSV file")
    st = commands.add_parser("import-status", help="load an INFO certification export as a snapshot")
    st.add_argument("file")
    st.add_argument("--fiscal-year", type=fiscal_year_argument, required=True)
    st.add_argument("--as-of", type=_iso_date, required=True)
    st.add_argument("--errors-csv", help="also write the problems to this CSV file")
    st.add_argument("--allow-regression", action="store_true",
                    help="import even if certified domains would go back or far fewer LAOs are covered")
    ing = commands.add_parser("ingest", help="import every new status export dropped into a folder (for cron): "
                                             "done/ or refused/ afterwards; exit 2 if any file was refused")
    ing.add_argument("--from", dest="folder", metavar="DIR", required=True,
                     help="the folder the exports arrive in, named …_<fiscal year>_<as-of YYYY-MM-DD>.xlsx|.csv")
    ing.add_argument("--settle-seconds", type=_seconds, default=60,
                     help="leave files modified more recently than this alone: still being copied (default 60)")
    summ = commands.add_parser("summary", help="print the completion figures")
    summ.add_argument("--fiscal-year", type=fiscal_year_argument, required=True)
    summ.add_argument("--province", help="two-digit DOPA province code")
    summ.add_argument("--format", choices=("table", "json"), default="table")

    users = commands.add_parser("users", help="who may see what").add_subparsers(dest="users_command",
                                                                                   required=True)
    add = users.add_parser("add", help="grant a role (re-adding replaces)")
    add.add_argument("email")
    add.add_argument("--role", choices=("national", "province", "admin"), required=True)
    add.add_argument("--province", action="append", default=[], help="two-digit DOPA code (repeat for more)")
    remove = users.add_parser("remove", help="revoke access")
    remove.add_argument("email")
    listing = users.add_parser("list", help="show who may see what")
    listing.add_argument("--format", choices=("table", "json"), default="table")

    snaps = commands.add_parser("snapshots", help="imported status snapshots").add_subparsers(
        dest="snapshots_command", required=True)
    snap_list = snaps.add_parser("list", help="every snapshot of a fiscal year, withdrawn ones marked")
    snap_list.add_argument("--fiscal-year", type=fiscal_year_argument, required=True)
    snap_list.add_argument("--format", choices=("table", "json"), default="table")
    withdraw = snaps.add_parser("withdraw", help="take a wrong snapshot out of the figures (kept, marked)")
    withdraw.add_argument("id", type=int)
    withdraw.add_argument("--reason", required=True)

    offices = commands.add_parser("offices", help="each province office's letterhead for the reminder letter") \
        .add_subparsers(dest="offices_command", required=True)
    office_set = offices.add_parser("set", help="set some fields of a province's office (\"\" clears one)")
    office_set.add_argument("province", help="two-digit DOPA province code")
    for name in ("name", "address", "phone", "fax", "email", "number-prefix", "line-group"):
        office_set.add_argument(f"--{name}")
    office_list = offices.add_parser("list", help="the offices filled so far")
    office_list.add_argument("--format", choices=("table", "json"), default="table")

    subs = commands.add_parser("subscriptions", help="extra recipients of the daily digest (besides the offices)") \
        .add_subparsers(dest="subscriptions_command", required=True)
    sub_add = subs.add_parser("add", help="subscribe an address to the national digest or a province's")
    sub_add.add_argument("email")
    sub_add.add_argument("--scope", required=True, help="'national' or a two-digit DOPA province code")
    sub_remove = subs.add_parser("remove", help="unsubscribe an address (from one scope, or from all)")
    sub_remove.add_argument("email")
    sub_remove.add_argument("--scope", help="'national' or a province code (default: every subscription)")
    sub_list = subs.add_parser("list", help="every subscription")
    sub_list.add_argument("--format", choices=("table", "json"), default="table")

    trail = commands.add_parser("audit", help="the audit trail, newest first")
    trail.add_argument("--since", type=_iso_date, help="from this day (YYYY-MM-DD, Asia/Bangkok)")
    trail.add_argument("--format", choices=("table", "json"), default="table")
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


def _errors_csv_problem(errors_csv: str | None, source: str) -> str | None:
    """Checked before importing: the problem list must never overwrite the input, nor fail after the work."""
    if not errors_csv:
        return None
    target, source_path = Path(errors_csv), Path(source)
    try:
        same = target.resolve() == source_path.resolve() or (
            target.exists() and source_path.exists() and os.path.samefile(target, source_path))
    except OSError:
        same = False
    if same:
        return "--errors-csv names the file being imported: give another path for the problem list"
    if target.is_dir():
        return f"--errors-csv names a folder ({errors_csv[:80]}): give a file name"
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        return f"--errors-csv: the folder {str(folder)[:80]} does not exist"
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        return f"--errors-csv: {errors_csv[:80]} cannot be written here"
    return None


def _audit_attempt(eng, action: str, outcome: str, args, problems: int | None = None, detail: str | None = None,
                   sha256: str | None = None, rows: int | None = None) -> None:
    from data_access.access import audit

    try:
        audit.record(eng, audit.Event(audit.cli_actor(), action, outcome, fiscal_year=args.fiscal_year,
                                      source_name=Path(args.file).name, sha256=sha256, row_count=rows,
                                      problem_count=problems, detail=detail))
    except SQLAlchemyError:  # the audit of a failed attempt must not hide why it failed
        print("warning: this attempt could not be written to the audit trail", file=sys.stderr)


def _report_rejection(eng, exc: ImportRejected, args) -> int:
    from data_access.imports.status_import import ImportWouldRegress

    action = f"import-{args.command.removeprefix('import-')}"
    if isinstance(exc, ImportWouldRegress):
        print(f"refused: {exc.impact.sentence()}.", file=sys.stderr)
        print("Nothing was imported. If the file is right, import it again with --allow-regression; "
              "a wrong snapshot can be taken back with `snapshots withdraw`.", file=sys.stderr)
        _audit_attempt(eng, action, "refused", args, detail=exc.impact.sentence())
        return EXIT_INVALID
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    print(f"{len(exc.problems)} problem(s); nothing was imported and the database is unchanged.", file=sys.stderr)
    if args.errors_csv:
        write_problems_csv(exc.problems, args.errors_csv)
    _audit_attempt(eng, action, "rejected", args, problems=len(exc.problems))
    return EXIT_INVALID


def _print_rows(rows: list[dict], columns: tuple[str, ...]) -> None:
    """A plain table for an operator's terminal: one line per row, columns as wide as their longest value."""
    text = [[("" if row[c] is None else str(row[c])) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in text]) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip())
    for r in text:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip())


def _import_registry(eng, args) -> int:
    from data_access.imports.registry_import import import_registry

    try:
        result = import_registry(eng, args.file, args.fiscal_year)
    except ImportRejected as exc:
        return _report_rejection(eng, exc, args)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if result.unchanged:
        _audit_attempt(eng, "import-registry", "unchanged", args, sha256=result.sha256, rows=result.rows)
        print(f"this file is already fiscal year {result.fiscal_year}'s registry: nothing changed")
    else:
        print(f"fiscal year {result.fiscal_year}: {result.laos} LAOs from {result.rows} rows"
              f" ({len(result.warnings)} district name(s) unmatched)")
    return 0


def _import_status(eng, args) -> int:
    from data_access.imports.status_import import import_status

    try:
        result = import_status(eng, args.file, args.fiscal_year, args.as_of, today=config.today(),
                               allow_regression=args.allow_regression)
    except ImportRejected as exc:
        return _report_rejection(eng, exc, args)
    if result.unchanged:
        _audit_attempt(eng, "import-status", "unchanged", args, sha256=result.sha256, rows=result.rows)
        withdrawn = " and later withdrawn" if result.withdrawn else ""
        print(f"this file was already imported for fiscal year {result.fiscal_year} "
              f"(snapshot {result.snapshot_id}, as of {result.as_of}{withdrawn}): nothing changed")
    else:
        print(f"fiscal year {result.fiscal_year}: snapshot {result.snapshot_id} as of {result.as_of}, "
              f"{result.rows} rows")
        if result.impact is not None and result.impact.regresses:
            print(f"imported although {result.impact.sentence()}", file=sys.stderr)
    return 0


def _ingest(eng, args) -> int:
    from data_access.imports.ingest import IngestError, ingest_files

    refused = taken = False
    try:
        for outcome in ingest_files(eng, args.folder, config.today(), settle_seconds=args.settle_seconds):
            print(outcome.line, flush=True)
            if outcome.warning:
                print(f"error: {outcome.warning}", file=sys.stderr, flush=True)
            refused, taken = refused or outcome.refused, True
    except IngestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    if not taken:
        print(f"nothing new in {args.folder}")
    return EXIT_INVALID if refused else 0


def _summary(eng, args) -> int:
    import json

    from data_access.figures import UnknownFiscalYear, UnknownProvince, summary
    from data_access.access.scope import Scope

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


def _users(eng, args) -> int:
    import json

    from data_access.access import audit, users

    init_db(eng)
    try:
        if args.users_command == "add":
            user = users.add_user(eng, args.email, args.role, args.province, actor=audit.cli_actor())
            where = f" for {', '.join(user.provinces)}" if user.provinces else ""
            print(f"{user.email}: {user.role}{where}")
        elif args.users_command == "remove":
            removed = users.remove_user(eng, args.email, actor=audit.cli_actor())
            print(f"{users.normalise_email(args.email)}: " + ("removed" if removed else "had no access: nothing changed"))
        else:
            listed = [u.as_json() for u in users.list_users(eng)]
            if args.format == "json":
                print(json.dumps(listed, ensure_ascii=False))
            else:
                _print_rows([dict(u, provinces=",".join(u["provinces"])) for u in listed],
                            ("email", "role", "provinces"))
    except users.UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    return 0


def _snapshots(eng, args) -> int:
    import json

    from data_access.access import audit
    from data_access.admin import snapshots

    init_db(eng)
    if args.snapshots_command == "withdraw":
        try:
            row = snapshots.withdraw(eng, args.id, args.reason, actor=audit.cli_actor())
        except snapshots.SnapshotError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_INVALID
        print(f"snapshot {row.id} (as of {row.as_of}, {row.source_name}) is withdrawn: the figures no longer count it")
        return 0
    listed = [s.as_json() for s in snapshots.list_snapshots(eng, args.fiscal_year)]
    if args.format == "json":
        print(json.dumps(listed, ensure_ascii=False))
    else:
        _print_rows(listed, ("id", "as_of", "file", "sha256", "rows", "imported_by", "imported_at", "withdrawn",
                             "withdrawn_reason"))
    return 0


def _offices(eng, args) -> int:
    import json

    from data_access.access import audit
    from data_access.admin import offices

    init_db(eng)
    if args.offices_command == "list":
        listed = [o.as_json() for o in offices.list_offices(eng)]
        if args.format == "json":
            print(json.dumps(listed, ensure_ascii=False))
        else:
            _print_rows([dict(o, address=" / ".join(o["address"].split("\n"))) for o in listed],
                        ("province_code", "name", "address", "phone", "fax", "email", "number_prefix",
                         "line_group"))
        return 0
    try:
        office = offices.set_office(eng, args.province, audit.cli_actor(),
                                    **{name: getattr(args, name) for name in offices.FIELDS})
    except offices.OfficeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    print(f"province {office.province_code}: {office.name}")
    return 0


def _subscriptions(eng, args) -> int:
    import json

    from data_access.access import audit
    from data_access.admin import subscriptions

    init_db(eng)
    try:
        if args.subscriptions_command == "add":
            added = subscriptions.add(eng, args.email, args.scope, audit.cli_actor())
            print(f"{added.email}: gets the {added.scope} digest")
        elif args.subscriptions_command == "remove":
            removed = subscriptions.remove(eng, args.email, args.scope, audit.cli_actor())
            shown = "".join(ch for ch in args.email[:80] if ch.isprintable())
            print(f"{shown}: " + (f"{removed} subscription(s) removed" if removed else "had none: nothing changed"))
        else:
            listed = [s.as_json() for s in subscriptions.list_subscribers(eng)]
            if args.format == "json":
                print(json.dumps(listed, ensure_ascii=False))
            else:
                _print_rows(listed, ("email", "scope", "added_by"))
    except subscriptions.SubscriptionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    return 0


def _audit(eng, args) -> int:
    import json

    from data_access.access import audit

    init_db(eng)
    rows = audit.entries(eng, since=args.since)
    for row in rows:
        at = row["at"]
        row["at"] = (at if at.tzinfo else at.replace(tzinfo=timezone.utc)).astimezone(config.BANGKOK) \
            .isoformat(timespec="seconds")
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False))
    else:
        _print_rows(rows, ("at", "actor", "action", "outcome", "fiscal_year", "target", "source_name", "row_count",
                           "problem_count", "detail"))
    return 0


COMMANDS = {"import-registry": _import_registry, "import-status": _import_status, "ingest": _ingest,
            "summary": _summary, "users": _users, "snapshots": _snapshots, "offices": _offices,
            "subscriptions": _subscriptions, "audit": _audit}


def _health(args) -> int:
    from data_access.health import Unhealthy, check

    if not 0 < args.timeout <= 120:
        print("error: --timeout must be between 0 and 120 seconds", file=sys.stderr)
        return 1
    try:
        print("healthy: " + check(config.settings().database_url, args.app, args.timeout))
    except (Unhealthy, ValueError) as exc:  # ValueError: a setting that cannot be used
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1
    return 0


def run(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.command == "health":  # for process managers: 0 or 1, never 2
        return _health(args)
    try:
        config.settings()
    except ValueError as exc:  # INFO_TODAY that is not a plausible date
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    problem = _errors_csv_problem(getattr(args, "errors_csv", None), getattr(args, "file", ""))
    if problem:
        print(f"error: {problem}. Nothing was imported.", file=sys.stderr)
        return EXIT_INVALID
    eng = engine()
    if args.command == "init-db":
        init_db(eng)
        print("schema is up to date")
        return 0
    if args.command == "seed-demo":
        from data_access.demo import seed_demo

        for line in seed_demo(eng, seed=args.seed, today=config.today()):
            print(line)
        return 0
    return COMMANDS[args.command](eng, args)


def main() -> None:
    try:
        sys.exit(run(sys.argv[1:]))
    except OperationalError as exc:
        print(f"error: cannot use the database ({exc.orig}). Check DATABASE_URL.", file=sys.stderr)
        sys.exit(1)
    except BrokenPipeError:  # `… | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)


if __name__ == "__main__":
    main()
