"""The command line contract of DOMAIN.md §8, run as an operator would."""

import csv
import json
import os
import subprocess
import sys

from sqlalchemy import create_engine

from data_access.access import audit
from tests.support.status_file import database_state, write_status_csv


def _data_state(eng) -> dict:
    return {table: rows for table, rows in database_state(eng).items() if table != "audit"}


def cli(*args: str, url: str, today: str = "2026-11-26") -> subprocess.CompletedProcess:
    env = dict(os.environ, DATABASE_URL=url, INFO_TODAY=today)
    return subprocess.run([sys.executable, "-m", "data_access", *args], capture_output=True, text=True, env=env)


def test_summary_json_has_the_documented_shape(demo_env):
    out = cli("summary", "--fiscal-year", "2566", "--format", "json", url=demo_env)
    assert out.returncode == 0, out.stderr
    s = json.loads(out.stdout)
    assert list(s) == ["fiscal_year", "as_of", "today", "deadline", "days_left", "national", "provinces", "types",
                       "domains"]
    assert (s["fiscal_year"], s["deadline"], s["today"], s["days_left"]) == (2566, "2023-08-31", "2026-11-26", -1183)
    assert list(s["national"]) == ["laos", "complete", "in_progress", "not_started", "cells", "cells_certified",
                                   "completion_rate"]
    assert len(s["provinces"]) == 76 and len(s["domains"]) == 8
    assert sum(p["laos"] for p in s["provinces"]) == s["national"]["laos"] == 7849
    assert sum(p["complete"] for p in s["provinces"]) == s["national"]["complete"]
    for d in s["domains"]:
        assert d["certified"] + d["updated"] + d["recorded"] + d["not_started"] == 7849


def test_summary_for_one_province(demo_env):
    s = json.loads(cli("summary", "--fiscal-year", "2566", "--province", "50", "--format", "json", url=demo_env).stdout)
    assert [p["code"] for p in s["provinces"]] == ["50"]
    assert s["national"]["laos"] == s["provinces"][0]["laos"]


def test_table_is_the_default_format(demo_env):
    out = cli("summary", "--fiscal-year", "2566", url=demo_env)
    assert out.returncode == 0 and "Chiang Mai" in out.stdout and "days left -1183" in out.stdout


def test_unknown_province_or_year_exits_2_without_traceback(demo_env):
    for args in (("--province", "99"), ("--province", "10")):
        out = cli("summary", "--fiscal-year", "2566", *args, url=demo_env)
        if args[1] == "10":  # Bangkok is a real province with no LAOs: empty, not an error
            assert out.returncode == 0
            assert json.loads(cli("summary", "--fiscal-year", "2566", *args, "--format", "json",
                                  url=demo_env).stdout)["national"]["laos"] == 0
        else:
            assert out.returncode == 2 and "Traceback" not in out.stderr and "99" in out.stderr
    out = cli("summary", "--fiscal-year", "2555", url=demo_env)
    assert out.returncode == 2 and "Traceback" not in out.stderr


def test_import_errors_exit_2_listing_every_problem_and_an_errors_csv(tmp_path, sample_registry_file,
                                                                      sample_records):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    assert cli("init-db", url=url).returncode == 0
    assert cli("init-db", url=url).returncode == 0  # idempotent
    out = cli("import-registry", str(sample_registry_file), "--fiscal-year", "2566", url=url)
    assert out.returncode == 0, out.stderr
    code = sample_records[0]["dlaCode"]
    bad = write_status_csv(tmp_path / "bad.csv", [[code, 1, "x", "", "", "", ""], ["12", 1, "บันทึกแล้ว", "", "", "", ""]])
    eng = create_engine(url)
    before = _data_state(eng)
    out = cli("import-status", str(bad), "--fiscal-year", "2566", "--as-of", "2023-08-20",
              "--errors-csv", str(tmp_path / "errors.csv"), url=url)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    lines = out.stderr.splitlines()
    assert "row 2, column สถานะ: 'x' is not a status (use ยังไม่บันทึก / บันทึกแล้ว / ปรับปรุงแล้ว / รับรองแล้ว or " \
           "not_started / recorded / updated / certified)" in lines
    assert any(line.startswith("row 3, column รหัส อปท.") for line in lines)
    assert any(line.startswith("row 3, column วันที่บันทึก: required") for line in lines)
    assert _data_state(eng) == before, "the data is unchanged; only the audit trail records the attempt"
    entry = audit.entries(eng, limit=1)[0]
    assert (entry["action"], entry["outcome"], entry["problem_count"], entry["source_name"]) == (
        "import-status", "rejected", 3, "bad.csv")
    with open(tmp_path / "errors.csv", encoding="utf-8-sig") as f:
        assert len(list(csv.reader(f))) == 1 + 3


def test_importing_twice_says_nothing_changed(tmp_path, sample_registry_file, sample_records):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    cli("import-registry", str(sample_registry_file), "--fiscal-year", "2566", url=url)
    good = write_status_csv(tmp_path / "good.csv", [[sample_records[0]["dlaCode"], 1, "บันทึกแล้ว", "01/08/2566",
                                                      "", "", ""]])
    args = ("import-status", str(good), "--fiscal-year", "2566", "--as-of", "2023-08-20")
    assert cli(*args, url=url).returncode == 0
    again = cli(*args, url=url)
    assert again.returncode == 0 and "nothing changed" in again.stdout
    s = json.loads(cli("summary", "--fiscal-year", "2566", "--format", "json", url=url).stdout)
    assert s["as_of"] == "2023-08-20" and s["national"]["in_progress"] == 1


