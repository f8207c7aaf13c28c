"""Programmes and sessions: made from a weekday rule, changed by the trainer."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jongerenwerk.core import audit, outbox
from jongerenwerk.core.models import User
from jongerenwerk.core.reporting import DUTCH_TIME
from trainings import notices
from trainings.models import Enrolment, Interest, Programme, Session
from trainings.services.enrolments import offers_make


@dataclass(frozen=True)
class Extra:
    """A chosen extra date outside the weekday rule: an open session, individuals welcome."""

    day: date
    kind: str = Session.Kind.OPEN
    allows_individuals: bool = True


def dates_of(*, weekday: int, first: date, last: date) -> list[date]:
    """Every `weekday` (Monday 0) from `first` to `last`, both included."""
    day = first + timedelta(days=(weekday - first.weekday()) % 7)
    days = []
    while day <= last:
        days.append(day)
        day += timedelta(days=7)
    return days


def _moment(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=DUTCH_TIME)


def programme_create_from_rule(
    *, name: str, weekday: int, first: date, last: date, start: time, end: time, capacity: int,
    extras: list[Extra] = (), trainer: User | None = None, meeting_url: str = "", by: User | None = None,
) -> Programme:
    """A programme with a province session on every `weekday` from `first` to `last` (province
    to be announced), plus the chosen extra dates."""
    if last < first:
        raise ValidationError(_("The last date lies before the first."))
    if end <= start:
        raise ValidationError(_("A session must end after it starts."))
    if Programme.objects.filter(name=name).exists():
        raise ValidationError(_("A programme with this name already exists."))
    with transaction.atomic():
        programme = Programme.objects.create(name=name)
        sessions = [
            Session(programme=programme, starts_at=_moment(day, start), ends_at=_moment(day, end),
                    kind=Session.Kind.PROVINCE, capacity=capacity, trainer=trainer, meeting_url=meeting_url)
            for day in dates_of(weekday=weekday, first=first, last=last)
        ] + [
            Session(programme=programme, starts_at=_moment(extra.day, start), ends_at=_moment(extra.day, end),
                    kind=extra.kind, allows_individuals=extra.allows_individuals, capacity=capacity,
                    trainer=trainer, meeting_url=meeting_url)
            for extra in extras
        ]
        Session.objects.bulk_create(sessions)
        if by is not None:
            audit.record(by, "create", programme, sessions=len(sessions))
    return programme


def session_province_set(*, session: Session, province: str, by: User) -> Session:
    """Give a province session its province; those interested in it hear once that it opens."""
    if session.kind != Session.Kind.PROVINCE:
        raise ValidationError(_("Only a province session has a province."))
    if session.province == province:
        return session
    if session.enrolments.filter(status__in=Enrolment.ACTIVE).exists():
        raise ValidationError(_("People are already enrolled; the province can no longer change."))
    with transaction.atomic():
        session.province = province
        session.save(update_fields=["province"])
        audit.record(by, "update", session, province=province)
        if province:
            interested = Interest.objects.filter(
                programme=session.programme_id, province=province, confirmed_at__isnull=False, notified_at=None)
            for pk in interested.values_list("pk", flat=True):
                outbox.enqueue("trainings.send_interest_notice", pk, session.pk)
    return session


def session_capacity_set(*, session: Session, capacity: int, by: User) -> Session:
    """Change the capacity; lower than the seats taken is refused with the numbers."""
    if capacity < 1:
        raise ValidationError(_("The capacity must be at least 1."))
    with transaction.atomic():
        if not Session.objects.filter(pk=session.pk, seats_taken__lte=capacity).update(capacity=capacity):
            session.refresh_from_db(fields=["seats_taken"])
            raise ValidationError(
                _("%(taken)d people are enrolled or have an offer; the capacity cannot go below that (you asked "
                  "for %(capacity)d).") % {"taken": session.seats_taken, "capacity": capacity})
        audit.record(by, "update", session, capacity=capacity)
    session.refresh_from_db()
    offers_make(session=session)
    return session


def session_update(*, session: Session, by: User, starts_at: datetime, ends_at: datetime, meeting_url: str,
                   trainer: User | None) -> Session:
    """Change the time, link or trainer; everyone enrolled gets an updated invite."""
    if ends_at <= starts_at:
        raise ValidationError(_("A session must end after it starts."))
    changes_invite = (starts_at, ends_at, meeting_url) != (session.starts_at, session.ends_at, session.meeting_url)
    with transaction.atomic():
        session.starts_at, session.ends_at, session.meeting_url, session.trainer = starts_at, ends_at, meeting_url, trainer
        session.save(update_fields=["starts_at", "ends_at", "meeting_url", "trainer"])
        audit.record(by, "update", session)
        if changes_invite:
            seated = session.enrolments.filter(status__in=[Enrolment.Status.ENROLLED])
            seated.update(sequence=F("sequence") + 1)
            for enrolment in seated.select_related("user", "session"):
                notices.tell(enrolment, "changed")
    return session


def session_cancel(*, session: Session, by: User) -> Session:
    """Cancel a session: every enrolment is cancelled and told, with a cancelling invite."""
    with transaction.atomic():
        if not Session.objects.filter(pk=session.pk, cancelled_at=None).update(cancelled_at=timezone.now(),
                                                                                seats_taken=0):
            return session
        seated = list(session.enrolments.filter(status=Enrolment.Status.ENROLLED).values_list("pk", flat=True))
        session.enrolments.filter(status__in=Enrolment.ACTIVE).update(status=Enrolment.Status.CANCELLED,
                                                                      sequence=F("sequence") + 1)
        for enrolment in Enrolment.objects.filter(pk__in=seated).select_related("user", "session"):
            notices.tell(enrolment, "cancelled")
        audit.record(by, "update", session, cancelled=True)
    session.refresh_from_db()
    return session


def attendance_set(*, enrolment: Enrolment, attended: bool, by: User) -> Enrolment:
    """Check someone in (or undo it); a check-in issues the certificate."""
    from trainings.services.certificates import certificate_issue

    target, source = (Enrolment.Status.ATTENDED, Enrolment.Status.ENROLLED) if attended else (
        Enrolment.Status.ENROLLED, Enrolment.Status.ATTENDED)
    with transaction.atomic():
        if Enrolment.objects.filter(pk=enrolment.pk, status=source).update(status=target):
            audit.record(by, "update", enrolment, status=target)
        enrolment.refresh_from_db()
        if attended and enrolment.status == Enrolment.Status.ATTENDED:
            certificate_issue(enrolment=enrolment)
    return enrolment


AWARENESS_2021 = "#Awareness 2021"


def awareness_2021_seed(*, trainer: User | None = None) -> Programme:
    """The 2021 series exactly as announced (seed 000): every Thursday in September, October
    and November as province sessions, plus the Wednesdays 3, 10 and 17 November, open to
    individuals. A rerun adds nothing."""
    existing = Programme.objects.filter(name=AWARENESS_2021).first()
    if existing is not None:
        return existing
    return programme_create_from_rule(
        name=AWARENESS_2021, weekday=3, first=date(2021, 9, 1), last=date(2021, 11, 30), start=time(14, 0),
        end=time(16, 0), capacity=30, trainer=trainer,
        extras=[Extra(date(2021, 11, day)) for day in (3, 10, 17)],
    )
