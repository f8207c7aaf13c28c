"""Evidence on a phone: a screenshot refused for grooming, then added to a fight, in a real Chromium."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from signals.defaults import categories_seed
from signals.models import Category, Signal
from tests.browser.helpers import (
    assert_no_accessibility_violations,
    dutch,
    has_no_horizontal_scroll,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FACTS = "In een groepschat wordt een screenshot gedeeld van een afspraak om te vechten."
# A long name without spaces must wrap rather than widen the phone's screen.
NAME = "schermafbeelding_snapchat_story_van_vrijdagavond_bij_het_winkelcentrum.png"


def screenshot_file() -> dict:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 80), "orange").save(buffer, "PNG")
    return {"name": NAME, "mimeType": "image/png", "buffer": buffer.getvalue()}


def test_a_worker_adds_a_screenshot_on_a_phone_and_grooming_refuses_it(
    phone_page, sign_in, screenshot, organisation, worker, wijk_a
):
    categories_seed(organisation)
    grooming = Category.objects.get(organisation=organisation, key="grooming")
    page = phone_page
    sign_in(page, worker)
    page.goto("/signalen/nieuw/")
    page.get_by_label(dutch("Category")).select_option(label=grooming.name)
    page.get_by_label(dutch("Where did you see it?")).select_option(label="Snapchat")
    page.locator("fieldset:has([name=severity])").get_by_label(dutch("medium"), exact=True).check()
    page.get_by_label(dutch("Facts: what did you see or read?")).fill(FACTS)
    page.get_by_label(dutch("Evidence, such as screenshots")).set_input_files(screenshot_file())
    page.get_by_role("button", name=dutch("Log signal")).tap()

    # Refused for grooming: what was typed stays, and the page says to choose the file again.
    expect(page.locator(".errorlist").first).to_be_visible()
    expect(page.get_by_label(dutch("Facts: what did you see or read?"))).to_have_value(FACTS)
    choose_again = dutch("Choose your files again: the browser does not keep them when the form comes back.")
    expect(page.get_by_text(choose_again)).to_be_visible()
    assert_no_accessibility_violations(page)
    assert has_no_horizontal_scroll(page)
    screenshot(page, "signal-create-evidence-refused-phone")
    assert not Signal.objects.exists()

    page.get_by_label(dutch("Category")).select_option(label="Vechtpartij of dreiging daarvan")
    page.get_by_label(dutch("Evidence, such as screenshots")).set_input_files(screenshot_file())
    page.get_by_role("button", name=dutch("Log signal")).tap()

    expect(page).to_have_url(re.compile(r"/signalen/\d+/$"))
    evidence = page.locator("details:has(#attachments-heading)")
    link = evidence.get_by_role("link", name=NAME)
    expect(link).to_be_visible()
    expect(evidence).to_contain_text(worker.get_full_name())
    assert_no_accessibility_violations(page)
    assert has_no_horizontal_scroll(page)
    screenshot(page, "signal-evidence-phone")

    response = page.request.get(link.get_attribute("href"))
    assert (response.status, response.headers["content-type"]) == (200, "image/png")
