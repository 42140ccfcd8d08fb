"""A PostgreSQL server of its own in a directory: initdb + pg_ctl, on a loopback port. The test session and the
local cluster (deploy/cluster.py) both start one; as root it runs as the `postgres` user (runuser)."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def _pg_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for base in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (base / name).exists():
            return str(base / name)
    raise RuntimeError(f"PostgreSQL's {name} is not installed: apt-get install postgresql")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    def __init__(self, directory: Path | None = None, port: int | None = None, max_connections: int = 300) -> None:
        self.dir = Path(directory) if directory else Path(tempfile.mkdtemp(prefix="info-pg-"))
        self.dir.mkdir(parents=True, exist_ok=True)
        self.port = port or _free_port()
        self.max_connections = max_connections
        self.as_root = os.geteuid() == 0
        self.user = "postgres" if self.as_root else os.environ.get("USER", "postgres")

    # A throwaway server (tests, the local cluster): no crash safety. A production server keeps the defaults.
    speed_over_safety = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"

    def _run(self, *args: str) -> None:
        cmd = ["runuser", "-u", "postgres", "--", *args] if self.as_root else list(args)
        subprocess.run(cmd, check=True, capture_output=True, text=True)

    def start(self) -> "PostgresServer":
        if self.as_root:
            shutil.chown(self.dir, "postgres")
        data = str(self.dir / "data")
        self._run(_pg_bin("initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        self._run(_pg_bin("pg_ctl"), "-D", data, "-l", str(self.dir / "log"), "-w", "-o",
                  f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections={self.max_connections} "
                  f"{self.speed_over_safety}", "start")
        return self

    def create_database(self, name: str) -> str:
        import psycopg

        for _ in range(50):
            try:
                with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                                     autocommit=True) as conn:
                    conn.execute(f'CREATE DATABASE "{name}"')
                break
            except psycopg.OperationalError:
                time.sleep(0.1)
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        """Stop it (immediately: its data is throwaway) and remove its directory; again is a no-op."""
        if not (self.dir / "data" / "postmaster.pid").exists():
            shutil.rmtree(self.dir, ignore_errors=True)
            return
        try:
            self._run(_pg_bin("pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
