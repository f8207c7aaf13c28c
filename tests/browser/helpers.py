"""What the browser tests check on every page: Dutch text, phone fit, accessibility."""

from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from playwright.sync_api import Page


def dutch(message: str) -> str:
    with translation.override("nl"):
        return translation.gettext(message)


def has_no_horizontal_scroll(page: Page) -> bool:
    """The page fits the viewport's width. On an emulated phone Chromium zooms out to fit wide
    content, widening `innerWidth`, so the width is compared with the viewport as set."""
    width = page.viewport_size["width"]
    return page.evaluate(
        "(width) => window.innerWidth === width && document.scrollingElement.scrollWidth <= width", width
    )


def assert_no_accessibility_violations(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    # axe-core no longer reports duplicate ids, but a label may then point at another form's field.
    duplicates = page.evaluate(
        "[...document.querySelectorAll('[id]')].map(e => e.id).filter((id, i, ids) => ids.indexOf(id) !== i)"
    )
    assert duplicates == []
