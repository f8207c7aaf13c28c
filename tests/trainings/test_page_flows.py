"""What people see on the trainings pages."""

import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from trainings.models import Certificate, Enrolment, Session
from trainings.services import enrolments, programmes


def text_of(response) -> str:
    main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_the_meeting_link_is_shown_only_to_those_enrolled(client_for, session, worker, colleague, manager):
    enrolments.enrolment_create(session=session, person=worker, by=manager)
    url = reverse("trainings:session", args=[session.pk])
    assert "meet.example.test/awareness" in client_for(worker).get(url).content.decode()
    assert "meet.example.test/awareness" not in client_for(colleague).get(url).content.decode()


def test_a_manager_enrols_the_team_and_reads_who_got_a_seat_and_who_waits(client_for, session, manager, team_of):
    session.capacity = 2
    session.save(update_fields=["capacity"])
    team = team_of(3)
    url = reverse("trainings:team_enrol", args=[session.pk])
    page = text_of(client_for(manager).get(url))
    assert "Nog 2 plaatsen vrij" in page
    response = client_for(manager).post(url, {"people": [p.pk for p in team]}, follow=True)
    page = text_of(response)
    assert "Werker 1 heeft een plaats." in page
    assert "Werker 2 heeft een plaats." in page
    assert "Werker 3 staat op de wachtlijst." in page
    assert "Nog 0 plaatsen vrij" in page


def test_a_team_enrolment_in_another_province_is_refused_on_the_page(client_for, session, outsider_admin,
                                                                      other_organisation):
    other_organisation.province = "UT"
    other_organisation.save(update_fields=["province"])
    url = reverse("trainings:team_enrol", args=[session.pk])
    response = client_for(outsider_admin).post(url, {"people": [outsider_admin.pk]})
    assert response.status_code == 422
    assert "Deze sessie is voor organisaties in Zuid-Holland; Jongerenwerk Elders zit in Utrecht." in text_of(response)


def test_an_expired_offer_link_says_so(client_for, open_session, worker):
    offer = Enrolment.objects.create(session=open_session, user=worker, organisation=worker.membership.organisation,
                                     status=Enrolment.Status.OFFERED,
                                     offer_expires_at=timezone.now() - timedelta(minutes=1))
    response = client_for(worker).get(reverse("trainings:offer", args=[offer.pk]))
    assert response.status_code == 410
    assert "Dit aanbod is verlopen of al gebruikt." in text_of(response)


def test_a_waiting_worker_sees_their_place(client_for, session, manager, team_of):
    session.capacity = 1
    session.save(update_fields=["capacity"])
    team = team_of(3)
    enrolments.team_enrol(session=session, people=team, by=manager)
    page = text_of(client_for(team[2]).get(reverse("trainings:mine")))
    assert "op de wachtlijst — plaats 2 op de wachtlijst" in page


