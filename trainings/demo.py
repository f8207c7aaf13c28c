"""Invented demo trainings for `seed_demo`: the 2021 #Awareness series as it ran (every
province its Thursday; part of the demo team attended on Zuid-Holland's day and has a
certificate, one did not show up), and next autumn's programme made from the weekday rule,
with Zuid-Holland announced on its first Thursday, the demo team enrolled there (more people
than seats, so a waiting list), and interest registrations for provinces still to come.
A rerun adds nothing."""

from datetime import date, time

from django.db import transaction
from django.utils import timezone

from jongerenwerk.core.models import Membership, Province
from jongerenwerk.core.registry import DemoData
from jongerenwerk.core.reporting import DUTCH_TIME
from trainings.models import Certificate, Enrolment, Interest, Session
from trainings.services import enrolments, programmes

# The order in which the provinces had their Thursday in 2021 (invented); Zuid-Holland twice.
PROVINCES_2021 = [Province.GRONINGEN, Province.FRIESLAND, Province.DRENTHE, Province.OVERIJSSEL, Province.FLEVOLAND,
                  Province.GELDERLAND, Province.UTRECHT, Province.NOORD_HOLLAND, Province.ZUID_HOLLAND,
                  Province.ZEELAND, Province.NOORD_BRABANT, Province.LIMBURG, Province.ZUID_HOLLAND]
DEMO_INTEREST = [("jongerenwerk@utrecht-voorbeeld.test", Province.UTRECHT, "Jongerenwerk Utrecht (demo)"),
                 ("team@gelderland-voorbeeld.test", Province.GELDERLAND, ""),
                 ("info@zeeland-voorbeeld.test", Province.ZEELAND, "Welzijn Zeeland (demo)")]


def _past_series(demo: DemoData) -> None:
    series = programmes.awareness_2021_seed(trainer=demo.trainer)
    thursdays = list(series.sessions.filter(kind=Session.Kind.PROVINCE).order_by("starts_at"))
    for session, province in zip(thursdays, PROVINCES_2021, strict=True):
        Session.objects.filter(pk=session.pk).update(province=province,
                                                     meeting_url="https://meet.example.test/awareness-2021")
    zuid_day = thursdays[8]  # 28 October 2021
    members = list(Membership.objects.filter(organisation=demo.organisation, is_active=True)
                   .select_related("user").order_by("user__full_name"))
    if Enrolment.objects.filter(session__programme=series).exists():
        return
    # Past sessions take no enrolments any more: their records are written as they ended.
    half = members[: max(len(members) // 2, 1)]
    for member in half:
        enrolment = Enrolment.objects.create(session=zuid_day, user=member.user, organisation=demo.organisation,
                                             status=Enrolment.Status.ATTENDED, enrolled_by=member.user)
        Certificate.objects.create(enrolment=enrolment, name=member.user.get_full_name(),
                                   programme_name=series.name,
                                   session_date=timezone.localtime(zuid_day.starts_at, DUTCH_TIME).date(),
                                   emailed_at=zuid_day.ends_at)
    if len(members) > len(half):
        no_show = members[len(half)]
        Enrolment.objects.create(session=zuid_day, user=no_show.user, organisation=demo.organisation,
                                 status=Enrolment.Status.ENROLLED, enrolled_by=no_show.user)
    Session.objects.filter(pk=zuid_day.pk).update(seats_taken=len(half) + 1)


def _next_series(demo: DemoData) -> None:
    year = timezone.localdate().year + 1
    name = f"#Awareness {year}"
    series = programmes.Programme.objects.filter(name=name).first()
    if series is not None:
        return
    series = programmes.programme_create_from_rule(
        name=name, weekday=3, first=date(year, 9, 1), last=date(year, 11, 30), start=time(14), end=time(16),
        capacity=30, trainer=demo.trainer, meeting_url="https://meet.example.test/awareness",
        extras=[programmes.Extra(day) for day in programmes.dates_of(weekday=2, first=date(year, 11, 1),
                                                                     last=date(year, 11, 21))],
    )
    first = series.sessions.filter(kind=Session.Kind.PROVINCE).order_by("starts_at").first()
    programmes.session_province_set(session=first, province=Province.ZUID_HOLLAND, by=demo.trainer)
    # A small session, so the demo team fills it and the rest waits.
    Session.objects.filter(pk=first.pk).update(capacity=4)
    first.refresh_from_db()
    manager = Membership.objects.filter(organisation=demo.organisation, role="leidinggevende").select_related(
        "user").first()
    team = [m.user for m in Membership.objects.filter(organisation=demo.organisation, is_active=True)
            .select_related("user").order_by("user__full_name")]
    if manager is not None:
        enrolments.team_enrol(session=first, people=team, by=manager.user)
    for email, province, organisation_name in DEMO_INTEREST:
        Interest.objects.get_or_create(programme=series, email=email, province=province,
                                       defaults={"organisation_name": organisation_name,
                                                 "confirmed_at": timezone.now()})


def demo_trainings_seed(demo: DemoData) -> None:
    with transaction.atomic():
        _past_series(demo)
        _next_series(demo)
