"""What an AppTest run would put on the screen, as text: every string of every element, and checks that none of
it is live Markdown/HTML from outside or a leaked internal (traceback, SQL, driver, server path)."""

import json
import re

from google.protobuf.json_format import MessageToDict

# Strings a widget holds as its value, ids and URLs: shown as typed (or not at all), never rendered as Markdown.
NOT_MARKDOWN = {"id", "value", "rawValue", "default", "options", "queryString", "page", "url", "spec", "data",
                "columns", "formId", "format", "tag", "icon", "elementType", "type"}
LIVE_MARKDOWN = re.compile(r"(?<!\\)(\]\(|!\[|<script|<img|<a\s)|https?://|(?<![\w\u2060])www\.", re.IGNORECASE)
LEAKS = ("Traceback", "SELECT", "sqlalchemy", "psycopg", "/work/", "/usr/", "/tmp/", "site-packages", "File \"")


def _nodes(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def _strings(obj, key=""):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _strings(v, k)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v, key)
    elif isinstance(obj, str):
        yield key, obj


def element_strings(at) -> list[tuple[str, str, str]]:
    """(element type, field, text) for every string field of every element on the page and in the sidebar."""
    found = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "DESCRIPTOR"):
            continue
        for key, text in _strings(MessageToDict(proto)):
            found.append((proto.DESCRIPTOR.name, key, text))
    return found


def plotly_texts(at) -> list[str]:
    """Every string in every plotly figure (hover text, tick labels, annotations …)."""
    texts = []
    for element, key, spec in element_strings(at):
        if element == "PlotlyChart" and key == "spec":
            texts.extend(text for _, text in _strings(json.loads(spec)))
    return texts


def assert_nothing_live_or_leaked(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    for element, key, text in element_strings(at):
        if key not in NOT_MARKDOWN:
            assert not LIVE_MARKDOWN.search(text), (element, key, text[:300])
        for leak in LEAKS:
            assert leak not in text, (element, key, leak, text[:300])
    for text in plotly_texts(at):
        assert not re.search(r"<(script|img|a\s)", text, re.IGNORECASE), text[:300]


def assert_not_echoed_whole(at, value: str, longest: int = 100) -> None:
    """No element (a widget's value included) holds more than `longest` characters of `value`."""
    piece = value[: longest + 1]
    for element, key, text in element_strings(at):
        assert piece not in text, (element, key, len(text))
