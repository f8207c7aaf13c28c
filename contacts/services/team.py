"""The manager's friendly nudge: a notification without content about any young person."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jongerenwerk.core import audit
from jongerenwerk.core.models import AuditEvent, Membership, User
from jongerenwerk.core.reminders import notify
from jongerenwerk.core.reporting import week_of
from jongerenwerk.core.roles import FIELD_WORKERS

NUDGE = gettext_noop(
    "Your manager sends you a friendly nudge: have a look at your online and supportive share with them."
)


def nudge_send(*, member: Membership, by: User, now: datetime | None = None) -> bool:
    """Nudge a field worker; once per manager, worker and week. Returns whether it was sent now."""
    if member.role not in FIELD_WORKERS or not member.is_active:
        raise ValidationError(_("Only active youth workers can be nudged."))
    week = week_of(now or timezone.now())
    with transaction.atomic():
        created = notify(
            users=[member.user], message=NUDGE, url=reverse("contacts:dashboard"),
            key=f"contacts.nudge:{by.pk}:{week.isoformat()}",
        )
        for notification in created:
            audit.record(by, AuditEvent.Action.CREATE, notification, organisation_id=member.organisation_id,
                         nudge_for=member.pk)
    return bool(created)
