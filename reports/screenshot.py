"""HTML pages as PNG (the province status card posted in LINE groups), offline, in the headless Chromium that draws
the report figures (reports.figures_export): a tab of its own on that browser, driven on the same event-loop thread.

The caller's HTML is self-contained: CSS inline, fonts and images by file:// or data: URL (`font_face_css()` gives
Sarabun by file:// URL). The tab's document is a file:// page whose Content-Security-Policy allows images, fonts and
styles only from file: and data: and nothing else, and each HTML is written into that same document
(Page.setDocumentContent keeps the policy), so the page itself refuses a URL to an outside host before any request is
made (DevTools lists it, blocked: "csp"); behind that, Chromium's proxy is an address where nothing listens.
JavaScript is off in the tab (Emulation.setScriptExecutionDisabled): a <script> or an onerror= in the text never
runs. DevTools' own Runtime.evaluate still works, which is how the page is waited for (fonts, images, layout).

One capture at a time (a lock): on 2 cores one tab is as fast as several. A tab that fails or times out is closed and
the next call opens a new one; a Chromium that died is started afresh (FigureRenderer.start).
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import functools
import logging
import shutil
import tempfile
import threading
from pathlib import Path

from components.i18n import t
from reports.figures_export import FigureRenderer, RenderError, font_face_css, shared_renderer

__all__ = ["RenderError", "Screenshotter", "font_face_css", "fonts_used", "png", "shared_screenshotter", "warm_up"]

log = logging.getLogger(__name__)

POLICY = "default-src 'none'; img-src file: data:; font-src file: data:; style-src 'unsafe-inline' file: data:"
RENDER_TIMEOUT_S = 10  # one page, tab opened if need be (Chromium's own start has START_TIMEOUT_S)
QUEUE_TIMEOUT_S = 60  # waiting for the tab while other threads use it
MAX_DEVICE_PX = 16384  # the tallest capture, in device pixels

# Style and layout first (they start the font loads), then fonts and images, then the laid-out height.
_READY = """(async () => {
  document.documentElement.offsetHeight;
  await document.fonts.ready;
  await Promise.all(Array.from(document.images, image => image.decode().catch(() => null)));
  return document.documentElement.scrollHeight;
})()"""


@functools.cache
def home_page() -> str:
    """The tab's document (file://, with the policy), written once per process to a directory removed at exit."""
    folder = Path(tempfile.mkdtemp(prefix="info-screenshot-"))
    atexit.register(shutil.rmtree, folder, True)
    page = folder / "home.html"
    page.write_text(f'<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="{POLICY}">'
                    "</head><body></body></html>", encoding="utf-8")
    return page.as_uri()


class _PageError(RenderError):
    """The page was loaded but cannot be captured (too tall, or it navigated away): the tab is kept, and the next
    call takes it back to its home document."""


async def _send(tab, command: str, params: dict | None = None) -> dict:
    response = await tab.send_command(command, params)
    if "error" in response:
        raise RuntimeError(f"{command}: {response['error'].get('message', response['error'])}")
    return response.get("result", {})


async def _frame(tab) -> dict:
    return (await _send(tab, "Page.getFrameTree"))["frameTree"]["frame"]


async def _still_home(tab, frame: dict) -> None:
    """What was captured is the document the HTML was written into, not a page it navigated to (file:///etc/…)."""
    now = await _frame(tab)
    if (now["url"], now["loaderId"]) != (frame["url"], frame["loaderId"]):
        raise _PageError(f"the page navigated away (to {now['url'][:80]}), so it was not captured")


