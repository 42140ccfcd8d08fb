"""Several replicas behind nginx on one PostgreSQL (issue 12), all on loopback, in a real Chromium:

- a user signs in through the real OpenID Connect provider (by nginx's address), opens a province page with
  filters in the URL and downloads the chase list; their replica is killed (SIGKILL, by its PID); a reload is
  served by the other replica, from the URL, still signed in, and a new download works;
- a status import through the command line on the shared PostgreSQL shows on both replicas within the data
  version's time to live;
- at the end nginx, the replicas and PostgreSQL are stopped, with nothing left running.
"""

import json
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from components.i18n import format_date, t
from components.status_grid import IN_PROGRESS
from data_access.db import engine, init_db
from data_access.demo import seed_demo
from data_access.access.users import add_user
from deploy import cluster
from deploy.postgres import PostgresServer
from ops.page_runs import user_label
from tests.browser.conftest import RecordedPage, auth_secrets, sign_in_as
from tests.conftest import PINNED_TODAY
from tests.support.status_file import latest_status_rows, write_status_csv

ROOT = Path(__file__).resolve().parents[2]
FY = 2570  # the campaign running on PINNED_TODAY
SEEDED_ON = date(2026, 11, 25)  # the demo's newest export; the import below brings PINNED_TODAY's
OFFICE, NATIONAL = "office50@example.go.th", "dla@example.go.th"
TTL_S = 10  # data_access/cached.py: data_version's time to live
FILTERS = f"province=50&fy={FY}&type=sao&state={IN_PROGRESS}"


@pytest.fixture(scope="module")
def stack(tmp_path_factory, oidc_provider):  # noqa: F811
    """PostgreSQL with the demo data (newest export SEEDED_ON) and two users; two replicas and nginx, with sign-in."""
    folder = tmp_path_factory.mktemp("cluster")
    postgres = PostgresServer().start()
    url = postgres.create_database("info_oversight")
    eng = engine(url)
    init_db(eng)
    seed_demo(eng, seed=1, today=SEEDED_ON)
    add_user(eng, OFFICE, "province", ["50"], actor="test")
    add_user(eng, NATIONAL, "national", [], actor="test")
    eng.dispose()
    port = cluster.free_port()
    secrets_file = auth_secrets(folder / "secrets.toml", f"http://127.0.0.1:{port}", oidc_provider,
                                secrets.token_hex(32))
    running = cluster.up(folder / "run", replicas=2, port=port, database_url=url, secrets_file=secrets_file,
                         env={"INFO_TODAY": PINNED_TODAY.isoformat()}, demo=False)
    try:
        yield running, postgres
    finally:
        running.down()
        postgres.stop()


@pytest.fixture
def user_page(browser, stack):  # noqa: F811
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="th-TH",
                                  timezone_id="Asia/Bangkok", accept_downloads=True)
    # The test provider's authorize page links a stylesheet on a CDN: nothing may leave the machine.
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost)"), lambda route: route.abort())
    yield RecordedPage(context.new_page(), stack[0].url)
    context.close()


def _page_runs(replica: cluster.Replica) -> list[dict]:
    lines = Path(replica.log).read_text(encoding="utf-8", errors="replace").splitlines()
    return [json.loads(line) for line in lines if line.startswith('{"time"')]


def _served(running: cluster.Cluster, email: str, page: str) -> list[str]:
    """The replicas that logged a page run of `page` for `email`, in the order of the replicas."""
    return [r.name for r in running.replicas
            if any(x["page"] == page and x["user"] == user_label(email) for x in _page_runs(r))]


def _download_csv(page: RecordedPage) -> bytes:
    with page.page.expect_download(timeout=60_000) as download:
        page.page.get_by_role("button", name=t("dd_download_csv")).click()
    return Path(download.value.path()).read_bytes()


def _as_of_shown(page: RecordedPage, day: date) -> bool:
    body = page.page.inner_text("body")
    return any(f"{t('data_as_of')} {format_date(day, 'th', digits)}" in body for digits in (False, True))


def _route_keys(running: cluster.Cluster) -> dict[str, str]:
    """An `info_route` cookie value that nginx sends to each replica, found by asking and reading nginx's log."""
    by_port = {r.port: r.name for r in running.replicas}
    keys: dict[str, str] = {}
    log = Path(running.run_dir) / "nginx-access.log"
    for n in range(200):
        key = f"probe{n}"
        request = urllib.request.Request(f"{running.url}/_stcore/health", headers={"Cookie": f"info_route={key}"})
        urllib.request.urlopen(request, timeout=5).read()
        time.sleep(0.02)
        served = re.findall(rf"upstream=127\.0\.0\.1:(\d+) route={key} ", log.read_text())
        if served and int(served[-1]) in by_port:
            keys.setdefault(by_port[int(served[-1])], key)
        if len(keys) == len(by_port):
            return keys
    raise AssertionError(f"no route found to every replica: {keys}")


def _open_on(page: RecordedPage, running: cluster.Cluster, key: str, path: str) -> None:
    """Open `path` through nginx, routed by the cookie `key`. The sign-in cookie is bound to nginx's origin, so a
    replica's own port would show the sign-in page: replicas are reached only through the proxy."""
    page.page.context.add_cookies([{"name": "info_route", "value": key, "url": running.url}])
    page.open(path)


