"""A mail whose sending fails is retried until it goes, and sent exactly once.

The SMTP server is real (aiosmtpd on a free local port) and refuses the first message with a
temporary error, as a busy mail server does; a real Celery worker runs the task and its retry.
"""

import socket
import time

import pytest
from aiosmtpd.controller import Controller
from django.core import mail

from jongerenwerk.celery import app
from jongerenwerk.core import reminders, services
from jongerenwerk.core.models import Invitation, Notification, Role
from tests.celery_helpers import private_broker_folders, running_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


class RefusesTheFirstMessage:
    def __init__(self) -> None:
        self.attempts = 0
        self.delivered: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.attempts += 1
        if self.attempts == 1:
            return "451 4.3.0 Temporary failure, try again later"
        self.delivered.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings, tmp_path):
    handler = RefusesTheFirstMessage()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "use_tls": False, "timeout": 5},
        }
    }
    try:
        with private_broker_folders(tmp_path / "broker"):
            yield handler
    finally:
        controller.stop()


def test_a_refused_notification_mail_is_retried_and_sent_exactly_once(smtp_server, worker):
    with running_worker():
        (notification,) = reminders.notify(users=[worker], message="A follow-up action of yours is overdue.",
                                           url="/signalen/", key="retry-test")
        wait_for(lambda: Notification.objects.get(pk=notification.pk).emailed_at is not None, what="the retried mail")
        time.sleep(1)  # a duplicate would have arrived by now
        # A rerun after success sends nothing.
        app.send_task("core.send_notification_email", args=[notification.pk])
        time.sleep(2)
    assert smtp_server.attempts == 2
    assert [recipients for recipients, _ in smtp_server.delivered] == [[worker.email]]
    assert "Een vervolgactie van jou is over de termijn." in smtp_server.delivered[0][1]


def test_a_refused_invitation_is_retried_and_sent_exactly_once(smtp_server, organisation, admin_member):
    with running_worker():
        invitation = services.invitation_create(
            organisation=organisation, email="opnieuw@test.test", role=Role.JONGERENWERKER, by=admin_member
        )
        wait_for(lambda: Invitation.objects.get(pk=invitation.pk).sent_at is not None, what="the retried invitation")
        time.sleep(1)
    assert smtp_server.attempts == 2
    assert [recipients for recipients, _ in smtp_server.delivered] == [["opnieuw@test.test"]]


def test_a_mail_is_in_its_recipients_language(worker, colleague, db):
    worker.language = "en"
    worker.save(update_fields=["language"])
    for user in (worker, colleague):
        (notification,) = reminders.notify(users=[user], message="A follow-up action was assigned to you.",
                                           url="/signalen/1/", key="taal")
        reminders.notification_send_email(notification=notification)
    english, dutch = mail.outbox
    assert "A follow-up action was assigned to you." in english.body and english.to == [worker.email]
    assert "Er is een vervolgactie aan je toegewezen." in dutch.body and dutch.to == [colleague.email]


def test_a_mail_that_failed_beyond_its_retries_is_sent_by_the_sweep(worker, db):
    (notification,) = reminders.notify(users=[worker], message="A follow-up action of yours is overdue.",
                                       url="/signalen/", key="later")
    Notification.objects.filter(pk=notification.pk).update(
        created_at=notification.created_at - reminders.SEND_LEASE * 2
    )
    assert reminders.notifications_mail_unsent() == 1
    notification.refresh_from_db()
    reminders.notification_send_email(notification=notification)
    assert len(mail.outbox) == 1
    assert reminders.notifications_mail_unsent() == 0
