"""Training mails: at enrolment, a week and a day before, at a change and a cancellation; each
once per person and occasion, with a calendar invite that a calendar library reads back."""

import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import OperationalError
from django.utils import timezone
from icalendar import Calendar

from jongerenwerk.celery import app
from jongerenwerk.core import reminders
from jongerenwerk.core import tasks as core_tasks
from jongerenwerk.core.models import Notification
from tests.celery_helpers import private_broker_folders, running_worker, wait_for
from trainings import calendar
from trainings.models import Enrolment, Session
from trainings.services import enrolments, programmes

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def keys(user) -> list[str]:
    return sorted(Notification.objects.filter(user=user, key__startswith="trainings:").values_list("key", flat=True))


def move(session, *, starts_in: timedelta) -> Session:
    start = timezone.now() + starts_in
    Session.objects.filter(pk=session.pk).update(starts_at=start, ends_at=start + timedelta(hours=2))
    session.refresh_from_db()
    return session


def invite_of(message) -> Calendar:
    (content,) = [content for name, content, mimetype in message.attachments if name.endswith(".ics")]
    return Calendar.from_ical(content if isinstance(content, bytes) else content.encode())


def the_event(cal: Calendar):
    (event,) = cal.walk("VEVENT")
    return event


@pytest.fixture
def enrolled(session, manager, worker):
    enrolment = enrolments.enrolment_create(session=session, person=worker, by=manager)
    Enrolment.objects.filter(pk=enrolment.pk).update(created_at=timezone.now() - timedelta(days=30))
    return enrolment


def test_the_week_and_day_reminders_are_each_sent_once(session, enrolled, worker):
    move(session, starts_in=timedelta(days=8))
    assert reminders.reminders_send() == 0
    move(session, starts_in=timedelta(days=6, hours=23))
    assert reminders.reminders_send() == 1
    assert reminders.reminders_send() == 0
    move(session, starts_in=timedelta(hours=23))
    assert reminders.reminders_send() == 1
    assert reminders.reminders_send() == 0
    assert keys(worker) == sorted([f"trainings:enrolled:{enrolled.pk}", f"trainings:week:{session.pk}",
                                   f"trainings:day:{session.pk}"])


def test_someone_enrolled_inside_the_last_week_gets_no_week_reminder(session, manager, colleague):
    move(session, starts_in=timedelta(days=5))
    enrolments.enrolment_create(session=session, person=colleague, by=manager)
    assert reminders.reminders_send() == 0


