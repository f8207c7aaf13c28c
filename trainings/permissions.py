"""Who may do what in the training programme. The programme is national: every member and the
trainer see its programmes and sessions. An enrolment is its person's alone (404 for anyone
else); the trainer runs sessions and attendance; a manager or admin enrols their own team."""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404
from django.utils import timezone

from jongerenwerk.core.models import User
from jongerenwerk.core.roles import MANAGEMENT
from jongerenwerk.core.scope import membership_of
from trainings.models import Enrolment, Session

# Who enrols a team (or part of it): the manager and the admin.
TEAM_ENROLLERS = MANAGEMENT


@dataclass(frozen=True)
class SessionAbilities:
    enrol_self: bool  # individuals may enrol and this person has not yet
    enrol_team: bool  # a manager or admin, before the start
    manage: bool  # the trainer: edit, attendance
    see_link: bool  # enrolled (or the trainer)
    cancel: bool  # holds an enrolment, a place or an offer that can still be cancelled


def get_session_for(user: User, pk: int, own: Enrolment | None = None) -> tuple[Session, SessionAbilities]:
    session = get_object_or_404(Session.objects.select_related("programme", "trainer"), pk=pk)
    membership = membership_of(user)
    open_ = session.cancelled_at is None and session.starts_at > timezone.now()
    active = own is not None and own.status in Enrolment.ACTIVE
    return session, SessionAbilities(
        enrol_self=open_ and membership is not None and session.allows_individuals and not active,
        enrol_team=open_ and membership is not None and membership.role in TEAM_ENROLLERS,
        manage=user.is_trainer,
        see_link=user.is_trainer or (own is not None and own.status in (Enrolment.Status.ENROLLED,
                                                                         Enrolment.Status.ATTENDED)),
        cancel=open_ and own is not None and own.status in (Enrolment.Status.ENROLLED, Enrolment.Status.WAITING,
                                                            Enrolment.Status.OFFERED),
    )


def get_own_enrolment(user: User, pk: int) -> Enrolment:
    return get_object_or_404(Enrolment.objects.select_related("session__programme"), pk=pk, user=user)


def get_enrolment_for_trainer(pk: int) -> Enrolment:
    return get_object_or_404(Enrolment.objects.select_related("user", "organisation", "session"), pk=pk)
