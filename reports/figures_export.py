"""Plotly figures as SVG (vector) for the reports, drawn by Kaleido 1.x in the system Chromium, offline.

Nothing leaves the machine: plotly.js is the copy inside the plotly package (file://), MathJax is off, the base map
(topojson) is our own static/generated/geo, and Chromium runs behind a proxy address where nothing listens, so any
request that would go out fails at once instead of reaching the network. Sarabun is loaded into the page before a
figure is drawn, so text is measured with the font the PDF prints it in.

One Chromium (one tab) per process, started on first use in a thread of its own, and shared by every caller:
starting Chromium costs seconds, drawing a figure a fraction of one.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import logging
import os
import re
import threading
from pathlib import Path

import plotly.graph_objects as go

from geo.paths import static_dir

log = logging.getLogger(__name__)

DEFAULT_BROWSER = "/usr/bin/chromium"
NOWHERE_PROXY = "127.0.0.1:9"  # the discard port: nothing listens, so a request fails instead of going out
TABS = 1  # on 2 cores a second tab saves 0.1 s per PDF and costs 1.4 s at start
FIGURE_TIMEOUT_S = 30
START_TIMEOUT_S = 60
FONT_FAMILY = "Sarabun"


_PATH_DATA = re.compile(rb' d="([^"]*)"')
_LONG_DECIMAL = re.compile(rb"(\d\.\d)\d+")


class RenderError(RuntimeError):
    """The figures could not be drawn (no Chromium, Chromium crashed, a timeout)."""


def browser_path() -> str:
    return os.environ.get("BROWSER_PATH") or DEFAULT_BROWSER


def font_files() -> dict[str, Path]:
    """The OFL Sarabun TTFs that PyPI `fontpkg-sarabun` installs: {"regular": …, "bold": …}."""
    from fontpkg_sarabun import ROOT

    return {"regular": ROOT / "files" / "Sarabun-Regular.ttf", "bold": ROOT / "files" / "Sarabun-Bold.ttf"}


def font_face_css() -> str:
    """@font-face rules for Sarabun (regular, bold) by file:// URL, for a page Chromium loads from a file."""
    fonts = font_files()
    return (f"@font-face {{ font-family: {FONT_FAMILY}; src: url('{fonts['regular'].as_uri()}'); }}\n"
            f"@font-face {{ font-family: {FONT_FAMILY}; font-weight: bold; src: url('{fonts['bold'].as_uri()}'); }}")


def topojson_url() -> str:
    """plotly.js reads its base map (world_110m.json) from here: `python -m geo fetch` writes it."""
    return static_dir().resolve().as_uri() + "/"


def page_generator():
    """Kaleido's page (plotly.js from the plotly package, no MathJax) plus Sarabun, awaited before each figure."""
    from kaleido import PageGenerator

    faces = font_face_css()
    wait_for_font = (
        "<script>(function () {\n"
        "  const draw = window.kaleido_scopes.plotly;\n"
        f"  const fonts = () => Promise.all([document.fonts.load('16px {FONT_FAMILY}'),\n"
        f"                                    document.fonts.load('bold 16px {FONT_FAMILY}')]);\n"
        "  window.kaleido_scopes.plotly = (...args) => fonts().then(() => draw(...args));\n"
        "})();</script>\n")

    class OfflinePage(PageGenerator):
        header = PageGenerator.header + f"<style>{faces}</style>\n"
        footer = PageGenerator.footer.replace("</head>", wait_for_font + "</head>", 1)

    return OfflinePage(mathjax=False)


def shorter_paths(svg: bytes) -> bytes:
    """Path coordinates to a tenth of a pixel (plotly writes a dozen digits): the province outlines shrink to a
    third and the PDF is laid out faster, with no visible change."""
    return _PATH_DATA.sub(lambda m: b' d="' + _LONG_DECIMAL.sub(rb"\1", m.group(1)) + b'"', svg)


def for_print(figure: go.Figure, width: int, height: int | None = None, font_size: int = 13) -> go.Figure:
    """A copy for paper: Sarabun, a white page, the given size (height: the figure's own when None), tick labels
    given room (the page's charts sit flush left, where Streamlit adds the room itself). The shared figure itself
    is never changed."""
    copy = go.Figure(figure)
    copy.update_layout(font_family=FONT_FAMILY, font_size=font_size, paper_bgcolor="white", width=width,
                       height=height or figure.layout.height)
    copy.update_xaxes(automargin=True)
    copy.update_yaxes(automargin=True)
    return copy


