"""What only a browser shows: the map is drawn, Thai renders, a click drills down, nothing leaves the machine."""

import io

from PIL import Image

THAI_RENDERS = """() => {
  const ctx = document.createElement('canvas').getContext('2d');
  const font = getComputedStyle(document.querySelector('[data-testid="stApp"]')).fontFamily;
  ctx.font = '32px ' + font;
  const thai = ctx.measureText('ก').width, missing = ctx.measureText('\\u0E7F').width;
  return {thai, missing, font};
}"""


def _distinct_colours(png: bytes) -> int:
    image = Image.open(io.BytesIO(png)).convert("RGB").resize((200, 150))
    return len(set(image.getdata()))


def test_national_map_draws_thai_renders_and_nothing_leaves_the_machine(page):
    page.open("/")
    page.page.wait_for_selector("path.choroplethlocation", timeout=60_000)
    assert page.page.locator("path.choroplethlocation").count() >= 77
    chart = page.page.locator('[data-testid="stPlotlyChart"]').first
    assert _distinct_colours(chart.screenshot()) > 20, "the map looks blank"
    assert "ปีงบประมาณ" in page.page.inner_text("body")
    glyphs = page.page.evaluate(THAI_RENDERS)
    assert glyphs["thai"] > 0
    page.screenshot("overview-1400")
    assert page.outside_requests() == []


def test_clicking_a_province_opens_its_page(page):
    page.open("/")
    page.page.wait_for_selector("path.choroplethlocation", timeout=60_000)
    target = page.page.locator("path.choroplethlocation").nth(40)
    box = target.bounding_box()
    target.click(position={"x": box["width"] / 2, "y": box["height"] / 2}, force=True)
    page.page.wait_for_url("**/province?*", timeout=30_000)
    page.wait_rendered()
    assert "province=" in page.page.url
    page.screenshot("province-after-map-click")
    assert page.outside_requests() == []


def test_phone_width_shows_the_countdown_and_kpis(browser, app_url):
    from tests.browser.conftest import RecordedPage

    context = browser.new_context(viewport={"width": 400, "height": 900}, locale="th-TH")
    phone = RecordedPage(context.new_page(), app_url).open("/")
    metrics = phone.page.locator('[data-testid="stMetric"]')
    metrics.nth(3).wait_for(timeout=30_000)
    assert metrics.count() >= 4
    for i in range(min(metrics.count(), 4)):
        box = metrics.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 400 + 1, "a KPI is cut off at 400 px"
    body = phone.page.inner_text("body")
    assert "วัน" in body  # the countdown
    phone.screenshot("overview-400")
    assert phone.outside_requests() == []
    context.close()


def test_switching_language_keeps_the_chosen_fiscal_year(page):
    """The year picker's labels change with the language; the chosen year must survive the next click."""
    page.open("/?fy=2566")
    page.page.get_by_text("English", exact=True).click()
    page.page.wait_for_url("**lang=en**", timeout=30_000)
    page.wait_rendered()
    page.page.get_by_text("Thai digits", exact=True).click()
    page.page.wait_for_url("**digits=1**", timeout=30_000)
    page.wait_rendered()
    assert "fy=2566" in page.page.url
    assert "๒๕๖๖" in page.page.locator("h1").first.inner_text()  # FY2566 (in Thai digits), not the newest year
    picked = page.page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first
    assert "2566" in picked.inner_text() or "2566" in (picked.locator("input").first.input_value() or "")
