"""Charts for the PDF: Kaleido 1.x in the system Chromium draws the page's own figures as SVG, and no request leaves
the machine. Two witnesses: the drawing tabs' own requests (DevTools Network events) are all local files, and a
recording proxy on loopback, where Chromium sends every http(s) request it makes, gets none for the figures. A figure
that does reach out (an image by URL) proves both witnesses see requests. In production the proxy is an address
where nothing listens, so whatever Chromium itself tries (update checks, network time) fails instead of going out.
"""

import socket
import threading

import plotly.graph_objects as go
import pytest

from components import briefing as content
from data_access.db import engine
from reports.briefing import read_briefing
from reports.figures_export import (
    NOWHERE_PROXY, FigureRenderer, RenderError, for_print, page_generator, shorter_paths,
)
from tests.conftest import PINNED_TODAY


class RecordingProxy:
    """Accepts connections on 127.0.0.1, keeps each request line (GET http://… or CONNECT host:443), answers 502."""

    def __init__(self):
        self.requests: list[str] = []
        self._server = socket.create_server(("127.0.0.1", 0))
        self.address = "127.0.0.1:%d" % self._server.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                try:
                    line = conn.recv(4096).split(b"\r\n", 1)[0].decode("latin-1")
                except OSError:
                    continue
                if line:
                    self.requests.append(line)
                conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    def close(self):
        self._server.close()


@pytest.fixture(scope="module")
def renderer(proxy):
    drawing = FigureRenderer(proxy=proxy.address)
    drawing.requested = []
    drawing.watch_requests(drawing.requested.append)
    yield drawing
    drawing.close()


OUTSIDE_SOURCES = ("plot.ly", "mathjax", "cdnjs", "jsdelivr", "unpkg", "topojson", "fonts.g", "example.invalid")


def test_the_page_kaleido_loads_names_no_outside_address():
    index = page_generator().generate_index()
    assert "http://" not in index and "https://" not in index
    assert "mathjax" not in index.lower()
    assert "plotly.min.js" in index and "Sarabun" in index


def test_briefing_figures_draw_as_svg_with_no_request_out(demo_env, renderer, proxy):
    import geo

    briefing = read_briefing(engine(), 2570, "50", PINNED_TODAY)
    figures = [for_print(content.map_figure(briefing, geo.province_shapes(), "th", height=600), 420),
               for_print(content.domains_figure(briefing, "th"), 500),
               for_print(content.pace_chart(briefing, "th", height=260), 500)]
    proxy.requests.clear()
    renderer.requested.clear()
    svgs = renderer.svgs(figures)
    assert [svg[:4] for svg in svgs] == [b"<svg"] * 3
    assert svgs[0].count(b'class="choroplethlocation"') >= 77  # every province drawn, from the embedded outlines
    assert b"rgb(213, 94, 0)" in svgs[0]  # the province the briefing is about, outlined
    assert "ด้านสาธารณสุข".encode() in svgs[1] and b"Sarabun" in svgs[1]
    assert renderer.requested and all(url.startswith(("file://", "data:", "blob:")) for url in renderer.requested), \
        renderer.requested
    assert any(url.endswith("plotly.min.js") for url in renderer.requested)  # the local copy, not a CDN
    assert [line for line in proxy.requests if any(s in line for s in OUTSIDE_SOURCES)] == []


def test_a_figure_that_reaches_out_is_seen_by_both_witnesses(renderer, proxy):
    figure = go.Figure(go.Scatter(x=[1, 2], y=[1, 2]))
    figure.add_layout_image(source="http://example.invalid/logo.png", x=0, y=1, sizex=1, sizey=1, xref="paper",
                            yref="paper")
    proxy.requests.clear()
    renderer.requested.clear()
    try:
        renderer.svgs([for_print(figure, 300, 200)])
    except RenderError:
        pass  # whether plotly waits for the image or not, the request was made
    assert "http://example.invalid/logo.png" in renderer.requested
    assert any("example.invalid" in line for line in proxy.requests)


def test_in_production_chromium_sits_behind_an_address_where_nothing_listens():
    host, port = NOWHERE_PROXY.split(":")
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((host, int(port)), timeout=2)
    assert FigureRenderer()._proxy == NOWHERE_PROXY


def test_without_a_browser_it_says_so():
    with pytest.raises(RenderError, match="no browser"):
        FigureRenderer(browser="/nonexistent/chromium").svgs([go.Figure()])


def test_for_print_copies_and_leaves_the_shared_figure_alone():
    shared = go.Figure(go.Bar(x=[1], y=[1]), layout=dict(height=300))
    printed = for_print(shared, 500)
    assert printed.layout.font.family == "Sarabun" and printed.layout.height == 300 and printed.layout.width == 500
    assert shared.layout.font.family is None and shared.layout.width is None


def test_path_coordinates_are_shortened_but_nothing_else():
    svg = b'<path d="M12.34567,8.91011L1.5,2Z" style="opacity: 0.25"/><text x="3.14159">2.71828</text>'
    assert shorter_paths(svg) == b'<path d="M12.3,8.9L1.5,2Z" style="opacity: 0.25"/><text x="3.14159">2.71828</text>'
