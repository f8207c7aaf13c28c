"""Handbook text: Markdown (CommonMark, raw HTML off) rendered by markdown-it-py, then
sanitised by nh3 against a short allow-list.

Two locks, each enough on its own: markdown-it escapes any HTML typed into the text and
refuses `javascript:` and `data:` links; nh3 then keeps only headings, paragraphs, lists,
emphasis, quotes, code and links with http, https or mailto (or a path within the portal),
and gives every link `rel="noopener noreferrer nofollow"`. Images are not part of the
language here (no pictures from elsewhere): `![text](url)` stays a plain link.

Headings inside a section start one level below the section's own title (an h2): the
text's highest heading becomes an h3, and no level is skipped, so the page's outline stays
whole whatever levels the author typed.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# The section title is an h2; a text's own headings come below it.
HEADING_OFFSET = 2

ALLOWED_TAGS = {
    "h3", "h4", "h5", "h6", "p", "br", "hr", "ul", "ol", "li", "em", "strong", "a", "blockquote", "code", "pre",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow"


def _outline(state) -> None:
    """Fit the text's headings under the section's h2: the highest becomes an h3, and no
    heading sits more than one level below the one before it (screen readers navigate by
    this outline, and axe-core checks it), whatever levels the author typed."""
    headings = [token for token in state.tokens if token.type in ("heading_open", "heading_close")]
    if not headings:
        return
    offset = HEADING_OFFSET + 1 - min(int(token.tag[1]) for token in headings)
    previous = HEADING_OFFSET
    for token in headings:
        if token.type == "heading_open":
            level = max(HEADING_OFFSET + 1, min(int(token.tag[1]) + offset, previous + 1, 6))
            token.tag = f"h{level}"
            previous = level
        else:
            token.tag = f"h{previous}"


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.disable("image")
    parser.core.ruler.push("policy_outline", _outline)
    return parser


_PARSER = _parser()


def sanitise(html: str) -> str:
    return nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=LINK_REL,
        strip_comments=True,
    )


def render(text: str) -> str:
    """The HTML of a handbook text, sanitised; stored with a published version."""
    return sanitise(_PARSER.render(text or ""))


def safe(html: str) -> SafeString:
    """Stored HTML for a page: sanitised again as it is shown (cheap), so that whatever is in
    the database, only the allow-list reaches the browser."""
    return mark_safe(sanitise(html))  # noqa: S308 - sanitised by nh3 on this line
