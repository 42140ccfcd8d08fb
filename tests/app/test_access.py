"""Every page as every role (DOMAIN.md §9), through the real entry script: the scope comes from who is signed in,
never from the URL; out of scope is `ไม่มีสิทธิ์` with no figure, name or count; every denial is audited."""

import shutil
from datetime import datetime, timezone

import pytest
from sqlalchemy import text

from components.i18n import t
from data_access.access import audit
from data_access.db import engine
from tests.app.helpers import open_app
from tests.app.identity import sign_in  # noqa: F401 (a fixture)

PROVINCE, LAO, OVERVIEW = "app_pages/province.py", "app_pages/lao.py", "app_pages/overview.py"
OFFICE = "office50@example.go.th"


def _codes(url: str) -> dict[str, str]:
    """One FY2566 LAO code in Chiang Mai (50) and one in Nakhon Ratchasima (30)."""
    with engine(url).connect() as conn:
        return {p: conn.execute(text("SELECT code FROM lao WHERE fiscal_year = 2566 AND province_code = :p "
                                     "ORDER BY code LIMIT 1"), {"p": p}).scalar() for p in ("50", "30")}


def _name(url: str, code: str) -> str:
    with engine(url).connect() as conn:
        return conn.execute(text("SELECT name_th FROM lao WHERE fiscal_year = 2566 AND code = :c"), {"c": code}).scalar()


def _texts(at) -> str:
    parts = [e.value for kind in ("title", "markdown", "caption", "warning", "info", "error", "subheader")
             for e in getattr(at, kind) if isinstance(e.value, str)]
    parts += [p.proto.label for p in at.get("page_link")]
    return "\n".join(parts)


def _denied(at) -> bool:
    return (not at.exception and at.title and at.title[0].value == t("ac_denied_title")
            and not at.metric and not at.dataframe)


def test_a_province_user_sees_their_province_and_lao_and_is_denied_the_others(demo_env, sign_in):  # noqa: F811
    sign_in(OFFICE, "province", ("50",))
    codes = _codes(demo_env)
    at = open_app(PROVINCE, province="50", fy="2566")
    assert not at.exception and at.metric and "เชียงใหม่" in at.title[0].value
    assert t("dd_download_letter") in [b.proto.label for b in at.get("download_button")]
    at = open_app(LAO, lao=codes["50"], fy="2566")
    assert not at.exception and at.metric

    other_name = _name(demo_env, codes["30"])
    for page, query in ((PROVINCE, {"province": "30"}), (LAO, {"lao": codes["30"]}),
                        (PROVINCE, {"lao": codes["30"]})):  # the back-button form of the province URL
        at = open_app(page, fy="2566", **query)
        assert _denied(at) or (page == PROVINCE and "lao" in query and not at.dataframe), (page, query)
        shown = _texts(at)
        assert "นครราชสีมา" not in shown and other_name not in shown
        assert not at.get("download_button"), "no chase list or letter of another province"
    targets = {e["target"] for e in audit.entries(engine()) if e["actor"] == OFFICE and e["action"] == "denied"}
    assert {"province 30", f"lao {codes['30']}"} <= targets


def test_a_province_users_search_finds_only_their_province(demo_env, sign_in):  # noqa: F811
    sign_in(OFFICE, "province", ("50",))
    at = open_app(LAO, q="หนอง", fy="2566")
    links = [p.proto.label for p in at.get("page_link") if p.proto.page == "lao"]
    assert links and all("จ.เชียงใหม่" in label for label in links)
    at = open_app(OVERVIEW, fy="2566")
    at.text_input(key="lao_search").input("หนอง").run()
    links = [p.proto.label for p in at.get("page_link") if p.proto.page == "lao" and " · " in p.proto.label]
    assert links and all("จ.เชียงใหม่" in label for label in links)


@pytest.mark.parametrize("role", ["national", "admin"])
def test_national_and_admin_see_every_province(demo_env, sign_in, role):  # noqa: F811
    sign_in(f"{role}@example.go.th", role)
    at = open_app(PROVINCE, province="30", fy="2566")
    assert not at.exception and at.metric and "นครราชสีมา" in at.title[0].value


