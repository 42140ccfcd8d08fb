"""The whole stack on this machine, on loopback: PostgreSQL, migrations, N replicas (ops/replica.py) and nginx in
front (deploy/nginx/). `up` starts it and returns, leaving it running; `down` stops every part of it. The state
(ports, process ids, logs) lives in one run directory, so `down` and the tests find what `up` started.

Connections: each replica holds at most INFO_DB_POOL_SIZE + INFO_DB_MAX_OVERFLOW (5 + 5) PostgreSQL connections;
the server started here allows replicas × that + RESERVED_CONNECTIONS (the command line, health checks, an
administrator's psql, PostgreSQL's own superuser slots). deploy/README.md has the arithmetic for production.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).resolve().parent / "nginx"
HOST = "127.0.0.1"
STATE = "cluster.json"
RESERVED_CONNECTIONS = 20
STOP_WAIT_S = 30


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def connections_per_replica(env: dict[str, str]) -> int:
    return int(env.get("INFO_DB_POOL_SIZE", "5")) + int(env.get("INFO_DB_MAX_OVERFLOW", "5"))


def render_site(listen: str, replicas: list[str], secure_cookie: bool = False) -> str:
    """The http-level nginx configuration for `replicas` ("host:port"), listening on `listen`."""
    servers = "\n".join(f"    server {address} max_fails=1 fail_timeout=10s;" for address in replicas)
    text = (TEMPLATES / "info-oversight.conf.template").read_text(encoding="utf-8")
    return (text.replace("{{SERVERS}}", servers).replace("{{LISTEN}}", listen)
            .replace("{{COOKIE_SECURE}}", "; Secure" if secure_cookie else ""))


def wait_healthy(url: str, process: subprocess.Popen | None = None, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if (process is not None and process.poll() is not None) or time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not become healthy")
        time.sleep(0.25)


def _alive(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)  # reap it if it is our own child that has exited
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (our own exited child) is not alive
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while _alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@dataclass
class Replica:
    name: str
    port: int
    pid: int
    log: str

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"


@dataclass
class Cluster:
    run_dir: str
    port: int
    database_url: str
    env: dict[str, str]
    secrets_file: str | None = None
    postgres_dir: str | None = None  # a PostgreSQL started here (None: an existing DATABASE_URL)
    postgres_port: int | None = None
    max_connections: int | None = None
    nginx_pid: int | None = None
    replicas: list[Replica] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def dir(self) -> Path:
        return Path(self.run_dir)

    def save(self) -> None:
        path = self.dir / STATE
        path.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        path.chmod(0o600)  # it holds the cookie secret

    @classmethod
    def load(cls, run_dir: Path) -> Cluster:
        data = json.loads((Path(run_dir) / STATE).read_text(encoding="utf-8"))
        data["replicas"] = [Replica(**r) for r in data["replicas"]]
        return cls(**data)

    # --- starting ---------------------------------------------------------------------------------------------

    def _cli(self, *args: str) -> None:
        subprocess.run([sys.executable, "-m", "data_access", *args], cwd=ROOT, env=self.process_env(), check=True,
                       capture_output=True, text=True)

    def process_env(self, **extra: str) -> dict[str, str]:
        return {**os.environ, **self.env, "DATABASE_URL": self.database_url, **extra}

    def start_replica(self, index: int) -> Replica:
        name = f"replica-{index}"
        port = free_port()
        log_path = self.dir / f"{name}.log"
        command = [sys.executable, "-m", "ops.replica", "--server.port", str(port), "--server.address", HOST,
                   "--server.headless", "true", "--browser.gatherUsageStats", "false"]
        if self.secrets_file:
            command += ["--secrets.files", self.secrets_file]
        with open(log_path, "ab") as log:
            process = subprocess.Popen(command, cwd=ROOT, env=self.process_env(INFO_REPLICA=name), stdout=log,
                                       stderr=subprocess.STDOUT, start_new_session=True)
        replica = Replica(name, port, process.pid, str(log_path))
        wait_healthy(replica.url, process)
        return replica

    def start_nginx(self) -> None:
        temp = self.dir / "nginx-temp"
        temp.mkdir(exist_ok=True)
        (self.dir / "info-oversight.conf").write_text(
            render_site(f"{HOST}:{self.port}", [f"{HOST}:{r.port}" for r in self.replicas]), encoding="utf-8")
        main = (TEMPLATES / "local-main.conf.template").read_text(encoding="utf-8")
        # As root, nginx's workers would run as `nobody`, who cannot enter a private run directory.
        user = "user root root;" if os.geteuid() == 0 else ""
        (self.dir / "nginx.conf").write_text(main.replace("{{RUN_DIR}}", str(self.dir)).replace("{{USER}}", user),
                                             encoding="utf-8")
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        base = [nginx, "-p", str(self.dir), "-e", str(self.dir / "nginx-error.log"), "-c", str(self.dir / "nginx.conf")]
        subprocess.run([*base, "-t", "-q"], check=True, capture_output=True, text=True)
        subprocess.run(base, check=True, capture_output=True, text=True)  # daemonises; its pid file says where
        deadline = time.monotonic() + 10
        pid_file = self.dir / "nginx.pid"
        while not pid_file.exists():
            if time.monotonic() > deadline:
                raise RuntimeError("nginx did not start; see nginx-error.log")
            time.sleep(0.05)
        self.nginx_pid = int(pid_file.read_text().strip())
        wait_healthy(self.url)

    def kill_replica(self, name: str, sig: int = signal.SIGKILL) -> Replica:
        """A replica dies (the fault tests): its process group gets `sig`."""
        replica = next(r for r in self.replicas if r.name == name)
        os.killpg(replica.pid, sig)
        _wait_gone(replica.pid, STOP_WAIT_S)
        return replica

    # --- stopping ---------------------------------------------------------------------------------------------

    def down(self) -> list[str]:
        """Stop replicas (gracefully, SIGTERM), nginx (SIGQUIT) and PostgreSQL; say what is still running."""
        left = []
        for replica in self.replicas:
            try:
                os.killpg(replica.pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
        for replica in self.replicas:
            if not _wait_gone(replica.pid, STOP_WAIT_S):
                os.killpg(replica.pid, signal.SIGKILL)
                if not _wait_gone(replica.pid, 5):
                    left.append(f"{replica.name} (pid {replica.pid})")
        if self.nginx_pid and _alive(self.nginx_pid):
            os.kill(self.nginx_pid, signal.SIGQUIT)
            if not _wait_gone(self.nginx_pid, STOP_WAIT_S):
                left.append(f"nginx (pid {self.nginx_pid})")
        if self.postgres_dir:
            from deploy.postgres import PostgresServer

            PostgresServer(Path(self.postgres_dir), self.postgres_port).stop()
        (self.dir / STATE).unlink(missing_ok=True)
        return left


def up(run_dir: Path, replicas: int = 2, port: int = 0, database_url: str | None = None,
       secrets_file: Path | None = None, env: dict[str, str] | None = None, demo: bool = True) -> Cluster:
    """Start PostgreSQL (unless `database_url`), migrate, seed demo data into an empty database (when `demo`),
    start `replicas` replicas and nginx on `port` (0: a free one). On any failure, stop what was started."""
    run_dir = Path(run_dir).resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    if (run_dir / STATE).exists():
        raise RuntimeError(f"a cluster is already running from {run_dir}; stop it with `down` first")
    env = dict(env or {})
    # One cookie secret for every replica: a browser signed in on one is signed in on all.
    env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", os.environ.get("INFO_COOKIE_SECRET") or secrets.token_hex(32))
    cluster = Cluster(str(run_dir), port or free_port(), database_url or "", env,
                      str(Path(secrets_file).resolve()) if secrets_file else None)
    try:
        if not database_url:
            from deploy.postgres import PostgresServer

            cluster.max_connections = replicas * connections_per_replica(env) + RESERVED_CONNECTIONS
            server = PostgresServer(max_connections=cluster.max_connections)
            cluster.postgres_dir, cluster.postgres_port = str(server.dir), server.port
            cluster.save()
            server.start()
            cluster.database_url = server.create_database("info_oversight")
        cluster.save()
        cluster._cli("init-db")
        if demo and _database_is_empty(cluster.database_url):
            cluster._cli("seed-demo")
        for index in range(1, replicas + 1):
            cluster.replicas.append(cluster.start_replica(index))
            cluster.save()
        cluster.start_nginx()
        cluster.save()
    except BaseException:
        cluster.down()
        raise
    return cluster


def _database_is_empty(url: str) -> bool:
    from data_access.db import engine
    from data_access.demo import database_is_empty

    eng = engine(url)
    try:
        return database_is_empty(eng)
    finally:
        eng.dispose()
