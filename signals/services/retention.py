"""Retention of signals, as a rule for core's retention mechanism (`jongerenwerk.core.retention`):
closed signals are anonymised once their organisation's retention period has passed.

What remains of an anonymised signal is what the organisation may keep for its figures:
category, source, neighbourhood, severity, dates, step and outcome. Every free text that
could describe a young person is cleared, the young people are unlinked, the attachments
and their files are deleted, and the audit log
(append-only) keeps its entries plus one "anonymised" entry per signal. Signals under a legal
hold are left alone until the hold is lifted.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from jongerenwerk.core import audit
from jongerenwerk.core import retention as core_retention
from jongerenwerk.core.models import AuditEvent, User
from jongerenwerk.core.retention import BATCH_SIZE, RetentionRule
from signals.models import Addendum, Attachment, Consultation, FollowUpAction, Signal, Transition

ANONYMISED = "[geanonimiseerd]"


def _expired(organisation_id: int, cutoff: datetime) -> QuerySet[Signal]:
    return Signal.objects.filter(
        organisation_id=organisation_id, closed_at__lt=cutoff, anonymised_at=None, legal_hold=False
    )


def _anonymise(ids: list[int], now: datetime) -> None:
    Signal.objects.filter(pk__in=ids).update(
        facts=ANONYMISED, interpretation="", counter_signals="", group_description="",
        conversation_note="", conversation_skipped_reason="",
        anonymised_at=now, version=F("version") + 1,  # a page opened before now can no longer write
    )
    Addendum.objects.filter(signal_id__in=ids).update(text="")
    Consultation.objects.filter(signal_id__in=ids).update(weighing="")
    # Reasons and follow-up actions are free text too and can name a young person.
    Transition.objects.filter(signal_id__in=ids).exclude(reason="").update(reason="")
    FollowUpAction.objects.filter(signal_id__in=ids).update(description=ANONYMISED)
    Signal.youths.through.objects.filter(signal_id__in=ids).delete()
    evidence = Attachment.objects.filter(signal_id__in=ids)
    files = list(evidence.values_list("file", flat=True))
    evidence.delete()
    # Only once the rows are surely gone: a rollback must not leave rows without their files.
    transaction.on_commit(lambda: _delete_files(files))


def _delete_files(names: list[str]) -> None:
    storage = Attachment._meta.get_field("file").storage
    for name in names:
        storage.delete(name)


SIGNAL_RULE = RetentionRule(name="signals.signal", model=Signal, expired=_expired, anonymise=_anonymise)


def signals_anonymise_expired(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Anonymise every closed signal past its organisation's retention period; returns how many."""
    return core_retention.apply(SIGNAL_RULE, now=now, batch_size=batch_size)


def youths_active_since(organisation_id: int, since: datetime) -> QuerySet:
    """Young people linked to a signal that is still open, or was observed or closed since then."""
    links = Signal.youths.through.objects.filter(signal__organisation_id=organisation_id)
    recent = Q(signal__closed_at=None) | Q(signal__closed_at__gte=since) | Q(signal__observed_at__gte=since)
    return links.filter(recent).values("youth_id")


def youths_on_hold(organisation_id: int) -> QuerySet:
    """Young people linked to a signal under a legal hold: kept as they are until it is lifted."""
    return Signal.youths.through.objects.filter(
        signal__organisation_id=organisation_id, signal__legal_hold=True
    ).values("youth_id")


def legal_hold_set(*, signal: Signal, by: User, hold: bool, reason: str) -> bool:
    """Place (`hold`) or lift a legal hold, which keeps retention from anonymising the signal.
    Returns whether anything changed: asking for the state the signal already has does nothing."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the legal hold.") if hold
                               else _("Give the reason for lifting the legal hold.")})
    too_late = _("This signal is already anonymised: a legal hold can no longer keep anything.")
    if hold and signal.anonymised_at is not None:
        raise ValidationError(too_late)
    changing = Signal.objects.filter(pk=signal.pk, legal_hold=not hold)
    if hold:
        # Retention may be anonymising this signal right now: the hold only counts if it came first.
        changing = changing.filter(anonymised_at=None)
    with transaction.atomic():
        changed = changing.update(legal_hold=hold)
        if changed:
            audit.record(by, AuditEvent.Action.UPDATE, signal, legal_hold=hold, reason=reason.strip())
    signal.refresh_from_db(fields=["legal_hold", "anonymised_at"])
    if signal.legal_hold != hold:
        raise ValidationError(too_late)
    return bool(changed)
