"""The demo data tell the trainings story; retention anonymises enrolments and keeps
certificates verifiable."""

from datetime import timedelta

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from jongerenwerk.core import retention
from jongerenwerk.core.models import User
from trainings.models import Certificate, Enrolment, Interest, Programme, Session
from trainings.selectors.coverage import team_coverage
from trainings.services.retention import RULE, interests_forget


def test_the_demo_has_a_past_series_with_certificates_and_a_next_one_with_a_waiting_list(settings, db):
    settings.DEMO_DATA = True
    call_command("seed_demo")
    counts = (Enrolment.objects.count(), Certificate.objects.count(), Interest.objects.count())
    call_command("seed_demo")
    assert (Enrolment.objects.count(), Certificate.objects.count(), Interest.objects.count()) == counts
    past = Programme.objects.get(name="#Awareness 2021")
    assert past.sessions.count() == 16
    assert Certificate.objects.filter(programme_name="#Awareness 2021").count() >= 3
    manager = User.objects.get(email="leidinggevende@demo.test")
    board = team_coverage(manager.membership, past)
    assert board.attended >= 3 and board.neither >= 1
    upcoming = Programme.objects.exclude(pk=past.pk).get()
    announced = upcoming.sessions.exclude(province="").get()
    assert announced.province == "ZH" and announced.seats_left == 0
    assert announced.enrolments.filter(status=Enrolment.Status.WAITING).exists()
    assert upcoming.interests.filter(confirmed_at__isnull=False).count() == 3
    assert User.objects.get(email="trainer@demo.test").is_trainer


def test_retention_anonymises_enrolments_after_the_programme_and_keeps_certificates(
        client, programme, session, manager, worker, settings):
    from trainings.services import certificates, enrolments

    settings.TRAININGS_RETENTION_MONTHS = 12
    enrolment = enrolments.enrolment_create(session=session, person=worker, by=manager)
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.ATTENDED)
    certificate = certificates.certificate_issue(enrolment=Enrolment.objects.get(pk=enrolment.pk))
    Interest.objects.create(programme=programme, email="x@voorbeeld.test", province="UT")
    assert retention.apply(RULE) == 0
    long_ago = timezone.now() - timedelta(days=400)
    Session.objects.filter(programme=programme).update(starts_at=long_ago, ends_at=long_ago + timedelta(hours=2))
    assert retention.apply(RULE) == 1
    assert retention.apply(RULE) == 0
    enrolment.refresh_from_db()
    assert (enrolment.user, enrolment.anonymised_at is not None) == (None, True)
    page = client.get(reverse("trainings:verify", args=[certificate.code])).content.decode()
    assert worker.full_name in page
    assert interests_forget() == 1
