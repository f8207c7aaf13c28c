"""Retention: closed signals are anonymised once their organisation's retention period has passed.

What remains of an anonymised signal is what the organisation may keep for its figures:
category, source, neighbourhood, severity, dates, step and outcome. Every free text that
could describe a young person is cleared, the young people are unlinked, the attachments
and their files are deleted, and the audit log
(append-only) keeps its entries plus one "anonymised" entry per signal. Signals under a legal
hold are left alone until the hold is lifted.
"""

import calendar
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jongerenwerk.core.models import AuditEvent, Organisation
from signals.models import Addendum, Attachment, Consultation, FollowUpAction, Signal, Transition

ANONYMISED = "[geanonimiseerd]"
# Signals per transaction: each batch costs the same fixed number of queries.
BATCH_SIZE = 500


def months_before(moment: datetime, months: int) -> datetime:
    """The same wall-clock moment `months` calendar months earlier: an exact month subtraction,
    not an average month length. A day that the earlier month lacks becomes its last day
    (31 May minus 3 months is 28 or 29 February)."""
    month_index = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(month_index, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _expired(organisation_id: int, cutoff: datetime):
    return Signal.objects.filter(
        organisation_id=organisation_id, closed_at__lt=cutoff, anonymised_at=None, legal_hold=False
    )


def _anonymise_batch(
    signals, *, organisation_id: int, retention_months: int, now: datetime, batch_size: int
) -> int:
    """Claim and anonymise one batch; returns how many signals it held (0 when none are left)."""
    with transaction.atomic():
        # Two runs at once skip each other's rows instead of anonymising (and auditing) them twice.
        claimed = signals.order_by("pk").select_for_update(skip_locked=True)
        ids = list(claimed.values_list("pk", flat=True)[:batch_size])
        if not ids:
            return 0
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
        # The same entry audit.record writes, in one insert for the whole batch instead of one per signal.
        label = Signal._meta.verbose_name
        AuditEvent.objects.bulk_create(
            AuditEvent(
                actor=None, actor_label="system", organisation_id=organisation_id,
                action=AuditEvent.Action.ANONYMISE, target_type=Signal._meta.label_lower,
                target_id=str(pk), target_label=f"{label} #{pk}", at=now,
                detail={"retention_months": retention_months},
            )
            for pk in ids
        )
    return len(ids)


def _delete_files(names: list[str]) -> None:
    storage = Attachment._meta.get_field("file").storage
    for name in names:
        storage.delete(name)


def signals_anonymise_expired(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Anonymise every closed signal past its organisation's retention period; returns how many.

    A rerun finds nothing to do (anonymised signals are filtered out), and an interrupted run
    keeps the batches it committed and resumes with the rest.
    """
    now = now or timezone.now()
    candidates = Signal.objects.filter(closed_at__isnull=False, anonymised_at=None, legal_hold=False)
    organisations = Organisation.objects.filter(pk__in=candidates.values("organisation_id")).values_list(
        "pk", "retention_months"
    )
    anonymised = 0
    for organisation_id, retention_months in organisations:
        expired = _expired(organisation_id, months_before(timezone.localtime(now), retention_months))
        while done := _anonymise_batch(
            expired, organisation_id=organisation_id, retention_months=retention_months,
            now=now, batch_size=batch_size,
        ):
            anonymised += done
    return anonymised
