"""plain(): outside text as Markdown source that renders as typed; plotly_text(); the control-character test."""

import re

import pytest

from components.safe_text import has_control_chars, plain, plotly_text, quoted, shorten

JOINER = "\u2060"


@pytest.mark.parametrize("char", list("\\`*_~[]()!<>&$|#{}"))
def test_every_inline_markdown_character_is_escaped(char):
    assert plain(f"a{char}b") == f"a\\{char}b"


@pytest.mark.parametrize("text, expected", [
    ("- item", "\\- item"), ("+ item", "\\+ item"), ("=", "\\="), ("1986. ปี", "1986\\. ปี"), ("1) a", "1\\) a"),
    ("# head", "\\# head"), ("> quote", "\\> quote"), ("a - b 2. c", "a - b 2. c"),
])
def test_what_starts_a_block_is_escaped_at_the_start(text, expected):
    assert plain(text) == expected


@pytest.mark.parametrize("text", ["http://x.example/p", "HTTPS://x.example", "www.evil.example", "WWW.evil.example",
                                  "a@evil.example", "mailto:a@b.example", ":smile:", ":red[x]",
                                  ":material/home:"])
def test_autolinks_and_shortcodes_are_broken_by_an_invisible_joiner(text):
    safe = plain(text)
    visible = safe.replace(JOINER, "").replace("\\", "")
    assert visible == text  # reads the same
    # GitHub's autolink and Streamlit's shortcode patterns, as the frontend runs them on the unescaped text:
    unescaped = re.sub(r"\\(.)", r"\1", safe)
    assert not re.search(r"https?://|www(?=\.)|[-.\w+]+@[-\w]+(?:\.[-\w]+)+|:[\w-]+:|:material/|:red\[", unescaped,
                         re.IGNORECASE)


def test_thai_names_and_codes_are_unchanged():
    for text in ("อบต.หนองบัว — อ.เมืองกาญจนบุรี จ.กาญจนบุรี · 6710110", "มท ๐๘๐๖.๒/ว ๒๓/๓๒", "0-2241-9000"):
        assert plain(text) == text


def test_a_link_an_image_and_html_become_literal_text():
    safe = plain("[กรุณายืนยันตัวตน](http://x/phish) ![t](http://x/p.png) <script>")
    assert "](" not in safe and "![" not in safe and not re.search(r"(?<!\\)<", safe)
    assert safe == ("\\[กรุณายืนยันตัวตน\\]\\(http:" + JOINER + "//x/phish\\) \\!\\[t\\]\\(http:" + JOINER
                    + "//x/p.png\\) \\<script\\>")


def test_line_breaks_and_controls_become_one_space():
    assert plain("a\x00b\n\n    code\r\n# x\u202e") == "a b code \\# x "
    assert plain(None) == "" and plain(12) == "12"


def test_control_characters_are_found():
    for text in ("\x00", "a\x01", "\x1b[31m", "\x7f", "\u0085", "\u202e", "a\nb", "\t"):
        assert has_control_chars(text), repr(text)
    for text in ("", None, "หนองบัว 50", "\u200b", "a b"):  # a zero-width space is common in Thai text
        assert not has_control_chars(text), repr(text)


def test_a_long_value_is_shortened_before_it_is_quoted():
    assert shorten("x" * 10240) == "x" * 40 + "…"
    assert shorten("short") == "short"
    assert quoted("[" * 100, 5) == "\\[" * 5 + "…"


def test_plotly_text_escapes_html():
    assert plotly_text("<b>x</b> & <a href='http://x'>") == "&lt;b&gt;x&lt;/b&gt; &amp; &lt;a href='http://x'&gt;"
    assert plotly_text(None) == ""
