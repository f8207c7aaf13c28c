"""Enqueue tasks so that a broker outage never fails a save or loses a task.

`enqueue` stores an OutboxMessage in the caller's transaction and publishes it right
after the commit. If the broker cannot be reached, the row stays waiting and the
periodic `core.sweep_outbox` publishes it when the broker is back. A message is
claimed with a conditional update before it is published, so the commit hook and
the sweep never both send it.

A failed publish also opens a breaker in this process: for `BROKER_RETRY_AFTER` seconds
the commit hook does not try the broker again and leaves its messages to the sweep, so a
save during a broker outage does not wait on a dead connection for every message.
"""

import logging
import time
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jongerenwerk.core.models import OutboxMessage

logger = logging.getLogger(__name__)

# The sweep leaves fresh messages to the commit hook that is about to publish them.
SWEEP_GRACE = timedelta(seconds=20)
BROKER_RETRY_AFTER = 30.0  # seconds without publishing from commit hooks after a failure

_broker_down_until = 0.0


def broker_seems_down() -> bool:
    return time.monotonic() < _broker_down_until


def _broker_failed() -> None:
    global _broker_down_until
    _broker_down_until = time.monotonic() + BROKER_RETRY_AFTER


def reset_breaker() -> None:
    global _broker_down_until
    _broker_down_until = 0.0


def enqueue(task_name: str, *args, **kwargs) -> OutboxMessage:
    message = OutboxMessage.objects.create(task_name=task_name, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: None if broker_seems_down() else publish(message.pk))
    return message


def enqueue_many(task_name: str, argument_lists: list[list]) -> list[OutboxMessage]:
    """`enqueue` for many tasks of one kind: one insert, and one commit hook that publishes them."""
    messages = OutboxMessage.objects.bulk_create(
        OutboxMessage(task_name=task_name, args=list(args), kwargs={}) for args in argument_lists
    )
    ids = [message.pk for message in messages]

    def publish_all() -> None:
        for pk in ids:
            if broker_seems_down():
                return  # a publish failed (or had failed): the sweep publishes the rest
            publish(pk)

    if ids:
        transaction.on_commit(publish_all)
    return messages


def publish(message_id) -> bool:
    """Hand one waiting message to the broker; True when it was sent by this call."""
    from jongerenwerk.celery import app

    claimed = OutboxMessage.objects.filter(pk=message_id, published_at=None).update(
        published_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        app.send_task(
            message.task_name,
            args=message.args,
            kwargs=message.kwargs,
            task_id=str(message.pk),
            retry=False,
        )
    except Exception as error:  # Any failure to publish leaves the message for the sweep.
        OutboxMessage.objects.filter(pk=message_id).update(published_at=None, last_error=repr(error)[:1000])
        logger.warning("Broker unreachable; %s waits in the outbox: %r", message.task_name, error)
        _broker_failed()
        return False
    reset_breaker()
    return True


def sweep(*, grace: timedelta = SWEEP_GRACE, batch: int = 500) -> int:
    """Publish messages that are still waiting; returns how many were sent. The sweep is the
    retry, so it tries the broker whatever the breaker says, and stops at the first failure."""
    waiting = OutboxMessage.objects.filter(published_at=None, created_at__lte=timezone.now() - grace)
    sent = 0
    for pk in waiting.values_list("pk", flat=True)[:batch]:
        if not publish(pk):
            if broker_seems_down():
                break
            continue  # published meanwhile by a commit hook
        sent += 1
    return sent