def test_signed_out_sees_only_the_sign_in_button(demo_env, sign_in):  # noqa: F811
    sign_in(None)
    at = open_app(PROVINCE, province="50", fy="2566")
    assert not at.exception and not at.metric and not at.dataframe
    assert [b.label for b in at.button] == [t("ac_sign_in")]
    assert "เชียงใหม่" not in _texts(at)


def test_an_email_without_a_role_is_told_whom_to_ask(demo_env, sign_in):  # noqa: F811
    sign_in("someone@example.com")
    at = open_app(OVERVIEW, fy="2566")
    assert not at.exception and not at.metric and at.title[0].value == t("ac_no_role_title")
    assert any(e["actor"] == "someone@example.com" and e["target"] == "no role" for e in audit.entries(engine()))


@pytest.fixture
def imported_data(tmp_path, demo_db_path, monkeypatch):
    """A copy of the demo database whose newest data came from an import, not from seed-demo."""
    shutil.copy(demo_db_path, tmp_path / "real.sqlite")
    url = f"sqlite:///{tmp_path / 'real.sqlite'}"
    with engine(url).begin() as conn:
        conn.execute(text("INSERT INTO import_log (kind, fiscal_year, source_name, at) VALUES "
                          "('status', 2570, 'export.csv', :at)"), {"at": datetime.now(timezone.utc)})
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("INFO_TODAY", "2026-11-26")
    monkeypatch.delenv("INFO_OPEN_ACCESS", raising=False)
    return monkeypatch


def test_open_mode_on_imported_data_refuses_unless_opened_on_purpose(imported_data):
    at = open_app(OVERVIEW, fy="2566")
    assert not at.exception and not at.metric
    assert any(e.value == t("ac_open_refused") for e in at.error)
    imported_data.setenv("INFO_OPEN_ACCESS", "1")
    at = open_app(OVERVIEW, fy="2566")
    assert not at.exception and at.metric
    assert any(w.value == t("ac_open_notice") for w in at.sidebar.warning)


def test_stale_data_is_said_during_a_campaign(demo_env, monkeypatch):
    monkeypatch.setenv("INFO_TODAY", "2026-12-05")  # the demo's FY2570 data is as of 26 November
    at = open_app(OVERVIEW, fy="2570")
    assert any("ข้อมูลไม่เป็นปัจจุบัน" in w.value and "(๙" not in w.value and "9 วันที่แล้ว" in w.value
               for w in at.warning)
    monkeypatch.setenv("INFO_STALE_AFTER_DAYS", "10")
    assert not any("ข้อมูลไม่เป็นปัจจุบัน" in w.value for w in open_app(OVERVIEW, fy="2570").warning)
    monkeypatch.setenv("INFO_STALE_AFTER_DAYS", "3")
    assert not any("ข้อมูลไม่เป็นปัจจุบัน" in w.value for w in open_app(OVERVIEW, fy="2566").warning)  # over


@pytest.mark.parametrize("value", ["30", "[กรุณายืนยันตัวตน](http://x/phish)", "<script>alert(1)</script>",
                                   "' OR 1=1 --", "3" * 10_000, "5\u00005"])
def test_tampered_parameters_never_reveal_another_province(demo_env, sign_in, value):  # noqa: F811
    sign_in(OFFICE, "province", ("50",))
    other = _name(demo_env, _codes(demo_env)["30"])
    for page, name in ((PROVINCE, "province"), (LAO, "lao"), (LAO, "q"), (PROVINCE, "district"),
                       (PROVINCE, "name")):
        query = {"province": "50"} if page == PROVINCE and name != "province" else {}
        at = open_app(page, fy="2566", **query, **{name: value})
        assert not at.exception, (page, name)
        shown = _texts(at)
        assert "นครราชสีมา" not in shown and other not in shown and "Traceback" not in shown
        assert len(shown) < 9_000, "a 10 KB value is never echoed whole"
        grid = [d.value for d in at.dataframe if "d1" in d.value.columns]
        if grid:
            assert all("นครราชสีมา" not in str(v) for v in grid[0]["district"])