def test_the_trainer_checks_someone_in_with_one_tap_and_the_certificate_verifies(
        client_for, session, trainer, manager, worker, django_capture_on_commit_callbacks):
    enrolment = enrolments.enrolment_create(session=session, person=worker, by=manager)
    client = client_for(trainer)
    response = client.post(reverse("trainings:attendance_toggle", args=[enrolment.pk]), {"attended": "1"},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "aanwezig" in response.content.decode()
    certificate = Certificate.objects.get(enrolment=enrolment)
    pdf = client_for(worker).get(reverse("trainings:certificate", args=[enrolment.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert worker.full_name in text
    assert timezone.localtime(session.starts_at).strftime("%-d") in text
    assert certificate.code in text
    verify = client_for(None).get(reverse("trainings:verify", args=[certificate.code]))
    page = text_of(verify)
    assert "Dit certificaat is echt." in page and worker.full_name in page and session.programme.name in page
    assert worker.email not in page
    assert client_for(None).get(reverse("trainings:verify", args=["XXXX-XXXX-XXXX"])).status_code == 404


def test_the_attendance_list_searches_by_name(client_for, session, trainer, manager, team_of):
    enrolments.team_enrol(session=session, people=team_of(3), by=manager)
    response = client_for(trainer).get(reverse("trainings:attendance", args=[session.pk]), {"q": "Werker 2"},
                                       HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Werker 2" in body and "Werker 1" not in body


@pytest.mark.parametrize("name, route", [
    ("attendance", lambda s: reverse("trainings:attendance", args=[s.pk])),
    ("programme", lambda s: reverse("trainings:programme", args=[s.programme_id])),
    ("coverage", lambda s: reverse("trainings:coverage", args=[s.programme_id])),
])
def test_the_pages_query_the_database_a_fixed_number_of_times(name, route, client_for, session, trainer, manager,
                                                              team_of, django_assert_max_num_queries):
    client = client_for(trainer)
    enrolments.team_enrol(session=session, people=team_of(3), by=manager)
    client.get(route(session))
    with django_assert_max_num_queries(12) as small:
        client.get(route(session))
    enrolments.team_enrol(session=session, people=team_of(27), by=manager)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(route(session)).status_code == 200


def test_team_coverage_shows_the_share_trained(client_for, session, manager, worker):
    enrolment = enrolments.enrolment_create(session=session, person=worker, by=manager)
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.ATTENDED)
    page = text_of(client_for(manager).get(reverse("trainings:team_coverage")))
    # worker, colleague? The organisation has the worker and the manager here: 1 of 2 trained.
    assert "50% van het team is getraind" in page


def test_a_changed_capacity_below_the_enrolled_is_refused_on_the_form(client_for, session, trainer, manager, team_of):
    enrolments.team_enrol(session=session, people=team_of(3), by=manager)
    data = {"starts_at": timezone.localtime(session.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": timezone.localtime(session.ends_at).strftime("%Y-%m-%dT%H:%M"),
            "meeting_url": session.meeting_url, "trainer": trainer.pk, "province": "ZH", "capacity": "2"}
    response = client_for(trainer).post(reverse("trainings:session_edit", args=[session.pk]), data)
    assert response.status_code == 422
    assert "3 mensen zijn ingeschreven of hebben een aanbod" in text_of(response)
    assert Session.objects.get(pk=session.pk).capacity == 20


def test_a_new_programme_is_made_from_a_weekday_rule(client_for, trainer):
    response = client_for(trainer).post(reverse("trainings:programme_create"), {
        "name": "#Awareness 2027", "weekday": "3", "first": "2027-09-01", "last": "2027-09-30", "start": "14:00",
        "end": "16:00", "capacity": "30", "extras": "2027-09-15"}, follow=True)
    page = text_of(response)
    assert page.count("Provincie volgt") == 5  # 2, 9, 16, 23, 30 September
    assert "Iedereen, ook individueel" in page


def test_the_trainer_takes_someone_off_and_the_first_waiting_gets_the_offer(client_for, session, trainer, manager,
                                                                           team_of):
    session.capacity = 1
    session.save(update_fields=["capacity"])
    first, second = team_of(2)
    enrolments.team_enrol(session=session, people=[first, second], by=manager)
    seated = session.enrolments.get(user=first)
    response = client_for(trainer).post(reverse("trainings:enrolment_remove", args=[seated.pk]), follow=True)
    assert "Werker 1 is van de sessie gehaald." in text_of(response)
    assert session.enrolments.get(user=second).status == Enrolment.Status.OFFERED


def test_the_team_page_says_who_was_trained_in_an_earlier_programme(client_for, session, manager, worker, trainer):
    past = programmes.awareness_2021_seed(trainer=trainer)
    Enrolment.objects.create(session=past.sessions.first(), user=worker, organisation=worker.membership.organisation,
                             status=Enrolment.Status.ATTENDED)
    page = text_of(client_for(manager).get(reverse("trainings:team_enrol", args=[session.pk])))
    assert f"{worker.full_name} (jongerenwerker) — getraind in #Awareness 2021" in page
