"""HTML to PNG in the real headless Chromium (one per module, behind a recording proxy): the size asked for, real
pixels, Thai drawn in Sarabun and nothing else (and a font without Thai shown to fall back, so the check can fail),
no request out of the machine, no script run, and a fresh Chromium after one dies."""

import io
import os
import signal
import time

import pytest
from PIL import Image

from reports.figures_export import FigureRenderer
from reports.screenshot import RenderError, Screenshotter, font_face_css

THAI = "ผู้ใหญ่ปู่ย่าตายายน้ำใจ กรุงเทพมหานคร ที่ตั้งสำนักงาน เชียงใหม่ ๓๑ สิงหาคม ๒๕๖๖"
LOCAL = ("file:", "data:", "about:")


def page(body: str, family: str = "Sarabun", head: str = "") -> str:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{font_face_css()}\n"
            f"* {{ margin: 0; }} body {{ font: 40px {family}; }}</style>{head}</head><body>{body}</body></html>")


CARD = page(f"<div style='height: 1350px'><h1 style='background: #0b4f8a; color: white'>{THAI}</h1>"
            f"<p>{THAI}</p><p><b>{THAI}</b></p></div>")


@pytest.fixture(scope="module")
def renderer(proxy):
    chromium = FigureRenderer(proxy=proxy.address)
    yield chromium
    chromium.close()


@pytest.fixture(scope="module")
def shooter(renderer):
    taker = Screenshotter(renderer)
    taker.events = []
    taker.watch_requests(taker.events.append)
    return taker


def image(png: bytes) -> Image.Image:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return Image.open(io.BytesIO(png)).convert("RGB")


def not_white(picture: Image.Image) -> int:
    return sum(count for count, rgb in picture.getcolors(1 << 24) if rgb != (255, 255, 255))


def test_a_thai_card_is_captured_at_the_width_asked_and_its_content_height(shooter):
    picture = image(shooter.png(CARD))
    assert picture.size == (1080, 1350)
    assert 20_000 < not_white(picture) < 1080 * 1350 // 2  # the heading's band and the text, on white
    assert image(shooter.png(page("<div style='height: 200px'></div>"))).size == (1080, 200)  # shorter: no leftover


def test_at_scale_2_the_png_has_twice_the_pixels(shooter):
    assert image(shooter.png(CARD, scale=2)).size == (2160, 2700)


def test_the_thai_text_is_drawn_in_sarabun_and_nothing_else(shooter):
    used = shooter.fonts_used(CARD)
    assert set(used) == {"Sarabun"} and used["Sarabun"] >= 3 * len(THAI.replace(" ", "")) // 2


def test_a_font_without_thai_is_seen_to_fall_back(shooter):
    used = shooter.fonts_used(page(f"<p>{THAI}</p>", family='"DejaVu Sans Mono", monospace'))
    assert "Sarabun" not in used
    assert sum(n for family, n in used.items() if family != "DejaVu Sans Mono") >= 40  # the Thai, in a system font


def test_nothing_outside_is_fetched(shooter, proxy):
    outside = page("<div style='height: 300px; background: url(https://example.invalid/bg.png)'>"
                   f"{THAI}<img src='http://example.invalid/x.png'></div>",
                   head="<link rel='stylesheet' href='https://example.invalid/style.css'>")
    shooter.events.clear()
    proxy.requests.clear()
    assert image(shooter.png(outside)).size == (1080, 300)
    sent = {e["params"]["requestId"]: e["params"]["request"]["url"] for e in shooter.events
            if e["method"] == "Network.requestWillBeSent"}
    blocked = {e["params"]["requestId"]: e["params"].get("blockedReason") for e in shooter.events
               if e["method"] == "Network.loadingFailed"}
    tried = {request: url for request, url in sent.items() if not url.startswith(LOCAL)}
    # the page asked for all three (so the witness sees requests) and the page's own policy refused each before it
    # was made: Chromium never sent them, not even to the proxy, where every http(s) request of it would go
    assert sorted(tried.values()) == ["http://example.invalid/x.png", "https://example.invalid/bg.png",
                                      "https://example.invalid/style.css"]
    assert {blocked.get(request) for request in tried} == {"csp"}
    assert proxy.requests == []


def test_a_script_in_the_html_does_nothing(shooter):  # JavaScript is off, and the page's policy forbids scripts
    body = "<div id='t' style='height: 120px'>สถานะ</div>"
    hostile = ("<script>document.body.style.background = 'black'; document.getElementById('t').style.height ="
               " '900px';</script><img src='data:,' onerror=\"document.body.style.background = 'red'\" alt=''>")
    assert shooter.png(page(body + hostile)) == shooter.png(page(body + "<img src='data:,' alt=''>"))


def test_a_page_that_cannot_be_captured_is_refused_with_a_sentence(shooter):
    with pytest.raises(RenderError, match="px tall"):
        shooter.png(page("<div style='height: 20000px'></div>"))


def test_after_chromium_dies_or_is_closed_the_next_call_starts_it_afresh(shooter, renderer):
    shooter.png(CARD)
    first = renderer._kaleido.subprocess
    os.kill(first.pid, signal.SIGKILL)  # a crash
    deadline = time.monotonic() + 10
    while renderer.alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert image(shooter.png(CARD)).size == (1080, 1350)
    assert renderer._kaleido.subprocess.pid != first.pid and first.poll() is not None
    renderer.close()
    assert image(shooter.png(CARD)).size == (1080, 1350)
