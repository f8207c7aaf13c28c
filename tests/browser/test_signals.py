"""A signal on a phone: logged by a worker, weighed by a colleague, decided and shared by the
safeguarding officer, in a real Chromium; and the signal pages checked with axe-core."""

import os
import re
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from jongerenwerk.core.models import User
from signals.defaults import categories_seed
from signals.models import Category, Outcome, Signal, Step
from signals.services import handling, intake, shares
from tests.browser.conftest import PHONE
from tests.browser.helpers import (
    assert_no_accessibility_violations,
    dutch,
    has_no_horizontal_scroll,
)

# The live server reads the personas on another thread, so they must be committed.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp"))
FACTS = "In een Snapchat-story van @blok7 wordt voor vrijdag een vechtpartij bij het winkelcentrum aangekondigd."
WEIGHING = "Eerder ging het om grootspraak, maar nu noemen ze een tijd en een plek."


def choose(page: Page, field: str, label: str) -> None:
    """Tap the radio button or checkbox of `field` with this label."""
    page.locator(f"fieldset:has([name={field}])").get_by_label(label, exact=True).check()


@pytest.fixture
def categories(organisation) -> dict[str, Category]:
    categories_seed(organisation)
    return {c.key: c for c in Category.objects.filter(organisation=organisation)}


@pytest.fixture
def phone(chromium: Browser, live_server) -> Iterator[Callable[[], Page]]:
    """Open another phone, each with its own cookies: one per person in the story."""
    contexts = []

    def open_phone() -> Page:
        context = chromium.new_context(base_url=live_server.url, locale="nl-NL", **PHONE)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_phone
    for context in contexts:
        context.close()


def log_signal(organisation, reporter: User, category: Category, neighbourhood) -> Signal:
    signal, _ = intake.signal_create(
        organisation=organisation, reporter=reporter, idempotency_key=uuid.uuid4(), category=category,
        source="snapchat", observed_at=timezone.now(), neighbourhood=neighbourhood, severity="middel", facts=FACTS,
    )
    return signal


