"""Follow-up actions: who does what by when."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jongerenwerk.core import audit
from jongerenwerk.core.models import AuditEvent, User
from jongerenwerk.core.reminders import notify
from jongerenwerk.core.scope import membership_of
from signals import rules
from signals.models import FollowUpAction, Signal
from signals.permissions import may_complete_action
from signals.selectors.records import signals_visible_to
from signals.services.handling import signal_url


def action_add(*, signal: Signal, by: User, description: str, owner: User, due_on: date) -> FollowUpAction:
    """Give someone who may see the signal a follow-up action; they are told unless it is their own.
    Closed signals take actions too: monitoring agreements are followed up."""
    if signal.anonymised_at is not None:
        raise ValidationError(_("This signal is anonymised."))
    if not description.strip():
        raise ValidationError({"description": _("Describe the action.")})
    owner_membership = membership_of(owner)
    if owner_membership is None or owner_membership.organisation_id != signal.organisation_id:
        raise ValidationError({"owner": _("Choose someone of your organisation.")})
    if not signals_visible_to(owner).filter(pk=signal.pk).exists():
        raise ValidationError({"owner": _("Choose someone who can see this signal.")})
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The due date cannot lie in the past.")})
    repeated = FollowUpAction.objects.filter(
        signal=signal, description=description.strip(), owner=owner, due_on=due_on,
        created_at__gte=timezone.now() - rules.REPEAT_WINDOW,
    ).first()
    if repeated is not None:
        return repeated
    with transaction.atomic():
        action = FollowUpAction.objects.create(
            signal=signal, description=description.strip(), owner=owner, due_on=due_on
        )
        audit.record(by, AuditEvent.Action.UPDATE, signal, follow_up_action=action.pk, owner=owner.pk)
        if owner.pk != by.pk:
            # The e-mail says only that there is something to do: no words about the young person.
            notify(
                users=[owner], message=gettext_noop("A follow-up action was assigned to you."),
                url=signal_url(signal), key=f"action:{action.pk}:assigned",
            )
    return action


def action_complete(*, action: FollowUpAction, by: User) -> bool:
    """Mark the action done; False when it already was (a second tap changes nothing)."""
    if not may_complete_action(by, action):
        raise PermissionDenied
    with transaction.atomic():
        done = FollowUpAction.objects.filter(pk=action.pk, done_at=None).update(done_at=timezone.now())
        if done:
            audit.record(by, AuditEvent.Action.UPDATE, action.signal, follow_up_done=action.pk)
    action.refresh_from_db(fields=["done_at"])
    return bool(done)
