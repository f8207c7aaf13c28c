"""Mails that must not be lost: a broker outage keeps them in the outbox; the certificate is
mailed with its PDF; a cancelled session tells everyone with a cancelling invite."""

import io

import pytest
from django.core import mail
from icalendar import Calendar
from pypdf import PdfReader

from jongerenwerk.core import reminders
from jongerenwerk.core.models import Notification, OutboxMessage
from trainings.models import Enrolment
from trainings.services import enrolments, programmes


@pytest.mark.django_db(transaction=True)
def test_an_enrolment_during_a_broker_outage_keeps_its_mail_in_the_outbox(broker_down, session, manager, worker):
    enrolment = enrolments.enrolment_create(session=session, person=worker, by=manager)
    assert enrolment.status == Enrolment.Status.ENROLLED
    waiting = OutboxMessage.objects.get(task_name="core.send_notification_emails")
    assert waiting.published_at is None
    (notification,) = Notification.objects.filter(pk__in=waiting.args[0])
    assert notification.key == f"trainings:enrolled:{enrolment.pk}"


def test_the_certificate_is_mailed_with_its_pdf(session, manager, worker, trainer):
    enrolment = enrolments.enrolment_create(session=session, person=worker, by=manager)
    programmes.attendance_set(enrolment=enrolment, attended=True, by=trainer)
    notification = Notification.objects.get(user=worker, key=f"trainings:certificate:{enrolment.pk}")
    assert reminders.notification_send_email(notification=notification)
    assert not reminders.notification_send_email(notification=notification)
    (message,) = mail.outbox
    (pdf,) = [content for name, content, mimetype in message.attachments if mimetype == "application/pdf"]
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert worker.full_name in text and "Verificatiecode" in text


def test_a_cancelled_session_tells_everyone_with_a_cancelling_invite(session, manager, worker, colleague, trainer):
    for person in (worker, colleague):
        enrolments.enrolment_create(session=session, person=person, by=manager)
    programmes.session_cancel(session=session, by=trainer)
    cancelled = Notification.objects.filter(key__startswith="trainings:cancelled:")
    assert sorted(n.user.email for n in cancelled) == sorted([worker.email, colleague.email])
    for notification in cancelled:
        reminders.notification_send_email(notification=notification)
    for message in mail.outbox:
        (ics,) = [c for name, c, m in message.attachments if name.endswith(".ics")]
        calendar = Calendar.from_ical(ics)
        assert calendar["METHOD"] == "CANCEL"
        assert calendar.walk("VEVENT")[0]["STATUS"] == "CANCELLED"
    session.refresh_from_db()
    assert session.seats_taken == 0 and session.cancelled_at is not None
