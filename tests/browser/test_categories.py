"""The admin edits a category's protocol on a phone, in a real Chromium; the category pages
checked with axe-core and for horizontal scrolling at 375 pixels wide."""

from collections.abc import Iterator

import pytest
from django.utils.text import capfirst
from playwright.sync_api import Browser, Page, expect

from signals.defaults import categories_seed
from signals.models import Category
from tests.browser.conftest import PHONE
from tests.browser.helpers import (
    assert_no_accessibility_violations,
    dutch,
    has_no_horizontal_scroll,
)

# The live server reads the personas on another thread, so they must be committed.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIGHT = "Vechtpartij of dreiging daarvan"


@pytest.fixture
def small_phone(chromium: Browser, live_server) -> Iterator[Page]:
    """The narrowest phone the portal is made for: 375 pixels wide."""
    context = chromium.new_context(
        base_url=live_server.url, locale="nl-NL", **{**PHONE, "viewport": {"width": 375, "height": 812}}
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def grid_box(page: Page, severity: str, step: str):
    """The protocol grid's checkbox for a severity (its label) and a step (its short name)."""
    return page.get_by_role("checkbox", name=f"{capfirst(dutch(severity))} {dutch(step)}", exact=True)


def test_the_admin_edits_a_protocol_on_a_phone(small_phone, sign_in, screenshot, organisation, admin_member):
    categories_seed(organisation)
    page = small_phone
    sign_in(page, admin_member)

    page.get_by_role("link", name=dutch("Signal categories and protocols")).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(dutch("Signal categories and protocols"))
    assert has_no_horizontal_scroll(page)
    assert_no_accessibility_violations(page)
    screenshot(page, "categories-phone")

    page.get_by_role("link", name=FIGHT).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(FIGHT)
    expect(grid_box(page, "low", "consultation")).to_be_checked()
    assert has_no_horizontal_scroll(page)
    assert_no_accessibility_violations(page)

    # A conversation at low severity, a deadline for it, and the officer told at once; but by
    # mistake no step at all at medium severity.
    grid_box(page, "low", "conversation").tap()
    for step in ("consultation", "weighing", "decision"):
        grid_box(page, "medium", step).tap()
    page.get_by_label(capfirst(dutch("conversation with the young person"))).fill("96")
    rule = page.locator("fieldset.inform-rule").nth(1)
    rule.get_by_label(dutch("Who")).select_option("aandachtsfunctionaris")
    rule.get_by_label(dutch("Within how many hours")).fill("0")
    page.get_by_role("button", name=dutch("Save")).tap()

    expect(page.locator(".protocol-grid .errorlist")).to_contain_text(dutch("medium"))
    expect(page.get_by_label(capfirst(dutch("conversation with the young person")))).to_have_value("96")
    expect(grid_box(page, "low", "conversation")).to_be_checked()
    expect(rule.get_by_label(dutch("Within how many hours"))).to_have_value("0")
    assert has_no_horizontal_scroll(page)
    assert_no_accessibility_violations(page)
    screenshot(page, "category-edit-error-phone")

    grid_box(page, "medium", "consultation").tap()
    page.get_by_role("button", name=dutch("Save")).tap()

    expect(page.get_by_role("heading", level=1)).to_have_text(dutch("Signal categories and protocols"))
    fight = Category.objects.get(organisation=organisation, key="vechtpartij")
    assert fight.steps_by_severity["laag"] == ["consultatie", "gesprek"]
    assert fight.steps_by_severity["middel"] == ["consultatie"]
    assert fight.step_deadline_hours["gesprek"] == 96
    assert fight.inform == [{"role": "aandachtsfunctionaris", "hours": 0}]
    listed = page.locator(".category-list > li").first
    expect(listed).to_contain_text(FIGHT)
    expect(listed.locator("ul.plain")).to_be_visible()
    assert has_no_horizontal_scroll(page)


def test_a_new_category_page_has_no_accessibility_violations(small_phone, sign_in, organisation, admin_member):
    categories_seed(organisation)
    page = small_phone
    sign_in(page, admin_member)
    page.goto("/signalen/categorieen/nieuw/")
    expect(page.get_by_role("heading", level=1)).to_have_text(dutch("New category"))
    assert has_no_horizontal_scroll(page)
    assert_no_accessibility_violations(page)
    page.get_by_role("button", name=dutch("Save")).tap()
    expect(page.locator(".errorlist").first).to_be_visible()
    assert has_no_horizontal_scroll(page)
    assert_no_accessibility_violations(page)