def test_as_of_is_null_without_a_snapshot(tmp_path, sample_registry_file):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    cli("import-registry", str(sample_registry_file), "--fiscal-year", "2566", url=url)
    s = json.loads(cli("summary", "--fiscal-year", "2566", "--format", "json", url=url).stdout)
    assert s["as_of"] is None and s["national"]["not_started"] == s["national"]["laos"]


def test_a_missing_file_and_a_bad_date_argument(tmp_path, sample_registry_file):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    out = cli("import-registry", str(tmp_path / "nope.csv"), "--fiscal-year", "2566", url=url)
    assert out.returncode == 2 and out.stderr.startswith("file: cannot open the file")
    out = cli("import-status", str(sample_registry_file), "--fiscal-year", "2566", "--as-of", "15/08/2566", url=url)
    assert out.returncode == 2 and "Traceback" not in out.stderr


def _copy_of_demo(tmp_path, demo_db_path) -> str:
    import shutil

    shutil.copy(demo_db_path, tmp_path / "demo.sqlite")
    return f"sqlite:///{tmp_path / 'demo.sqlite'}"


def _counts(url: str) -> dict:
    return json.loads(cli("summary", "--fiscal-year", "2566", "--format", "json", url=url).stdout)["national"]


def test_a_partial_status_file_is_refused_then_allowed_then_withdrawn(tmp_path, demo_db_path):
    url = _copy_of_demo(tmp_path, demo_db_path)
    before = _counts(url)
    assert before["complete"] > 1000
    one = tmp_path / "one.csv"
    one.write_text("รหัส อปท.,ด้าน,สถานะ\n" + f"{_a_code(url)},1,ยังไม่บันทึก\n", encoding="utf-8")
    args = ("import-status", str(one), "--fiscal-year", "2566", "--as-of", "2023-10-01")
    out = cli(*args, url=url)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert f"{before['complete']:,} complete LAOs would no longer count as complete" in out.stderr
    assert f"the file covers 1 of {before['laos']:,} LAOs" in out.stderr and "--allow-regression" in out.stderr
    assert _counts(url) == before

    assert cli(*args, "--allow-regression", url=url).returncode == 0
    assert _counts(url)["complete"] == 0
    listed = json.loads(cli("snapshots", "list", "--fiscal-year", "2566", "--format", "json", url=url).stdout)
    newest = listed[0]
    assert newest["file"] == "one.csv" and newest["rows"] == 1 and newest["imported_by"].startswith("cli:")
    out = cli("snapshots", "withdraw", str(newest["id"]), "--reason", "one row by mistake", url=url)
    assert out.returncode == 0, out.stderr
    assert _counts(url) == before
    listed = json.loads(cli("snapshots", "list", "--fiscal-year", "2566", "--format", "json", url=url).stdout)
    assert listed[0]["withdrawn"] and listed[0]["withdrawn_reason"] == "one row by mistake"
    assert cli("snapshots", "withdraw", str(newest["id"]), "--reason", "x", url=url).returncode == 2

    trail = json.loads(cli("audit", "--format", "json", url=url).stdout)
    assert [(e["action"], e["outcome"]) for e in trail[:3]] == [
        ("withdraw", "done"), ("import-status", "done"), ("import-status", "refused")]
    assert trail[2]["source_name"] == "one.csv" and "would no longer count" in trail[2]["detail"]


def _a_code(url: str) -> str:
    from sqlalchemy import create_engine, text

    with create_engine(url).connect() as conn:
        return conn.execute(text("SELECT code FROM lao WHERE fiscal_year = 2566 ORDER BY code LIMIT 1")).scalar()


def test_impossible_years_and_dates_exit_2_with_a_suggestion(tmp_path, sample_registry_file):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    cases = [
        (("import-registry", str(sample_registry_file), "--fiscal-year", "2023"), "did you mean 2566?"),
        (("summary", "--fiscal-year", "0"), "not a Buddhist-Era year"),
        (("summary", "--fiscal-year", "99999"), "not a Buddhist-Era year"),
        (("summary", "--fiscal-year", "abc"), "is not a year"),
        (("import-status", str(sample_registry_file), "--fiscal-year", "2566", "--as-of", "2566-08-15"),
         "did you mean 2023-08-15?"),
    ]
    for args, words in cases:
        out = cli(*args, url=url)
        assert out.returncode == 2 and words in out.stderr and "Traceback" not in out.stderr, (args, out.stderr)
    out = cli("summary", "--fiscal-year", "2566", url=url, today="2566-08-15")
    assert out.returncode == 2 and "INFO_TODAY 2566-08-15 looks like a Buddhist-Era date" in out.stderr
    assert "did you mean 2023-08-15?" in out.stderr and "Traceback" not in out.stderr


def test_errors_csv_never_overwrites_the_input_nor_fails_after_the_work(tmp_path, sample_registry_file):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    assert cli("import-registry", str(sample_registry_file), "--fiscal-year", "2566", url=url).returncode == 0
    bad = write_status_csv(tmp_path / "bad.csv", [["12", 1, "x", "", "", "", ""]])
    original = bad.read_bytes()
    for target, words in ((bad, "names the file being imported"),
                          (tmp_path / "." / "bad.csv", "names the file being imported"),
                          (tmp_path / "missing" / "e.csv", "does not exist"),
                          (tmp_path, "names a folder")):
        out = cli("import-status", str(bad), "--fiscal-year", "2566", "--as-of", "2023-08-20",
                  "--errors-csv", str(target), url=url)
        assert out.returncode == 2 and words in out.stderr and "Traceback" not in out.stderr, out.stderr
        assert "row 2" not in out.stderr, "refused before importing"
    assert bad.read_bytes() == original
