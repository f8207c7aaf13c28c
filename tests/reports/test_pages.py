"""The reports pages as a manager and an admin see them."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jongerenwerk.core.models import AuditEvent, Team
from reports.models import Kind, Report, ReportSettings
from reports.services import making
from tests.factories import NeighbourhoodFactory
from tests.reports.test_access import ready_report

KEY = "5d9c1e2f-3a4b-4c6d-8e7f-9a0b1c2d3e4f"


def form(**overrides) -> dict:
    today = timezone.localdate()
    return {"idempotency_key": KEY, "first_day": (today - timedelta(days=30)).isoformat(),
            "last_day": today.isoformat(), **overrides}


def test_a_download_is_the_stored_file_and_is_audited(client_for, manager, organisation):
    report = ready_report(organisation, Kind.FUNDER)
    response = client_for(manager).get(reverse("reports:download", args=[report.pk, "csv"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"inhoud"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert (event.actor, event.target_id, event.detail) == (manager, str(report.pk), {"format": "csv"})


def test_the_list_shows_the_reports_with_their_downloads(client_for, manager, admin_member, organisation):
    weekly = ready_report(organisation, Kind.WEEKLY, date(2026, 6, 1), date(2026, 6, 7))
    ready_report(organisation, Kind.FUNDER, date(2026, 4, 1), date(2026, 6, 30))
    page = client_for(manager).get(reverse("reports:index")).content.decode()
    assert "Wekelijkse teamrapportage" in page and "Kwartaalrapportage voor financiers en gemeente" in page
    assert "Van 1 juni 2026 tot en met 7 juni 2026." in page
    assert reverse("reports:download", args=[weekly.pk, "pdf"]) in page
    assert "Maak een rapportage op maat" in page
    admin_page = client_for(admin_member).get(reverse("reports:index")).content.decode()
    assert "Wekelijkse teamrapportage" not in admin_page and "Kwartaalrapportage" in admin_page


def test_a_teams_weekly_report_is_listed_and_shown_with_its_team(client_for, manager, organisation):
    noord = Team.objects.create(organisation=organisation, name="Team Noord")
    report = ready_report(organisation, Kind.WEEKLY, date(2026, 6, 1), date(2026, 6, 7))
    Report.objects.filter(pk=report.pk).update(team=noord)
    client = client_for(manager)
    assert "Wekelijkse teamrapportage: Team Noord" in client.get(reverse("reports:index")).content.decode()
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "<h1>Wekelijkse teamrapportage: Team Noord</h1>" in page


@pytest.mark.parametrize("overrides, message", [
    ({"last_day": (date.today() + timedelta(days=3)).isoformat()}, "De periode kan niet in de toekomst liggen."),
    ({"first_day": "2019-01-01"}, "Een periode kan hoogstens vijf jaar lang zijn."),
    ({"first_day": "2026-06-10", "last_day": "2026-06-01"}, "Het einde van de periode ligt voor het begin."),
])
def test_a_bad_period_gets_a_dutch_message_and_keeps_the_input(client_for, manager, overrides, message):
    data = form(**overrides)
    response = client_for(manager).post(reverse("reports:create"), data)
    page = response.content.decode()
    assert response.status_code == 422
    assert message in page
    assert f'value="{data["first_day"]}"' in page and f'value="{data["last_day"]}"' in page
    assert not Report.objects.exists()


def test_an_unknown_neighbourhood_gets_a_dutch_message(client_for, manager, wijk_a, other_organisation):
    elsewhere = NeighbourhoodFactory(organisation=other_organisation, name="Verre Wijk")
    response = client_for(manager).post(reverse("reports:create"), form(neighbourhoods=[wijk_a.pk, elsewhere.pk]))
    page = response.content.decode()
    assert response.status_code == 422
    assert "Deze wijk is onbekend in je organisatie." in page
    assert "Verre Wijk" not in page
    assert not Report.objects.exists()


def test_a_report_on_demand_is_asked_for_once_and_its_page_shows_progress_then_downloads(
    client_for, manager, wijk_a, organisation
):
    client = client_for(manager)
    response = client.post(reverse("reports:create"), form(neighbourhoods=[wijk_a.pk], parts=["contacts"]))
    report = Report.objects.get()
    assert response["Location"] == reverse("reports:detail", args=[report.pk])
    assert client.post(reverse("reports:create"), form()).status_code == 302 and Report.objects.count() == 1
    assert (report.kind, report.neighbourhood_ids, report.parts) == (Kind.ON_DEMAND, [wijk_a.pk], ["contacts"])
    waiting = client.get(reverse("reports:detail", args=[report.pk]), headers={"HX-Request": "true"}).content.decode()
    assert "De rapportage wordt gemaakt." in waiting and 'hx-trigger="every 1s"' in waiting
    assert "<html" not in waiting  # only the region that htmx swaps
    making.report_make(report_id=report.pk)
    ready = client.get(reverse("reports:detail", args=[report.pk]), headers={"HX-Request": "true"}).content.decode()
    assert "De rapportage is klaar." in ready and "hx-trigger" not in ready
    assert reverse("reports:download", args=[report.pk, "pdf"]) in ready
    assert reverse("reports:download", args=[report.pk, "xlsx"]) in ready


def test_the_admin_turns_the_nudges_on(client_for, admin_member, organisation):
    client = client_for(admin_member)
    response = client.post(reverse("reports:settings"), {"nudges": "on", "retention_months": "18"})
    assert response.status_code == 302
    stored = ReportSettings.objects.get(organisation=organisation)
    assert (stored.nudges, stored.retention_months) == (True, 18)
    assert "De rapportage-instellingen zijn opgeslagen." in client.get(response["Location"]).content.decode()
