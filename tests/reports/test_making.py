"""Making reports through the services: their figures in the PDF and the XLSX, one report per
period however often the schedule runs, and no half file after a fault."""

import shutil
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jongerenwerk.core.models import Notification, Team
from jongerenwerk.core.roles import Role
from reports.models import Kind, Report, ReportFile
from reports.periods import previous_span
from reports.services import making
from reports.services.documents import reports_root
from tests.factories import MembershipFactory
from tests.reports.conftest import amsterdam
from tests.reports.helpers import files_on_disk, pdf_text, xlsx_sheets


@pytest.fixture
def last_week_data(log_signal, log_contact, worker, colleague, categories, wijk_a, wijk_b):
    """Last week: three signals (two in wijk A, one in wijk B), six contacts of which four
    online and five supportive, by the worker (five, in wijk A) and the colleague (one, wijk B)."""
    span = previous_span(Kind.WEEKLY)
    tuesday = span.first_day + timedelta(days=1)
    for neighbourhood in (wijk_a, wijk_a, wijk_b):
        log_signal(worker, observed_at=amsterdam(tuesday, 12), neighbourhood=neighbourhood)
    for n, (channel, character) in enumerate([("whatsapp", "steunend"), ("instagram", "steunend"),
                                              ("snapchat", "informerend"), ("tiktok", "waarschuwend"),
                                              ("straat", "steunend")]):
        log_contact(worker, channel=channel, character=character, started_at=amsterdam(tuesday, 10, n),
                    neighbourhood=wijk_a)
    log_contact(colleague, channel="straat", started_at=amsterdam(tuesday, 15), neighbourhood=wijk_b)
    return span


def test_the_weekly_report_holds_the_weeks_figures_in_its_pdf_and_xlsx(last_week_data, organisation, manager, worker,
                                                                       colleague):
    span = last_week_data
    assert making.scheduled_reports_request(Kind.WEEKLY) == 1
    report = Report.objects.get(kind=Kind.WEEKLY)
    assert (report.first_day, report.last_day) == (span.first_day, span.last_day)
    assert making.report_make(report_id=report.pk)
    report.refresh_from_db()
    assert report.state == Report.State.READY and report.progress == 100
    text = pdf_text(report)
    assert "Wekelijkse teamrapportage\nJongerenwerk Testwijk. Van" in text
    assert "Vastgelegde signalen" in text and "Online aandeel" in text
    assert "67%" in text  # 4 of 6 contacts online
    assert "Trainingen" in text and "Nog niet beschikbaar." not in text
    assert "Leden die in deze periode een trainingsbijeenkomst volgden" in text
    overview = xlsx_sheets(report)["Overzicht"]
    values = {row[1]: row[2] for row in overview[1:]}
    assert values["Vastgelegde signalen"] == 3
    assert values["Contactmomenten"] == 6
    assert values["Online aandeel"] == "67%"
    assert values["Steunend aandeel"] == "83%"  # steunend and informerend: 5 of 6
    assert values["Leden die in deze periode een trainingsbijeenkomst volgden"] == 0
    # The team: each youth worker's week against the targets (25% online, 85% supportive).
    team = {row[0]: row[1:] for row in xlsx_sheets(report)["Per jongerenwerker"][1:]}
    assert team[worker.get_full_name()] == (5, "80%", "80%", "0%", "steunend")
    assert team[colleague.get_full_name()] == (1, "0%", "100%", "0%", "online")
    assert worker.get_full_name() in text


@pytest.fixture
def two_teams(organisation, manager, worker, colleague, other_team_worker, wijk_a, wijk_b):
    """Team Noord (wijk A): the manager and the worker. Team Zuid (wijk B): a second manager and
    the worker of wijk B. The colleague is in no team."""
    noord = Team.objects.create(organisation=organisation, name="Team Noord")
    noord.neighbourhoods.add(wijk_a)
    zuid = Team.objects.create(organisation=organisation, name="Team Zuid")
    zuid.neighbourhoods.add(wijk_b)
    second_manager = MembershipFactory(organisation=organisation, role=Role.LEIDINGGEVENDE,
                                       user__email="leiding-zuid@test.test")
    noord.members.add(manager.membership, worker.membership)
    zuid.members.add(second_manager, other_team_worker.membership)
    return noord, zuid, second_manager.user