def test_a_signal_is_logged_weighed_decided_and_shared_on_phones(
    phone, sign_in, worker, colleague, safeguarding_officer, wijk_a, categories
):
    # 1. The worker logs the signal through the form, with a new young person typed inline.
    page = phone()
    sign_in(page, worker)
    page.get_by_role("link", name=dutch("Log a signal")).first.tap()  # the home's card opens the form
    expect(page.get_by_role("heading", level=1)).to_have_text(dutch("Log a signal"))
    expect(page.get_by_label(dutch("When"))).not_to_have_value("")
    page.get_by_label(dutch("Category")).select_option(label="Vechtpartij of dreiging daarvan")
    page.get_by_label(dutch("Where did you see it?")).select_option(label="Snapchat")
    page.get_by_label(dutch("Neighbourhood")).select_option(label="Wijk A")
    choose(page, "severity", dutch("medium"))
    page.get_by_label(dutch("Or add a young person by alias")).fill("Blok7-Sam")
    page.get_by_label(dutch("Age band")).select_option(label=dutch("16 to 17"))
    page.get_by_label(dutch("Facts: what did you see or read?")).fill(FACTS)
    assert has_no_horizontal_scroll(page)
    page.screenshot(path=SCREENSHOTS / "signal-create-phone.png", full_page=True)
    page.get_by_role("button", name=dutch("Log signal")).tap()

    expect(page).to_have_url(re.compile(r"/signalen/\d+/$"))
    expect(page.get_by_text(dutch("The signal is logged. Thank you."))).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vechtpartij of dreiging daarvan")
    expect(page.locator(".facts-text")).to_have_text(FACTS)
    expect(page.locator("dl.facts")).to_contain_text("Blok7-Sam")
    expect(page.locator(".step-now")).to_contain_text(dutch("collegial consultation"))
    assert has_no_horizontal_scroll(page)
    signal = Signal.objects.get()
    assert (signal.category.key, signal.severity, signal.neighbourhood, signal.reporter) == (
        "vechtpartij", "middel", wijk_a, worker
    )
    signal_url = f"/signalen/{signal.pk}/"

    # 2. A colleague records a weighing; htmx swaps the consultations in without a reload.
    page = phone()
    sign_in(page, colleague)
    page.goto(signal_url)
    consultations = page.locator("#consultations")
    # The colleague's next step is their weighing: the page says so and opens the section.
    expect(page.locator(".next-step")).to_contain_text(
        dutch("Give your collegial weighing: how does the group code this, how do you decode it?"))
    expect(consultations).to_contain_text(dutch("No weighing recorded yet."))
    page.evaluate("window.__marker = 1")
    consultations.get_by_label(dutch("Your weighing")).fill(WEIGHING)
    consultations.get_by_role("button", name=dutch("Record my collegial weighing")).tap()

    expect(consultations.locator("li").first).to_contain_text(WEIGHING)
    expect(consultations).to_contain_text(colleague.get_full_name())
    expect(consultations.get_by_label(dutch("Your weighing"))).to_have_value("")
    assert page.evaluate("window.__marker") == 1, "the page was reloaded instead of swapped by htmx"
    assert has_no_horizontal_scroll(page)

    # 3. The safeguarding officer completes the consultation, weighs, decides and shares.
    page = phone()
    sign_in(page, safeguarding_officer)
    page.goto(signal_url)
    page.get_by_role("button", name=dutch("Complete the collegial consultation")).tap()
    expect(page.locator(".step-now")).to_contain_text(dutch("weighing"))

    weighing = page.locator("section:has(#weigh-heading)")
    choose(weighing, "q1", dutch("yes"))
    choose(weighing, "q2", dutch("no"))
    weighing.get_by_role("button", name=dutch("Record the afwegingskader")).tap()
    expect(page.locator(".step-now")).to_contain_text(dutch("decision"))

    decision = page.locator("section:has(#decide-heading)")
    for question in ("q3", "q4", "q5"):
        choose(decision, question, dutch("yes"))
    choose(decision, "outcome", dutch("organise help"))
    decision.get_by_label(dutch("Why this decision?")).fill("De jongere wil hulp van de huisarts.")
    decision.get_by_role("button", name=dutch("Record the decision")).tap()

    # Help without a required report: the decision closes the signal at once.
    step_now = page.locator(".step-now")
    expect(step_now).to_contain_text(dutch("closed"))
    expect(step_now).to_contain_text(dutch("organise help"))
    expect(page.locator("section:has(#decide-heading)")).to_have_count(0)

    share = page.locator("details:has(#share-heading)")
    share.locator("summary").tap()
    expect(share).to_contain_text(dutch("Nothing shared yet."))
    share.get_by_role("link", name=dutch("Record a share")).tap()  # the form comes when asked for
    share.get_by_label(dutch("Shared with")).select_option(label=dutch("school"))
    share.get_by_label(dutch("Name of the organisation")).fill("Het Testwijk College")
    choose(share, "legal_basis", dutch("consent of the young person"))
    share.get_by_role("button", name=dutch("Record the share")).tap()

    expect(page.get_by_text(dutch("Saved."))).to_be_visible()
    expect(share.locator("li").first).to_contain_text("Het Testwijk College")
    expect(share.locator("li").first).to_contain_text(dutch("consent of the young person"))
    expect(share.locator("li").first).to_contain_text(f'{dutch("category")}, {dutch("date")}, {dutch("neighbourhood")}')
    expect(page.locator(".step-now")).to_contain_text(dutch("closed"))
    assert has_no_horizontal_scroll(page)
    page.screenshot(path=SCREENSHOTS / "signal-detail-phone.png", full_page=True)

    signal.refresh_from_db()
    assert signal.step == Step.CLOSED
    assert signal.outcome == Outcome.ORGANISE_HELP
    assert (signal.q1_suspicion, signal.q2_acute_or_structural) == (True, False)
    assert list(signal.shares.values_list("recipient", "fields")) == [
        ("school", ["category", "date", "neighbourhood", "pseudonym"])
    ]


