"""Report files are deleted after the organisation's report retention (default 24 months) by
core's nightly retention; the report's row and the audit of its downloads stay."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from jongerenwerk.core import retention
from jongerenwerk.core.models import AuditEvent
from reports.models import Kind, Report, ReportFile, ReportSettings
from tests.reports.helpers import files_on_disk
from tests.reports.test_access import ready_report


def test_files_older_than_24_months_are_deleted_and_the_audit_stays(client_for, manager, organisation,
                                                                  django_capture_on_commit_callbacks):
    old = ready_report(organisation, Kind.MONTHLY, date(2024, 9, 1), date(2024, 9, 30))
    recent = ready_report(organisation, Kind.MONTHLY, date(2026, 9, 1), date(2026, 9, 30))
    client_for(manager).get(reverse("reports:download", args=[old.pk, "pdf"]))
    Report.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=735))
    Report.objects.filter(pk=recent.pk).update(created_at=timezone.now() - timedelta(days=700))
    # Files go once the batch is committed.
    with django_capture_on_commit_callbacks(execute=True):
        retention.apply_all()
    assert not ReportFile.objects.filter(report=old).exists()
    assert ReportFile.objects.filter(report=recent).count() == 3
    assert files_on_disk() == sorted(f"{organisation.pk}/{recent.pk}/rapport.{e}" for e in ("csv", "pdf", "xlsx"))
    old.refresh_from_db()
    assert old.files_deleted_at is not None
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, target_id=str(old.pk)).exists()
    page = client_for(manager).get(reverse("reports:detail", args=[old.pk])).content.decode()
    assert "De bestanden van deze rapportage zijn na de bewaartermijn verwijderd." in page
    assert client_for(manager).get(reverse("reports:download", args=[old.pk, "pdf"])).status_code == 404
    assert retention.apply_all()["reports.files"] == 0, "a rerun finds nothing to do"


def test_the_retention_period_is_the_organisations_own(organisation, django_capture_on_commit_callbacks):
    ReportSettings.objects.create(organisation=organisation, retention_months=6)
    report = ready_report(organisation, Kind.MONTHLY)
    Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - timedelta(days=200))
    with django_capture_on_commit_callbacks(execute=True):
        assert retention.apply_all()["reports.files"] == 1
    assert files_on_disk() == []