class Screenshotter:
    """A tab of its own on a FigureRenderer's Chromium (the process's shared one when None). Thread-safe."""

    def __init__(self, renderer: FigureRenderer | None = None):
        self._renderer = renderer
        self._lock = threading.Lock()
        self._tab = None
        self._owner = None  # the Kaleido (Chromium) the tab belongs to: after a restart the tab is gone
        self._watchers: list = []

    @property
    def renderer(self) -> FigureRenderer:
        return self._renderer or shared_renderer()

    def png(self, html: str, width: int = 1080, scale: float = 1.0) -> bytes:
        """The whole page, `width` CSS px wide and as tall as its content, at device scale factor `scale`."""
        _check(width, scale)

        async def capture(kaleido):
            tab, frame, height = await self._load(kaleido, html, width, scale)
            if height * scale > MAX_DEVICE_PX:
                raise _PageError(f"the page is {height} px tall, more than the {MAX_DEVICE_PX} px a capture takes")
            await _send(tab, "Emulation.setDeviceMetricsOverride",
                        {"width": width, "height": max(1, height), "deviceScaleFactor": scale, "mobile": False})
            shot = await _send(tab, "Page.captureScreenshot", {"format": "png", "optimizeForSpeed": True})
            await _still_home(tab, frame)
            return base64.b64decode(shot["data"])

        return self._call(capture, "the page could not be captured")

    def fonts_used(self, html: str, width: int = 1080) -> dict[str, int]:
        """{font family: glyph count} over the page's text, as Chromium rendered it: CSS.getPlatformFontsForNode
        on each text node (on an element it also counts some of the descendants' text, which would count twice)."""
        _check(width, 1.0)

        async def ask(kaleido):
            tab, frame, _ = await self._load(kaleido, html, width, 1.0)
            await _send(tab, "DOM.enable")
            await _send(tab, "CSS.enable")
            try:
                root = (await _send(tab, "DOM.getDocument", {"depth": -1}))["root"]
                used: dict[str, int] = {}
                for node in _text_nodes(root):
                    for font in (await _send(tab, "CSS.getPlatformFontsForNode", {"nodeId": node}))["fonts"]:
                        used[font["familyName"]] = used.get(font["familyName"], 0) + font["glyphCount"]
                await _still_home(tab, frame)
                return used
            finally:
                await _send(tab, "CSS.disable")
                await _send(tab, "DOM.disable")

        return self._call(ask, "the page's fonts could not be read")

    def watch_requests(self, record) -> None:
        """Call `record(event)` with every DevTools Network event of the tab from now on (requestWillBeSent,
        loadingFailed with its blockedReason, …): how a test proves that nothing is fetched from outside."""
        self._watchers.append(record)

        async def enable(kaleido):
            await self._watch(await self._tab_for(kaleido))

        self._call(enable, "the tab's requests could not be watched")

    def close_tab(self) -> None:
        """Close the tab (the next call opens another); Chromium itself is the renderer's."""
        with self._lock:
            self._discard()

    # On the renderer's event loop

    async def _tab_for(self, kaleido):
        if self._owner is kaleido and self._tab is not None and self._tab.target_id in kaleido.tabs:
            return self._tab
        self._tab = self._owner = None
        tab = await kaleido.create_tab("", window=True)
        try:
            await _send(tab, "Page.enable")
            await _send(tab, "Emulation.setScriptExecutionDisabled", {"value": True})
            await _send(tab, "Emulation.setScrollbarsHidden", {"hidden": True})
            if self._watchers:
                await self._watch(tab)
            await self._go_home(tab)
        except BaseException:
            with contextlib.suppress(Exception):
                await tab.close()
            raise
        self._tab, self._owner = tab, kaleido
        return tab

    async def _watch(self, tab) -> None:
        async def seen(message):
            for record in self._watchers:
                record(message)

        if "Network.*" not in tab.get_session().subscriptions:
            tab.subscribe("Network.*", seen)
            await _send(tab, "Network.enable")

    @staticmethod
    async def _go_home(tab) -> dict:
        loaded = tab.subscribe_once("Page.loadEventFired")
        await _send(tab, "Page.navigate", {"url": home_page()})
        await loaded
        return await _frame(tab)

    async def _load(self, kaleido, html: str, width: int, scale: float):
        """The HTML written into the tab's home document, fonts and images loaded: (tab, its frame, the content's
        height in CSS px)."""
        tab = await self._tab_for(kaleido)
        frame = await _frame(tab)
        if frame["url"] != home_page():  # the last page navigated away (<meta http-equiv="refresh">)
            frame = await self._go_home(tab)
        # 1 px tall while laid out, so that the document's height is its content's, not the window's
        await _send(tab, "Emulation.setDeviceMetricsOverride",
                    {"width": width, "height": 1, "deviceScaleFactor": scale, "mobile": False})
        await _send(tab, "Page.setDocumentContent", {"frameId": frame["id"], "html": html})
        ready = await _send(tab, "Runtime.evaluate", {"expression": _READY, "awaitPromise": True,
                                                      "returnByValue": True})
        if "exceptionDetails" in ready:
            raise RuntimeError(f"the page did not settle: {ready['exceptionDetails'].get('text')}")
        return tab, frame, int(ready["result"]["value"])

    # In the caller's thread

    def _call(self, work, failure: str):
        if not self._lock.acquire(timeout=QUEUE_TIMEOUT_S):
            raise RenderError(f"{failure}: the browser tab stayed busy for {QUEUE_TIMEOUT_S} s")
        try:
            renderer = self.renderer
            try:
                return renderer.run(work, RENDER_TIMEOUT_S)
            except _PageError:
                raise
            except TimeoutError as exc:
                self._discard()
                raise RenderError(f"{failure}: no answer from the browser within {RENDER_TIMEOUT_S} s") from exc
            except RenderError as exc:  # no browser, or it would not start
                self._discard()
                raise RenderError(f"{failure}: {exc}") from exc
            except Exception as exc:  # a DevTools error, or the browser died on the way
                reason = str(exc) if renderer.alive() else "the browser stopped (it is started afresh next time)"
                self._discard()
                raise RenderError(f"{failure}: {reason or type(exc).__name__}") from exc
        finally:
            self._lock.release()

    def _discard(self) -> None:
        """Forget the tab, closing it if its Chromium still runs (a stuck tab takes its Chromium down with it)."""
        tab, owner, self._tab, self._owner = self._tab, self._owner, None, None
        renderer = self.renderer
        if tab is None or renderer._kaleido is not owner or not renderer.alive():
            return

        async def close(kaleido):
            await tab.close()

        try:
            renderer.run(close, 5)
        except Exception as exc:
            log.warning("screenshot tab would not close (%s): restarting the browser", exc)
            renderer.close()


