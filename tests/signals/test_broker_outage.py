"""Logging a signal while Redis is really stopped: the signal is saved, the page succeeds,
and the alerts are mailed once, by a real worker, when Redis is back."""

import statistics
import time
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from jongerenwerk.core import outbox
from jongerenwerk.core.models import Notification, OutboxMessage
from signals.models import Signal
from tests.celery_helpers import running_worker, wait_for

pytestmark = [pytest.mark.redis, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_an_acute_signal_logged_while_redis_is_stopped_alerts_once_redis_is_back(
    redis_server, use_broker, client_for, worker, safeguarding_officer, manager, categories, wijk_a
):
    client = client_for(worker)
    with use_broker(redis_server.url):
        redis_server.stop()
        response = client.post(reverse("signals:create"), {
            "idempotency_key": str(uuid.uuid4()), "category": categories["vechtpartij"].pk, "source": "snapchat",
            "observed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "neighbourhood": wijk_a.pk,
            "severity": "acuut", "facts": "Er wordt vanavond een steekpartij aangekondigd.",
        })

        # The signal is saved and the worker sees it; the officer and manager see the alert in the portal.
        assert response.status_code == 302
        signal = Signal.objects.get()
        assert response["Location"] == reverse("signals:detail", args=[signal.pk])
        assert "Het signaal is vastgelegd" in client.get(response["Location"]).content.decode()
        assert set(Notification.objects.values_list("user", flat=True)) == {safeguarding_officer.pk, manager.pk}
        # The two alert mails wait in one batch, whose publish failed, for the sweep.
        (waiting,) = OutboxMessage.objects.filter(published_at=None)
        assert waiting.last_error and sorted(waiting.args[0]) == sorted(Notification.objects.values_list("pk", flat=True))
        assert mail.outbox == []

        redis_server.start()
        with running_worker():
            assert outbox.sweep(grace=timedelta(0)) == 1
            wait_for(lambda: len(mail.outbox) == 2, what="the two alert mails after Redis came back")
            assert outbox.sweep(grace=timedelta(0)) == 0
            time.sleep(1)  # a duplicate would have arrived by now

    assert sorted(m.to[0] for m in mail.outbox) == sorted([safeguarding_officer.email, manager.email])
    for message in mail.outbox:
        assert "steekpartij" not in message.body  # the mail says only that something waits


def _log_acute(client, categories, wijk_a) -> float:
    """Log an acute signal (two alerts to publish) and return how long the save took."""
    started = time.perf_counter()
    response = client.post(reverse("signals:create"), {
        "idempotency_key": str(uuid.uuid4()), "category": categories["vechtpartij"].pk, "source": "snapchat",
        "observed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "neighbourhood": wijk_a.pk,
        "severity": "acuut", "facts": f"Aankondiging {uuid.uuid4()}.",
    })
    elapsed = time.perf_counter() - started
    assert response.status_code == 302
    return elapsed


@pytest.mark.parametrize("outage", ["stopped", "hung"])
def test_saves_during_a_redis_outage_do_not_wait_on_the_dead_broker(
    outage, redis_server, use_broker, broker_hung_url, client_for, worker, safeguarding_officer, manager,
    categories, wijk_a,
):
    """Stopped: connections are refused. Hung: Redis accepts connections but never answers,
    as a frozen server or a dropped network does, so each publish would wait for its timeout."""
    client = client_for(worker)
    with use_broker(redis_server.url):
        _log_acute(client, categories, wijk_a)  # warms up the connection pools
        normal = statistics.median(_log_acute(client, categories, wijk_a) for _ in range(5))
        if outage == "stopped":
            redis_server.stop()
            first = _log_acute(client, categories, wijk_a)  # finds the broker down
            during = statistics.median(_log_acute(client, categories, wijk_a) for _ in range(5))
            redis_server.start()
    if outage == "hung":
        with use_broker(broker_hung_url):
            first = _log_acute(client, categories, wijk_a)
            during = statistics.median(_log_acute(client, categories, wijk_a) for _ in range(5))
    print(f"{outage}: a save with the broker up {normal:.3f}s, the first in the outage {first:.3f}s, "
          f"then {during:.3f}s")
    assert during <= 2 * normal, (normal, during)
    assert Signal.objects.count() == 12
    # One batch of two alert mails each, left for the sweep.
    assert [len(message.args[0]) for message in OutboxMessage.objects.filter(published_at=None)] == [2] * 6
