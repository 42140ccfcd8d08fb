"""`python -m deploy up|status|down` (what deploy/local-cluster.sh runs): its own PostgreSQL sized for the
replicas, migrations, a replica that `python -m data_access health` finds healthy, nginx setting the routing
cookie; `down` leaves nothing running and nothing on disk but its logs."""

import os
import re
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

from deploy import cluster

ROOT = Path(__file__).resolve().parents[2]


def _deploy(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "deploy", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def test_up_status_health_down(tmp_path):
    run_dir = tmp_path / "run"
    started = _deploy("up", "--replicas", "1", "--port", "0", "--dir", str(run_dir), "--no-demo")
    try:
        assert started.returncode == 0, started.stderr
        running = cluster.Cluster.load(run_dir)
        assert f"Open {running.url}" in started.stdout
        assert "max_connections 30 = 1 replicas × 10 + 20 reserved" in started.stdout
        with urllib.request.urlopen(f"{running.url}/_stcore/health", timeout=10) as response:
            assert response.read() == b"ok"
            cookies = response.headers.get_all("Set-Cookie")
            assert any(re.fullmatch(r"info_route=\w+; Path=/; HttpOnly; SameSite=Lax", c) for c in cookies), cookies
        replica = running.replicas[0]
        health = subprocess.run([sys.executable, "-m", "data_access", "health", "--app", replica.url], cwd=ROOT,
                                env=dict(os.environ, DATABASE_URL=running.database_url), capture_output=True,
                                text=True, timeout=60)
        assert health.returncode == 0 and "schema 0005" in health.stdout, health.stderr
        status = _deploy("status", "--dir", str(run_dir))
        assert status.returncode == 0 and f"replica-1   {replica.url}  (pid {replica.pid}, up" in status.stdout
        assert _deploy("up", "--replicas", "1", "--dir", str(run_dir)).returncode != 0, "one cluster per directory"
    finally:
        stopped = _deploy("down", "--dir", str(run_dir))
    assert stopped.returncode == 0 and "stopped: replicas, nginx, PostgreSQL" in stopped.stdout, stopped.stderr
    assert not any(cluster._alive(pid) for pid in (replica.pid, running.nginx_pid))
    assert not Path(running.postgres_dir).exists()
    for port in (running.port, replica.port, running.postgres_port):
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) != 0, f"something still listens on {port}"
    again = _deploy("down", "--dir", str(run_dir))
    assert again.returncode == 0 and "no cluster is running" in again.stdout


def test_the_production_nginx_configuration_is_valid_and_sticky(tmp_path):
    rendered = _deploy("nginx-conf", "--listen", "127.0.0.1:8089", "--replica", "10.0.0.11:8501",
                       "--replica", "10.0.0.12:8501", "--secure-cookie")
    assert rendered.returncode == 0
    site = rendered.stdout
    assert "hash $info_route consistent;" in site and "ip_hash" not in site.split("#")[0]
    assert site.count("max_fails=1 fail_timeout=10s;") == 2 and "SameSite=Lax; Secure" in site
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nevents {{}}\nhttp {{ include {tmp_path}/site.conf; }}\n")
    checked = subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c",
                              str(tmp_path / "nginx.conf")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_the_compose_nginx_configuration_is_the_rendered_one():
    """deploy/compose/info-oversight.conf is committed for `docker compose build`; it must not drift from the
    template the local cluster and the tests use."""
    committed = (ROOT / "deploy" / "compose" / "info-oversight.conf").read_text(encoding="utf-8")
    assert committed == cluster.render_site("80", ["app1:8501", "app2:8501"])


def test_the_compose_file_runs_the_replicas_nginx_sends_to_with_one_cookie_secret():
    import yaml

    compose = yaml.safe_load((ROOT / "deploy" / "compose" / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    apps = sorted(name for name, spec in services.items() if "ops.replica" in str(spec) or name.startswith("app"))
    site = (ROOT / "deploy" / "compose" / "info-oversight.conf").read_text(encoding="utf-8")
    assert apps == sorted(re.findall(r"server (\w+):8501 ", site)) == ["app1", "app2"]
    secrets = {services[a]["environment"]["STREAMLIT_SERVER_COOKIE_SECRET"] for a in apps}
    assert secrets == {"${COOKIE_SECRET}"}
    assert {services[a]["environment"]["INFO_REPLICA"] for a in apps} == set(apps)
    assert all(services[a]["depends_on"]["migrate"]["condition"] == "service_completed_successfully" for a in apps)
    pool = int(services["app1"]["environment"]["INFO_DB_POOL_SIZE"]) + \
        int(services["app1"]["environment"]["INFO_DB_MAX_OVERFLOW"])
    max_connections = int(re.search(r"max_connections=(\d+)", " ".join(services["postgres"]["command"])).group(1))
    assert len(apps) * pool + cluster.RESERVED_CONNECTIONS <= max_connections


def test_a_busy_port_is_a_sentence_and_nothing_is_left_running(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _deploy("up", "--replicas", "1", "--port", str(port), "--dir", str(tmp_path / "run"), "--no-demo")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "Address already in use" in result.stderr and "Nothing is left running" in result.stderr
    logged = (tmp_path / "run" / "replica-1.log").read_text()
    assert '"event":"stop"' in logged, "the replica that had started was stopped (gracefully)"
    assert not (tmp_path / "run" / "cluster.json").exists()


def test_an_address_that_would_inject_into_nginx_is_refused():
    for bad in ("a;b", "10.0.0.1:8501; include /etc/passwd", "x" * 10_000, "[x](http://e):80"):
        result = _deploy("nginx-conf", "--listen", "80", "--replica", bad)
        assert result.returncode == 2 and "is not HOST:PORT" in result.stderr and "server" not in result.stdout
