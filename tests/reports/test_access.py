"""Every report URL for every persona: outsiders never see a report of ours (404), roles that
may not get 403, the admin sees the organisation-wide reports only."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from reports.models import Kind, Report, ReportFile
from reports.services.documents import reports_root
from tests.access import Page, expect, matrix_tests

KEY = "0f6b1d3e-2a4c-4e8f-9b1a-3c5d7e9f1a2b"


def ready_report(organisation, kind, first_day=date(2026, 6, 1), last_day=date(2026, 6, 30)) -> Report:
    """A made report with its files, as the task leaves it."""
    report = Report.objects.create(organisation=organisation, kind=kind, first_day=first_day, last_day=last_day,
                                   state=Report.State.READY, progress=100, finished_at=timezone.now())
    for extension in ("pdf", "xlsx", "csv"):
        relative = f"{organisation.pk}/{report.pk}/rapport.{extension}"
        (reports_root() / relative).parent.mkdir(parents=True, exist_ok=True)
        (reports_root() / relative).write_bytes(b"inhoud")
        ReportFile.objects.create(report=report, format=extension, path=relative, size=6)
    return report


@pytest.fixture
def objects(organisation, other_organisation, wijk_a):
    return {
        "weekly": ready_report(organisation, Kind.WEEKLY, date(2026, 6, 1), date(2026, 6, 7)),
        "funder": ready_report(organisation, Kind.FUNDER, date(2026, 4, 1), date(2026, 6, 30)),
        "wijk": wijk_a,
    }


def on_demand(objects) -> dict:
    today = timezone.localdate()
    return {"idempotency_key": KEY, "first_day": (today - timedelta(days=30)).isoformat(),
            "last_day": today.isoformat()}


MANAGER = expect(403, manager=200)
READERS = expect(403, manager=200, admin_member=200, outsider_admin=200)
# A report of ours: the manager every kind, the admin the organisation-wide ones; the admin
# of another organisation passes the role check and then finds nothing.
WEEKLY = expect(403, manager=200, admin_member=404, outsider_admin=404)
FUNDER = expect(403, manager=200, admin_member=200, outsider_admin=404)

PAGES = [
    Page("overview", "reports:overview", expect(403, manager=200, safeguarding_officer=200)),
    Page("reports", "reports:index", READERS),
    Page("report on demand", "reports:create", MANAGER),
    Page("report on demand (send)", "reports:create", expect(403, manager=302), method="post", data=on_demand),
    Page("report settings", "reports:settings", expect(403, admin_member=200, outsider_admin=200)),
    Page("report settings (send)", "reports:settings", expect(403, admin_member=302, outsider_admin=302),
         method="post", data={"nudges": "on", "retention_months": "24"}),
    Page("weekly report", ("reports:detail", lambda o: [o["weekly"].pk]), WEEKLY),
    Page("funder report", ("reports:detail", lambda o: [o["funder"].pk]), FUNDER),
    Page("weekly report download", ("reports:download", lambda o: [o["weekly"].pk, "pdf"]), WEEKLY),
    Page("funder report download", ("reports:download", lambda o: [o["funder"].pk, "csv"]), FUNDER),
]

test_access, test_wrong_method, test_repeated_write = matrix_tests(PAGES)
