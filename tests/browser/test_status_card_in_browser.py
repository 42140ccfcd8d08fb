"""The status card on the province page, in Chromium: shown on demand, downloaded as a 1080-px PNG, and handed to
the browser's share sheet (Web Share API) where the browser has one; nothing leaves the machine."""

import struct

from playwright.sync_api import expect

CARD = "การ์ดสถานะสำหรับส่ง LINE"
# Chromium on Linux has no share sheet: this stands in for a phone's, recording what the page hands it.
PHONE_SHARE = """
window.__shared = [];
navigator.canShare = (data) => Array.isArray(data.files) && data.files.length > 0;
navigator.share = async (data) => {
  const file = data.files[0];
  window.__shared.push({ name: file.name, type: file.type, size: file.size, text: data.text, title: data.title,
                         head: Array.from(new Uint8Array(await file.slice(0, 24).arrayBuffer())) });
};
"""


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_the_card_downloads_as_a_png_and_the_share_button_is_hidden_without_a_share_sheet(page):
    page.open("/province?province=50&fy=2570")
    page.page.get_by_text(CARD).click()
    expect(page.page.locator('[data-testid="stImage"] img')).to_be_visible(timeout=60_000)
    with page.page.expect_download(timeout=60_000) as download:
        page.page.get_by_role("button", name="ดาวน์โหลดการ์ดสถานะ (PNG)").click()
    png = open(download.value.path(), "rb").read()
    assert download.value.suggested_filename.startswith("INFO_2570_เชียงใหม่_") and _png_size(png)[0] == 1080
    assert page.page.get_by_role("button", name="ส่งต่อ (LINE และแอปอื่น)").count() == 0  # hidden: no share sheet
    page.screenshot("province-status-card")
    assert page.outside_requests() == []


def test_where_the_browser_can_share_files_the_card_goes_to_the_share_sheet(page):
    page.page.add_init_script(PHONE_SHARE)
    page.open("/province?province=50&fy=2570")
    page.page.get_by_text(CARD).click()
    share = page.page.get_by_role("button", name="ส่งต่อ (LINE และแอปอื่น)")
    expect(share).to_be_visible(timeout=60_000)
    share.click()
    page.page.wait_for_function("() => window.__shared.length === 1", timeout=10_000)
    [shared] = page.page.evaluate("window.__shared")
    assert shared["type"] == "image/png" and shared["name"].endswith(".png") and shared["size"] > 10_000
    assert _png_size(bytes(shared["head"]))[0] == 1080
    assert shared["text"].endswith("/province?province=50&fy=2570") and shared["title"] == "จังหวัดเชียงใหม่"
    assert page.outside_requests() == []
