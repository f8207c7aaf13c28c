"""The trainings pages: the access matrix for every page and persona, and what people see."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jongerenwerk.core.models import Province
from tests.access import Page, expect
from tests.access import matrix_tests
from trainings.models import CalendarFeed, Enrolment, Interest, Session
from trainings.services import certificates, enrolments, programmes

EVERYONE = expect(200)  # members of every organisation and the trainer: the programme is national
MEMBERS = expect(200, trainer=403)
MEMBERS_WRITE = expect(302, trainer=403)
OWN = expect(404, worker=200)
OWN_WRITE = expect(404, worker=302)
TRAINER = expect(403, trainer=200)
TRAINER_WRITE = expect(403, trainer=302)
TEAM = expect(403, manager=200, admin_member=200, outsider_admin=200)
PUBLIC = {**expect(200), "anonymous": 200}
SESSION_DATA = {
    "starts_at": "", "ends_at": "", "meeting_url": "https://meet.example.test/nieuw", "trainer": "",
    "province": "ZH", "capacity": "25",
}


def session_data(objects) -> dict:
    session = objects["session"]
    return {**SESSION_DATA, "starts_at": timezone.localtime(session.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": timezone.localtime(session.ends_at).strftime("%Y-%m-%dT%H:%M")}


PAGES = [
    Page("programmes", "trainings:index", EVERYONE),
    Page("programme", ("trainings:programme", lambda o: [o["programme"].pk]), EVERYONE, national=True),
    Page("session", ("trainings:session", lambda o: [o["session"].pk]), EVERYONE, national=True),
    Page("enrol", ("trainings:enrol", lambda o: [o["open_session"].pk]), MEMBERS_WRITE, method="post",
         national=True),
    Page("team enrolment", ("trainings:team_enrol", lambda o: [o["session"].pk]), TEAM, national=True),
    Page("team enrolment (send)", ("trainings:team_enrol", lambda o: [o["session"].pk]),
         expect(403, manager=302, admin_member=302, outsider_admin=200), method="post",
         data=lambda o: {"people": [o["colleague"].pk]}, national=True),
    Page("my enrolments", "trainings:mine", EVERYONE),
    Page("cancel", ("trainings:cancel", lambda o: [o["own"].pk]), OWN_WRITE, method="post"),
    Page("calendar invite", ("trainings:enrolment_ics", lambda o: [o["own"].pk]), OWN),
    Page("certificate", ("trainings:certificate", lambda o: [o["attended"].pk]), OWN),
    Page("offer", ("trainings:offer", lambda o: [o["offer"].pk]), OWN),
    Page("accept an offer", ("trainings:offer_accept", lambda o: [o["offer"].pk]), OWN_WRITE, method="post"),
    Page("decline an offer", ("trainings:offer_decline", lambda o: [o["offer"].pk]), OWN_WRITE, method="post"),
    Page("calendar page", "trainings:feed_page", MEMBERS),
    Page("renew the calendar address", "trainings:feed_renew", MEMBERS_WRITE, method="post",
         data=lambda o: {"token": o["feed"].token}),
    Page("calendar feed", ("trainings:feed", lambda o: [o["feed"].token]), PUBLIC),
    Page("programme admin", "trainings:admin", TRAINER),
    Page("new programme", "trainings:programme_create", TRAINER_WRITE, method="post", data={
        "name": "#Awareness 2030", "weekday": "3", "first": "2030-09-01", "last": "2030-09-30", "start": "14:00",
        "end": "16:00", "capacity": "30", "extras": "2030-09-11"}),
    Page("edit a session", ("trainings:session_edit", lambda o: [o["session"].pk]), TRAINER),
    Page("edit a session (send)", ("trainings:session_edit", lambda o: [o["session"].pk]), TRAINER_WRITE,
         method="post", data=session_data),
    Page("cancel a session", ("trainings:session_cancel", lambda o: [o["session"].pk]), TRAINER_WRITE,
         method="post", national=True),
    Page("take someone off a session", ("trainings:enrolment_remove", lambda o: [o["own"].pk]), TRAINER_WRITE,
         method="post"),
    Page("attendance", ("trainings:attendance", lambda o: [o["session"].pk]), TRAINER),
    Page("check in", ("trainings:attendance_toggle", lambda o: [o["own"].pk]), TRAINER_WRITE, method="post",
         data={"attended": "1"}),
    Page("coverage", ("trainings:coverage", lambda o: [o["programme"].pk]), TRAINER),
    Page("team coverage", "trainings:team_coverage", TEAM),
    Page("interest (member)", ("trainings:interest_member", lambda o: [o["programme"].pk]), MEMBERS_WRITE,
         method="post", national=True),
    Page("interest (public)", "trainings:interest", PUBLIC),
    Page("interest (send)", "trainings:interest", PUBLIC, method="post",
         data={"email": "iemand@voorbeeld.test", "province": "UT", "organisation_name": ""}),
    Page("confirm interest", ("trainings:interest_confirm", lambda o: [o["interest"].token]), PUBLIC),
    Page("confirm interest (send)", ("trainings:interest_confirm", lambda o: [o["interest"].token]),
         PUBLIC, method="post"),
    Page("unsubscribe", ("trainings:interest_unsubscribe", lambda o: [o["interest"].token]), PUBLIC),
    Page("unsubscribe (send)", ("trainings:interest_unsubscribe", lambda o: [o["interest"].token]), PUBLIC,
         method="post"),
    Page("verify a certificate", ("trainings:verify", lambda o: [o["certificate"].code]), PUBLIC),
]


@pytest.fixture
def objects(personas, programme, session, open_session, trainer):
    own = enrolments.enrolment_create(session=session, person=personas.worker, by=personas.manager)
    past = programmes.awareness_2021_seed(trainer=trainer)
    past_session = past.sessions.filter(kind=Session.Kind.PROVINCE).first()
    Session.objects.filter(pk=past_session.pk).update(province=Province.ZUID_HOLLAND)
    attended = Enrolment.objects.create(session=past_session, user=personas.worker,
                                        organisation=personas.worker.membership.organisation,
                                        status=Enrolment.Status.ATTENDED)
    certificate = certificates.certificate_issue(enrolment=attended)
    Session.objects.filter(pk=open_session.pk).update(seats_taken=1)
    offer = Enrolment.objects.create(session=open_session, user=personas.worker,
                                     organisation=personas.worker.membership.organisation,
                                     status=Enrolment.Status.OFFERED,
                                     offer_expires_at=timezone.now() + timedelta(hours=40))
    feed = CalendarFeed.objects.create(user=personas.worker)
    interest = Interest.objects.create(programme=programme, email="buur@voorbeeld.test", province=Province.UTRECHT)
    return {"programme": programme, "session": session, "open_session": open_session, "own": own,
            "attended": attended, "certificate": certificate, "offer": offer, "feed": feed, "interest": interest,
            "colleague": personas.colleague}


test_trainings_access_matrix, test_the_wrong_method_is_refused, test_a_repeated_write_changes_nothing = matrix_tests(
    PAGES)
