"""What the browser tests check on every page: Dutch text, phone fit, accessibility."""

from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from playwright.sync_api import Page


def dutch(message: str) -> str:
    with translation.override("nl"):
        return translation.gettext(message)


def has_no_horizontal_scroll(page: Page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")


def assert_no_accessibility_violations(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    # axe-core no longer reports duplicate ids, but a label may then point at another form's field.
    duplicates = page.evaluate(
        "[...document.querySelectorAll('[id]')].map(e => e.id).filter((id, i, ids) => ids.indexOf(id) !== i)"
    )
    assert duplicates == []
