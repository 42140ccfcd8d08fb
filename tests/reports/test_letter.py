"""The reminder letter (DOMAIN.md §10, LETTER.md): `python -m reports letter` writes a DOCX whose annex is exactly
the province's LAOs that are not complete, whose figures are `summary`'s, whose every run carries the Thai font,
on A4 with the official margins; bad arguments exit 2 with a sentence."""

import dataclasses
import io
import json
import os
import subprocess
import sys

import pytest
from docx import Document
from docx.oxml.ns import qn

from data_access import figures
from data_access.figures import queries
from data_access.db import engine
from data_access.admin.offices import Office
from data_access.access.scope import Scope
from reports import letter_text
from reports.letter import build_document, letter_bytes, letter_facts
from tests.conftest import PINNED_TODAY

THAI_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
FONT = "TH SarabunPSK"


def reports_cli(*args: str, url: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, DATABASE_URL=url, INFO_TODAY=PINNED_TODAY.isoformat())
    return subprocess.run([sys.executable, "-m", "reports", *args], capture_output=True, text=True, env=env,
                          check=False)


def summary_json(url: str, year: int, province: str) -> dict:
    env = dict(os.environ, DATABASE_URL=url, INFO_TODAY=PINNED_TODAY.isoformat())
    out = subprocess.run([sys.executable, "-m", "data_access", "summary", "--fiscal-year", str(year), "--province",
                          province, "--format", "json"], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout)


def body_text(doc) -> str:
    """The letter's paragraphs (not the tables), NBSPs as spaces, Thai digits as Arabic ones."""
    return "\n".join(p.text for p in doc.paragraphs).replace("\u00a0", " ").translate(THAI_TO_ARABIC)


def annex_rows(doc) -> list[list[str]]:
    """The annex's rows, without the risk column (present until the deadline; see the risk test)."""
    table = doc.tables[-1]
    header = [c.text for c in table.rows[0].cells]
    assert header[:6] == letter_text.ANNEX_HEADER and header[6:] in ([], [letter_text.ANNEX_RISK_HEADER])
    return [[c.text for c in row.cells][:6] for row in table.rows[1:]]


def test_until_the_deadline_the_annex_says_each_laos_risk(demo_env):
    from data_access.figures import risk
    from data_access.figures.export import RISK_TH

    doc = Document(io.BytesIO(letter_bytes(engine(), 2570, "30", PINNED_TODAY)))
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells][-1] == letter_text.ANNEX_RISK_HEADER
    as_of = figures.summary(engine(), 2570, Scope.of("30"), PINNED_TODAY).as_of
    judged = risk.lao_risk(engine(), 2570, Scope.of("30"), as_of)
    expected = dict(zip(judged["code"], judged["level"].map(RISK_TH)))
    shown = {row.cells[2].text: row.cells[6].text for row in table.rows[1:]}
    assert shown == expected
    past = Document(io.BytesIO(letter_bytes(engine(), 2566, "30", PINNED_TODAY)))
    assert [c.text for c in past.tables[-1].rows[0].cells] == letter_text.ANNEX_HEADER  # after the deadline: none


@pytest.mark.parametrize("year", [2566, 2570])
def test_cli_letter_annex_is_the_provinces_unfinished_laos(demo_env, tmp_path, year):
    out_file = tmp_path / "letter.docx"
    out = reports_cli("letter", "--fiscal-year", str(year), "--province", "30", "--out", str(out_file), url=demo_env)
    assert out.returncode == 0, out.stderr
    doc = Document(str(out_file))
    rows = annex_rows(doc)
    grid = queries.lao_grid(engine(), year, Scope.of("30"))
    unfinished = grid[grid["state"] != queries.COMPLETE]
    assert [r[2] for r in rows] != [] and sorted(r[2] for r in rows) == sorted(unfinished["code"])
    missing = dict(zip(unfinished["code"], unfinished["missing"]))
    for number, (n, district, code, name, lao_type, domains) in enumerate(rows, start=1):
        assert n.translate(THAI_TO_ARABIC) == str(number)
        assert domains == ", ".join(str(d) for d in missing[code]).translate(str.maketrans("0123456789",
                                                                                            "๐๑๒๓๔๕๖๗๘๙"))
    row_of = grid.set_index("code")
    assert all((row_of.at[code, "name_th"], row_of.at[code, "type"], row_of.at[code, "district_name_th"])
               == (name, lao_type, district) for _, district, code, name, lao_type, _ in rows)
    districts = [letter_text.thai_sort_key(r[1]) for r in rows]
    assert districts == sorted(districts), "ordered by district"
    s = summary_json(demo_env, year, "30")["national"]
    assert len(rows) == s["laos"] - s["complete"]
    text = body_text(doc)
    assert f"จำนวน {s['laos']} แห่ง รับรองข้อมูลครบถ้วนทุกด้านแล้ว {s['complete']} แห่ง" in text
    assert f"ยังดำเนินการไม่แล้วเสร็จ {s['laos'] - s['complete']} แห่ง" in text
    ranking = figures.province_figures(engine(), year, Scope.national())
    rank = int(ranking.set_index("code").at["30", "rank"])
    assert (f"อยู่ในลำดับที่ {rank} จาก {len(ranking)} จังหวัด" in text) == (s["complete"] > 0)


