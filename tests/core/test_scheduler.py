"""The scheduler with a real worker: on the file-system broker by default, on Redis in CI."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from jongerenwerk.celery import BEAT_SCHEDULE, app
from jongerenwerk.core import outbox, services
from jongerenwerk.core.models import Invitation, OutboxMessage, Role
from tests.brokers import DEAD_BROKER_URL
from tests.celery_helpers import private_broker_folders, running_beat, running_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker(tmp_path):
    with private_broker_folders(tmp_path / "broker"):
        yield app.conf.broker_url


def sent(invitation: Invitation) -> bool:
    invitation.refresh_from_db()
    return invitation.sent_at is not None


def test_a_real_worker_sends_an_invitation_enqueued_by_a_save(broker, organisation, admin_member):
    with running_worker():
        invitation = services.invitation_create(
            organisation=organisation, email="via.worker@test.test", role=Role.JONGERENWERKER, by=admin_member
        )
        wait_for(lambda: sent(invitation), what=f"the invitation mail on {broker.split(':')[0]}")
    assert [m.to for m in mail.outbox] == [["via.worker@test.test"]]
    assert OutboxMessage.objects.get().published_at is not None


def test_beat_runs_the_declared_periodic_task_on_a_real_worker(broker, organisation, tmp_path):
    invitation = services.invitation_create(
        organisation=organisation, email="oud@test.test", role=Role.JONGERENWERKER, by=None, send=False
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(days=1))
    entry = BEAT_SCHEDULE["expire-old-invitations"]
    # The declared entry, run every second instead of hourly so the test need not wait.
    with running_worker(), running_beat({"expire": {**entry, "schedule": 1.0}}, tmp_path / "beat-schedule"):
        wait_for(lambda: Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.EXPIRED, what="beat")


def test_a_task_enqueued_while_the_broker_is_down_runs_once_when_it_is_back(
    broker, use_broker, client_for, admin_member, organisation
):
    client = client_for(admin_member)
    with use_broker(DEAD_BROKER_URL):
        response = client.post(
            reverse("core:member_list"), {"email": "tijdens.storing@test.test", "role": Role.JONGERENWERKER}
        )
    # The save stands and the page succeeds.
    assert response.status_code == 302
    assert "Er is een uitnodiging verstuurd" in client.get(response["Location"]).content.decode()
    invitation = Invitation.objects.get(email="tijdens.storing@test.test")
    message = OutboxMessage.objects.get()
    assert message.published_at is None and message.last_error

    with running_worker():
        assert outbox.sweep(grace=timedelta(0)) == 1
        wait_for(lambda: sent(invitation), what="the invitation after the broker came back")
        assert outbox.sweep(grace=timedelta(0)) == 0
        time.sleep(1)  # a duplicate would have arrived by now
    assert [m.to for m in mail.outbox] == [["tijdens.storing@test.test"]]


def test_every_periodic_task_is_registered_with_the_worker():
    app.loader.import_default_modules()
    for name, entry in BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name
