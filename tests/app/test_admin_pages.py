"""The import page (/import) and the administration page (/admin), on SQLite and PostgreSQL, each test on a database
of its own: only admins get them (others see ไม่มีสิทธิ์, audited); an admin imports a status file through the browser
(preview = what the import does), withdraws it again, and both are in the audit; a file that would undo figures
needs an explicit confirmation; hostile uploads get a sentence and change nothing but the audit trail."""

import io
import tempfile
import zipfile
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.i18n import t
from data_access.access import audit
from data_access.db import engine as make_engine
from data_access.admin.snapshots import list_snapshots
from components.safe_text import plain
from tests.app.admin_support import (
    as_csv, as_of_of, cli_summary, latest_export, pg_copy, pg_template, sqlite_copy, state_without_audit,
    with_more_complete,
)
from tests.app.helpers import ENTRY
from tests.app.identity import sign_in  # noqa: F401 (a fixture)
from tests.app.rendered import assert_nothing_live_or_leaked
from tests.conftest import PINNED_TODAY

IMPORT_PAGE, ADMIN_PAGE = "app_pages/admin_import.py", "app_pages/admin.py"
ADMIN = "admin@dla.go.th"
FY = 2566
DEMO_AS_OF = date(2023, 9, 30)  # the demo's latest FY2566 snapshot
NEW_AS_OF = date(2023, 10, 15)


@pytest.fixture(scope="module")
def admin_pg_template(request):
    return pg_template(request.getfixturevalue("postgres"))


@pytest.fixture(params=["sqlite", "postgresql"])
def own_db(request, tmp_path, monkeypatch) -> str:
    """A private copy of the seeded demo database: these tests import, withdraw and add users."""
    if request.param == "sqlite":
        url = sqlite_copy(request.getfixturevalue("demo_db_path"), tmp_path)
    else:
        url = pg_copy(request.getfixturevalue("postgres"), request.getfixturevalue("admin_pg_template"))
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("INFO_TODAY", PINNED_TODAY.isoformat())
    return url


