"""The meeting briefing PDF (DOMAIN.md §10): `python -m reports briefing` writes one A4 landscape page whose fonts
are all embedded, whose text holds `summary`'s figures (countdown, complete count and rate, the ten best), whose
charts are drawn, and which is built once and then shared; bad arguments exit 2 with a sentence."""

import dataclasses
import io
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from PIL import Image

from components import province_map
from components.countdown import countdown_text
from components.rankings import province_ranking
from data_access.db import engine
from reports import briefing as report
from reports.figures_export import FigureRenderer
from tests.conftest import PINNED_TODAY

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CAMPAIGN_YEAR = 2570  # with today pinned, the demo's running campaign: early, 0.7 % complete
A4_LANDSCAPE_PT = (841.89, 595.28)
_built: dict[tuple, Path] = {}


def reports_cli(*args: str, url: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, DATABASE_URL=url, INFO_TODAY=PINNED_TODAY.isoformat())
    return subprocess.run([sys.executable, "-m", "reports", *args], capture_output=True, text=True, env=env,
                          timeout=300)


def summary_json(url: str, year: int, province: str | None = None) -> dict:
    env = dict(os.environ, DATABASE_URL=url, INFO_TODAY=PINNED_TODAY.isoformat())
    args = ["--province", province] if province else []
    out = subprocess.run([sys.executable, "-m", "data_access", "summary", "--fiscal-year", str(year), *args,
                          "--format", "json"], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout)


def poppler(tool: str, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is missing: apt-get install poppler-utils (scripts/setup.sh --test installs it)")
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True).stdout


def comparable(text: str) -> str:
    """Text as pdftotext may give it back: the shaper splits ำ into ํ + า and the PDF maps the glyph back to either,
    and marks above or below may come out of order. Compare without marks, ำ as า, and without spaces."""
    text = text.replace("ำ", "า")
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn" and not ch.isspace())


@pytest.fixture
def national_pdf(demo_env, tmp_path_factory) -> Path:
    """`python -m reports briefing --fiscal-year 2570` on the demo database (once per backend)."""
    key = (demo_env, CAMPAIGN_YEAR, None)
    if key not in _built:
        path = tmp_path_factory.mktemp("briefing") / "briefing.pdf"
        out = reports_cli("briefing", "--fiscal-year", str(CAMPAIGN_YEAR), "--out", str(path), url=demo_env)
        assert out.returncode == 0, out.stderr
        assert out.stderr == "" or "Traceback" not in out.stderr
        _built[key] = path
    return _built[key]


def test_cli_writes_one_a4_landscape_pdf(national_pdf):
    assert national_pdf.read_bytes().startswith(b"%PDF")
    info = poppler("pdfinfo", str(national_pdf))
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 1 <= pages <= 2
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert (width, height) == pytest.approx(A4_LANDSCAPE_PT, abs=1)


def test_every_font_is_embedded_and_thai_is_sarabun(national_pdf):
    rows = poppler("pdffonts", str(national_pdf)).splitlines()[2:]
    assert rows, "no fonts at all: the text is missing"
    for row in rows:
        columns = row.split()
        assert columns[-5] == "yes", f"not embedded: {row}"  # name type encoding emb sub uni object ID
    assert any("Sarabun" in row for row in rows)


def test_text_holds_the_summary_figures(national_pdf, demo_env):
    summary = summary_json(demo_env, CAMPAIGN_YEAR)
    text = comparable(poppler("pdftotext", "-layout", str(national_pdf), "-"))
    national = summary["national"]
    assert comparable(countdown_text(summary["days_left"], "th")) in text  # เหลือเวลาอีก 278 วัน
    assert comparable(f"{national['complete']:,}") in text
    assert comparable(f"{national['completion_rate'] * 100:.1f}%") in text
    assert comparable(f"{national['laos']:,}") in text
    best = province_ranking(summary["provinces"]).head(10)
    positions = []
    for _, row in best.iterrows():
        line = comparable(f"{row['rank']}{row['name_th']}{row['completion_rate'] * 100:.1f}"
                          f"{row['complete']}/{row['laos']}")
        assert line in text, f"{row['name_th']} is not in the best ten as `summary` ranks them"
        positions.append(text.index(line))
    assert positions == sorted(positions), "the ten best are not in rank order"


def test_footer_gives_the_as_of_date_and_the_letter(demo_env, tmp_path):
    path = tmp_path / "briefing-2566-50-en.pdf"
    out = reports_cli("briefing", "--fiscal-year", "2566", "--province", "50", "--lang", "en", "--out", str(path),
                      url=demo_env)
    assert out.returncode == 0, out.stderr
    text = " ".join(poppler("pdftotext", "-layout", str(path), "-").split())
    assert "Final figures as of 30 September 2566 BE" in text
    assert "0806.2" in text and "30 June 2566 BE" in text  # the FY2566 letter (DOMAIN.md §1)
    summary = summary_json(demo_env, 2566, "50")
    assert f"{summary['national']['complete']:,}" in text and "Chiang Mai" in text
    assert "districts" in text  # a province briefing ranks its districts


