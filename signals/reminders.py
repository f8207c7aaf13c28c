"""The signal reminders, run by core's reminder mechanism. None of them carries content: the
mail says only that something waits, with a link to the signal."""

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from jongerenwerk.core.models import Membership, Role
from jongerenwerk.core.reminders import Occasion, Reminder
from signals.models import FollowUpAction, Signal, Step

CONSULTATION_WAIT = timedelta(hours=48)


def signal_url(signal_id: int) -> str:
    return reverse("signals:detail", args=[signal_id])


def _officers_of(organisation_ids) -> dict[int, list]:
    officers = defaultdict(list)
    for membership in Membership.objects.filter(
        organisation__in=organisation_ids, role=Role.AANDACHTSFUNCTIONARIS, is_active=True
    ).select_related("user"):
        officers[membership.organisation_id].append(membership.user)
    return officers


def consultations_waiting(now: datetime) -> Iterator[Occasion]:
    """Signals that waited over 48 hours for collegial consultation: to the reporter and the officers."""
    waiting = list(
        Signal.objects.filter(step=Step.CONSULTATION, created_at__lte=now - CONSULTATION_WAIT).select_related("reporter")
    )
    officers = _officers_of({signal.organisation_id for signal in waiting})
    for signal in waiting:
        yield Occasion(users=[signal.reporter, *officers[signal.organisation_id]], url=signal_url(signal.pk),
                       key=f"signal:{signal.pk}:consultation-waiting")


def steps_overdue(now: datetime) -> Iterator[Occasion]:
    """Signals whose step passed the protocol's deadline: to the reporter."""
    for signal in Signal.objects.exclude(step=Step.CLOSED).filter(step_due_at__lte=now).select_related("reporter"):
        yield Occasion(users=[signal.reporter], url=signal_url(signal.pk), key=f"signal:{signal.pk}:due:{signal.step}")


def actions_overdue(now: datetime) -> Iterator[Occasion]:
    """Follow-up actions past their due day (from local midnight, as their page says): to the owner."""
    overdue = FollowUpAction.objects.filter(done_at=None, due_on__lt=timezone.localdate(now)).select_related("owner")
    for action in overdue:
        yield Occasion(users=[action.owner], url=signal_url(action.signal_id), key=f"action:{action.pk}:overdue")


REMINDERS = [
    Reminder(
        name="signals.consultation_waiting", due=consultations_waiting,
        message=gettext_noop("A signal has waited more than 48 hours for collegial consultation."),
    ),
    Reminder(
        name="signals.step_overdue", due=steps_overdue,
        message=gettext_noop("The protocol's deadline for a signal's next step has passed."),
    ),
    Reminder(
        name="signals.action_overdue", due=actions_overdue,
        message=gettext_noop("A follow-up action of yours is overdue."),
    ),
]