def test_every_run_has_the_thai_font_and_size_on_an_a4_page_with_the_official_margins(demo_env):
    doc = Document(io.BytesIO(letter_bytes(engine(), 2566, "50", PINNED_TODAY)))
    runs = list(doc.element.body.iter(qn("w:r")))
    in_tables = [r for r in runs if any(a.tag == qn("w:tbl") for a in r.iterancestors())]
    assert len(runs) > 50 and len(in_tables) > 20
    for run in runs:
        rpr = run.find(qn("w:rPr"))
        fonts = rpr.find(qn("w:rFonts"))
        assert [fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")] == [FONT] * 4
        assert rpr.find(qn("w:sz")).get(qn("w:val")) == rpr.find(qn("w:szCs")).get(qn("w:val")) == "32"
        assert rpr.find(qn("w:lang")).get(qn("w:bidi")) == "th-TH"
    normal = doc.styles["Normal"].element.find(qn("w:rPr"))
    assert normal.find(qn("w:rFonts")).get(qn("w:cs")) == FONT and normal.find(qn("w:szCs")).get(qn("w:val")) == "32"
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert [round(m.cm, 2) for m in (section.left_margin, section.right_margin, section.top_margin,
                                     section.bottom_margin)] == [3.0, 2.0, 2.5, 2.0]
    header_row = doc.tables[-1].rows[0]._tr
    assert header_row.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None, "the header repeats on every page"


def test_the_letter_has_its_parts_in_order(demo_env):
    doc = Document(io.BytesIO(letter_bytes(engine(), 2566, "50", PINNED_TODAY)))
    text = body_text(doc)
    order = ["พฤศจิกายน 2569", "เรื่อง\tเร่งรัด", "เรียน\tนายกองค์กรปกครองส่วนท้องถิ่น ตามบัญชีแนบท้าย",
             "อ้างถึง\tหนังสือกรมส่งเสริมการปกครองท้องถิ่น ที่ มท 0806.2/ว 23/32 ลงวันที่ 30 มิถุนายน 2566",
             "สิ่งที่ส่งมาด้วย\tบัญชีรายชื่อ", "ภายในวันที่ 31 สิงหาคม 2566 นั้น", "เลยกำหนดมาแล้ว 1183 วัน",
             "ขอแสดงความนับถือ", "ผู้ว่าราชการจังหวัดเชียงใหม่", "โทร. ",
             "การบันทึก ปรับปรุง และรับรองข้อมูลในระบบ INFO ประจำปีงบประมาณ พ.ศ. 2566"]
    positions = [text.find(part) for part in order]
    assert -1 not in positions and positions == sorted(positions), list(zip(order, positions))
    heading = doc.tables[0].rows[0].cells
    assert heading[0].text.startswith("ที่ ") and heading[1].text.startswith(
        "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดเชียงใหม่")


def _facts(**changes):
    facts = letter_facts(engine(), 2570, "30", PINNED_TODAY)
    return dataclasses.replace(facts, **changes)


@pytest.mark.parametrize("days_left, words", [
    (278, "เหลือเวลาอีก 278 วัน"), (1, "เหลือเวลาอีก 1 วัน"), (0, "ซึ่งเป็นวันสุดท้าย"), (-3, "เลยกำหนดมาแล้ว 3 วัน"),
])
def test_days_left_follow_the_countdown_rules(demo_env, days_left, words):
    text = letter_text.what_is_asked_now(_facts(days_left=days_left)).replace("\u00a0", " ")
    assert words in text.translate(THAI_TO_ARABIC)


def test_a_year_without_a_known_letter_leaves_its_number_and_date_to_fill(demo_env):
    facts = _facts()
    assert facts.letter_ref is None
    assert letter_text.reference(facts).replace("\u00a0", " ") == (
        f"หนังสือกรมส่งเสริมการปกครองท้องถิ่น ที่ {letter_text.SHORT_DOTS} ลงวันที่ {letter_text.SHORT_DOTS}")


def test_a_filled_office_is_printed_and_an_empty_one_leaves_dotted_lines(demo_env):
    filled = Office("30", "นครราชสีมา", "สำนักงานทดสอบ", "ศาลากลาง\nถนนมหาดไทย", "0-4424-2100", "0-4424-2101",
                    "nm@example.go.th", "นม 0023.3/ว", filled=True)
    doc = build_document(_facts(office=filled))
    text = body_text(doc)
    left, right = (c.text.translate(THAI_TO_ARABIC) for c in doc.tables[0].rows[0].cells)
    assert left == "ที่ นม 0023.3/ว" and right == "สำนักงานทดสอบ\nศาลากลาง\nถนนมหาดไทย"
    assert "โทร. 0-4424-2100\nโทรสาร 0-4424-2101\nไปรษณีย์อิเล็กทรอนิกส์ nm@example.go.th" in text
    blank = build_document(_facts())
    assert f"โทร. {letter_text.SHORT_DOTS}" in body_text(blank)
    assert blank.tables[0].rows[0].cells[0].text == f"ที่ {letter_text.SHORT_DOTS}"


def test_a_province_with_every_lao_complete_gets_an_empty_annex_that_says_so(demo_env):
    facts = _facts(complete=310, laos=310, not_started=0, completion_rate=1.0, annex=())
    doc = build_document(facts)
    assert annex_rows(doc) == [] and letter_text.NOTHING_PENDING in body_text(doc)
    assert "ครบทุกแห่งแล้ว" in letter_text.where_the_province_stands(facts)


def test_hostile_office_text_cannot_break_the_document(demo_env):
    office = Office("30", "นครราชสีมา", "<w:p>&amp;\x00\x0b", "]]>\n\x1f", "=1+1", "", "", "\x07")
    data = io.BytesIO()
    build_document(_facts(office=office)).save(data)
    reopened = Document(io.BytesIO(data.getvalue()))
    assert reopened.tables[0].rows[0].cells[1].text.startswith("<w:p>&amp;")


@pytest.mark.parametrize("args, words", [
    (("--fiscal-year", "2566", "--province", "99"), "no province with code '99'"),
    (("--fiscal-year", "2566", "--province", "10"), "Bangkok"),
    (("--fiscal-year", "2566", "--province", "'; DROP TABLE lao; --"), "no province with code"),
    (("--fiscal-year", "2023", "--province", "30"), "Christian-Era"),
    (("--fiscal-year", "2567", "--province", "30"), "fiscal year 2567 has no data"),
])
def test_bad_arguments_exit_2_with_a_sentence(demo_env, tmp_path, args, words):
    out_file = tmp_path / "letter.docx"
    out = reports_cli("letter", *args, "--out", str(out_file), url=demo_env)
    assert out.returncode == 2 and words in out.stderr, out.stderr
    assert "Traceback" not in out.stderr and not out_file.exists()


def test_an_out_file_in_a_missing_folder_exits_2(demo_env, tmp_path):
    out = reports_cli("letter", "--fiscal-year", "2566", "--province", "30", "--out",
                      str(tmp_path / "nowhere" / "letter.docx"), url=demo_env)
    assert out.returncode == 2 and "does not exist" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "nowhere").exists()


def test_thai_sort_key_files_leading_vowels_under_their_consonant():
    names = ["เมืองนครราชสีมา", "ครบุรี", "โนนไทย", "ขามทะเลสอ", "ปักธงชัย"]
    assert sorted(names, key=letter_text.thai_sort_key) == ["ขามทะเลสอ", "ครบุรี", "โนนไทย", "ปักธงชัย",
                                                             "เมืองนครราชสีมา"]
