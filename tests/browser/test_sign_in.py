"""Signing in, the role's home, the language switch and accessibility, in a real Chromium."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    assert_no_accessibility_violations,
    dutch,
    has_no_horizontal_scroll,
)
from tests.factories import PASSWORD

# The live server reads the personas on another thread, so they must be committed.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ["worker", "safeguarding_officer", "manager", "admin_member", "trainer"]


def test_a_youth_worker_signs_in_on_a_phone_and_sees_their_home(phone_page, worker, screenshot):
    page = phone_page
    page.goto("/")

    expect(page.get_by_role("heading", level=1)).to_have_text(dutch("Sign in"))
    page.locator("input[name=login]").fill(worker.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").tap()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hallo {worker.get_short_name()}")
    expect(page.get_by_role("link", name=dutch("Log a signal"))).to_be_visible()
    assert has_no_horizontal_scroll(page)
    screenshot(page, "phone-home")

    page.locator("details.menu summary").tap()
    expect(page.get_by_role("navigation", name=dutch("Main navigation"))).to_be_visible()
    assert has_no_horizontal_scroll(page)


def test_a_manager_signs_in_with_the_code_of_their_authenticator_app(
    desktop_page, manager, sign_in
):
    page = desktop_page

    sign_in(page, manager)

    expect(page).to_have_url("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hallo {manager.get_short_name()}")
    expect(page.get_by_text(dutch("An overview of your team's online work."))).to_be_visible()
    expect(page.get_by_role("link", name=dutch("Audit log")).first).to_be_visible()


def test_a_manager_is_asked_for_the_authenticator_code_before_the_home(desktop_page, manager):
    page = desktop_page
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(manager.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()

    expect(page).to_have_url("/accounts/2fa/authenticate/")
    expect(page.locator("input[name=code]")).to_be_visible()
    assert_no_accessibility_violations(page)
    page.goto("/")
    expect(page).not_to_have_url("/")
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("Hallo")


def test_the_footer_switches_the_language_to_english_and_back(phone_page, worker, sign_in):
    page = phone_page
    sign_in(page, worker)
    heading = page.get_by_role("heading", level=1)

    page.locator("select#language").select_option("en")
    page.locator(".language-switch button[type=submit]").tap()

    expect(heading).to_have_text(f"Hello {worker.get_short_name()}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url("/")

    page.locator("select#language").select_option("nl")
    page.locator(".language-switch button[type=submit]").tap()

    expect(heading).to_have_text(f"Hallo {worker.get_short_name()}")
    expect(page.locator("html")).to_have_attribute("lang", "nl")


def test_the_login_page_has_no_accessibility_violations(phone_page, desktop_page):
    for page in (phone_page, desktop_page):
        page.goto("/accounts/login/")
        assert_no_accessibility_violations(page)


@pytest.mark.parametrize("role", ROLES)
def test_the_home_of_each_role_has_no_accessibility_violations(role, request, phone_page, sign_in):
    user = request.getfixturevalue(role)
    page = phone_page
    sign_in(page, user)

    assert_no_accessibility_violations(page)
    page.locator("details.menu summary").tap()
    assert_no_accessibility_violations(page)
