"""`python -m data_access ingest --from DIR` (issue 16): the nightly export filed by itself, on both backends."""

import csv
import os
import shutil
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from data_access.access import audit
from data_access.config import BANGKOK
from data_access.figures import summary
from data_access.imports.ingest import day_report, ingest_folder
from data_access.models import IngestFile, Snapshot
from data_access.access.scope import Scope
from data_access.imports.status_import import import_status
from tests.support.status_file import write_status_csv, write_status_xlsx

ROOT = Path(__file__).resolve().parents[3]
AS_OF = date(2023, 8, 20)
TODAY = date(2023, 8, 21)
NAME = "info-status_2566_2023-08-20.csv"


def _certified(code, domain, by="นายทดสอบ"):
    return [code, domain, "รับรองแล้ว", "01/08/2566", "", "15/08/2566", by]


def _all_certified(codes, domains=range(1, 9), by="นายทดสอบ"):
    return [_certified(code, d, by) for code in codes for d in domains]


def _ingest(eng, folder, **kwargs):
    kwargs.setdefault("settle_seconds", 0)
    return ingest_folder(eng, folder, TODAY, **kwargs)


def _snapshots(eng) -> int:
    with eng.connect() as conn:
        return conn.scalar(select(func.count()).select_from(Snapshot))


def _ingest_audit(eng) -> list[dict]:
    return [e for e in audit.entries(eng) if e["action"] == "ingest"]


def _problems(csv_path: Path) -> list[list[str]]:
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))[1:]


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