def test_each_team_with_a_manager_gets_its_own_weekly_report_of_its_members_work(
    two_teams, log_signal, log_contact, organisation, manager, worker, colleague, other_team_worker, categories,
    wijk_a, wijk_b,
):
    noord, zuid, zuid_manager = two_teams
    span = previous_span(Kind.WEEKLY)
    tuesday = span.first_day + timedelta(days=1)
    log_signal(worker, observed_at=amsterdam(tuesday, 12), neighbourhood=wijk_a)
    log_signal(worker, observed_at=amsterdam(tuesday, 13), neighbourhood=wijk_a)
    log_signal(colleague, observed_at=amsterdam(tuesday, 14), neighbourhood=wijk_a)
    for n in range(3):
        log_contact(worker, channel="instagram", started_at=amsterdam(tuesday, 10, n), neighbourhood=wijk_a)
    log_contact(colleague, channel="straat", started_at=amsterdam(tuesday, 11), neighbourhood=wijk_a)
    log_contact(other_team_worker, channel="straat", started_at=amsterdam(tuesday, 15), neighbourhood=wijk_b)

    assert making.scheduled_reports_request(Kind.WEEKLY) == 2  # every manager is in a team
    assert making.scheduled_reports_request(Kind.WEEKLY) == 0
    reports = {report.team: report for report in Report.objects.filter(kind=Kind.WEEKLY)}
    assert set(reports) == {noord, zuid}
    for report in reports.values():
        assert making.report_make(report_id=report.pk)

    noord_report = reports[noord]
    values = {row[1]: row[2] for row in xlsx_sheets(noord_report)["Overzicht"][1:]}
    assert values["Vastgelegde signalen"] == 2  # the colleague's signal is not the team's
    assert values["Contactmomenten"] == 3
    assert values["Online aandeel"] == "100%"
    notes = {row[1]: row[3] for row in xlsx_sheets(noord_report)["Overzicht"][1:]}
    assert notes["Hebben het geldende handboek bevestigd"] == "van 2 leden"  # the manager and the worker
    assert values["Jongerenwerkers zonder werkprofiel"] == 1  # the worker; the colleague is not in the team
    workers = [row[0] for row in xlsx_sheets(noord_report)["Per jongerenwerker"][1:]]
    assert workers == [worker.get_full_name()]
    assert "Wekelijkse teamrapportage: Team Noord\nJongerenwerk Testwijk. Van" in pdf_text(noord_report)
    zuid_values = {row[1]: row[2] for row in xlsx_sheets(reports[zuid])["Overzicht"][1:]}
    assert (zuid_values["Vastgelegde signalen"], zuid_values["Contactmomenten"]) == (0, 1)
    # Each team's managers are told of their team's report, and only they.
    told = {(n.user, n.url) for n in Notification.objects.filter(key__startswith="reports.ready:")}
    assert told == {(manager, reverse("reports:detail", args=[noord_report.pk])),
                    (zuid_manager, reverse("reports:detail", args=[reports[zuid].pk]))}


def test_managers_in_no_team_get_the_organisations_weekly_report(two_teams, organisation, manager):
    noord, zuid, zuid_manager = two_teams
    loose = MembershipFactory(organisation=organisation, role=Role.LEIDINGGEVENDE, user__email="los@test.test").user
    assert making.scheduled_reports_request(Kind.WEEKLY) == 3
    whole = Report.objects.get(kind=Kind.WEEKLY, team=None)
    assert whole.title == "Wekelijkse teamrapportage"
    assert list(making.recipients_of(whole)) == [loose]
    assert list(making.recipients_of(Report.objects.get(team=noord))) == [manager]


