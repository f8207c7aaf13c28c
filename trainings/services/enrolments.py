"""Enrolling, the waiting list and offers.

A seat is claimed by one conditional UPDATE on the session's `seats_taken` (`seats_taken <
capacity`), inside the transaction that stores the enrolment: two requests can never both take
the last seat, and the database constraint `session_never_overbooked` would refuse it anyway.
Whoever finds no seat is put on the waiting list instead of getting an error.

When a seat frees, the first person waiting gets an offer that holds the seat for
`TRAININGS_OFFER_HOURS`; accepting turns it into an enrolment, and a declined or expired
offer releases the seat and passes it on. Within `TRAININGS_NO_OFFERS_HOURS` of the start
nobody gets an offer any more (too late to plan), and the seat is open to anyone enrolling.
"""

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jongerenwerk.core import audit
from jongerenwerk.core.models import User
from jongerenwerk.core.scope import membership_of
from trainings import notices
from trainings.models import Enrolment, Session

Status = Enrolment.Status


def offer_hours() -> int:
    return settings.TRAININGS_OFFER_HOURS


def no_offers_hours() -> int:
    return settings.TRAININGS_NO_OFFERS_HOURS


def _now_position() -> int:
    return time.time_ns() // 1000


def enrolment_check(*, session: Session, person: User, by: User, team: bool = False,
                    now: datetime | None = None) -> None:
    """Refuse, with a message a person understands, what may not be enrolled at all. `team`:
    enrolled by the organisation (a manager enrolling the team, themself included)."""
    now = now or timezone.now()
    membership = membership_of(person)
    if session.cancelled_at is not None:
        raise ValidationError(_("This session has been cancelled."))
    if session.starts_at <= now:
        raise ValidationError(_("This session has already started; enrolling is no longer possible."))
    if membership is None:
        raise ValidationError(_("Only members of an organisation can enrol."))
    if team or by.pk != person.pk:
        by_membership = membership_of(by)
        if by_membership is None or by_membership.organisation_id != membership.organisation_id:
            raise ValidationError(_("%(name)s belongs to another organisation; you can only enrol your own team.")
                                  % {"name": person.get_full_name()})
    elif not session.allows_individuals:
        raise ValidationError(_("This session takes enrolments by organisations only: ask your manager to enrol you."))
    if session.kind == Session.Kind.PROVINCE:
        if not session.province:
            raise ValidationError(_("The province of this session has not been announced yet."))
        if membership.organisation.province != session.province:
            raise ValidationError(_("This session is for organisations in %(province)s; %(organisation)s is in "
                                    "%(own)s.") % {"province": session.get_province_display(),
                                                   "organisation": membership.organisation.name,
                                                   "own": membership.organisation.get_province_display()})
    already = (Enrolment.objects.filter(session__programme=session.programme_id, user=person, status__in=Enrolment.ACTIVE)
               .select_related("session").first())
    if already is not None:
        if already.session_id == session.pk:
            raise ValidationError(_("%(name)s is already enrolled in this session.") % {"name": person.get_full_name()})
        raise ValidationError(_("%(name)s is already enrolled in another session of this programme.")
                              % {"name": person.get_full_name()})


def _claim_seat(session: Session) -> bool:
    """Take one seat if one is left; True when taken. Atomic in the database."""
    return bool(Session.objects.filter(pk=session.pk, seats_taken__lt=F("capacity"), cancelled_at=None)
                .update(seats_taken=F("seats_taken") + 1))


def _release_seat(session_id: int) -> None:
    Session.objects.filter(pk=session_id, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1)


def enrolment_create(*, session: Session, person: User, by: User, team: bool = False,
                     now: datetime | None = None) -> Enrolment:
    """Enrol `person`: a seat if one is free, else a place on the waiting list."""
    enrolment_check(session=session, person=person, by=by, team=team, now=now)
    membership = membership_of(person)
    try:
        with transaction.atomic():
            seated = _claim_seat(session)
            enrolment = Enrolment.objects.create(
                session=session, user=person, organisation_id=membership.organisation_id, enrolled_by=by,
                status=Status.ENROLLED if seated else Status.WAITING, position=_now_position(),
            )
            audit.record(by, "create", enrolment, status=enrolment.status)
            notices.tell(enrolment, "enrolled" if seated else "waiting")
    except IntegrityError:
        # The same person enrolled at the same moment by another request.
        raise ValidationError(_("%(name)s is already enrolled in this session.") % {"name": person.get_full_name()})
    return enrolment


@dataclass(frozen=True)
class TeamResult:
    person: User
    enrolment: Enrolment | None
    error: str = ""

    @property
    def seated(self) -> bool:
        return self.enrolment is not None and self.enrolment.status == Status.ENROLLED

    @property
    def waiting(self) -> bool:
        return self.enrolment is not None and self.enrolment.status == Status.WAITING


