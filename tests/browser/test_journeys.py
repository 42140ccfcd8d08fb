"""Journeys by clicking only, in a real browser: province → LAO → back, search → LAO → back, fiscal-year switch,
the chase-list download. Every journey also proves that no request left the machine."""

import csv
import io
from urllib.parse import parse_qs, urlparse

from openpyxl import load_workbook
from playwright.sync_api import expect


def test_province_map_dot_opens_the_lao_and_back_returns(page):
    page.open("/province?province=30&fy=2566&dsort=name")
    page.page.wait_for_selector('[data-testid="stPlotlyChart"] .scatterlayer path.point', timeout=60_000)
    dot = page.page.locator('[data-testid="stPlotlyChart"] .scatterlayer path.point').nth(5)
    dot.click(force=True)
    page.page.wait_for_url("**/lao?*", timeout=30_000)
    page.wait_rendered()
    assert "lao=" in page.page.url and "fy=2566" in page.page.url
    page.screenshot("lao-from-province-map")
    page.page.go_back()
    page.page.wait_for_url("**/province?*", timeout=30_000)
    # The LAO page's elements are still there, finished, until the province page's run replaces them: wait for
    # the province's title rather than for "rendered".
    expect(page.page.locator("h1").first).to_contain_text("นครราชสีมา", timeout=30_000)
    page.wait_rendered()
    query = _query(page.page.url)  # the province as it was left: its filters too
    assert query["province"] == ["30"] and query["dsort"] == ["name"] and "lao" not in query
    assert page.outside_requests() == []


def test_search_finds_an_lao_by_name_and_back_returns(page):
    page.open("/?fy=2566")
    box = page.page.get_by_label("ค้นหา อปท. (ชื่อหรือรหัส)")
    box.fill("กุดพิมาน")
    box.press("Enter")
    result = page.page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"] a').first
    result.wait_for(timeout=30_000)
    label = result.inner_text()
    assert "กุดพิมาน" in label and "จ." in label  # results name district and province
    result.click()
    page.page.wait_for_url("**/lao?*", timeout=30_000)
    expect(page.page.locator("h1").first).to_contain_text("กุดพิมาน", timeout=30_000)
    page.wait_rendered()
    page.screenshot("lao-from-search")
    page.page.go_back()
    page.wait_rendered()
    assert "/lao" not in page.page.url
    assert page.outside_requests() == []


# Every address the app writes into the browser's history (pushState), in order.
RECORD_HISTORY = """
window.__pushed = [];
const push = history.pushState.bind(history);
history.pushState = (state, title, url) => { window.__pushed.push(String(url)); return push(state, title, url); };
"""


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query)


def test_back_after_a_sidebar_search_returns_to_the_province_the_user_was_on(page):
    """Issue 9, defect 8: the LAO found lies in another province (71); Back must land on province 50 with its
    filters, never on "/province?lao=…" (which the page would read as the LAO's province). The stray entry came
    from a race in the browser between two messages of one run, so the journey is made three times."""
    page.page.add_init_script(RECORD_HISTORY)
    page.open("/province?province=50&fy=2566&dsort=name")
    expect(page.page.locator("h1").first).to_contain_text("เชียงใหม่", timeout=30_000)
    for _ in range(3):
        box = page.page.get_by_label("ค้นหา อปท. (ชื่อหรือรหัส)")
        box.fill("หนองบัว")
        box.press("Enter")
        result = page.page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"] a').first
        result.wait_for(timeout=30_000)
        assert "เชียงใหม่" not in result.inner_text()  # the journey proves something only if the LAO is elsewhere
        result.click()
        page.page.wait_for_url("**/lao?*", timeout=30_000)
        expect(page.page.locator("h1").first).to_contain_text("หนองบัว", timeout=30_000)
        page.wait_rendered()
        page.page.go_back()
        page.page.wait_for_url("**/province?*", timeout=30_000)
        expect(page.page.locator("h1").first).to_contain_text("เชียงใหม่", timeout=30_000)
        page.wait_rendered()
        query = _query(page.page.url)
        assert query["province"] == ["50"] and query["fy"] == ["2566"] and query["dsort"] == ["name"]
        assert "lao" not in query
    pushed = page.page.evaluate("window.__pushed")
    assert not [url for url in pushed if url.startswith("/province") and "lao=" in url]
    assert page.outside_requests() == []


def test_fiscal_year_switch_changes_the_view(page):
    page.open("/?fy=2566")
    page.page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.page.get_by_role("option", name="2565", exact=True).click()
    page.page.wait_for_url("**fy=2565**", timeout=30_000)
    expect(page.page.locator("h1").first).to_contain_text("2565", timeout=30_000)
    assert page.outside_requests() == []


def test_chase_list_downloads_arrive_and_open(page):
    page.open("/province?province=50&fy=2566")
    with page.page.expect_download(timeout=60_000) as xlsx_download:
        page.page.get_by_role("button", name="ดาวน์โหลด Excel").click()
    xlsx = xlsx_download.value
    assert xlsx.suggested_filename.startswith("INFO_2566_เชียงใหม่") and xlsx.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(open(xlsx.path(), "rb").read())).worksheets[0]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert "รหัส อปท." in header and sheet.max_row > 1
    with page.page.expect_download(timeout=60_000) as csv_download:
        page.page.get_by_role("button", name="ดาวน์โหลด CSV").click()
    rows = list(csv.reader(io.StringIO(open(csv_download.value.path(), encoding="utf-8-sig").read())))
    assert rows[0] == header[: len(rows[0])] and len(rows) == sheet.max_row
    with page.page.expect_download(timeout=60_000) as letter_download:
        page.page.get_by_role("button", name="หนังสือเร่งรัด (Word)").click()
    letter = letter_download.value
    assert letter.suggested_filename.endswith(".docx")
    from docx import Document

    doc = Document(letter.path())
    annex_codes = {row.cells[2].text for row in doc.tables[-1].rows[1:]}
    assert annex_codes == {row[header.index("รหัส อปท.")] for row in rows[1:]}  # the chase list's LAOs
    assert page.outside_requests() == []