@pytest.fixture
def inbox(tmp_path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def test_a_good_file_is_imported_filed_in_done_and_audited(eng, registry_2566, inbox):
    a, b = registry_2566[:2]
    rows = _all_certified([a]) + [[b, 1, "บันทึกแล้ว", "02/08/2566", "", "", ""]]
    write_status_xlsx(inbox / "info-status_2566_2023-08-20.xlsx", rows)
    [out] = _ingest(eng, inbox)
    assert out.outcome == "imported" and not out.refused and out.rows == 9
    assert out.line == f"imported info-status_2566_2023-08-20.xlsx: fiscal year 2566, snapshot {out.snapshot_id} " \
                       "as of 2023-08-20, 9 rows"
    s = summary(eng, 2566, Scope.national(), TODAY)
    assert (s.national.complete, s.national.in_progress, s.as_of) == (1, 1, AS_OF)
    assert _names(inbox) == ["done"] and _names(inbox / "done") == ["info-status_2566_2023-08-20.xlsx"]
    [entry] = _ingest_audit(eng)
    assert (entry["outcome"], entry["target"], entry["row_count"]) == ("done", f"snapshot {out.snapshot_id}", 9)
    assert entry["actor"].startswith("ingest:") and entry["source_name"] == "info-status_2566_2023-08-20.xlsx"
    assert not [e for e in audit.entries(eng) if e["action"] == "import-status"]
    with eng.connect() as conn:
        row = conn.execute(select(IngestFile)).mappings().one()
    assert (row["state"], row["snapshot_id"], row["fiscal_year"], row["as_of"], row["problem_count"]) == \
        ("imported", out.snapshot_id, 2566, AS_OF, 0)
    assert row["claimed_by"].endswith(f":{os.getpid()}") and row["finished_at"] is not None
    assert _ingest(eng, inbox) == []  # done/ is not looked into


def test_a_partial_file_the_guard_refuses_goes_to_refused_and_is_in_the_day_report(eng, registry_2566, inbox):
    write_status_csv(inbox / "full_2566_2023-08-19.csv", _all_certified(registry_2566, domains=[1]))
    write_status_csv(inbox / "partial_2566_2023-08-20.csv", _all_certified(registry_2566[:2], domains=[1]))
    first, second = _ingest(eng, inbox)
    assert first.outcome == "imported" and second.outcome == "refused" and second.refused
    assert _snapshots(eng) == 1
    assert _names(inbox / "refused") == ["partial_2566_2023-08-20.csv", "partial_2566_2023-08-20.csv.problems.csv"]
    [[row, column, reason]] = _problems(inbox / "refused" / "partial_2566_2023-08-20.csv.problems.csv")
    assert (row, column) == ("file", "") and f"covers 2 of {len(registry_2566)} LAOs" in reason
    assert "--allow-regression" in reason
    assert second.line.startswith("refused partial_2566_2023-08-20.csv: ") and \
        second.line.endswith("see refused/partial_2566_2023-08-20.csv.problems.csv")
    refused = [e for e in _ingest_audit(eng) if e["outcome"] == "refused"]
    assert len(refused) == 1 and refused[0]["source_name"] == "partial_2566_2023-08-20.csv"
    assert refused[0]["target"] == "refused/partial_2566_2023-08-20.csv"

    report = day_report(eng, datetime.now(BANGKOK).date())
    assert [(f.name, f.outcome, f.problem_count) for f in report.refused] == \
        [("partial_2566_2023-08-20.csv", "refused", 1)]
    assert f"covers 2 of {len(registry_2566)} LAOs" in report.refused[0].detail
    assert [(f.name, f.snapshot_id, f.as_of, f.rows) for f in report.imported] == \
        [("full_2566_2023-08-19.csv", first.snapshot_id, date(2023, 8, 19), len(registry_2566))]
    assert report.new_data and [s.id for s in report.snapshots] == [first.snapshot_id]
    yesterday = day_report(eng, datetime.now(BANGKOK).date() - timedelta(days=1))
    assert (yesterday.refused, yesterday.imported, yesterday.new_data) == ((), (), False)


def test_new_data_counts_any_import_and_not_a_withdrawn_one(eng, registry_2566, tmp_path):
    from data_access.admin.snapshots import withdraw

    path = write_status_csv(tmp_path / "by-hand.csv", _all_certified(registry_2566[:1]))
    result = import_status(eng, path, 2566, AS_OF, today=TODAY, actor="cli:op")
    today = datetime.now(BANGKOK).date()
    report = day_report(eng, today)
    assert report.new_data and report.imported == () and report.snapshots[0].imported_by == "cli:op"
    withdraw(eng, result.snapshot_id, "wrong file", actor="cli:op")
    report = day_report(eng, today)
    assert not report.new_data and report.snapshots[0].withdrawn


def test_a_bad_row_is_rejected_with_its_row_and_column(eng, registry_2566, inbox):
    rows = [_certified(registry_2566[0], 1), [registry_2566[1], 1, "done", "01/08/2566", "", "", ""]]
    write_status_csv(inbox / NAME, rows)
    [out] = _ingest(eng, inbox)
    assert out.outcome == "rejected" and out.refused and out.problem_count == 1
    assert out.line == f"refused {NAME}: 1 problem(s); see refused/{NAME}.problems.csv"
    [[row, column, reason]] = _problems(inbox / "refused" / f"{NAME}.problems.csv")
    assert (row, column) == ("3", "สถานะ") and reason.startswith("'done' is not a status")
    assert _snapshots(eng) == 0
    [entry] = _ingest_audit(eng)
    assert (entry["outcome"], entry["problem_count"]) == ("rejected", 1)
    assert "row 3, column สถานะ" in entry["detail"]
    with eng.connect() as conn:
        assert conn.execute(select(IngestFile.state, IngestFile.problem_count)).one() == ("refused", 1)


def test_a_name_without_year_and_date_is_refused_and_can_be_dropped_again_named_right(eng, registry_2566, inbox):
    write_status_csv(inbox / "export.csv", _all_certified(registry_2566[:1]))
    [out] = _ingest(eng, inbox)
    assert out.outcome == "refused" and out.refused
    [[_, _, reason]] = _problems(inbox / "refused" / "export.csv.problems.csv")
    assert reason.startswith("the name export.csv does not say the fiscal year and as-of date: name it "
                             "…_2570_2026-12-05.xlsx") and "sidecar export.csv.json" in reason
    assert _snapshots(eng) == 0 and [e["outcome"] for e in _ingest_audit(eng)] == ["refused"]
    # The name was wrong, not the content: the same file named right is taken.
    (inbox / "refused" / "export.csv").rename(inbox / NAME)
    [again] = _ingest(eng, inbox)
    assert again.outcome == "imported" and _snapshots(eng) == 1


@pytest.mark.parametrize("name, expected", [
    ("s_2023_2023-08-20.csv", "fiscal year 2023 looks like a Christian-Era year"),
    ("s_2566_2566-08-20.csv", "looks like a Buddhist-Era date"),
    ("s_2566_2023-02-30.csv", "2023-02-30, which is not a day of the calendar"),
    ("s_2566_2023-08-22.csv", "is after today (2023-08-21)"),
])
def test_an_impossible_year_or_date_in_the_name_is_refused(eng, registry_2566, inbox, name, expected):
    write_status_csv(inbox / name, _all_certified(registry_2566[:1]))
    [out] = _ingest(eng, inbox)
    assert out.outcome == "refused" and expected in out.line
    assert _names(inbox / "refused") == [name, f"{name}.problems.csv"] and _snapshots(eng) == 0


def test_the_sidecar_wins_over_the_name_and_travels_with_its_file(eng, registry_2566, inbox):
    write_status_csv(inbox / "info-status_2566_2023-08-01.csv", _all_certified(registry_2566[:1]))
    (inbox / "info-status_2566_2023-08-01.csv.json").write_text('{"fiscal_year": 2566, "as_of": "2023-08-20"}')
    write_status_csv(inbox / "no-date-in-name.csv", _all_certified(registry_2566[:2]))
    (inbox / "no-date-in-name.csv.json").write_text('{"as_of": "2023-08-20", "fiscal_year": 2566}')
    outcomes = _ingest(eng, inbox)
    assert [(o.name, o.outcome, o.as_of) for o in outcomes] == [
        ("info-status_2566_2023-08-01.csv", "imported", AS_OF), ("no-date-in-name.csv", "imported", AS_OF)]
    assert _names(inbox / "done") == ["info-status_2566_2023-08-01.csv", "info-status_2566_2023-08-01.csv.json",
                                      "no-date-in-name.csv", "no-date-in-name.csv.json"]
    assert _names(inbox) == ["done"]


@pytest.mark.parametrize("sidecar, expected", [
    ('{"fiscal_year": 2566, "as_of": "2023-08-20"', "is not readable JSON"),
    ('{"fiscal_year": 2566, "as_of": "2023-08-20", "note": "x"}', "is not what it should be"),
    ('["fiscal_year", "as_of"]', "is not what it should be"),
    ('{"fiscal_year": "2566", "as_of": "2023-08-20"}', "fiscal_year that is not a whole number"),
    ('{"fiscal_year": true, "as_of": "2023-08-20"}', "fiscal_year that is not a whole number"),
    ('{"fiscal_year": 2566, "as_of": "20/08/2566"}', "as_of that is not a YYYY-MM-DD text"),
    ('{"fiscal_year": 2566, "as_of": "2023-08-20", "x": "' + "x" * 5000 + '"}', "more than 4,096"),
    ('{"fiscal_year": 2023, "as_of": "2023-08-20"}', "looks like a Christian-Era year"),
])
def test_a_bad_sidecar_is_refused_with_a_sentence(eng, registry_2566, inbox, sidecar, expected):
    write_status_csv(inbox / NAME, _all_certified(registry_2566[:1]))  # the name alone would do
    (inbox / f"{NAME}.json").write_text(sidecar)
    [out] = _ingest(eng, inbox)
    assert out.outcome == "refused" and expected in out.line, out.line
    assert _names(inbox / "refused") == [NAME, f"{NAME}.json", f"{NAME}.problems.csv"]
    assert _snapshots(eng) == 0 and _names(inbox) == ["refused"]


def test_the_same_content_again_is_not_imported_and_nothing_is_overwritten(eng, registry_2566, inbox):
    write_status_csv(inbox / NAME, _all_certified(registry_2566))
    [first] = _ingest(eng, inbox)
    shutil.copy(inbox / "done" / NAME, inbox / "copy_2566_2023-08-20.csv")
    shutil.copy(inbox / "done" / NAME, inbox / NAME)
    copy, same_name = _ingest(eng, inbox)
    today = datetime.now(BANGKOK).date()
    assert copy.outcome == "repeat" and not copy.refused
    assert copy.line == f"already ingested copy_2566_2023-08-20.csv (as {NAME}) on {today:%Y-%m-%d}: moved to done/"
    assert same_name.line == f"already ingested {NAME} on {today:%Y-%m-%d}: moved to done/"
    assert _snapshots(eng) == 1 and first.snapshot_id == copy.snapshot_id
    assert _names(inbox / "done") == ["copy_2566_2023-08-20.csv", "info-status_2566_2023-08-20 (2).csv", NAME]
    assert [e["outcome"] for e in _ingest_audit(eng)] == ["unchanged", "unchanged", "done"]


def test_a_file_imported_by_hand_before_is_unchanged(eng, registry_2566, inbox, tmp_path):
    by_hand = write_status_csv(tmp_path / "by-hand.csv", _all_certified(registry_2566))
    result = import_status(eng, by_hand, 2566, AS_OF, today=TODAY)
    shutil.copy(by_hand, inbox / NAME)
    [out] = _ingest(eng, inbox)
    assert out.outcome == "unchanged" and out.snapshot_id == result.snapshot_id and _snapshots(eng) == 1
    assert out.line.startswith(f"already imported {NAME}: fiscal year 2566, already imported as snapshot")
    assert _names(inbox / "done") == [NAME] and [e["outcome"] for e in _ingest_audit(eng)] == ["unchanged"]


def test_a_refused_file_dropped_again_is_tried_again(eng, registry_2566, inbox):
    """Its cause may be gone (a registry imported, a wrong snapshot withdrawn): the same content is judged anew."""
    write_status_csv(inbox / NAME, [[registry_2566[0], 1, "done", "01/08/2566", "", "", ""]])
    _ingest(eng, inbox)
    shutil.copy(inbox / "refused" / NAME, inbox / NAME)
    [out] = _ingest(eng, inbox)
    assert out.outcome == "rejected" and out.refused and _snapshots(eng) == 0
    assert _names(inbox / "refused") == ["info-status_2566_2023-08-20 (2).csv",
                                         "info-status_2566_2023-08-20 (2).csv.problems.csv", NAME,
                                         f"{NAME}.problems.csv"]
    [[_, column, _]] = _problems(inbox / "refused" / "info-status_2566_2023-08-20 (2).csv.problems.csv")
    assert column == "สถานะ"
    assert [e["outcome"] for e in _ingest_audit(eng)] == ["rejected", "rejected"]


def test_files_still_arriving_partial_hidden_and_folders_are_left_alone(eng, registry_2566, inbox):
    rows = _all_certified(registry_2566[:1])
    for name in (f"{NAME}.part", f".{NAME}", f"{NAME}.tmp", f"{NAME}.json", "fresh_2566_2023-08-20.csv"):
        write_status_csv(inbox / name, rows)
    (inbox / "sub").mkdir()
    write_status_csv(inbox / "sub" / NAME, rows)
    write_status_csv(inbox / "waits-for-sidecar_2566_2023-08-20.csv", _all_certified(registry_2566[:2]))
    (inbox / "waits-for-sidecar_2566_2023-08-20.csv.json").write_text('{"fiscal_year": 2566, "as_of": "2023-08-20"}')
    old = time.time() - 600
    os.utime(inbox / "waits-for-sidecar_2566_2023-08-20.csv", (old, old))  # the file settled, its sidecar not
    before = _names(inbox)
    assert _ingest(eng, inbox, settle_seconds=60) == []
    assert _names(inbox) == before and _snapshots(eng) == 0
    os.utime(inbox / "fresh_2566_2023-08-20.csv", (old, old))
    os.utime(inbox / "waits-for-sidecar_2566_2023-08-20.csv.json", (old, old))
    assert [o.name for o in _ingest(eng, inbox, settle_seconds=60)] == ["fresh_2566_2023-08-20.csv",
                                                                        "waits-for-sidecar_2566_2023-08-20.csv"]
    assert _names(inbox) == sorted([f"{NAME}.part", f".{NAME}", f"{NAME}.tmp", f"{NAME}.json", "sub", "done"])


def test_a_claim_of_a_live_run_is_left_and_a_dead_one_taken_over(eng, registry_2566, inbox):
    from data_access.imports.tabular import file_sha256

    path = write_status_csv(inbox / NAME, _all_certified(registry_2566))
    digest = file_sha256(path)
    with eng.begin() as conn:
        conn.execute(insert(IngestFile).values(sha256=digest, file_name=NAME, size_bytes=1, state="claimed",
                                               claimed_by="other-host:4242",
                                               claimed_at=datetime.now(timezone.utc) - timedelta(minutes=5)))
    [out] = _ingest(eng, inbox)
    assert out.outcome == "busy" and out.line == f"left {NAME}: other-host:4242 is ingesting the same content"
    assert _names(inbox) == [NAME] and _snapshots(eng) == 0
    [out] = _ingest(eng, inbox, now=datetime.now(timezone.utc) + timedelta(minutes=30))  # it died meanwhile
    assert out.outcome == "imported" and _snapshots(eng) == 1
    with eng.connect() as conn:
        row = conn.execute(select(IngestFile.state, IngestFile.claimed_by)).one()
    assert row.state == "imported" and row.claimed_by.endswith(f":{os.getpid()}")


def test_an_import_that_crashes_is_filed_as_failed_in_one_sentence(eng, registry_2566, inbox, monkeypatch):
    import data_access.imports.status_import as status_import

    def crash(*args, **kwargs):
        raise RuntimeError("disk on fire\nTraceback (most recent call last)")

    monkeypatch.setattr(status_import, "import_status", crash)
    write_status_csv(inbox / NAME, _all_certified(registry_2566))
    [out] = _ingest(eng, inbox)
    assert out.outcome == "failed" and out.refused and "\n" not in out.warning
    assert out.warning.startswith(f"importing {NAME} failed (RuntimeError: disk on fire?Traceback")
    [[_, _, reason]] = _problems(inbox / "refused" / f"{NAME}.problems.csv")
    assert "the import failed" in reason and "import-status" in reason
    with eng.connect() as conn:
        assert conn.scalar(select(IngestFile.state)) == "failed"
    assert [e["outcome"] for e in _ingest_audit(eng)] == ["failed"]
    assert day_report(eng, datetime.now(BANGKOK).date()).refused[0].outcome == "failed"


def test_hostile_names_are_recorded_safely(eng, registry_2566, inbox):
    names = ["[click](javascript:alert(1)) <img src=x onerror=alert(1)> &amp; **bold**_2566_2023-08-20.csv",
             "two\nlines_2566_2023-08-20.csv", "a" * 180 + "_2566_2023-08-20.csv"]
    for i, name in enumerate(names):
        write_status_csv(inbox / name, _all_certified(registry_2566, by=f"ผู้รับรอง {i}"))
    thai = "ก" * 75 + "_2566_2023-08-20.csv"  # 245 bytes: its problems CSV's name must be shortened to fit
    write_status_csv(inbox / thai, [[registry_2566[0], 1, "done", "01/08/2566", "", "", ""]])
    outcomes = {o.name: o for o in _ingest(eng, inbox)}
    assert [outcomes[n].outcome for n in names] == ["imported"] * 3 and outcomes[thai].outcome == "rejected"
    assert all("\n" not in o.line for o in outcomes.values())
    assert outcomes[names[1]].line.startswith("imported two?lines_2566_2023-08-20.csv: ")
    recorded = {e["source_name"] for e in _ingest_audit(eng)}
    assert recorded == {names[0], "two?lines_2566_2023-08-20.csv", names[2], thai}
    with eng.connect() as conn:
        assert sorted(conn.scalars(select(Snapshot.source_name))) == sorted(
            [names[0], "two?lines_2566_2023-08-20.csv", names[2]])
    assert _names(inbox / "done") == sorted(names)
    problems_csv = outcomes[thai].problems_csv
    assert problems_csv.exists() and len(os.fsencode(problems_csv.name)) <= 255
    assert problems_csv.name.endswith(".csv.problems.csv")
    assert _problems(problems_csv)[0][:2] == ["2", "สถานะ"]


def _cli(*args: str, url: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, DATABASE_URL=url, INFO_TODAY=TODAY.isoformat())
    return subprocess.run([sys.executable, "-m", "data_access", *args], cwd=ROOT, capture_output=True, text=True,
                          env=env, timeout=120)


def test_the_command_exits_0_when_all_went_in_and_2_when_one_was_refused(db_url, eng, registry_2566, inbox,
                                                                           tmp_path):
    empty = _cli("ingest", "--from", str(inbox), url=db_url)
    assert (empty.returncode, empty.stdout) == (0, f"nothing new in {inbox}\n")
    write_status_csv(inbox / NAME, _all_certified(registry_2566))
    ok = _cli("ingest", "--from", str(inbox), "--settle-seconds", "0", url=db_url)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith(f"imported {NAME}: fiscal year 2566, snapshot ") and ok.stderr == ""
    write_status_csv(inbox / "b_2566_2023-08-20.csv", _all_certified(registry_2566[:1]))  # the guard refuses
    write_status_csv(inbox / "c.csv", _all_certified(registry_2566))  # no date
    refused = _cli("ingest", "--from", str(inbox), "--settle-seconds", "0", url=db_url)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert [line.split(":")[0] for line in refused.stdout.splitlines()] == ["refused b_2566_2023-08-20.csv",
                                                                            "refused c.csv"]
    entries = [(e["outcome"], e["source_name"]) for e in _ingest_audit(eng)]
    assert entries == [("refused", "c.csv"), ("refused", "b_2566_2023-08-20.csv"), ("done", NAME)]


@pytest.mark.parametrize("args, expected", [
    (["--from", "MISSING"], "is not an existing folder"),
    (["--from", "FILE"], "is not an existing folder"),
    (["--from", "LONG"], "is not an existing folder"),
    (["--from", "DIR", "--settle-seconds", "-1"], "is not a number of seconds"),
    ([], "the following arguments are required: --from"),
])
def test_a_wrong_folder_or_setting_exits_2_with_a_sentence(tmp_path, args, expected):
    (tmp_path / "file.csv").write_text("x")
    where = {"MISSING": str(tmp_path / "missing"), "FILE": str(tmp_path / "file.csv"), "DIR": str(tmp_path),
             "LONG": str(tmp_path / ("[x](http://e)" + "a" * 10_000))}  # longer than any file name may be
    out = _cli("ingest", *[where.get(a, a) for a in args], url=f"sqlite:///{tmp_path / 'db.sqlite'}")
    assert out.returncode == 2 and expected in out.stderr and "Traceback" not in out.stderr, out.stderr


def test_a_database_that_does_not_answer_exits_1(inbox):
    write_status_csv(inbox / NAME, [["5810401", 1, "บันทึกแล้ว", "01/08/2566", "", "", ""]])
    out = _cli("ingest", "--from", str(inbox), "--settle-seconds", "0", url="postgresql://nobody@127.0.0.1:1/gone")
    assert out.returncode == 1 and "cannot use the database" in out.stderr and "Traceback" not in out.stderr
    assert _names(inbox) == [NAME]


def test_two_ingests_at_once_import_the_file_once(db_url, eng, registry_2566, inbox):
    write_status_csv(inbox / NAME, _all_certified(registry_2566))
    env = dict(os.environ, DATABASE_URL=db_url, INFO_TODAY=TODAY.isoformat())
    command = [sys.executable, "-m", "data_access", "ingest", "--from", str(inbox), "--settle-seconds", "0"]
    runs = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    results = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err for _, err in results]
    assert all("Traceback" not in err for _, err in results)
    said = "".join(out for out, _ in results)
    assert said.count(f"imported {NAME}") == 1, said
    assert _snapshots(eng) == 1
    assert [e["outcome"] for e in _ingest_audit(eng)] == ["done"]
    assert _names(inbox) == ["done"] and _names(inbox / "done") == [NAME]
    with eng.connect() as conn:
        assert conn.execute(select(IngestFile.state)).scalars().all() == ["imported"]
