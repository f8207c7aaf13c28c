"""Handbook text is Markdown rendered harmless: no script, no event handler, no javascript:
link, no raw HTML, no image from elsewhere reaches the page."""

from html.parser import HTMLParser

import pytest

from policy.markdown import render, safe

SAFE_TAGS = {"h3", "h4", "h5", "h6", "p", "br", "hr", "ul", "ol", "li", "em", "strong", "a", "blockquote", "code", "pre"}


class Elements(HTMLParser):
    """Every element and attribute as a browser's parser would see them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def assert_harmless(html: str) -> None:
    for tag, attributes in Elements(html).found:
        assert tag in SAFE_TAGS, html
        assert set(attributes) <= {"href", "title", "rel", "start"}, html
        href = (attributes.get("href") or "").strip().lower()
        assert not href or href.startswith(("https://", "http://", "mailto:", "/")), html
        if tag == "a":
            assert attributes["rel"] == "noopener noreferrer nofollow"

HARMFUL = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)></svg>",
    '<a href="javascript:alert(1)">klik</a>',
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](&#106;avascript:alert(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[klik](vbscript:msgbox(1))",
    '[klik](https://voorbeeld.nl "x\\" onmouseover=\\"alert(1)")',
    "<iframe src=https://voorbeeld.nl></iframe>",
    "<style>body{display:none}</style>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "![plaatje](https://elders.example/volg.png)",
    "<!-- <script>alert(1)</script> -->",
    "```\n<script>alert(1)</script>\n```",
]


@pytest.mark.parametrize("text", HARMFUL)
def test_harmful_input_renders_as_harmless_html(text):
    assert_harmless(render(text))


def test_the_allowed_markdown_keeps_its_structure():
    html = render(
        "# Kop\n\nEen **vette** en *schuine* zin met [een link](https://voorbeeld.nl).\n\n"
        "- een\n- twee\n\n1. eerst\n2. dan\n\n> citaat\n\n[mail](mailto:info@voorbeeld.nl) [binnen](/signalen/)"
    )
    assert "<h3>Kop</h3>" in html  # below the section's own h2
    assert "<strong>vette</strong>" in html and "<em>schuine</em>" in html
    assert '<a href="https://voorbeeld.nl" rel="noopener noreferrer nofollow">een link</a>' in html
    assert "<ul>" in html and "<ol>" in html and "<blockquote>" in html
    assert '<a href="mailto:info@voorbeeld.nl" rel="noopener noreferrer nofollow">mail</a>' in html
    assert '<a href="/signalen/" rel="noopener noreferrer nofollow">binnen</a>' in html


def test_typed_html_is_shown_as_text_not_dropped():
    assert render("Gebruik <b>nooit</b> je privéaccount.") == (
        "<p>Gebruik &lt;b&gt;nooit&lt;/b&gt; je privéaccount.</p>\n"
    )


def test_stored_html_is_sanitised_again_when_it_is_shown():
    """Whatever is in the database, only the allow-list reaches the page."""
    shown = safe('<p onclick="alert(1)">Tekst</p><script>alert(1)</script><a href="javascript:x()">a</a>')
    assert shown == '<p>Tekst</p><a rel="noopener noreferrer nofollow">a</a>'