def test_the_monthly_report_adds_counts_per_neighbourhood_with_small_ones_suppressed(
    log_signal, log_contact, worker, colleague, categories, wijk_a, wijk_b, admin_member, manager
):
    span = previous_span(Kind.MONTHLY)
    day = span.first_day + timedelta(days=3)
    for n in range(7):
        log_contact(worker, channel="whatsapp", started_at=amsterdam(day, 10, n), neighbourhood=wijk_a)
    for n in range(2):
        log_contact(colleague, channel="straat", started_at=amsterdam(day, 11, n), neighbourhood=wijk_b)
    making.scheduled_reports_request(Kind.MONTHLY)
    report = Report.objects.get(kind=Kind.MONTHLY)
    making.report_make(report_id=report.pk)
    sheet = xlsx_sheets(report)["Contactmomenten online en offline"[:31]]
    assert sheet[0] == ("Wijk", "online", "offline", "Totaal")
    rows = {row[0]: row[1:] for row in sheet[1:]}
    assert rows["Wijk B"][1] == "<5"  # two contacts on the street
    assert rows["Wijk A"][0] != 7, "the count beside a small one is hidden so the totals do not give it away"
    assert "<5" in pdf_text(report)
    # Ready: the managers and the admins are told, and nobody else.
    told = set(Notification.objects.filter(key=f"reports.ready:{report.pk}").values_list("user__email", flat=True))
    assert told == {manager.email, admin_member.email}


def test_a_rerun_of_the_schedule_makes_nothing_twice(last_week_data, organisation, manager):
    assert making.scheduled_reports_request(Kind.WEEKLY) == 1
    assert making.scheduled_reports_request(Kind.WEEKLY) == 0
    report = Report.objects.get()
    assert making.report_make(report_id=report.pk)
    made = files_on_disk()
    assert not making.report_make(report_id=report.pk), "a ready report is not made again"
    assert making.scheduled_reports_request(Kind.WEEKLY) == 0
    assert files_on_disk() == made and ReportFile.objects.count() == 2
    assert Notification.objects.filter(key=f"reports.ready:{report.pk}").count() == 1


def test_a_fault_half_way_leaves_no_file_and_the_report_is_made_again(last_week_data, organisation, manager):
    making.scheduled_reports_request(Kind.WEEKLY)
    report = Report.objects.get()
    # A real fault: the spreadsheet's place is taken (by a directory), after the PDF was written.
    obstacle = reports_root() / str(organisation.pk) / str(report.pk) / making.file_name(report, "xlsx")
    obstacle.mkdir(parents=True)
    with pytest.raises(OSError):
        making.report_make(report_id=report.pk)
    report.refresh_from_db()
    assert report.state == Report.State.FAILED
    assert files_on_disk() == [] and not ReportFile.objects.exists()
    assert not Notification.objects.exists()
    shutil.rmtree(obstacle)
    assert making.reports_sweep() == 1
    assert making.report_make(report_id=report.pk)
    assert sorted(ReportFile.objects.values_list("format", flat=True)) == ["pdf", "xlsx"]
    assert len(files_on_disk()) == 2


def test_a_report_whose_worker_died_is_made_again_once_its_claim_lapses(last_week_data, organisation, manager):
    making.scheduled_reports_request(Kind.WEEKLY)
    report = Report.objects.get()
    # A worker claimed it and was killed before it finished.
    Report.objects.filter(pk=report.pk).update(state=Report.State.MAKING, claimed_at=timezone.now(), attempts=1)
    assert making.reports_sweep() == 0
    assert not making.report_make(report_id=report.pk), "a live claim is left alone"
    Report.objects.filter(pk=report.pk).update(claimed_at=timezone.now() - making.MAKING_LEASE - timedelta(minutes=1))
    assert making.reports_sweep() == 1
    assert making.report_make(report_id=report.pk)
    assert Report.objects.get(pk=report.pk).state == Report.State.READY