def test_the_invite_has_a_stable_uid_a_rising_sequence_and_dutch_time(session, enrolled, trainer):
    first = the_event(Calendar.from_ical(calendar.invite(enrolled)))
    assert first["UID"] == f"{enrolled.uid}@jongerenwerk"
    assert first["SEQUENCE"] == 0
    start = first.decoded("DTSTART")
    assert first["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert timezone.localtime(start, AMSTERDAM).strftime("%H:%M") == "14:00"
    assert start == session.starts_at
    programmes.session_update(session=session, by=trainer, starts_at=session.starts_at + timedelta(hours=1),
                              ends_at=session.ends_at + timedelta(hours=1), meeting_url=session.meeting_url,
                              trainer=trainer)
    enrolled.refresh_from_db()
    cal = Calendar.from_ical(calendar.invite(enrolled))
    assert cal["METHOD"] == "REQUEST"
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    changed = the_event(cal)
    assert (changed["UID"], changed["SEQUENCE"]) == (first["UID"], 1)
    assert changed.decoded("DTSTART") == Session.objects.get(pk=session.pk).starts_at == start + timedelta(hours=1)


def test_each_person_of_a_session_gets_an_invite_with_their_own_uid(session, enrolled, manager, colleague):
    other = enrolments.enrolment_create(session=session, person=colleague, by=manager)
    events = {enrolment.pk: the_event(Calendar.from_ical(calendar.invite(enrolment))) for enrolment in (enrolled, other)}
    assert [events[e.pk]["UID"] for e in (enrolled, other)] == [f"{enrolled.uid}@jongerenwerk",
                                                                  f"{other.uid}@jongerenwerk"]
    assert events[enrolled.pk].decoded("DTSTART") == events[other.pk].decoded("DTSTART") == session.starts_at
    enrolments.enrolment_cancel(enrolment=other, by=colleague)
    other.refresh_from_db()
    assert Calendar.from_ical(calendar.invite(other))["METHOD"] == "CANCEL"
    assert the_event(Calendar.from_ical(calendar.invite(other)))["UID"] == f"{other.uid}@jongerenwerk"
    assert Calendar.from_ical(calendar.invite(enrolled))["METHOD"] == "REQUEST"


@pytest.fixture
def broker(tmp_path):
    with private_broker_folders(tmp_path / "broker"):
        yield app.conf.broker_url


def _count(queryset) -> int | None:
    try:
        return queryset.count()
    except OperationalError:  # SQLite: the worker thread holds the table; look again
        return None


def mails_to(address: str, subject_part: str = "") -> list:
    return [m for m in mail.outbox if m.to == [address] and subject_part in m.body]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_mails_each_occasion_once_with_an_invite(broker, session, manager, worker, trainer):
    move(session, starts_in=timedelta(days=20))
    with running_worker():
        enrolment = enrolments.enrolment_create(session=session, person=worker, by=manager)
        wait_for(lambda: len(mail.outbox) == 1, what="the enrolment mail")
        Enrolment.objects.filter(pk=enrolment.pk).update(created_at=timezone.now() - timedelta(days=30))
        move(session, starts_in=timedelta(days=6))
        core_tasks.send_reminders.delay()
        wait_for(lambda: len(mail.outbox) == 2, what="the reminder a week before")
        core_tasks.send_reminders.delay()  # a rerun sends nothing
        move(session, starts_in=timedelta(hours=20))
        core_tasks.send_reminders.delay()
        wait_for(lambda: len(mail.outbox) == 3, what="the reminder a day before")
        programmes.session_update(session=session, by=trainer, starts_at=session.starts_at + timedelta(hours=1),
                                  ends_at=session.ends_at + timedelta(hours=1),
                                  meeting_url="https://meet.example.test/nieuw", trainer=trainer)
        wait_for(lambda: len(mail.outbox) == 4, what="the change")
        enrolments.enrolment_cancel(enrolment=Enrolment.objects.get(pk=enrolment.pk), by=worker)
        wait_for(lambda: len(mail.outbox) == 5, what="the cancellation")
        core_tasks.send_reminders.delay()
        wait_for(lambda: _count(Notification.objects.filter(emailed_at__isnull=False)) == 5, what="the mails marked")
        time.sleep(1)  # a duplicate would have arrived by now
    assert len(mail.outbox) == 5
    assert all(m.to == [worker.email] for m in mail.outbox)
    enrolled, week, day, changed, cancelled = mail.outbox
    assert "Je bent ingeschreven voor de trainingssessie" in enrolled.body
    assert "https://meet.example.test/awareness" in enrolled.body
    assert "Je trainingssessie is over een week" in week.body
    assert "Je trainingssessie is morgen" in day.body
    assert "De trainingssessie van" in changed.body and "https://meet.example.test/nieuw" in changed.body
    assert "geannuleerd" in cancelled.body and "meet.example.test" not in cancelled.body
    sequences = [the_event(invite_of(m))["SEQUENCE"] for m in (enrolled, week, day, changed, cancelled)]
    assert sequences == [0, 0, 0, 1, 2]
    uids = {the_event(invite_of(m))["UID"] for m in (enrolled, week, day, changed, cancelled)}
    assert uids == {f"{enrolment.uid}@jongerenwerk"}
    assert invite_of(cancelled)["METHOD"] == "CANCEL"
    assert the_event(invite_of(changed)).decoded("DTSTART").astimezone(AMSTERDAM) == timezone.localtime(
        Session.objects.get(pk=session.pk).starts_at, AMSTERDAM).replace(microsecond=0)


def test_an_offer_is_mailed_with_the_link_to_accept(session, manager, team_of):
    session.capacity = 1
    session.save(update_fields=["capacity"])
    first, second = team_of(2)
    enrolments.team_enrol(session=session, people=[first, second], by=manager)
    enrolments.enrolment_cancel(enrolment=session.enrolments.get(user=first), by=first)
    offer = session.enrolments.get(user=second)
    notification = Notification.objects.get(user=second, key=f"trainings:offer:{offer.pk}")
    assert reminders.notification_send_email(notification=notification)
    (message,) = [m for m in mail.outbox if m.to == [second.email]]
    assert f"/trainingen/aanbod/{offer.pk}/" in message.body
    assert "De plaats blijft tot" in message.body
    assert not message.attachments  # no invite before the seat is accepted


def test_the_feed_holds_the_persons_sessions_and_validates(client_for, session, enrolled, worker, open_session):
    from trainings.models import CalendarFeed

    feed = CalendarFeed.objects.create(user=worker)
    response = client_for(None).get(f"/trainingen/agenda/{feed.token}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    assert [str(e["UID"]) for e in cal.walk("VEVENT")] == [f"{enrolled.uid}@jongerenwerk"]
    assert cal.walk("VTIMEZONE")
    # Renewing the address revokes the old one.
    client_for(worker).post("/trainingen/agenda/vernieuwen/", {"token": feed.token})
    assert client_for(None).get(f"/trainingen/agenda/{feed.token}.ics").status_code == 404
