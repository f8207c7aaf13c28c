"""Enrolling: seats, the waiting list, offers and the refusals a person reads."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jongerenwerk.core.models import Province
from trainings import tasks
from trainings.models import Enrolment, Session
from trainings.services import enrolments, programmes

S = Enrolment.Status


def statuses(session) -> list[tuple[str, str]]:
    return [(e.user.full_name, e.status) for e in session.enrolments.select_related("user").order_by("position", "pk")]


def test_the_team_gets_the_seats_left_and_the_rest_waits_in_the_order_shown(session, manager, team_of):
    session.capacity = 3
    session.save(update_fields=["capacity"])
    team = team_of(5)
    results = enrolments.team_enrol(session=session, people=team, by=manager)
    assert [(r.person.full_name, r.seated, r.waiting) for r in results] == [
        ("Werker 1", True, False), ("Werker 2", True, False), ("Werker 3", True, False),
        ("Werker 4", False, True), ("Werker 5", False, True)]
    session.refresh_from_db()
    assert (session.seats_taken, session.seats_left) == (3, 0)
    assert enrolments.place_of(results[4].enrolment) == 2


@pytest.mark.parametrize("case, message", [
    ("twice", "is al ingeschreven voor deze sessie"),
    ("other province", "is voor organisaties in Utrecht"),
    ("started", "al begonnen"),
    ("other organisation", "hoort bij een andere organisatie"),
    ("province pending", "nog niet bekend"),
    ("individual in a province session", "alleen inschrijvingen van organisaties"),
])
def test_what_cannot_be_enrolled_is_refused_in_dutch(case, message, session, manager, worker, outsider):
    person, by = worker, manager
    if case == "twice":
        enrolments.enrolment_create(session=session, person=worker, by=manager)
    elif case == "other province":
        session.province = Province.UTRECHT
        session.save(update_fields=["province"])
    elif case == "started":
        session.starts_at = timezone.now() - timedelta(minutes=5)
        session.save(update_fields=["starts_at"])
    elif case == "other organisation":
        person = outsider
    elif case == "province pending":
        session.province = ""
        session.save(update_fields=["province"])
    elif case == "individual in a province session":
        by = worker
    with pytest.raises(ValidationError) as error:
        enrolments.enrolment_create(session=session, person=person, by=by)
    assert message in error.value.messages[0]


def test_a_worker_enrols_themself_in_an_open_session(open_session, worker, outsider):
    assert enrolments.enrolment_create(session=open_session, person=worker, by=worker).status == S.ENROLLED
    # Open sessions take people from anywhere.
    assert enrolments.enrolment_create(session=open_session, person=outsider, by=outsider).status == S.ENROLLED


@pytest.fixture
def full_session(session, manager, team_of):
    session.capacity = 2
    session.save(update_fields=["capacity"])
    enrolments.team_enrol(session=session, people=team_of(4), by=manager)
    return session


def enrolment_of(session, name):
    return session.enrolments.get(user__full_name=name)


def test_a_cancellation_offers_the_seat_to_the_first_waiting_who_accepts(full_session):
    first = enrolment_of(full_session, "Werker 1")
    enrolments.enrolment_cancel(enrolment=first, by=first.user)
    offered = enrolment_of(full_session, "Werker 3")
    assert offered.status == S.OFFERED
    assert offered.offer_expires_at == pytest.approx(timezone.now() + timedelta(hours=48), abs=timedelta(minutes=1))
    assert enrolment_of(full_session, "Werker 4").status == S.WAITING
    enrolments.offer_accept(enrolment=offered, by=offered.user)
    assert enrolment_of(full_session, "Werker 3").status == S.ENROLLED
    full_session.refresh_from_db()
    assert full_session.seats_taken == 2
    with pytest.raises(ValidationError, match="verlopen of al gebruikt"):
        enrolments.offer_accept(enrolment=offered, by=offered.user)


def test_an_expired_offer_passes_to_the_next(full_session):
    enrolments.enrolment_cancel(enrolment=enrolment_of(full_session, "Werker 1"), by=None)
    offered = enrolment_of(full_session, "Werker 3")
    assert enrolments.offers_expire(now=timezone.now() + timedelta(hours=47)) == 0
    assert enrolments.offers_expire(now=timezone.now() + timedelta(hours=49)) == 1
    assert enrolment_of(full_session, "Werker 3").status == S.CANCELLED
    assert enrolment_of(full_session, "Werker 4").status == S.OFFERED
    with pytest.raises(ValidationError, match="verlopen of al gebruikt"):
        enrolments.offer_accept(enrolment=offered, by=offered.user)


def test_a_declined_offer_passes_to_the_next(full_session):
    enrolments.enrolment_cancel(enrolment=enrolment_of(full_session, "Werker 2"), by=None)
    offered = enrolment_of(full_session, "Werker 3")
    enrolments.offer_decline(enrolment=offered, by=offered.user)
    assert enrolment_of(full_session, "Werker 4").status == S.OFFERED


def test_no_offers_within_24_hours_of_the_start(full_session):
    Session.objects.filter(pk=full_session.pk).update(starts_at=timezone.now() + timedelta(hours=20),
                                                      ends_at=timezone.now() + timedelta(hours=22))
    full_session.refresh_from_db()
    enrolments.enrolment_cancel(enrolment=enrolment_of(full_session, "Werker 1"), by=None)
    assert enrolment_of(full_session, "Werker 3").status == S.WAITING
    full_session.refresh_from_db()
    assert full_session.seats_left == 1


def test_more_capacity_offers_the_new_seats(full_session, trainer):
    programmes.session_capacity_set(session=full_session, capacity=3, by=trainer)
    assert enrolment_of(full_session, "Werker 3").status == S.OFFERED
    assert enrolment_of(full_session, "Werker 4").status == S.WAITING


def test_capacity_below_the_seats_taken_is_refused_with_the_numbers(full_session, trainer):
    with pytest.raises(ValidationError) as error:
        programmes.session_capacity_set(session=full_session, capacity=1, by=trainer)
    assert error.value.messages == [
        "2 mensen zijn ingeschreven of hebben een aanbod; de capaciteit kan niet lager dan dat (je vroeg om 1)."]
    full_session.refresh_from_db()
    assert full_session.capacity == 2


def test_the_2021_series_is_seeded_exactly(trainer):
    programme = programmes.awareness_2021_seed(trainer=trainer)
    sessions = list(programme.sessions.all())
    thursdays = [(s.starts_at.astimezone(timezone.get_current_timezone()).date().isoformat()) for s in sessions
                 if s.kind == Session.Kind.PROVINCE]
    wednesdays = [s.starts_at.date().isoformat() for s in sessions if s.kind == Session.Kind.OPEN]
    assert thursdays == ["2021-09-02", "2021-09-09", "2021-09-16", "2021-09-23", "2021-09-30", "2021-10-07",
                         "2021-10-14", "2021-10-21", "2021-10-28", "2021-11-04", "2021-11-11", "2021-11-18",
                         "2021-11-25"]
    assert wednesdays == ["2021-11-03", "2021-11-10", "2021-11-17"]
    assert all(s.allows_individuals for s in sessions if s.kind == Session.Kind.OPEN)
    assert not any(s.province for s in sessions)
    assert programmes.awareness_2021_seed(trainer=trainer) == programme
    assert programme.sessions.count() == 16


def test_an_expired_offer_is_passed_on_by_the_periodic_task(session, manager, team_of):
    session.capacity = 1
    session.save(update_fields=["capacity"])
    first, second, third = team_of(3)
    enrolments.team_enrol(session=session, people=[first, second, third], by=manager)
    enrolments.enrolment_cancel(enrolment=session.enrolments.get(user=first), by=first)
    Enrolment.objects.filter(user=second).update(offer_expires_at=timezone.now() - timedelta(minutes=1))
    assert tasks.expire_offers() == 1
    assert session.enrolments.get(user=third).status == Enrolment.Status.OFFERED


def test_the_offer_hours_are_configurable(full_session, settings):
    settings.TRAININGS_OFFER_HOURS = 12
    enrolments.enrolment_cancel(enrolment=enrolment_of(full_session, "Werker 1"), by=None)
    offered = enrolment_of(full_session, "Werker 3")
    assert offered.offer_expires_at == pytest.approx(timezone.now() + timedelta(hours=12), abs=timedelta(minutes=1))
