"""Coverage: the trainer's figures per province and organisation, the manager's team."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from jongerenwerk.core.models import Province
from tests.factories import OrganisationFactory
from trainings.models import Enrolment, Interest, Session
from trainings.selectors.coverage import programme_coverage, team_coverage
from trainings.services import enrolments


def test_the_trainer_sees_enrolled_attended_no_shows_untrained_and_unserved_interest(
        programme, session, manager, team_of, organisation, other_organisation):
    OrganisationFactory(name="Jongerenwerk Zonder", province=Province.ZUID_HOLLAND)
    people = team_of(4)
    enrolments.team_enrol(session=session, people=people, by=manager)
    Enrolment.objects.filter(user=people[0]).update(status=Enrolment.Status.ATTENDED)
    Interest.objects.create(programme=programme, email="u@voorbeeld.test", province="UT", confirmed_at=timezone.now())
    Interest.objects.create(programme=programme, email="z@voorbeeld.test", province="ZH", confirmed_at=timezone.now())
    Interest.objects.create(programme=programme, email="n@voorbeeld.test", province="UT")  # not confirmed
    figures = programme_coverage(programme)
    rows = {row.province: row for row in figures["provinces"]}
    zh = rows["ZH"]
    assert (zh.enrolled, zh.attended, zh.no_shows) == (3, 1, 0)
    assert (zh.organisations, zh.untrained_organisations) == (3, 2)  # Testwijk trained; Elders and Zonder not
    assert rows["UT"].waiting_interest == 1 and zh.waiting_interest == 0  # ZH has its session
    assert {name for name, _ in figures["untrained"]} == {"Jongerenwerk Elders", "Jongerenwerk Zonder"}
    # After the session ended, those enrolled who were not checked in are no-shows.
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(hours=3),
                                                 ends_at=timezone.now() - timedelta(hours=1))
    zh = {row.province: row for row in programme_coverage(programme)["provinces"]}["ZH"]
    assert (zh.enrolled, zh.attended, zh.no_shows) == (0, 1, 3)


def test_the_manager_sees_only_their_own_team(client_for, programme, session, manager, worker, outsider,
                                              open_session):
    enrolments.enrolment_create(session=session, person=worker, by=manager)
    enrolments.enrolment_create(session=open_session, person=outsider, by=outsider)
    board = team_coverage(manager.membership, programme)
    assert {row.name for row in board.rows} == {worker.full_name, manager.full_name}
    assert (board.enrolled, board.neither, board.share_trained) == (1, 1, 0)
    page = client_for(manager).get(reverse("trainings:team_coverage")).content.decode()
    assert outsider.full_name not in page and worker.full_name in page