class FigureRenderer:
    """A Kaleido (one Chromium) on an event loop in its own thread. Thread-safe: callers wait on futures."""

    def __init__(self, browser: str | None = None, proxy: str = NOWHERE_PROXY, tabs: int = TABS):
        self._browser = browser or browser_path()
        self._proxy = proxy
        self._tabs = tabs
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start Chromium (idempotent; a Chromium that has died is started afresh); raises RenderError when it
        cannot."""
        if self._kaleido is not None and not self.alive():
            self.close()
        with self._lock:
            if self._kaleido is not None:
                return
            if not Path(self._browser).is_file():
                raise RenderError(f"no browser at {self._browser} (set BROWSER_PATH, or apt-get install chromium)")
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="figure-renderer", daemon=True).start()
            try:
                self._kaleido = asyncio.run_coroutine_threadsafe(self._open(), loop).result(START_TIMEOUT_S)
            except Exception as exc:
                loop.call_soon_threadsafe(loop.stop)
                raise RenderError(f"the browser did not start: {exc}") from exc
            self._loop = loop

    async def _open(self):
        import kaleido

        return await kaleido.Kaleido(n=self._tabs, timeout=FIGURE_TIMEOUT_S, page_generator=page_generator(),
                                     path=self._browser, proxy_server=self._proxy)

    def svgs(self, figures: list[go.Figure]) -> list[bytes]:
        """Each figure as SVG bytes, drawn in parallel tabs. Figures carry their own width and height."""
        self.start()
        topojson = topojson_url()

        async def draw_all(kaleido):
            return await asyncio.gather(*(
                kaleido.calc_fig(figure, opts={"format": "svg", "width": figure.layout.width,
                                                     "height": figure.layout.height}, topojson=topojson)
                for figure in figures))

        try:
            drawn = self.run(draw_all, FIGURE_TIMEOUT_S * max(1, len(figures)))
        except Exception as exc:
            self.close()  # a crashed or stuck Chromium is started afresh next time
            raise RenderError(f"a figure could not be drawn: {exc}") from exc
        return [shorter_paths(svg) for svg in drawn]

    def watch_requests(self, record) -> None:
        """Call `record(url)` for every request the drawing tabs make from now on (DevTools Network events): how a
        test proves the figures fetch nothing from outside."""
        async def seen(message):
            record(message.get("params", {}).get("request", {}).get("url", ""))

        async def enable(kaleido):
            for tab in kaleido.tabs.values():
                tab.subscribe("Network.requestWillBeSent", seen)
                await tab.send_command("Network.enable")

        self.run(enable, 10)

    def run(self, work, timeout: float):
        """`await work(kaleido)` on the browser's event loop (Chromium started first if need be) and its result,
        waited for at most `timeout` s (TimeoutError, and the work is cancelled). Other code uses the same Chromium
        this way, e.g. with a tab of its own (`kaleido.create_tab`)."""
        self.start()
        kaleido, loop = self._kaleido, self._loop
        if kaleido is None or loop is None:
            raise RenderError("the browser was closed")
        abandoned = threading.Event()

        async def attempt():
            try:
                return await work(kaleido)
            except Exception as exc:
                if not abandoned.is_set():
                    raise
                log.debug("after the caller stopped waiting: %r", exc)  # choreographer turns a cancel into errors

        future = asyncio.run_coroutine_threadsafe(attempt(), loop)
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            abandoned.set()
            future.cancel()
            raise

    def alive(self) -> bool:
        """Chromium is running (its process has not exited, e.g. crashed)."""
        kaleido = self._kaleido
        return kaleido is not None and kaleido.subprocess.poll() is None

    def close(self) -> None:
        with self._lock:
            kaleido, loop = self._kaleido, self._loop
            self._kaleido = self._loop = None
        if kaleido is None or loop is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(kaleido.close(), loop).result(10)
        except Exception as exc:  # closing a browser that already died
            log.debug("closing the figure renderer: %s", exc)
        loop.call_soon_threadsafe(loop.stop)


_shared: FigureRenderer | None = None
_shared_lock = threading.Lock()


def shared_renderer() -> FigureRenderer:
    """The process's renderer, closed when the process exits."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = FigureRenderer()
            atexit.register(_shared.close)
        return _shared


_warming = threading.Event()


def warm_up() -> None:
    """Start the shared Chromium in the background, once per process, so that the first PDF does not wait for it."""
    if _warming.is_set():
        return
    _warming.set()

    def start():
        try:
            shared_renderer().start()
        except RenderError as exc:
            log.warning("figure renderer: %s", exc)

    threading.Thread(target=start, name="figure-renderer-warm-up", daemon=True).start()