def team_enrol(*, session: Session, people: list[User], by: User) -> list[TeamResult]:
    """Enrol people in the order shown: as many as fit get a seat, the rest wait in that order.
    Each person is claimed on their own, so one refusal does not stop the others."""
    results = []
    for person in people:
        try:
            results.append(TeamResult(person, enrolment_create(session=session, person=person, by=by, team=True)))
        except ValidationError as error:
            results.append(TeamResult(person, None, " ".join(error.messages)))
    return results


def place_of(enrolment: Enrolment) -> int | None:
    """A waiting person's place in the queue (1 is next)."""
    if enrolment.status != Status.WAITING:
        return None
    ahead = Enrolment.objects.filter(session=enrolment.session_id, status=Status.WAITING, position__lt=enrolment.position)
    same = Enrolment.objects.filter(session=enrolment.session_id, status=Status.WAITING,
                                    position=enrolment.position, pk__lt=enrolment.pk)
    return ahead.count() + same.count() + 1


def offers_make(*, session: Session, now: datetime | None = None) -> list[Enrolment]:
    """Offer the free seats to the first people waiting; returns the new offers."""
    now = now or timezone.now()
    session.refresh_from_db(fields=["starts_at", "cancelled_at", "capacity", "seats_taken"])
    if session.cancelled_at is not None or session.starts_at - now < timedelta(hours=no_offers_hours()):
        return []
    offers = []
    while True:
        with transaction.atomic():
            # One offer-maker per session at a time, so the queue is read after the previous
            # offer committed and seats go strictly in waiting-list order.
            Session.objects.select_for_update().filter(pk=session.pk).first()
            first = Enrolment.objects.filter(session=session, status=Status.WAITING).order_by("position", "pk").first()
            if first is None or not _claim_seat(session):
                return offers
            claimed = Enrolment.objects.filter(pk=first.pk, status=Status.WAITING).update(
                status=Status.OFFERED, offer_expires_at=now + timedelta(hours=offer_hours()))
            if not claimed:
                _release_seat(session.pk)
                continue
            first.refresh_from_db()
            notices.tell(first, "offer")
            offers.append(first)


def offer_accept(*, enrolment: Enrolment, by: User, now: datetime | None = None) -> Enrolment:
    """Turn an outstanding offer into an enrolment; the seat is already held for it."""
    now = now or timezone.now()
    with transaction.atomic():
        accepted = Enrolment.objects.filter(
            pk=enrolment.pk, user=by, status=Status.OFFERED, offer_expires_at__gt=now,
        ).update(status=Status.ENROLLED, offer_expires_at=None)
        if not accepted:
            raise ValidationError(_("This offer has expired or has already been used."))
        enrolment.refresh_from_db()
        audit.record(by, "update", enrolment, status=Status.ENROLLED, via="offer")
        notices.tell(enrolment, "enrolled")
    return enrolment


def offer_decline(*, enrolment: Enrolment, by: User) -> None:
    with transaction.atomic():
        declined = Enrolment.objects.filter(pk=enrolment.pk, user=by, status=Status.OFFERED).update(
            status=Status.CANCELLED, offer_expires_at=None)
        if not declined:
            raise ValidationError(_("This offer has expired or has already been used."))
        _release_seat(enrolment.session_id)
        audit.record(by, "update", enrolment, status=Status.CANCELLED, via="offer declined")
    offers_make(session=enrolment.session)


def offers_expire(*, now: datetime | None = None) -> int:
    """Release the seats of offers not accepted in time and pass them on; returns how many."""
    now = now or timezone.now()
    expired = 0
    sessions = set()
    for enrolment in Enrolment.objects.filter(status=Status.OFFERED, offer_expires_at__lte=now).select_related("session"):
        with transaction.atomic():
            if Enrolment.objects.filter(pk=enrolment.pk, status=Status.OFFERED, offer_expires_at__lte=now).update(
                    status=Status.CANCELLED):
                _release_seat(enrolment.session_id)
                expired += 1
                sessions.add(enrolment.session)
    for session in sessions:
        offers_make(session=session, now=now)
    return expired


def enrolment_cancel(*, enrolment: Enrolment, by: User, now: datetime | None = None) -> Enrolment:
    """Cancel an enrolment or a place on the waiting list; a freed seat is offered on."""
    now = now or timezone.now()
    if enrolment.session.starts_at <= now:
        raise ValidationError(_("This session has already started; cancelling is no longer possible."))
    with transaction.atomic():
        previous = enrolment.status
        cancelled = Enrolment.objects.filter(pk=enrolment.pk, status__in=[Status.ENROLLED, Status.WAITING,
                                                                          Status.OFFERED]).update(
            status=Status.CANCELLED, offer_expires_at=None, sequence=F("sequence") + 1)
        if not cancelled:
            raise ValidationError(_("This enrolment has already been cancelled."))
        if previous in (Status.ENROLLED, Status.OFFERED):
            _release_seat(enrolment.session_id)
        enrolment.refresh_from_db()
        audit.record(by, "update", enrolment, status=Status.CANCELLED)
        if previous == Status.ENROLLED:
            notices.tell(enrolment, "cancelled")
    offers_make(session=enrolment.session, now=now)
    return enrolment
