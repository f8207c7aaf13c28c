"""Trainings on a phone, in a real Chromium: a manager enrols the team into a session with too
few seats, a worker accepts an offered seat, and the trainer checks people in with one tap
each. Every page passes axe-core and fits the phone's width."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_no_accessibility_violations, has_no_horizontal_scroll
from tests.trainings.conftest import open_session, programme, session, team_of  # noqa: F401 - fixtures
from trainings.models import Certificate, Enrolment
from trainings.services import enrolments

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check_page(page: Page) -> None:
    assert_no_accessibility_violations(page)
    assert has_no_horizontal_scroll(page)


def test_a_manager_enrols_the_team_into_a_session_with_too_few_seats(phone_page, sign_in, screenshot, session,
                                                                      manager, team_of):
    session.capacity = 2
    session.save(update_fields=["capacity"])
    team_of(2)
    sign_in(phone_page, manager)
    phone_page.goto(f"/trainingen/sessie/{session.pk}/")
    check_page(phone_page)
    phone_page.get_by_role("link", name="Je team inschrijven").tap()
    expect(phone_page.locator("#seats-left")).to_contain_text("Nog 2 plaatsen vrij")
    check_page(phone_page)
    # Everyone is ticked: the manager, the two workers.
    expect(phone_page.locator("input[name=people]:checked")).to_have_count(3)
    phone_page.get_by_role("button", name="Aangevinkte mensen inschrijven").tap()
    results = phone_page.locator("#results")
    expect(results).to_contain_text("heeft een plaats.")
    expect(results.locator("li", has_text="staat op de wachtlijst.")).to_have_count(1)
    expect(results.locator("li", has_text="heeft een plaats.")).to_have_count(2)
    expect(phone_page.locator("#seats-left")).to_contain_text("Nog 0 plaatsen vrij")
    check_page(phone_page)
    screenshot(phone_page, "trainings-team-enrolled")
    assert session.enrolments.filter(status=Enrolment.Status.WAITING).count() == 1


def test_a_worker_accepts_an_offered_seat(phone_page, sign_in, screenshot, session, manager, worker, team_of):
    session.capacity = 1
    session.save(update_fields=["capacity"])
    (first,) = team_of(1)
    enrolments.team_enrol(session=session, people=[first, worker], by=manager)
    enrolments.enrolment_cancel(enrolment=session.enrolments.get(user=first), by=first)
    sign_in(phone_page, worker)
    phone_page.goto("/trainingen/mijn/")
    expect(phone_page.locator("main")).to_contain_text("plaats aangeboden")
    check_page(phone_page)
    phone_page.get_by_role("link", name="Bekijk het aanbod").first.tap()
    expect(phone_page.locator("main")).to_contain_text("Er is een plaats vrijgekomen.")
    check_page(phone_page)
    phone_page.get_by_role("button", name="Plaats aannemen").tap()
    expect(phone_page.locator("main")).to_contain_text("Je bent ingeschreven.")
    expect(phone_page.get_by_role("link", name="https://meet.example.test/awareness")).to_be_visible()
    check_page(phone_page)
    screenshot(phone_page, "trainings-offer-accepted")
    assert session.enrolments.get(user=worker).status == Enrolment.Status.ENROLLED


def test_the_trainer_checks_people_in_with_one_tap_each(phone_page, sign_in, screenshot, session, manager, trainer,
                                                        team_of):
    people = team_of(4)
    enrolments.team_enrol(session=session, people=people, by=manager)
    sign_in(phone_page, trainer)
    phone_page.goto(f"/trainingen/sessie/{session.pk}/aanwezigheid/")
    check_page(phone_page)
    phone_page.get_by_label("Zoek op naam of organisatie").fill(people[2].full_name)
    rows = phone_page.locator("#attendance-rows li")
    expect(rows).to_have_count(1)
    expect(phone_page.locator("#present-count")).to_have_text("0 van 4 aanwezig")
    rows.get_by_role("button").tap()
    expect(rows.get_by_role("button")).to_have_attribute("aria-pressed", "true")
    expect(phone_page.locator("#present-count")).to_have_text("1 van 4 aanwezig")
    expect(rows).to_contain_text("aanwezig")
    check_page(phone_page)
    screenshot(phone_page, "trainings-checked-in")
    enrolment = session.enrolments.get(user=people[2])
    assert enrolment.status == Enrolment.Status.ATTENDED
    assert Certificate.objects.filter(enrolment=enrolment).exists()
