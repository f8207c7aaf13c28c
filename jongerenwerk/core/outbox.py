"""Enqueue tasks so that a broker outage never fails a save or loses a task.

`enqueue` stores an OutboxMessage in the caller's transaction and publishes it right
after the commit. If the broker cannot be reached, the row stays waiting and the
periodic `core.sweep_outbox` publishes it when the broker is back. A message is
claimed with a conditional update before it is published, so the commit hook and
the sweep never both send it.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jongerenwerk.core.models import OutboxMessage

logger = logging.getLogger(__name__)

# The sweep leaves fresh messages to the commit hook that is about to publish them.
SWEEP_GRACE = timedelta(seconds=20)


def enqueue(task_name: str, *args, **kwargs) -> OutboxMessage:
    message = OutboxMessage.objects.create(task_name=task_name, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: publish(message.pk))
    return message


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
        return False
    return True


def sweep(*, grace: timedelta = SWEEP_GRACE, batch: int = 500) -> int:
    """Publish messages that are still waiting; returns how many were sent."""
    waiting = OutboxMessage.objects.filter(published_at=None, created_at__lte=timezone.now() - grace)
    return sum(publish(pk) for pk in waiting.values_list("pk", flat=True)[:batch])
