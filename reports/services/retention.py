"""Report files are deleted once they are older than the organisation's report retention
(default 24 months), by core's nightly retention task; the report's row (what was made, when)
and the audit entries of its downloads stay."""

from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from jongerenwerk.core.retention import RetentionRule, months_before
from reports.models import DEFAULT_RETENTION_MONTHS, Report, ReportFile, ReportSettings
from reports.services.documents import reports_root


def retention_months_of(organisation_id: int) -> int:
    months = ReportSettings.objects.filter(organisation=organisation_id).values_list("retention_months", flat=True)
    return next(iter(months), DEFAULT_RETENTION_MONTHS)


def _expired(organisation_id: int, cutoff: datetime) -> QuerySet[Report]:
    # The report retention is its own, not the records' period that core's cutoff follows.
    own_cutoff = months_before(timezone.localtime(), retention_months_of(organisation_id))
    return Report.objects.filter(organisation=organisation_id, files_deleted_at=None, created_at__lt=own_cutoff)


def _delete_files(ids: list[int], now: datetime) -> None:
    files = list(ReportFile.objects.filter(report__in=ids).values_list("path", flat=True))
    ReportFile.objects.filter(report__in=ids).delete()
    Report.objects.filter(pk__in=ids).update(files_deleted_at=now)
    root = reports_root()
    # Only once the batch is committed: a rolled-back batch keeps its files.
    transaction.on_commit(lambda: [(root / path).unlink(missing_ok=True) for path in files])


REPORT_RULE = RetentionRule(name="reports.files", model=Report, expired=_expired, anonymise=_delete_files)
