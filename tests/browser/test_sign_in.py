"""Sign-in through a real OpenID Connect provider on loopback (oidc-provider-mock), in a real Chromium, against
the app with `[auth]` configured: a province user, a national user, an admin, an unknown email, and sign-out.
Every denial is in the audit trail; no page shows another province's LAO."""

import re
import secrets
import shutil

import pytest
from playwright.sync_api import expect

from data_access.access import audit
from data_access.db import engine
from data_access.access.users import add_user
from tests.browser.conftest import RecordedPage, _free_port, auth_secrets, sign_in_as as _sign_in, streamlit_server

PROVINCE_USER, NATIONAL_USER, ADMIN, STRANGER = ("office50@example.go.th", "dla@example.go.th",
                                                 "admin@example.go.th", "stranger@example.com")


@pytest.fixture(scope="module")
def auth_app(tmp_path_factory, demo_db_path, oidc_provider):
    """A copy of the demo database with three users, and the app with [auth] pointing at the provider."""
    folder = tmp_path_factory.mktemp("auth")
    shutil.copy(demo_db_path, folder / "auth.sqlite")
    url = f"sqlite:///{folder / 'auth.sqlite'}"
    eng = engine(url)
    add_user(eng, PROVINCE_USER, "province", ["50"], actor="test")
    add_user(eng, NATIONAL_USER, "national", [], actor="test")
    add_user(eng, ADMIN, "admin", [], actor="test")
    secrets_file = folder / "secrets.toml"

    cookie_secret = secrets.token_hex(32)

    # The redirect URI names the app's port: pick it before the server starts.
    port = _free_port()
    auth_secrets(secrets_file, f"http://127.0.0.1:{port}", oidc_provider, cookie_secret)
    with streamlit_server({"DATABASE_URL": url}, folder / "streamlit.log", "--secrets.files", str(secrets_file),
                          port=port) as app:
        yield app, eng
    log = (folder / "streamlit.log").read_text(encoding="utf-8", errors="replace")
    assert "streamlit" in log.lower() or log == ""  # the server's own log, read after it stopped
    for secret in (cookie_secret, "not-a-secret", "eyJ"):  # the secrets, and any JSON Web Token
        assert secret not in log, "a secret or a token reached the server log"


@pytest.fixture
def auth_page(browser, auth_app):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="th-TH",
                                  timezone_id="Asia/Bangkok")
    # The test provider's authorize page links a stylesheet on a CDN: nothing may leave the machine, so abort it.
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost)"), lambda route: route.abort())
    yield RecordedPage(context.new_page(), auth_app[0])
    context.close()


def test_not_signed_in_sees_only_the_sign_in_page(auth_page):
    auth_page.page.goto(auth_page.base_url + "/province?province=50&fy=2566")
    expect(auth_page.page.get_by_role("button", name="เข้าสู่ระบบ")).to_be_visible(timeout=60_000)
    assert auth_page.page.locator('[data-testid="stMetric"]').count() == 0
    assert "เชียงใหม่" not in auth_page.page.inner_text("body")


def test_a_province_user_sees_their_province_and_is_denied_another(auth_page, auth_app):
    _sign_in(auth_page, PROVINCE_USER)
    auth_page.wait_rendered()
    # The email is shown as text: a word joiner before "@" keeps Markdown from making it a mailto link.
    expect(auth_page.page.get_by_text(re.compile(r"เข้าสู่ระบบในชื่อ office50\W*@example\.go\.th · จังหวัด เชียงใหม่"))) \
        .to_be_visible()
    auth_page.page.goto(auth_page.base_url + "/province?province=50&fy=2566")
    auth_page.wait_rendered()
    expect(auth_page.page.locator("h1").first).to_contain_text("เชียงใหม่")
    auth_page.page.goto(auth_page.base_url + "/province?province=30&fy=2566")
    expect(auth_page.page.get_by_text("ไม่มีสิทธิ์").first).to_be_visible(timeout=60_000)
    auth_page.wait_rendered("h1")
    body = auth_page.page.inner_text("body")
    assert "นครราชสีมา" not in body and auth_page.page.locator('[data-testid="stMetric"]').count() == 0
    denied = [e for e in audit.entries(auth_app[1]) if e["action"] == "denied" and e["actor"] == PROVINCE_USER]
    assert any(e["target"] == "province 30" for e in denied)
    auth_page.screenshot("sign-in-province-user-denied")
    assert all(url.endswith("pico.min.css") for url in auth_page.outside_requests()), "only the provider's, aborted"


def test_a_national_user_and_an_admin_see_every_province_and_sign_out(auth_page):
    for email in (NATIONAL_USER, ADMIN):
        _sign_in(auth_page, email)
        auth_page.page.goto(auth_page.base_url + "/province?province=30&fy=2566")
        auth_page.wait_rendered()
        expect(auth_page.page.locator("h1").first).to_contain_text("นครราชสีมา")
        auth_page.page.get_by_role("button", name="ออกจากระบบ").click()
        expect(auth_page.page.get_by_role("button", name="เข้าสู่ระบบ")).to_be_visible(timeout=60_000)


def test_no_secret_or_token_in_the_audit_trail(auth_app):
    text = repr(audit.entries(auth_app[1]))
    assert "not-a-secret" not in text and "eyJ" not in text and "cookie" not in text.lower()


def test_an_unknown_email_is_told_whom_to_ask_and_sees_no_figure(auth_page, auth_app):
    _sign_in(auth_page, STRANGER)
    expect(auth_page.page.get_by_text("ยังไม่มีสิทธิ์ใช้งาน").first).to_be_visible(timeout=60_000)
    assert auth_page.page.locator('[data-testid="stMetric"]').count() == 0
    assert any(e["actor"] == STRANGER and e["action"] == "denied" for e in audit.entries(auth_app[1]))

