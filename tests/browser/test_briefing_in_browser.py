"""Briefing mode in a real Chromium at a projector's 1920×1080: nothing below the fold, the map drawn, nothing
fetched from outside, and the PDF download arrives as a PDF."""

import pytest

from tests.browser.conftest import RecordedPage

PROJECTOR = {"width": 1920, "height": 1080}
# Streamlit scrolls inside its main area, not the document: check every box that could scroll the page.
OVERFLOW = """() => {
  const boxes = [document.scrollingElement, document.querySelector('[data-testid="stMain"]'),
                 document.querySelector('[data-testid="stAppViewContainer"]')].filter(Boolean);
  return boxes.map(b => ({name: b.getAttribute('data-testid') || b.tagName, scroll: b.scrollHeight,
                          client: b.clientHeight}));
}"""


@pytest.fixture
def projector(browser, app_url):
    context = browser.new_context(viewport=PROJECTOR, locale="th-TH", timezone_id="Asia/Bangkok",
                                  accept_downloads=True)
    yield RecordedPage(context.new_page(), app_url)
    context.close()


@pytest.mark.parametrize("query, name", [("fy=2570", "briefing-1920"),
                                         ("fy=2566&province=50", "briefing-province-1920"),
                                         ("fy=2566&lang=en", "briefing-en-1920")])
def test_nothing_to_scroll_on_a_projector(projector, query, name):
    projector.open(f"/briefing?{query}")
    projector.page.wait_for_selector("path.choroplethlocation", timeout=60_000)
    projector.page.wait_for_timeout(500)  # the charts settle their height after drawing
    for box in projector.page.evaluate(OVERFLOW):
        assert box["scroll"] <= box["client"] + 1, f"{box['name']} scrolls: {box['scroll']} > {box['client']}"
    assert projector.page.evaluate("document.documentElement.scrollHeight") <= PROJECTOR["height"]
    assert projector.page.locator('[data-testid="stMetric"]').count() >= 5
    assert projector.page.locator("path.choroplethlocation").count() >= 77
    projector.screenshot(name)
    assert projector.outside_requests() == []


def test_the_pdf_download_arrives(projector, tmp_path):
    projector.open("/briefing?fy=2570")
    with projector.page.expect_download(timeout=180_000) as download:
        projector.page.get_by_role("button", name="ดาวน์โหลด PDF").click()
    path = tmp_path / "briefing.pdf"
    download.value.save_as(path)
    assert download.value.suggested_filename == "briefing-2570-national-th.pdf"
    assert path.read_bytes()[:5] == b"%PDF-"
    assert path.stat().st_size > 20_000  # fonts and charts, not an error page
    assert projector.outside_requests() == []
