"""What only a browser shows: a Markdown link, an image, an autolink or a :shortcode: in the URL is rendered as
the text it is (Streamlit's frontend autolinks after escapes are undone; plain() must hold there), and the
browser fetches nothing for it."""

from urllib.parse import quote

import pytest

# Each short enough (≤ 40 characters) to be quoted back whole.
HOSTILE = ["[ยืนยัน](http://x/a)![t](http://x/b.png)", "www.evil.example a@evil.example",
           ":red[x] *b* http://x/c :smile: <b>y</b>"]
LINKS_AND_IMAGES = """([selector, needle]) => {
  const scope = [...document.querySelectorAll(selector)].find((e) => e.innerText.includes(needle));
  if (!scope) return null;
  return {links: scope.querySelectorAll('a').length, images: scope.querySelectorAll('img').length,
          strong: scope.querySelectorAll('em, strong').length, text: scope.innerText.replaceAll('\\u2060', '')};
}"""


def _shown_as_text(page, selector: str, needle: str) -> str:
    """The text of the element matching `selector` that says `needle`, checked to hold no link, image or emphasis."""
    page.wait_rendered(selector)
    found = page.page.evaluate(LINKS_AND_IMAGES, [selector, needle])
    assert found is not None, page.page.inner_text("body")
    assert (found["links"], found["images"], found["strong"]) == (0, 0, 0), found
    return found["text"]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_province_code_is_quoted_as_text(page, value):
    page.page.goto(f"{page.base_url}/province?province={quote(value)}")
    assert value in _shown_as_text(page, '[data-testid="stAlert"]', "ไม่พบจังหวัด")
    assert page.outside_requests() == []


def test_a_hostile_search_is_quoted_as_text(page):
    page.page.goto(f"{page.base_url}/lao?q={quote(HOSTILE[0])}")
    assert HOSTILE[0] in _shown_as_text(page, '[data-testid="stCaptionContainer"]', "ไม่พบ อปท.")
    assert page.outside_requests() == []