def test_the_signal_list_and_the_create_form_have_no_accessibility_violations(
    phone_page, sign_in, screenshot, organisation, worker, wijk_a, categories
):
    log_signal(organisation, worker, categories["vechtpartij"], wijk_a)
    page = phone_page
    sign_in(page, worker)

    page.goto("/signalen/")
    expect(page.locator(".signal-list li")).to_have_count(1)
    assert_no_accessibility_violations(page)
    page.locator("details.filters summary").tap()
    assert_no_accessibility_violations(page)

    page.goto("/signalen/nieuw/")
    assert_no_accessibility_violations(page)
    page.get_by_role("button", name=dutch("Log signal")).tap()
    expect(page.locator(".errorlist").first).to_be_visible()
    assert_no_accessibility_violations(page)
    assert has_no_horizontal_scroll(page)
    screenshot(page, "signal-create-errors-phone")


def test_the_signal_page_has_no_accessibility_violations_at_each_step(
    phone, sign_in, screenshot, organisation, worker, colleague, safeguarding_officer, wijk_a, categories
):
    signal = log_signal(organisation, worker, categories["vechtpartij"], wijk_a)
    url = f"/signalen/{signal.pk}/"

    # At the consultation: the colleague's weighing form, also with its error shown.
    page = phone()
    sign_in(page, colleague)
    page.goto(url)
    assert_no_accessibility_violations(page)
    page.locator("#consultations").get_by_role("button", name=dutch("Record my collegial weighing")).tap()
    expect(page.locator("#consultations .errorlist")).to_be_visible()
    assert_no_accessibility_violations(page)
    screenshot(page, "signal-consultation-error-phone")

    # At the consultation, for the officer: the next step and the acute fast path.
    handling.consultation_add(signal=signal, author=colleague, weighing=WEIGHING)
    page = phone()
    sign_in(page, safeguarding_officer)
    page.goto(url)
    page.get_by_text(dutch("Acute: this cannot wait")).tap()
    page.get_by_role("link", name=dutch("Show the form for the acute fast path")).tap()
    expect(page.get_by_label(dutch("Why this cannot wait"))).to_be_visible()
    assert_no_accessibility_violations(page)

    signal = handling.consultation_complete(signal=signal, by=safeguarding_officer, expected_version=signal.version)
    page.goto(url)
    expect(page.locator("#weigh-heading")).to_be_visible()
    assert_no_accessibility_violations(page)
    page.locator("section:has(#weigh-heading)").get_by_role("button").tap()
    expect(page.locator("section:has(#weigh-heading) .errorlist").first).to_be_visible()
    assert_no_accessibility_violations(page)

    handling.weighing_record(signal=signal, by=safeguarding_officer, expected_version=signal.version, q1=True, q2=False)
    page.goto(url)
    expect(page.locator("#decide-heading")).to_be_visible()
    assert_no_accessibility_violations(page)
    assert has_no_horizontal_scroll(page)
    screenshot(page, "signal-decision-phone")


