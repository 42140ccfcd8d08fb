"""A real app server and a real Chromium (Debian's, driven by Playwright; never `playwright install`)."""

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

from deploy.cluster import wait_healthy
from tests.conftest import PINNED_TODAY

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(env_extra: dict[str, str], log_path: Path, *args: str, port: int | None = None) -> Iterator[str]:
    """`streamlit run dashboard.py` on a loopback port (free, unless given) with `env_extra` and extra `args`;
    yields its URL and stops it cleanly (the whole process group)."""
    port = port or _free_port()
    env = dict(os.environ, INFO_TODAY=PINNED_TODAY.isoformat(), **env_extra)
    log = open(log_path, "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         *args],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_healthy(url, server, 60)
        except RuntimeError:
            raise RuntimeError(f"streamlit did not start; see {log.name}") from None
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()


@pytest.fixture(scope="session")
def app_url(demo_db_path):
    """The app in open mode on the seeded demo database."""
    with streamlit_server({"DATABASE_URL": f"sqlite:///{demo_db_path}"},
                          demo_db_path.parent / "streamlit.log") as url:
        yield url


class RecordedPage:
    """A page that records every request it makes, so a test can prove none left the machine."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.requests: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("websocket", lambda ws: self.requests.append(ws.url))

    def outside_requests(self) -> list[str]:
        return [u for u in self.requests if urlparse(u).hostname not in ("127.0.0.1", "localhost")
                and not u.startswith(("data:", "blob:", "about:"))]

    def open(self, path: str = "/", ready: str = '[data-testid="stMetric"]'):
        self.page.goto(self.base_url + path)
        self.wait_rendered(ready)
        return self

    def wait_rendered(self, ready: str = '[data-testid="stMetric"]', timeout: float = 60_000):
        """Until `ready` is on the page and the app has finished running the script."""
        self.page.wait_for_selector(ready, timeout=timeout)
        # `ready` shows while the script is still running (elements arrive one by one): wait until the app says
        # the run has finished, not just until its "running" widget is gone (it may not have appeared yet).
        self.page.wait_for_function(
            "() => document.querySelector('[data-test-script-state=\"notRunning\"]')"
            " && !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)

    def screenshot(self, name: str):
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def page(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="th-TH",
                                  timezone_id="Asia/Bangkok", accept_downloads=True)
    recorded = RecordedPage(context.new_page(), app_url)
    yield recorded
    context.close()


def sign_in_as(page: RecordedPage, email: str) -> None:
    """Sign in through the provider's page, from the app's sign-in button, as `email`."""
    from playwright.sync_api import expect

    page.page.goto(page.base_url + "/")
    button = page.page.get_by_role("button", name="เข้าสู่ระบบ")
    expect(button).to_be_visible(timeout=60_000)
    button.click()
    page.page.wait_for_selector('input[name="sub"]', timeout=30_000)
    page.page.fill('input[name="sub"]', email)
    page.page.get_by_role("button", name="Authorize").click()
    page.page.wait_for_url(page.base_url + "/**", timeout=30_000)


def auth_secrets(path: Path, app_url: str, provider_url: str, cookie_secret: str) -> Path:
    """A secrets.toml with [auth] for the test provider; the redirect URI names the app's (or nginx's) port."""
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "{app_url}/oauth2callback"\n'
        f'cookie_secret = "{cookie_secret}"\n'
        'client_id = "info-oversight-test"\n'
        'client_secret = "not-a-secret"\n'
        f'server_metadata_url = "{provider_url}/.well-known/openid-configuration"\n', encoding="utf-8")
    return path