def _check(width: int, scale: float) -> None:
    if not (isinstance(width, int) and width > 0 and scale > 0):
        raise ValueError(f"width must be a positive whole number of px and scale positive, not {width!r}, {scale!r}")


def _text_nodes(node: dict):
    """nodeIds of the text nodes with something to draw (not in <head>, <style>, <script>…)."""
    if node.get("nodeName") in ("HEAD", "STYLE", "SCRIPT", "NOSCRIPT", "TEMPLATE", "TITLE"):
        return
    if node.get("nodeType") == 3 and node.get("nodeValue", "").strip():
        yield node["nodeId"]
    for child in node.get("children", ()):
        yield from _text_nodes(child)


_shared: Screenshotter | None = None
_shared_lock = threading.Lock()


def shared_screenshotter() -> Screenshotter:
    """The process's screenshotter, on the process's shared Chromium (reports.figures_export.shared_renderer)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Screenshotter()
        return _shared


def png(html: str, width: int = 1080, scale: float = 1.0) -> bytes:
    """The HTML page as PNG bytes: exactly `width` CSS px wide (width × scale pixels) and the content's full height,
    after its fonts have loaded. Raises RenderError (with a sentence) when Chromium cannot."""
    return shared_screenshotter().png(html, width, scale)


def fonts_used(html: str, width: int = 1080) -> dict[str, int]:
    """{font family name: glyph count} that Chromium drew the page's text with: e.g. {"Sarabun": 412} when nothing
    fell back to another font."""
    return shared_screenshotter().fonts_used(html, width)


_warming = threading.Event()
_WARM_PAGE = ("<!DOCTYPE html><html><head><style>" + "{faces} body {{ font-family: Sarabun; }}"
              "</style></head><body>" + t("province", "th") + "</body></html>")  # Thai, to shape once


def warm_up() -> None:
    """Start the shared Chromium in the background, once per process (the one the figures use), and open the tab
    with a first small page, so that the first card does not wait for them."""
    if _warming.is_set():
        return
    _warming.set()

    def start():
        try:
            shared_screenshotter().png(_WARM_PAGE.format(faces=font_face_css()), width=64)
        except RenderError as exc:
            log.warning("screenshots: %s", exc)

    threading.Thread(target=start, name="screenshot-warm-up", daemon=True).start()
