"""The status card: its words come from the standing (held equal to `summary`), and Chromium draws them 1080 px
wide in Sarabun, every glyph of it (no fallback font, no tofu), whatever the names hold."""

import json
import struct
import subprocess
import sys
from dataclasses import replace

from components.i18n import format_number, format_pct
from data_access.db import engine
from data_access.access.scope import Scope
from data_access.figures.standing import standing
from reports import screenshot
from reports.card import WIDTH, card_html, card_lines, card_png, page_link
from tests.conftest import PINNED_TODAY

YEAR = 2570
BASE = "https://info.example.go.th"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def _summary(province: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "data_access", "summary", "--fiscal-year", str(YEAR), "--province",
                          province, "--format", "json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)["national"]


def test_the_card_says_the_summary_figures_in_thai_digits(demo_env):
    s = standing(engine(), YEAR, Scope.national(), "50", PINNED_TODAY)
    lines = card_lines(s, BASE)
    n = _summary("50")
    rate = lines.kpis[0]
    assert rate.value == format_pct(n["completion_rate"], True)
    assert rate.note.startswith(f"{format_number(n['complete'], True)} จาก {format_number(n['laos'], True)} แห่ง")
    assert lines.kpis[1].value == f"{format_number(s.rank, True)}/๗๖"
    assert lines.todo_title == f"อปท. ที่ยังไม่ครบ {format_number(n['laos'] - n['complete'], True)} แห่ง"
    assert lines.place == "จังหวัดเชียงใหม่" and lines.link == f"{BASE}/province?province=50&fy={YEAR}"
    assert lines.until == "ถึง ๓๑ สิงหาคม ๒๕๗๐"
    assert [r.label.split(". ", 1)[1] for r in lines.lagging] == [g.name_th for g in s.lagging]
    assert not any(ch in "0123456789" for text in lines.text() if BASE not in text for ch in text), lines.text()


def test_english_and_arabic_digits_on_request(demo_env):
    s = standing(engine(), YEAR, Scope.national(), "50", PINNED_TODAY)
    lines = card_lines(s, BASE, "en", thai_digits=False)
    assert lines.place == "Chiang Mai" and lines.title == f"INFO data, fiscal year {YEAR}"
    assert lines.link.endswith("&lang=en") and "of" in lines.kpis[0].note


def test_the_national_card_has_no_rank_and_names_provinces(demo_env):
    s = standing(engine(), YEAR, Scope.national(), None, PINNED_TODAY)
    lines = card_lines(s, BASE)
    assert lines.place == "ทั้งประเทศ" and len(lines.kpis) == 1 and lines.link == f"{BASE}/?fy={YEAR}"
    assert lines.lagging_title == "จังหวัดที่ต้องเร่งรัด" and len(lines.lagging) == 3


def test_chromium_draws_the_card_in_sarabun_without_missing_glyphs(demo_env):
    s = standing(engine(), YEAR, Scope.national(), "50", PINNED_TODAY)
    page = card_html(card_lines(s, BASE))
    width, height = png_size(card_png(s, BASE))
    assert width == WIDTH and 900 < height < 2000
    used = screenshot.fonts_used(page)
    assert set(used) == {"Sarabun"} and used["Sarabun"] > 300, used


HOSTILE = "<script>alert(1)</script> [x](http://e) **หนา** ผู้ใหญ่\u0000\n\u202eปู่" + "ก" * 10_000


def test_hostile_names_are_text_one_line_and_drawn(demo_env):
    s = standing(engine(), YEAR, Scope.national(), "50", PINNED_TODAY)
    groups = tuple(replace(g, name_th=HOSTILE) for g in s.lagging)
    hostile = replace(s, name_th=HOSTILE, lagging=groups)
    lines = card_lines(hostile, BASE)
    for text in lines.text():
        assert "\n" not in text and "\u0000" not in text and "\u202e" not in text and len(text) < 200
    page = card_html(lines)
    assert "<script>" not in page and "&lt;script&gt;" in page
    width, height = png_size(card_png(hostile, BASE))
    assert width == WIDTH and height < 2000  # a 10 KB name is cut, not laid out over pages
    assert set(screenshot.fonts_used(page)) == {"Sarabun"}


def test_cli_writes_the_card_and_refuses_what_it_cannot_make(demo_env, tmp_path):
    out = tmp_path / "card.png"
    done = subprocess.run([sys.executable, "-m", "reports", "card", "--fiscal-year", str(YEAR), "--province", "50",
                           "--out", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert png_size(out.read_bytes())[0] == WIDTH
    for args, said in ((["--province", "10"], "Bangkok"), (["--province", "x]("], "no province"),
                       (["--out", str(tmp_path / "card.jpg")], "must name a .png"),
                       (["--out", str(tmp_path / ("a" * 10_000 + ".png"))], "longer than a file system takes")):
        argv = ["--fiscal-year", str(YEAR), "--province", "50", "--out", str(out)]
        for flag, value in zip(args[::2], args[1::2]):
            argv[argv.index(flag) + 1] = value
        refused = subprocess.run([sys.executable, "-m", "reports", "card", *argv], capture_output=True, text=True)
        assert refused.returncode == 2 and said in refused.stderr and "Traceback" not in refused.stderr


def test_page_link_is_the_province_page_of_the_year_or_the_overview():
    from datetime import date

    from data_access.figures.standing import Standing

    country = Standing(2570, None, "ทั้งประเทศ", "Thailand", date(2026, 12, 6), date(2027, 8, 31), 268, None, 0, 0,
                       0, 0, 0.0, None, 76, None, (), None, ())
    assert page_link(BASE, country) == f"{BASE}/?fy=2570"
    assert page_link(BASE, replace(country, province_code="50"), "en") == f"{BASE}/province?province=50&fy=2570&lang=en"
