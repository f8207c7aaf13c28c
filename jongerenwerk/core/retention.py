"""Retention: records are anonymised once their organisation's retention period has passed.

Each app registers a `RetentionRule` (`registry.add_retention_rule`): which of an
organisation's records have expired by a cutoff, and how a batch of them is anonymised. The
nightly task `core.apply_retention` runs every rule for every organisation in batches: each
batch claims its rows (two runs at once skip each other's), anonymises them and writes one
"anonymised" audit entry per record, in one transaction. A rerun finds nothing to do, and an
interrupted run keeps the batches it committed.

The core's own rule anonymises the youth register: a young person with no activity in any
app (a signal, a contact, ...: `registry.add_youth_activity`) for the retention period loses
their alias and notes, unless a record under a legal hold still links them.
"""

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import models, transaction
from django.db.models import QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from jongerenwerk.core.models import AuditEvent, Organisation, Youth
from jongerenwerk.core.registry import registry

# Records per transaction: each batch costs the same fixed number of queries.
BATCH_SIZE = 500


@dataclass(frozen=True)
class RetentionRule:
    name: str
    model: type[models.Model]
    # (organisation id, cutoff) -> the records of that organisation that have expired by the cutoff
    expired: Callable[[int, datetime], QuerySet]
    # (ids, now) -> anonymise those records, inside the batch's transaction
    anonymise: Callable[[list[int], datetime], None]


def months_before(moment: datetime, months: int) -> datetime:
    """The same wall-clock moment `months` calendar months earlier: an exact month subtraction,
    not an average month length. A day that the earlier month lacks becomes its last day
    (31 May minus 3 months is 28 or 29 February)."""
    month_index = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(month_index, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def cutoff_of(organisation_retention_months: int, now: datetime) -> datetime:
    return months_before(timezone.localtime(now), organisation_retention_months)


def _batch(rule: RetentionRule, *, organisation_id: int, retention_months: int, cutoff: datetime, now: datetime,
           batch_size: int) -> int:
    """Claim and anonymise one batch; returns how many records it held (0 when none are left)."""
    with transaction.atomic():
        # Two runs at once skip each other's rows instead of anonymising (and auditing) them twice.
        claimed = rule.expired(organisation_id, cutoff).order_by("pk").select_for_update(skip_locked=True)
        ids = list(claimed.values_list("pk", flat=True)[:batch_size])
        if not ids:
            return 0
        rule.anonymise(ids, now)
        # The entry audit.record writes, in one insert for the whole batch instead of one per record.
        meta = rule.model._meta
        AuditEvent.objects.bulk_create(
            AuditEvent(
                actor=None, actor_label="system", organisation_id=organisation_id,
                action=AuditEvent.Action.ANONYMISE, target_type=meta.label_lower,
                target_id=str(pk), target_label=f"{meta.verbose_name} #{pk}", at=now,
                detail={"retention_months": retention_months},
            )
            for pk in ids
        )
    return len(ids)


def apply(rule: RetentionRule, *, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Anonymise every record of `rule` past its organisation's retention period; returns how many."""
    now = now or timezone.now()
    anonymised = 0
    for organisation_id, retention_months in Organisation.objects.values_list("pk", "retention_months"):
        cutoff = cutoff_of(retention_months, now)
        while done := _batch(rule, organisation_id=organisation_id, retention_months=retention_months,
                             cutoff=cutoff, now=now, batch_size=batch_size):
            anonymised += done
    return anonymised


def apply_all(*, now: datetime | None = None) -> dict[str, int]:
    """Every registered rule, apps' first and the youth register last, so that a young person
    whose last records were just anonymised is judged on what remains."""
    rules = sorted(registry.retention_rules.values(), key=lambda rule: rule is YOUTH_RULE)
    return {rule.name: apply(rule, now=now) for rule in rules}


# The youth register ---------------------------------------------------------------------------

def _idle_youths(organisation_id: int, cutoff: datetime) -> QuerySet[Youth]:
    youths = Youth.objects.filter(organisation_id=organisation_id, anonymised_at=None, created_at__lt=cutoff)
    for activity in registry.youth_activity:
        youths = youths.exclude(pk__in=activity(organisation_id, cutoff))
    for holds in registry.youth_holds:
        youths = youths.exclude(pk__in=holds(organisation_id))
    return youths


def _anonymise_youths(ids: list[int], now: datetime) -> None:
    # "geanonimiseerd-<id>": unique per organisation, as aliases must be.
    alias = Concat(Value("geanonimiseerd-"), Cast("pk", output_field=models.CharField()))
    Youth.objects.filter(pk__in=ids).update(alias=alias, notes="", anonymised_at=now)


YOUTH_RULE = RetentionRule(name="core.youth", model=Youth, expired=_idle_youths, anonymise=_anonymise_youths)
