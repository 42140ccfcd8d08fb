"""python -m deploy — the local cluster and the nginx configuration (deploy/README.md).

    python -m deploy up --replicas 2 [--port 8080] [--dir deploy/run] [--secrets FILE] [--database-url URL]
                        [--env NAME=VALUE ...] [--no-demo]
    python -m deploy down [--dir deploy/run]
    python -m deploy status [--dir deploy/run]
    python -m deploy nginx-conf --listen 80 --replica 10.0.0.11:8501 --replica 10.0.0.12:8501 [--secure-cookie]
"""

import argparse
import re
import subprocess
import sys
from pathlib import Path

from deploy import cluster

DEFAULT_DIR = Path(__file__).resolve().parent / "run"


def _env_pair(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.isidentifier():
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not NAME=VALUE")
    return name, value


def _address(text: str) -> str:
    """HOST:PORT (or a bare port for --listen): it goes into nginx's configuration, so nothing else may."""
    if not re.fullmatch(r"(?:[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:]+\]):\d{1,5}|\d{1,5}", text):
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not HOST:PORT")
    return text


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m deploy", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("up", help="start PostgreSQL, the replicas and nginx on loopback")
    start.add_argument("--replicas", type=int, default=2)
    start.add_argument("--port", type=int, default=8080, help="nginx's port on 127.0.0.1 (0: a free one)")
    start.add_argument("--database-url", help="an existing database instead of a PostgreSQL started here")
    start.add_argument("--secrets", type=Path, help="a secrets.toml with [auth] for sign-in (same for every replica)")
    start.add_argument("--env", type=_env_pair, action="append", default=[], metavar="NAME=VALUE",
                       help="an environment variable for every replica (e.g. INFO_TODAY=2026-11-26)")
    start.add_argument("--no-demo", action="store_true", help="do not seed demo data into an empty database")
    for command in ("down", "status"):
        commands.add_parser(command, help=f"{command} the cluster started from --dir")
    for sub in commands.choices.values():
        if sub.prog.split()[-1] in ("up", "down", "status"):
            sub.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="the run directory (default deploy/run)")
    conf = commands.add_parser("nginx-conf", help="print the http-level nginx configuration for production")
    conf.add_argument("--listen", required=True, type=_address, help="nginx's listen argument, e.g. 80 or 127.0.0.1:8080")
    conf.add_argument("--replica", action="append", required=True, metavar="HOST:PORT", type=_address)
    conf.add_argument("--secure-cookie", action="store_true", help="mark the routing cookie Secure (HTTPS)")
    return parser


def run(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.command == "nginx-conf":
        print(cluster.render_site(args.listen, args.replica, args.secure_cookie), end="")
        return 0
    if args.command == "up":
        if not 1 <= args.replicas <= 16:
            print("error: --replicas must be 1..16", file=sys.stderr)
            return 2
        try:
            started = cluster.up(args.dir, args.replicas, args.port, args.database_url, args.secrets,
                                 dict(args.env), demo=not args.no_demo)
        except subprocess.CalledProcessError as exc:  # nginx -t, init-db, seed-demo: their own words
            said = [line.strip() for line in (exc.stderr or exc.stdout or "").splitlines() if line.strip()]
            emerg = [line for line in said if "[emerg]" in line]  # nginx says the cause first, then gives up
            detail = (emerg or said or [f"exit code {exc.returncode}"])[0 if emerg else -1][:300]
            print(f"error: {' '.join(map(str, exc.cmd[:4]))} … failed: {detail}. Nothing is left running; logs "
                  f"are in {args.dir}", file=sys.stderr)
            return 1
        except (RuntimeError, OSError) as exc:
            print(f"error: {exc}. Nothing is left running; logs are in {args.dir}", file=sys.stderr)
            return 1
        _print_status(started)
        print(f"\nOpen {started.url}  ·  stop with: bash deploy/local-cluster.sh down")
        return 0
    try:
        found = cluster.Cluster.load(args.dir)
    except FileNotFoundError:
        print(f"no cluster is running from {args.dir}")
        return 0 if args.command == "down" else 1
    if args.command == "status":
        _print_status(found)
        return 0
    left = found.down()
    if left:
        print("still running: " + ", ".join(left), file=sys.stderr)
        return 1
    print("stopped: replicas, nginx" + (", PostgreSQL" if found.postgres_dir else ""))
    return 0


def _print_status(found: cluster.Cluster) -> None:
    print(f"nginx       {found.url}  (pid {found.nginx_pid})")
    for replica in found.replicas:
        state = "up" if cluster._alive(replica.pid) else "DOWN"
        print(f"{replica.name:<11} {replica.url}  (pid {replica.pid}, {state}, log {replica.log})")
    if found.postgres_dir:
        print(f"PostgreSQL  127.0.0.1:{found.postgres_port}  max_connections {found.max_connections} = "
              f"{len(found.replicas)} replicas × {cluster.connections_per_replica(found.env)} + "
              f"{cluster.RESERVED_CONNECTIONS} reserved")
    print(f"DATABASE_URL={found.database_url}")


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
