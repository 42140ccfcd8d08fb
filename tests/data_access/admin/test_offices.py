"""Each province office's letterhead for the reminder letter: blanks until an admin fills it, partial changes,
hostile text refused with a sentence, every change audited (`python -m data_access offices`)."""

import json

import pytest

from data_access.access import audit
from data_access.admin.offices import OfficeError, get_office, list_offices, set_office
from tests.data_access.test_cli import cli


def test_an_office_nobody_filled_reads_as_its_usual_name_and_blanks(eng):
    office = get_office(eng, "30")
    assert office.name == "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดนครราชสีมา"
    assert (office.address, office.phone, office.fax, office.email, office.number_prefix) == ("",) * 5
    assert not office.filled and list_offices(eng) == []


def test_set_changes_only_the_fields_given_and_audits_them(eng):
    set_office(eng, "30", "cli:root", phone="0-4424-2100", address="ศาลากลาง\r\n  ถนนมหาดไทย \n\n", fax=None)
    office = set_office(eng, "30", "cli:root", number_prefix="นม ๐๐๒๓.๓/ว", phone=None)
    assert (office.phone, office.address_lines, office.number_prefix) == (
        "0-4424-2100", ["ศาลากลาง", "ถนนมหาดไทย"], "นม ๐๐๒๓.๓/ว")
    assert office.filled and [o.province_code for o in list_offices(eng)] == ["30"]
    cleared = set_office(eng, "30", "cli:root", phone="", name="")
    assert cleared.phone == "" and cleared.name.endswith("นครราชสีมา")
    trail = [(e["action"], e["outcome"], e["target"], e["detail"]) for e in audit.entries(eng)]
    assert trail == [("office-set", "done", "province 30", "set name, phone"),
                     ("office-set", "done", "province 30", "set number_prefix"),
                     ("office-set", "done", "province 30", "set address, phone")]


@pytest.mark.parametrize("province, changes, words", [
    ("99", {"phone": "1"}, "no province with code '99'"),
    ("10", {"phone": "1"}, "Bangkok is not under"),
    ("30", {}, "nothing to set"),
    ("30", {"email": "not an email"}, "is not an e-mail address"),
    ("30", {"phone": "1" * 101}, "--phone is 101 characters long"),
    ("30", {"address": "a\nb\nc\nd\ne"}, "at most 4"),
    ("3\x000", {"phone": "1"}, "no province with code"),
    ("30", {"line_group": "C123"}, "is not a LINE group id"),
    ("30", {"line_group": "C" + "0" * 32 + "\nBcc"}, "--line-group is 37 characters long"),
])
def test_bad_office_changes_are_refused_and_change_nothing(eng, province, changes, words):
    with pytest.raises(OfficeError, match=words):
        set_office(eng, province, "cli:root", **changes)
    assert list_offices(eng) == [] and audit.entries(eng) == []


def test_control_characters_never_reach_the_letterhead(eng):
    office = set_office(eng, "50", "cli:root", name="สำนักงาน\x00ทดสอบ\x1b[31m", phone="053\t111\x07222")
    assert office.name == "สำนักงาน ทดสอบ [31m" and office.phone == "053 111 222"


def test_offices_cli_round_trip(db_url):
    out = cli("offices", "set", "30", "--name", "สำนักงานทดสอบ", "--phone", "0-4424-2100", "--fax", "0-4424-2101",
              "--email", "nm@example.go.th", "--number-prefix", "นม ๐๐๒๓.๓/ว", "--address", "ศาลากลาง\nถนนมหาดไทย",
              url=db_url)
    assert out.returncode == 0, out.stderr
    assert "สำนักงานทดสอบ" in out.stdout
    listed = json.loads(cli("offices", "list", "--format", "json", url=db_url).stdout)
    assert [(o["province_code"], o["name"], o["address"], o["phone"], o["fax"], o["email"], o["number_prefix"])
            for o in listed] == [("30", "สำนักงานทดสอบ", "ศาลากลาง\nถนนมหาดไทย", "0-4424-2100", "0-4424-2101",
                                  "nm@example.go.th", "นม ๐๐๒๓.๓/ว")]
    assert "ศาลากลาง / ถนนมหาดไทย" in cli("offices", "list", url=db_url).stdout
    trail = json.loads(cli("audit", "--format", "json", url=db_url).stdout)
    assert [(e["action"], e["target"], e["actor"]) for e in trail] == [
        ("office-set", "province 30", audit.cli_actor())]
    bad = cli("offices", "set", "99", "--phone", "1", url=db_url)
    assert bad.returncode == 2 and "no province with code '99'" in bad.stderr and "Traceback" not in bad.stderr
    assert len(json.loads(cli("audit", "--format", "json", url=db_url).stdout)) == 1


def test_a_line_group_is_kept_for_the_morning_card(eng):
    group = "C" + "0123456789abcdef" * 2
    assert set_office(eng, "50", "cli:root", line_group=group).line_group == group
    assert get_office(eng, "50").line_group == group and set_office(eng, "50", "x", line_group="").line_group == ""
