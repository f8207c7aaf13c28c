"""The signal page and form after a first week of real use, on a phone: the picker for young
people, the Back button, the decision that waits for its report, and the record of each step."""

import re

import pytest
from playwright.sync_api import expect

from signals.models import Outcome, Signal, Step
from signals.services import handling
from tests.browser.helpers import assert_no_accessibility_violations, dutch, has_no_horizontal_scroll
from tests.factories import YouthFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FACTS = "Op het speelveld wordt een ruzie van gisteren uitgevochten met woorden."


def fill_signal(page, *, facts: str = FACTS) -> None:
    page.get_by_label(dutch("Category")).select_option(label="Overlast")
    page.get_by_label(dutch("Where did you see it?")).select_option(label=dutch("street"))
    page.locator("fieldset:has([name=severity])").get_by_label(dutch("low"), exact=True).check()
    page.get_by_label(dutch("Facts: what did you see or read?")).fill(facts)


def test_a_worker_finds_a_young_person_as_they_type_and_logs_the_signal(
    phone_page, sign_in, screenshot, worker, organisation, wijk_a, wijk_b, categories
):
    YouthFactory(organisation=organisation, alias="skate_mo", neighbourhood=wijk_a)
    YouthFactory(organisation=organisation, alias="skate_lin", neighbourhood=wijk_b)  # not the worker's
    YouthFactory.create_batch(300, organisation=organisation, neighbourhood=wijk_a)
    page = phone_page
    sign_in(page, worker)
    page.goto("/signalen/nieuw/")
    # Nothing of the register is on the page until the worker searches.
    expect(page.locator("input[name=youths]")).to_have_count(0)
    page.get_by_role("button", name=dutch("Log signal")).tap()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    summary.get_by_role("link").first.tap()
    assert_no_accessibility_violations(page)

    fill_signal(page)
    page.get_by_label(dutch("Search a young person by alias")).fill("skate")
    results = page.locator("[id$=youths_results]")
    expect(results.get_by_label("skate_mo")).to_be_visible()
    expect(results.get_by_text("skate_lin")).to_have_count(0)
    results.get_by_label("skate_mo").check()
    assert_no_accessibility_violations(page)
    assert has_no_horizontal_scroll(page)
    screenshot(page, "signal-form-picker-phone")
    page.get_by_role("button", name=dutch("Log signal")).tap()
    expect(page).to_have_url(re.compile(r"/signalen/\d+/$"))
    signal = Signal.objects.get()
    assert [youth.alias for youth in signal.youths.all()] == ["skate_mo"]


def test_the_back_button_does_not_store_a_signal_twice(phone_page, sign_in, worker, categories, wijk_a):
    page = phone_page
    sign_in(page, worker)
    page.goto("/signalen/nieuw/")
    fill_signal(page)
    page.get_by_role("button", name=dutch("Log signal")).tap()
    expect(page).to_have_url(re.compile(r"/signalen/\d+/$"))
    first = page.url

    page.go_back()
    expect(page).to_have_url(re.compile(r"/signalen/nieuw/$"))
    facts = page.get_by_label(dutch("Facts: what did you see or read?"))
    if not facts.input_value():  # the page came fresh from the server: type it all again, as a person would
        fill_signal(page)
    page.get_by_role("button", name=dutch("Log signal")).tap()

    expect(page).to_have_url(first)
    expect(page.get_by_text(dutch("This signal was logged already, so it is not stored twice. Here it is."))).to_be_visible()
    assert Signal.objects.count() == 1


def test_a_decision_to_report_waits_for_the_report_and_the_record_shows_every_step(
    phone_page, sign_in, screenshot, worker, colleague, safeguarding_officer, log_signal
):
    signal = log_signal(worker, category="thuissituatie", severity="hoog")
    handling.consultation_add(signal=signal, author=safeguarding_officer, weighing="Zorgelijk; verder wegen.")
    signal = handling.consultation_complete(signal=signal, by=worker, expected_version=signal.version)
    signal = handling.conversation_record(signal=signal, by=worker, expected_version=signal.version,
                                          note="Jongere vertelt over ruzie thuis.")
    handling.weighing_record(signal=signal, by=safeguarding_officer, expected_version=signal.version, q1=True, q2=False)
    page = phone_page
    sign_in(page, safeguarding_officer)
    page.goto(f"/signalen/{signal.pk}/")

    # The next step comes first, above the facts.
    next_step = page.locator(".next-step")
    assert page.locator(".next-step").bounding_box()["y"] < page.locator(".facts-text").bounding_box()["y"]
    decision = page.locator("section:has(#decide-heading)")
    for question, answer in (("q3", "yes"), ("q4", "no"), ("q5", "yes")):
        decision.locator(f"fieldset:has([name={question}])").get_by_label(dutch(answer), exact=True).check()
    decision.locator("fieldset:has([name=outcome])").get_by_label(dutch("report to Veilig Thuis"), exact=True).check()
    decision.get_by_label(dutch("Why this decision?")).fill("Hulp wordt niet aanvaard.")
    decision.get_by_role("button", name=dutch("Record the decision")).tap()

    # The decision stands; the page asks for the report, with Veilig Thuis and the right to report set.
    expect(next_step).to_contain_text(dutch("report to Veilig Thuis"))
    expect(page.locator("section:has(#decide-heading)")).to_have_count(0)
    expect(next_step.get_by_label(dutch("Shared with"))).to_have_value("veilig_thuis")
    expect(next_step.get_by_label(dutch("the right to report (reporting code)"))).to_be_checked()
    assert_no_accessibility_violations(page)
    assert has_no_horizontal_scroll(page)
    screenshot(page, "signal-report-waits-phone")
    next_step.get_by_role("button", name=dutch("Record the report to Veilig Thuis")).tap()

    expect(page.locator(".step-now")).to_contain_text(dutch("closed"))
    record = page.locator("#record")
    expect(record).to_have_attribute("open", "")
    for text in ("Jongere vertelt over ruzie thuis.", "Zorgelijk; verder wegen.", "Hulp wordt niet aanvaard.",
                 dutch("Report to Veilig Thuis")):
        expect(record).to_contain_text(text)
    assert_no_accessibility_violations(page)
    screenshot(page, "signal-closed-record-phone")
    signal.refresh_from_db()
    assert (signal.step, signal.outcome) == (Step.CLOSED, Outcome.REPORT)


def test_the_sections_open_on_demand_and_the_page_stays_short(phone_page, sign_in, worker, colleague, log_signal):
    signal = log_signal(worker)
    handling.consultation_add(signal=signal, author=colleague, weighing="Vaak grootspraak.")
    page = phone_page
    sign_in(page, worker)
    page.goto(f"/signalen/{signal.pk}/")
    expect(page.get_by_role("button", name=dutch("Complete the collegial consultation"))).to_be_visible()
    history = page.locator("#history")
    expect(history.locator("ol")).to_be_hidden()
    history.locator("summary").tap()
    expect(history.locator("ol")).to_be_visible()
    height = page.evaluate("document.scrollingElement.scrollHeight")
    assert height < 844 * 3.5, height  # a few screens, not five
    assert_no_accessibility_violations(page)