def test_an_import_on_the_shared_database_shows_on_both_replicas_within_the_ttl(stack, user_page):
    running, _ = stack
    sign_in_as(user_page, NATIONAL)
    user_page.wait_rendered()
    keys = _route_keys(running)
    for replica in running.replicas:
        _open_on(user_page, running, keys[replica.name], f"/?fy={FY}")
        assert _as_of_shown(user_page, SEEDED_ON), f"{replica.name} shows the seeded export first"
    assert set(_served(running, NATIONAL, "overview")) == {r.name for r in running.replicas}

    rows = latest_status_rows(engine(running.database_url), FY)
    upgraded = 0
    for row in rows:  # the next day: a few more domains certified
        if row[2] == "updated" and upgraded < 200:
            row[2], row[5], row[6] = "certified", f"{PINNED_TODAY} 10:00:00", "นายทดสอบ ระบบ"
            upgraded += 1
    assert upgraded == 200
    status_file = write_status_csv(Path(running.run_dir) / "status.csv", rows)
    result = subprocess.run([sys.executable, "-m", "data_access", "import-status", str(status_file),
                             "--fiscal-year", str(FY), "--as-of", PINNED_TODAY.isoformat()], cwd=ROOT,
                            env=running.process_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    imported = time.monotonic()

    # Each replica re-reads the data version at most TTL_S after it last read it: a page that starts later than
    # that after the import must show it. (How long a page takes to draw does not matter: reads are timed by start.)
    reads: list[tuple[float, str, bool]] = []
    while time.monotonic() - imported < TTL_S + 20:
        for replica in running.replicas:
            started = time.monotonic() - imported
            _open_on(user_page, running, keys[replica.name], f"/?fy={FY}")
            reads.append((started, replica.name, _as_of_shown(user_page, PINNED_TODAY)))
        if {name for _, name, new in reads if new} == {r.name for r in running.replicas} and \
                reads[-1][0] > TTL_S + 1:
            break
        time.sleep(0.5)
    print(f"import visible: {[(round(t, 1), name, new) for t, name, new in reads]}")
    assert {name for _, name, new in reads if new} == {r.name for r in running.replicas}
    stale_after_ttl = [(round(t, 1), name) for t, name, new in reads if not new and t > TTL_S + 1]
    assert not stale_after_ttl, f"a replica still showed the old data {TTL_S} s after the import: {stale_after_ttl}"
    # The figures too, not only the date: each replica's count of certified domains is what `summary` prints.
    summary = subprocess.run([sys.executable, "-m", "data_access", "summary", "--fiscal-year", str(FY), "--format",
                              "json"], cwd=ROOT, env=running.process_env(), capture_output=True, text=True, timeout=120)
    national = json.loads(summary.stdout)["national"]
    certified = f"{national['cells_certified']:,} / {national['cells']:,}"
    for replica in running.replicas:
        _open_on(user_page, running, keys[replica.name], f"/?fy={FY}")
        metric = user_page.page.locator('[data-testid="stMetric"]').filter(has_text=t("ov_cells_certified"))
        expect(metric).to_contain_text(certified, timeout=20_000)  # Playwright retries while the page draws
        assert user_label(NATIONAL) in {x["user"] for x in _page_runs(replica) if x["page"] == "overview"}


def test_a_users_replica_dies_and_the_other_serves_them_signed_in(stack, user_page):
    running, _ = stack
    sign_in_as(user_page, OFFICE)
    user_page.open(f"/province?{FILTERS}")
    expect(user_page.page.locator("h1").first).to_contain_text("เชียงใหม่")
    shown = user_page.page.get_by_text(re.compile(r"^แสดง \S+ จาก \S+ อปท\.")).first.inner_text()
    first = _download_csv(user_page)
    assert first.count(b"\n") > 1, "the chase list has rows"
    before = _served(running, OFFICE, "province")
    assert len(before) == 1, f"one replica served this browser: {before}"
    victim = running.kill_replica(before[0])
    assert not cluster._alive(victim.pid)

    user_page.page.reload()
    user_page.wait_rendered()
    expect(user_page.page.locator("h1").first).to_contain_text("เชียงใหม่")
    assert user_page.page.get_by_role("button", name="เข้าสู่ระบบ").count() == 0, "still signed in"
    assert user_page.page.get_by_text(shown).count() == 1, "the same filters, from the URL"
    assert "type=sao" in user_page.page.url and f"state={IN_PROGRESS}" in user_page.page.url
    after = _served(running, OFFICE, "province")
    assert [name for name in after if name != victim.name], f"another replica served the reload: {after}"
    second = _download_csv(user_page)
    assert second == first, "the same chase list, built by the other replica"
    assert not user_page.outside_requests() or all(u.endswith(".css") for u in user_page.outside_requests())


def test_down_stops_nginx_the_replicas_and_postgresql(stack):
    running, postgres = stack
    pids = [r.pid for r in running.replicas] + [running.nginx_pid]
    assert running.down() == []
    postgres.stop()
    assert not any(cluster._alive(pid) for pid in pids)
    for port in [running.port, postgres.port] + [r.port for r in running.replicas]:
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) != 0, f"something still listens on {port}"
