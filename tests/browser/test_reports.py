"""The manager on a phone: the overview fits and has no accessibility violations; a report on
demand is asked for, its progress shows while a real worker makes it (htmx, no reload), and
the downloads appear."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jongerenwerk.celery import app
from reports.models import Report
from tests.browser.helpers import assert_no_accessibility_violations, has_no_horizontal_scroll
from tests.celery_helpers import private_broker_folders, running_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker(tmp_path):
    with private_broker_folders(tmp_path / "broker"):
        yield app.conf.broker_url


def test_the_overview_fits_a_phone_without_accessibility_violations(phone_page, sign_in, manager, worker, log_signal,
                                                                    screenshot):
    log_signal(worker)
    sign_in(phone_page, manager)
    phone_page.get_by_role("link", name="Overzicht").first.click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Overzicht")
    expect(phone_page.get_by_role("heading", name="Signalen")).to_be_visible()
    expect(phone_page.locator("#panel-trainings")).to_contain_text("Getraind in het huidige programma")
    screenshot(phone_page, "reports-overview")
    assert has_no_horizontal_scroll(phone_page)
    assert_no_accessibility_violations(phone_page)
    phone_page.get_by_role("link", name="Over de termijn van het protocol").click()
    assert "status=overdue" in phone_page.url


def test_a_report_on_demand_shows_its_progress_and_then_its_downloads(broker, phone_page, sign_in, manager, wijk_a,
                                                                      screenshot):
    sign_in(phone_page, manager)
    phone_page.goto("/rapportages/")
    phone_page.get_by_role("link", name="Maak een rapportage op maat").click()
    today = timezone.localdate()
    phone_page.get_by_label("Van").fill((today - timedelta(days=400)).isoformat())
    phone_page.get_by_label("Tot en met").fill((today + timedelta(days=2)).isoformat())
    phone_page.get_by_role("button", name="Maak de rapportage").click()
    # A period in the future: the Dutch message, and what was typed stays.
    expect(phone_page.get_by_text("De periode kan niet in de toekomst liggen.")).to_be_visible()
    expect(phone_page.get_by_label("Van")).to_have_value((today - timedelta(days=400)).isoformat())
    assert_no_accessibility_violations(phone_page)
    phone_page.get_by_label("Tot en met").fill(today.isoformat())
    phone_page.get_by_label("Wijk A").check()
    # The worker runs from before the report is asked for (starting it empties the queue).
    seen = []  # (asked by htmx, what the report page said) for every answer of the report page
    phone_page.on("response", lambda response: seen.append(
        (response.request.headers.get("hx-request") == "true", response.text())
    ) if re.search(r"/rapportages/\d+/$", response.url) else None)
    with running_worker():
        phone_page.get_by_role("button", name="Maak de rapportage").click()
        expect(phone_page.get_by_role("heading", level=1)).to_have_text("Rapportage op maat")
        # Mark the page: a reload would lose the mark.
        phone_page.evaluate("window.sameDocument = true")
        expect(phone_page.get_by_text("De rapportage is klaar.")).to_be_visible(timeout=60_000)
    assert phone_page.evaluate("window.sameDocument === true")
    # First the progress, then htmx's polls, the last of which brought the downloads.
    assert not seen[0][0] and "De rapportage wordt gemaakt." in seen[0][1]
    assert seen[-1][0] and "De rapportage is klaar." in seen[-1][1]
    expect(phone_page.get_by_role("link", name="Downloaden als PDF")).to_be_visible()
    expect(phone_page.get_by_role("link", name="Downloaden als XLSX")).to_be_visible()
    assert_no_accessibility_violations(phone_page)
    screenshot(phone_page, "reports-ready")
    assert has_no_horizontal_scroll(phone_page)
    assert Report.objects.get().state == Report.State.READY
    with phone_page.expect_download() as download:
        phone_page.get_by_role("link", name="Downloaden als PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_the_reports_list_names_each_teams_weekly_report_on_a_phone(phone_page, sign_in, manager, organisation,
                                                                    screenshot):
    from datetime import date

    from jongerenwerk.core.models import Team
    from reports.models import Kind
    from tests.reports.test_access import ready_report

    for name in ("Team Noord", "Team Zuid"):
        report = ready_report(organisation, Kind.WEEKLY, date(2026, 6, 1), date(2026, 6, 7))
        Report.objects.filter(pk=report.pk).update(team=Team.objects.create(organisation=organisation, name=name))
    sign_in(phone_page, manager)
    phone_page.goto("/rapportages/")
    expect(phone_page.get_by_role("link", name="Wekelijkse teamrapportage: Team Noord")).to_be_visible()
    screenshot(phone_page, "reports-list-teams")
    assert has_no_horizontal_scroll(phone_page)
    assert_no_accessibility_violations(phone_page)
    phone_page.get_by_role("link", name="Wekelijkse teamrapportage: Team Zuid").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Wekelijkse teamrapportage: Team Zuid")
    screenshot(phone_page, "reports-team-report")
    assert_no_accessibility_violations(phone_page)
