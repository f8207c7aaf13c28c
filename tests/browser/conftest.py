"""Playwright against Debian's Chromium and pytest-django's live server.

`playwright install` cannot run here, so the browser is the system Chromium
(`apt-get install chromium`). The fixtures are named `chromium`, `phone_page` and
`desktop_page` so they do not collide with pytest-playwright's `browser` and `page`.
"""

import os
import re
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import Browser, Page, expect, sync_playwright

from jongerenwerk.core.models import User
from tests.factories import PASSWORD, TOTP_SECRET

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between page actions are synchronous and safe, but Django cannot tell.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# A CI machine with two cores signs in with a deliberately slow password hash; give pages
# and assertions room before they count as failed.
expect.set_options(timeout=10_000)

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _own_cache_namespace(settings) -> None:
    """Each test gets fresh rate limits and TOTP replay marks, also on a shared Redis; the page
    cache (on with Redis, as in production) keeps its own namespace too."""
    prefix = f"browser-{uuid.uuid4().hex}"
    settings.CACHES = {name: {**config, "KEY_PREFIX": f"{prefix}:{name}"} for name, config in settings.CACHES.items()}


def _page(chromium: Browser, live_server, device: dict) -> Iterator[Page]:
    context = chromium.new_context(base_url=live_server.url, locale="nl-NL", **device)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(chromium, live_server) -> Iterator[Page]:
    """A phone-sized page (390x844, touch), the way a youth worker on the street uses the portal."""
    yield from _page(chromium, live_server, PHONE)


@pytest.fixture
def desktop_page(chromium, live_server) -> Iterator[Page]:
    yield from _page(chromium, live_server, DESKTOP)


def totp_code() -> str:
    """The code the personas' authenticator app shows now (RFC 6238, allauth's own period)."""
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(TOTP_SECRET, counter))


def _sign_in(page: Page, user: User) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    if "/accounts/2fa/authenticate/" in page.url:
        page.locator("input[name=code]").fill(totp_code())
        page.locator("main button[type=submit]").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hallo")


@pytest.fixture
def sign_in() -> Callable[[Page, User], None]:
    """Sign in through the login form, and the second step when the user has TOTP; ends on the home."""
    return _sign_in


@pytest.fixture
def screenshot() -> Callable[[Page, str], None]:
    """Save a full-page screenshot when SCREENSHOT_DIR is set, to look at what a person sees."""

    def take(page: Page, name: str) -> None:
        folder = os.environ.get("SCREENSHOT_DIR")
        if folder:
            page.screenshot(path=Path(folder) / f"{name}.png", full_page=True)

    return take
