"""Seats are never overbooked, whatever arrives at once: 50 people enrolling at the same moment
for 20 seats, and 20 people accepting at the same moment for 5 freed seats.

PostgreSQL only: SQLite's shared-cache test database fails a second writer at once instead of
letting it wait, and SQLite serialises writes anyway. CI runs the suite on PostgreSQL.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from trainings.models import Enrolment, Session
from trainings.services import enrolments, programmes

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")


def at_once(calls) -> list:
    """Run the calls in threads released together; returns what each raised (or None)."""
    start = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            start.wait(timeout=30)
            call()
        except Exception as error:  # noqa: BLE001 - returned to the test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_fifty_enrolling_at_once_for_twenty_seats_give_twenty_enrolled_and_thirty_waiting(
        session, manager, team_of):
    programmes.session_capacity_set(session=session, capacity=20, by=manager)
    team = team_of(50)
    outcomes = at_once([lambda person=person: enrolments.enrolment_create(session=session, person=person, by=manager)
                        for person in team])
    assert outcomes == [None] * 50
    counts = {status: session.enrolments.filter(status=status).count() for status in ("enrolled", "waiting")}
    assert counts == {"enrolled": 20, "waiting": 30}
    session.refresh_from_db()
    assert (session.seats_taken, session.capacity) == (20, 20)


@pytest.mark.django_db(transaction=True)
def test_twenty_accepting_at_once_for_five_freed_seats_never_exceed_the_capacity(session, manager, team_of):
    programmes.session_capacity_set(session=session, capacity=5, by=manager)
    team = team_of(25)
    enrolments.team_enrol(session=session, people=team, by=manager)  # 5 seated, 20 waiting
    seated = list(session.enrolments.filter(status=Enrolment.Status.ENROLLED))
    waiting = list(session.enrolments.filter(status=Enrolment.Status.WAITING).select_related("user"))
    assert (len(seated), len(waiting)) == (5, 20)
    # Five seats free at once: the first five waiting get an offer; all twenty try to accept.
    at_once([lambda e=e: enrolments.enrolment_cancel(enrolment=e, by=manager) for e in seated])
    outcomes = at_once([lambda e=e: enrolments.offer_accept(enrolment=e, by=e.user) for e in waiting])
    accepted = [waiting[i].user.full_name for i, outcome in enumerate(outcomes) if outcome is None]
    assert accepted == [e.user.full_name for e in waiting[:5]]
    assert all(isinstance(outcome, ValidationError) for outcome in outcomes if outcome is not None)
    session = Session.objects.get(pk=session.pk)
    assert session.enrolments.filter(status=Enrolment.Status.ENROLLED).count() == 5
    assert (session.seats_taken, session.capacity) == (5, 5)