def test_page_image_is_kept_and_the_early_map_reads_in_several_colours(national_pdf, demo_env):
    """The PNG is a test artifact to look at. Early in a campaign (0.7 % complete) a 0–100 % scale paints every
    province the same colour; the map's scale must separate them (issue 11, item 6)."""
    ARTIFACTS.mkdir(exist_ok=True)
    backend = "postgresql" if demo_env.startswith("postgresql") else "sqlite"
    prefix = ARTIFACTS / f"briefing-national-{backend}"
    subprocess.run(["pdftoppm", "-png", "-r", "110", "-singlefile", str(national_pdf), str(prefix)], check=True)
    image = Image.open(f"{prefix}.png").convert("RGB")
    width, height = image.size
    assert width > height  # landscape
    map_area = image.crop((0, int(height * 0.2), int(width * 0.3), int(height * 0.95)))
    found = {colour for colour in province_map.CLASS_COLOURS
             if _near(map_area, tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5)))}
    assert len(found) >= 4, f"the map shows only {sorted(found)}"


def _near(image: Image.Image, rgb: tuple[int, int, int], tolerance: int = 12, minimum: int = 150) -> bool:
    pixels = image.resize((image.width // 2, image.height // 2)).getdata()
    return sum(1 for p in pixels if all(abs(a - b) <= tolerance for a, b in zip(p, rgb))) >= minimum


@pytest.mark.parametrize("args, says", [
    (["--province", "99"], "no province with code '99'"),
    (["--province", "10"], "no LAOs"),
    (["--province", "<b>50"], "no province with code '<b>50'"),
])
def test_unknown_or_empty_province_exits_2_with_a_sentence(demo_env, tmp_path, args, says):
    out = reports_cli("briefing", "--fiscal-year", "2566", *args, "--out", str(tmp_path / "b.pdf"), url=demo_env)
    assert out.returncode == 2
    assert says in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "b.pdf").exists()


@pytest.mark.parametrize("args, says", [
    (["--fiscal-year", "2599"], "fiscal year 2599 has no data"),
    (["--fiscal-year", "abc"], "is not a year"),
    (["--fiscal-year", "2566", "--lang", "fr"], "invalid choice"),
])
def test_bad_arguments_exit_2(demo_env, tmp_path, args, says):
    out = reports_cli("briefing", *args, "--out", str(tmp_path / "b.pdf"), url=demo_env)
    assert out.returncode == 2
    assert says in out.stderr and "Traceback" not in out.stderr


def test_out_must_be_a_pdf_in_an_existing_folder(demo_env, tmp_path):
    for out_path, says in ((tmp_path / "b.txt", "must name a .pdf"), (tmp_path / "no" / "b.pdf", "does not exist")):
        out = reports_cli("briefing", "--fiscal-year", "2566", "--out", str(out_path), url=demo_env)
        assert out.returncode == 2 and says in out.stderr


def test_names_from_the_database_are_escaped(demo_env):
    briefing = report.read_briefing(engine(), 2566, None, PINNED_TODAY)
    hostile = briefing.ranking.copy()
    hostile.loc[0, "name_th"] = "<script>alert(1)</script>"
    page = report.briefing_html(dataclasses.replace(briefing, ranking=hostile), {}, "th")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_built_once_per_key_and_shared(demo_env):
    eng = engine()
    first = report.briefing_pdf(eng, 2566, "50", "th", PINNED_TODAY)
    assert report.briefing_pdf(eng, 2566, "50", "th", PINNED_TODAY) is first
    english = report.briefing_pdf(eng, 2566, "50", "en", PINNED_TODAY)
    assert english is not first and english.startswith(b"%PDF")


def test_without_a_browser_the_pdf_says_the_charts_are_missing_and_is_not_kept(demo_env, monkeypatch):
    monkeypatch.setattr(report, "shared_renderer", lambda: FigureRenderer(browser="/nonexistent/chromium"))
    eng = engine()
    first = report.briefing_pdf(eng, 2566, "50", "en", PINNED_TODAY, thai_digits=True)  # a key no test built
    text = subprocess.run(["pdftotext", "-", "-"], input=first, capture_output=True, check=True).stdout.decode()
    assert "charts could not be drawn" in " ".join(text.split())
    assert "/nonexistent" not in text  # the reason is logged, never printed
    assert report.briefing_pdf(eng, 2566, "50", "en", PINNED_TODAY, thai_digits=True) is not first  # tried again


def test_page_count_stays_one_for_a_small_province(demo_env):
    """A province with few districts lists them all; the page still holds one sheet."""
    pdf = report.briefing_pdf(engine(), 2570, "58", "th", PINNED_TODAY)  # Mae Hong Son
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert re.search(r"Pages:\s+1\b", info)
    assert io.BytesIO(pdf).read(4) == b"%PDF"