@pytest.fixture
def upload_dir(tmp_path, monkeypatch) -> Path:
    """Where the pages' temporary copies go during the test: none may be left behind."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder
    assert not list(folder.glob("info-upload-*"))


def open_page(page: str, **query: str) -> AppTest:
    """These pages' url_paths are not their file names, so AppTest finds them only after a first run."""
    at = AppTest.from_file(ENTRY, default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(page).run()


def _int(text: str) -> int:
    return int(text.replace(",", ""))


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _frame(at, first_column: str):
    """The table whose first column is `first_column` (AppTest's Dataframe has no key to find it by)."""
    [found] = [d.value for d in at.dataframe if d.value.columns[0] == first_column]
    return found


def _newest(url: str) -> dict:
    return audit.entries(make_engine(url), limit=1)[0]


def _upload_and_check(at, name: str, data: bytes, as_of: date | None = NEW_AS_OF) -> AppTest:
    at.file_uploader(key="ad_upload").set_value((name, data, "application/octet-stream"))
    if as_of is not None:
        at.date_input(key="ad_as_of").set_value(as_of)
    at.run()
    return at.button(key="ad_check").click().run()


@pytest.mark.parametrize("role, provinces", [("province", ("50",)), ("national", ())])
def test_only_admins_get_the_import_and_admin_pages(own_db, sign_in, role, provinces):
    email = f"{role}@dla.go.th"
    sign_in(email, role, provinces)
    for page, what in ((IMPORT_PAGE, "page import"), (ADMIN_PAGE, "page admin")):
        at = open_page(page, fy=str(FY))
        assert not at.exception
        assert [x.value for x in at.main.title] == [t("ac_denied_title", "th")]
        assert [w.value for w in at.main.warning] == [t("ac_denied_text", "th")]
        assert not at.main.dataframe and not at.main.metric and not at.file_uploader and not at.main.button
        assert not at.main.get("form") and not at.main.get("tab")
        denied = [e for e in audit.entries(make_engine(own_db)) if e["action"] == "denied" and e["target"] == what]
        assert [e["actor"] for e in denied] == [email]


def test_an_admin_imports_a_status_file_sees_the_preview_commits_and_withdraws_it(own_db, sign_in, upload_dir):
    sign_in(ADMIN, "admin")
    before = cli_summary(FY)
    assert as_of_of(before) == DEMO_AS_OF
    snapshots_before = len(list_snapshots(make_engine(own_db), FY))
    rows, chosen = with_more_complete(latest_export(own_db, FY), 5)
    data = as_csv(rows)

    at = _upload_and_check(open_page(IMPORT_PAGE, fy=str(FY)), "export-2566.csv", data)
    assert_nothing_live_or_leaked(at)
    shown = _metrics(at)
    assert _int(shown[t("ad_rows", "th")]) == len(rows)
    covered, in_registry = (_int(x) for x in shown[t("ad_laos_covered", "th")].split(" / "))
    assert in_registry == before["national"]["laos"] and covered == len({r[0] for r in rows})
    complete_now = _int(shown[t("ad_complete_now", "th")])
    complete_after = _int(shown[t("ad_complete_after", "th")])
    assert complete_now == before["national"]["complete"] and complete_after == complete_now + len(chosen)
    newly = _frame(at, t("ad_province_col", "th"))
    assert newly.iloc[:, 1].map(_int).sum() == len(chosen)
    assert not at.warning, "a file that adds certifications needs no confirmation"
    assert as_of_of(cli_summary(FY)) == DEMO_AS_OF, "checking writes nothing"

    at.button(key="ad_commit").click().run()
    assert not at.exception
    assert at.success and at.success[0].value.startswith("นำเข้าแล้ว: สแนปช็อต")
    after = cli_summary(FY)
    assert as_of_of(after) == NEW_AS_OF and after["national"]["complete"] == complete_after
    newest = list_snapshots(make_engine(own_db), FY)[0]
    assert (newest.as_of, newest.rows, newest.source_name, newest.imported_by) == (
        NEW_AS_OF, len(rows), "export-2566.csv", ADMIN)
    done = _newest(own_db)
    assert (done["action"], done["outcome"], done["actor"], done["target"]) == (
        "import-status", "done", ADMIN, f"snapshot {newest.id}")

    at.button(key="ad_check").click().run()  # the same file again
    assert at.info and at.info[-1].value.startswith("ไฟล์นี้นำเข้าแล้ว")
    assert all(b.key != "ad_commit" for b in at.button)
    assert (_newest(own_db)["outcome"], len(list_snapshots(make_engine(own_db), FY))) == (
        "unchanged", snapshots_before + 1)

    admin = open_page(ADMIN_PAGE, fy=str(FY))
    assert not admin.exception
    listed = _frame(admin, t("ad_col_id", "th"))
    assert list(listed.iloc[0, :4]) == [newest.id, NEW_AS_OF.isoformat(), "export-2566.csv", len(rows)]
    admin.selectbox(key="ad_withdraw_pick_th").set_value(newest.id)
    admin.text_input(key="ad_withdraw_reason_th").input("ไฟล์ทดสอบ นำเข้าผิด")
    _submit(admin, "ad_withdraw_th")
    assert not admin.exception
    assert admin.success and admin.success[0].value.startswith(f"ถอนสแนปช็อต {newest.id}")
    back = cli_summary(FY)
    assert as_of_of(back) == DEMO_AS_OF and back["national"] == before["national"]
    withdrawn = _newest(own_db)
    assert (withdrawn["action"], withdrawn["actor"], withdrawn["target"], withdrawn["detail"]) == (
        "withdraw", ADMIN, f"snapshot {newest.id}", "ไฟล์ทดสอบ นำเข้าผิด")
    shown = _frame(admin, t("ad_audit_at", "th"))
    assert list(shown.iloc[:3, 2]) == ["withdraw", "import-status", "import-status"]  # newest first
    assert list(shown.iloc[:3, 3]) == ["done", "unchanged", "done"]


def _submit(at, form_key: str) -> None:
    """Click the submit button of the form `form_key` and run."""
    [button] = [b for b in at.button if b.proto.form_id == form_key]
    button.click().run()


def test_a_file_that_would_undo_certifications_needs_an_explicit_confirmation(own_db, sign_in):
    sign_in(ADMIN, "admin")
    before = cli_summary(FY)
    codes = sorted({r[0] for r in latest_export(own_db, FY)})[:10]
    partial = [[code, "1", "บันทึกแล้ว", "2023-10-01", "", "", ""] for code in codes]

    at = _upload_and_check(open_page(IMPORT_PAGE, fy=str(FY)), "partial.csv", as_csv(partial))
    assert_nothing_live_or_leaked(at)
    [guard] = at.warning
    complete = before["national"]["complete"]
    assert guard.value.startswith(f"**{t('ad_guard_title', 'th')}**")
    assert t("ad_guard_lost", "th", n=f"{complete:,}") in guard.value
    assert "ไม่ถึงครึ่งของ" in guard.value
    assert at.button(key="ad_commit").disabled, "no import without the confirmation"
    assert as_of_of(cli_summary(FY)) == DEMO_AS_OF

    [confirm] = at.checkbox
    assert confirm.label == t("ad_confirm", "th")
    confirm.check().run()
    assert not at.button(key="ad_commit").disabled
    at.button(key="ad_commit").click().run()
    assert not at.exception
    assert at.success[0].value.endswith(t("ad_done_confirmed", "th"))
    after = cli_summary(FY)
    assert as_of_of(after) == NEW_AS_OF and after["national"]["complete"] == 0
    done = _newest(own_db)
    assert (done["action"], done["outcome"], done["actor"]) == ("import-status", "done", ADMIN)
    assert "regression allowed" in done["detail"]


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


SHEET_FAR_AWAY = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                  b'<row r="1048000"><c r="XFD1048000"><v>1</v></c></row></sheetData></worksheet>')
# (name, content, what the page must say): each is refused with a sentence and changes nothing but the audit.
HOSTILE_UPLOADS = [
    ("empty.csv", b"", t("ad_up_empty", "th")),
    ("garbage.csv", bytes(range(256)) * 64, t("ad_up_binary", "th")),
    ("report.xlsx", "รหัส อปท.,ด้าน\n1234567,1\n".encode(), t("ad_problems", "th", n="1")),
    ("archive.xlsx", _zip({"readme.txt": b"not a workbook"}), t("ad_problems", "th", n="1")),
    ("bomb.xlsx", _zip({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": SHEET_FAR_AWAY}),
     t("ad_problems", "th", n="1")),
    ("big.csv", b"a,b\n" + b"1,2\n" * 300_000, t("ad_up_too_big", "th", size="1.1", limit="1")),
    ("../../etc/passwd.csv", b"user,shell\nroot,/bin/sh\n", t("ad_problems", "th", n="1")),
    ("[คลิก](http://x/p) ![i](http://x/i.png).csv", b"\x00\x01", t("ad_up_binary", "th")),
]


def test_hostile_uploads_get_a_sentence_and_change_nothing_but_the_audit(own_db, sign_in, monkeypatch,
                                                                         upload_dir):
    sign_in(ADMIN, "admin")
    monkeypatch.setenv("INFO_MAX_UPLOAD_MB", "1")
    before = state_without_audit(own_db)
    for name, data, sentence in HOSTILE_UPLOADS:
        audited = len(audit.entries(make_engine(own_db)))
        at = _upload_and_check(open_page(IMPORT_PAGE, fy=str(FY)), name, data)
        assert_nothing_live_or_leaked(at)
        assert any(e.value.startswith(sentence) for e in at.error), (name, [e.value for e in at.error])
        assert not [b for b in at.button if b.key == "ad_commit"], name
        entries = audit.entries(make_engine(own_db))
        assert len(entries) == audited + 1, name
        assert (entries[0]["action"], entries[0]["outcome"], entries[0]["source_name"], entries[0]["actor"]) == (
            "import-status", "rejected", name, ADMIN)
        assert entries[0]["problem_count"] >= 1
        assert any(c.value.startswith(f"ไฟล์ {plain(name)} (") for c in at.caption), "the name, as text"
        if name.endswith(".xlsx") and not data.startswith(b"PK"):
            assert any(i.value.startswith("ชื่อไฟล์") for i in at.info), "says the name disagrees"
    assert not Path("/etc/passwd.csv").exists() and not (Path.cwd().parent.parent / "etc" / "passwd.csv").exists()
    assert state_without_audit(own_db) == before


def test_an_admin_loads_a_new_years_registry_and_the_same_file_again_changes_nothing(own_db, sign_in, tmp_path):
    from tests.support.registry_file import coverage_rows, real_registry_records, write_registry_csv

    sign_in(ADMIN, "admin")
    records = real_registry_records()[:30]
    data = write_registry_csv(tmp_path / "registry.csv", coverage_rows(records, rows_per_lao=3)).read_bytes()
    at = open_page(IMPORT_PAGE, fy=str(FY), lang="en")
    at.radio(key="ad_kind_en").set_value("registry")
    at.number_input(key="ad_fy").set_value(2028).run()
    assert [w.value for w in at.warning] == [t("ad_fy_ce", "en", year=2028, suggest=2571)]
    assert at.button(key="ad_check").disabled
    at.number_input(key="ad_fy").set_value(2571)
    at = _upload_and_check(at, "ทะเบียน อปท.csv", data, as_of=None)
    assert_nothing_live_or_leaked(at)
    shown = _metrics(at)
    assert (shown["Rows"], shown["LAOs in the file"], shown["LAOs in the current registry"]) == ("90", "30", "—")
    assert at.info[-1].value == t("ad_registry_new_year", "en", year=2571)
    at.button(key="ad_commit").click().run()
    assert at.success[0].value == t("ad_done_registry", "en", year=2571, laos="30", rows="90")
    assert cli_summary(2571)["national"]["laos"] == 30
    assert (_newest(own_db)["action"], _newest(own_db)["outcome"]) == ("import-registry", "done")

    at.button(key="ad_check").click().run()
    assert _metrics(at)["LAOs in the current registry"] == "30"
    at.button(key="ad_commit").click().run()
    assert at.info[-1].value == t("ad_unchanged_registry", "en", year=2571)
    assert (_newest(own_db)["action"], _newest(own_db)["outcome"]) == ("import-registry", "unchanged")


def test_an_admin_grants_and_revokes_access_but_not_their_own(own_db, sign_in):
    from data_access.access.users import find_user

    sign_in(ADMIN, "admin")
    at = open_page(ADMIN_PAGE, fy=str(FY), lang="en")
    at.text_input(key="ad_user_email_en").input(" Prov@Example.ORG ")
    at.selectbox(key="ad_user_role_en").set_value("province")
    _submit(at, "ad_user_add_en")
    assert [w.value for w in at.warning] == [t("ad_user_need_provinces", "en")]
    assert find_user(make_engine(own_db), "prov@example.org") is None

    at.multiselect(key="ad_user_provinces_en").set_value(["50", "57"])
    _submit(at, "ad_user_add_en")
    assert not at.exception
    assert at.success[0].value == t("ad_user_saved", "en", email=plain("prov@example.org"), role="Province")
    user = find_user(make_engine(own_db), "prov@example.org")
    assert (user.role, user.provinces) == ("province", ("50", "57"))
    listed = _frame(at, "Email")
    assert listed.loc[listed["Email"] == "prov@example.org", "Provinces"].item() == "50 Chiang Mai, 57 Chiang Rai"

    at.text_input(key="ad_user_email_en").input(ADMIN.upper())
    at.selectbox(key="ad_user_role_en").set_value("national")
    at.multiselect(key="ad_user_provinces_en").set_value([])
    _submit(at, "ad_user_add_en")
    assert [w.value for w in at.warning] == [t("ad_user_self", "en")]
    assert find_user(make_engine(own_db), ADMIN).role == "admin"
    assert ADMIN not in at.selectbox(key="ad_user_remove_pick_en").options

    at.selectbox(key="ad_user_remove_pick_en").set_value("prov@example.org")
    _submit(at, "ad_user_remove_en")
    assert at.success[0].value == t("ad_user_removed", "en", email=plain("prov@example.org"))
    assert find_user(make_engine(own_db), "prov@example.org") is None
    trail = [(e["action"], e["outcome"], e["actor"], e["target"]) for e in audit.entries(make_engine(own_db), limit=2)]
    assert trail == [("user-remove", "done", ADMIN, "prov@example.org"), ("user-add", "done", ADMIN, "prov@example.org")]


def test_an_admin_sees_who_gets_the_digest_and_adds_and_removes_a_subscriber(own_db, sign_in):
    from data_access.admin import mail_log, offices, subscriptions

    eng = make_engine(own_db)
    offices.set_office(eng, "50", "test", email="office50@example.go.th")
    claim = mail_log.claim(eng, PINNED_TODAY, "office50@example.go.th", mail_log.DIGEST, "s")
    assert claim.claimed
    mail_log.finish(eng, PINNED_TODAY, "office50@example.go.th", mail_log.DIGEST, False, 3,
                    error="the server refused the recipient (550 no such mailbox)")
    sign_in(ADMIN, "admin")
    at = open_page(ADMIN_PAGE, fy=str(FY), lang="en")
    listed = _frame(at, "Recipient")
    assert listed.to_dict("records") == [{"Recipient": "office50@example.go.th", "Follows": "50 Chiang Mai",
                                          "As": "province office", "Today": "failed",
                                          "Why it failed": "the server refused the recipient (550 no such mailbox)"}]
    at.text_input(key="ad_digest_email_en").input("a@b.go.th\nBcc: x@evil.example")
    _submit(at, "ad_digest_add_en")
    assert "is not an e-mail address" in at.error[0].value and subscriptions.list_subscribers(eng) == []
    at.text_input(key="ad_digest_email_en").input(" Boss@DLA.go.th ")
    at.selectbox(key="ad_digest_scope_en").set_value("national")
    _submit(at, "ad_digest_add_en")
    assert at.success[0].value == t("ad_digest_saved", "en", email=plain("boss@dla.go.th"), scope="Whole country")
    assert [(s.email, s.scope, s.added_by) for s in subscriptions.list_subscribers(eng)] == [
        ("boss@dla.go.th", "national", ADMIN)]
    assert set(_frame(at, "Recipient")["Recipient"]) == {"boss@dla.go.th", "office50@example.go.th"}
    at.selectbox(key="ad_digest_remove_pick_en").set_value("boss@dla.go.th|national")
    _submit(at, "ad_digest_remove_en")
    assert subscriptions.list_subscribers(eng) == []
    trail = [(e["action"], e["actor"], e["target"]) for e in audit.entries(eng, limit=2)]
    assert trail == [("subscription-remove", ADMIN, "boss@dla.go.th"), ("subscription-add", ADMIN, "boss@dla.go.th")]
