"""Thin tasks: fetch again by primary key, return quietly if the row is gone, call a service."""

from celery import shared_task

from jongerenwerk.core import outbox, reminders, retention, services
from jongerenwerk.core.models import Invitation, Notification

RETRYABLE = (ConnectionError, TimeoutError, OSError)


@shared_task(
    name="core.send_invitation", autoretry_for=RETRYABLE, retry_backoff=True, retry_backoff_max=600, max_retries=8
)
def send_invitation(invitation_id: int) -> None:
    invitation = Invitation.objects.select_related("organisation").filter(pk=invitation_id).first()
    if invitation is not None:
        services.invitation_send(invitation=invitation)


@shared_task(name="core.expire_invitations")
def expire_invitations() -> int:
    return services.invitations_expire()


@shared_task(name="core.sweep_outbox")
def sweep_outbox() -> int:
    return outbox.sweep()


# One mail: the tasks of older releases still waiting in a queue or an outbox.
@shared_task(
    name="core.send_notification_email",
    autoretry_for=RETRYABLE, retry_backoff=True, retry_backoff_max=600, max_retries=8,
)
def send_notification_email(notification_id: int) -> None:
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is not None:
        reminders.notification_send_email(notification=notification)


@shared_task(
    name="core.send_notification_emails",
    autoretry_for=RETRYABLE, retry_backoff=True, retry_backoff_max=600, max_retries=8,
)
def send_notification_emails(notification_ids: list[int]) -> int:
    """A batch of mails over one connection; what went already is skipped on a retry."""
    return reminders.notifications_send_emails(ids=notification_ids)


@shared_task(name="core.send_reminders")
def send_reminders() -> int:
    """Every app's registered reminders, then the mails that failed beyond their retries."""
    sent = reminders.reminders_send()
    reminders.notifications_mail_unsent()
    return sent


# Generous limits: a first run over years of backlog works in committed batches, and a run
# cut short by the limit simply leaves the rest for the next night.
@shared_task(name="core.apply_retention", time_limit=3600, soft_time_limit=3540)
def apply_retention() -> dict[str, int]:
    return retention.apply_all()