def test_the_officer_opens_a_share_summary_on_a_phone_to_print_it(
    phone_page, sign_in, screenshot, organisation, worker, safeguarding_officer, wijk_a, categories
):
    signal = log_signal(organisation, worker, categories["vechtpartij"], wijk_a)
    Signal.objects.filter(pk=signal.pk).update(outcome=Outcome.ORGANISE_HELP)
    signal.refresh_from_db()
    shares.share_record(signal=signal, by=safeguarding_officer, recipient="school",
                          recipient_name="Het Testwijk College", legal_basis="toestemming_jongere",
                          fields=["category", "date", "neighbourhood"])
    page = phone_page
    sign_in(page, safeguarding_officer)
    page.goto(f"/signalen/{signal.pk}/")
    page.locator("details:has(#share-heading) summary").tap()
    page.locator("details:has(#share-heading)").get_by_role("link").first.tap()

    expect(page).to_have_url(re.compile(rf"/signalen/{signal.pk}/delen/\d+/$"))
    expect(page.locator(".shared-fields")).to_contain_text("Vechtpartij of dreiging daarvan")
    expect(page.locator(".shared-fields")).to_contain_text("Wijk A")
    expect(page.get_by_text(FACTS)).to_have_count(0)
    print_button = page.get_by_role("button", name=dutch("Print or save as PDF"))
    expect(print_button).to_be_visible()
    assert_no_accessibility_violations(page)
    assert has_no_horizontal_scroll(page)
    screenshot(page, "share-summary-phone")

    # On paper only the summary remains: no navigation, no buttons.
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(print_button).to_be_hidden()
    expect(page.locator(".share-summary")).to_be_visible()


def test_the_officer_plans_an_action_and_a_hold_and_the_worker_marks_it_done_on_phones(
    phone, sign_in, organisation, worker, safeguarding_officer, wijk_a, categories
):
    signal = log_signal(organisation, worker, categories["vechtpartij"], wijk_a)
    officer = phone()
    sign_in(officer, safeguarding_officer)
    officer.goto(f"/signalen/{signal.pk}/")
    actions = officer.locator("#actions")
    actions.locator("summary").tap()  # folded while there are none
    expect(actions).to_contain_text(dutch("No follow-up actions yet."))
    actions.get_by_role("link", name=dutch("Add a follow-up action")).tap()

    # A date in the past is refused with a message; what was typed stays.
    actions.get_by_label(dutch("What needs to be done")).fill("Straatronde bij het winkelcentrum")
    actions.get_by_label(dutch("Who does it")).select_option(value=str(worker.pk))
    actions.get_by_label(dutch("Due")).fill((timezone.localdate() - timedelta(days=1)).isoformat())
    actions.get_by_role("button", name=dutch("Add the action")).tap()
    expect(actions).to_contain_text(dutch("The due date cannot lie in the past."))
    expect(actions.get_by_label(dutch("What needs to be done"))).to_have_value("Straatronde bij het winkelcentrum")
    assert_no_accessibility_violations(officer)
    actions.get_by_label(dutch("Due")).fill((timezone.localdate() + timedelta(days=2)).isoformat())
    actions.get_by_role("button", name=dutch("Add the action")).tap()
    expect(officer.locator("#actions li").first).to_contain_text("Straatronde bij het winkelcentrum")

    officer.locator("details:has(#hold-heading) summary").tap()
    officer.locator("details:has(#hold-heading)").get_by_role("link", name=dutch("Place a legal hold")).tap()
    hold = officer.locator("form[action$='/juridische-bewaring/']")
    hold.get_by_label(dutch("Reason")).fill("Politieonderzoek loopt.")
    hold.get_by_role("button", name=dutch("Place a legal hold")).tap()
    expect(officer.locator(".legal-hold")).to_be_visible()
    assert_no_accessibility_violations(officer)
    assert has_no_horizontal_scroll(officer)

    # The worker finds the action on their home page and marks it done.
    page = phone()
    sign_in(page, worker)
    page.goto("/")
    page.get_by_role("link", name="Straatronde bij het winkelcentrum").tap()
    expect(page).to_have_url(re.compile(rf"/signalen/{signal.pk}/#actions$"))
    page.locator("#actions").get_by_role("button", name=dutch("Mark as done")).tap()
    expect(page.locator("#actions li").first).to_contain_text(f'✓ {dutch("done")}')
    expect(page.locator("#actions").get_by_role("button", name=dutch("Mark as done"))).to_have_count(0)
    assert_no_accessibility_violations(page)
    signal.refresh_from_db()
    assert signal.legal_hold and signal.actions.get().done_at is not None
