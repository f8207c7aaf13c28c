"""The trainings part of the manager's overview and of the reports, against hand-counted figures."""

from datetime import timedelta

from django.urls import reverse

from jongerenwerk.core.models import Role, Team
from reports.selectors.overview import overview_of
from tests.factories import MembershipFactory
from trainings.models import Enrolment, Session
from trainings.selectors.overview import report_figures
from trainings.services import enrolments


def shown(panel) -> dict:
    return {str(figure.label): figure.value for figure in panel.figures}


def test_the_overview_counts_the_team_in_the_current_programme(
    client_for, programme, session, manager, worker, team_of, django_assert_max_num_queries
):
    # Six members: the manager, the worker and four more. Session capacity 3 of the first
    # Thursday: three get a seat, the fourth waits; one of those seated attended.
    people = [worker, *team_of(4)]
    Session.objects.filter(pk=session.pk).update(capacity=3)
    session.refresh_from_db()
    enrolments.team_enrol(session=session, people=people[:4], by=manager)
    Enrolment.objects.filter(user=people[0]).update(status=Enrolment.Status.ATTENDED)
    panels = {panel.key: panel for panel in overview_of(manager)}
    figures = shown(panels["trainings"])
    assert panels["trainings"].available
    assert figures == {
        "Getraind in het huidige programma": "17%",  # 1 of 6
        "Ingeschreven voor een bijeenkomst": 2,
        "Op een wachtlijst": 1,
        "Niet getraind en niet ingeschreven": 2,  # the manager and the fifth worker
    }
    assert all(figure.url == reverse("trainings:team_coverage") for figure in panels["trainings"].figures)
    page = client_for(manager).get(reverse("reports:overview")).content.decode()
    assert "Nog niet beschikbaar." not in page and "1 van 6 leden, leidinggevenden meegeteld" in page
    # A bigger team costs no more queries.
    with django_assert_max_num_queries(20) as few:
        overview_of(manager)
    for _ in range(10):
        MembershipFactory(organisation=manager.membership.organisation, role=Role.JONGERENWERKER)
    with django_assert_max_num_queries(len(few.captured_queries)):
        overview_of(manager)


def test_a_report_counts_who_attended_in_its_period(programme, session, manager, worker, organisation):
    enrolments.enrolment_create(session=session, person=worker, by=manager)
    Enrolment.objects.filter(user=worker).update(status=Enrolment.Status.ATTENDED)
    during = report_figures(organisation, session.starts_at - timedelta(days=1), session.starts_at + timedelta(days=1))
    before = report_figures(organisation, session.starts_at - timedelta(days=9), session.starts_at - timedelta(days=1))
    assert during[0].value == 1 and before[0].value == 0


def test_the_funders_count_each_trained_worker_once_in_a_neighbourhood(
    programme, session, manager, worker, colleague, organisation, wijk_a, wijk_b
):
    from trainings.selectors.overview import neighbourhood_counts

    worker.membership.neighbourhoods.set([wijk_a, wijk_b])  # counted in the first by name only
    colleague.membership.neighbourhoods.set([wijk_b])
    enrolments.team_enrol(session=session, people=[worker, colleague, manager], by=manager)
    Enrolment.objects.filter(session=session).update(status=Enrolment.Status.ATTENDED)
    (table,) = neighbourhood_counts(organisation, session.starts_at - timedelta(days=1),
                                    session.starts_at + timedelta(days=1))
    first, second = sorted([wijk_a, wijk_b], key=lambda n: n.name)
    assert table.counts == {(first.pk, "attended"): 1, (second.pk, "attended"): 1}


def test_a_teams_report_counts_only_its_members(programme, session, manager, worker, colleague, organisation):
    team = Team.objects.create(organisation=organisation, name="Team Noord")
    team.members.add(manager.membership, worker.membership)
    enrolments.team_enrol(session=session, people=[worker, colleague], by=manager)
    Enrolment.objects.filter(session=session).update(status=Enrolment.Status.ATTENDED)
    around = (session.starts_at - timedelta(days=1), session.starts_at + timedelta(days=1))
    whole = {str(f.label): (f.value, str(f.note)) for f in report_figures(organisation, *around)}
    of_team = {str(f.label): (f.value, str(f.note)) for f in report_figures(organisation, *around, team=team)}
    assert whole["Leden die in deze periode een trainingsbijeenkomst volgden"][0] == 2
    assert of_team["Leden die in deze periode een trainingsbijeenkomst volgden"][0] == 1
    assert of_team["Getraind in het huidige programma"] == ("50%", "1 van 2 leden, leidinggevenden meegeteld")
