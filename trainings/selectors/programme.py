"""Reads of the programme: its sessions with one's own enrolments, the team, the attendance list."""

from dataclasses import dataclass

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet

from jongerenwerk.core.models import Membership, User
from trainings.models import Enrolment, Programme, Session


def programmes() -> QuerySet[Programme]:
    return Programme.objects.annotate(first=Min("sessions__starts_at"), last=Max("sessions__starts_at"),
                                      session_count=Count("sessions")).order_by("-first")


def current_programme() -> Programme | None:
    """The programme with the latest sessions: the one people enrol in now."""
    return programmes().first()


def sessions_of(programme: Programme, user: User) -> list[Session]:
    """The sessions, each with `mine`: the person's active enrolment in it, or None. Two queries."""
    own = Enrolment.objects.filter(user=user, status__in=Enrolment.ACTIVE) if user.is_authenticated else Enrolment.objects.none()
    sessions = list(programme.sessions.prefetch_related(Prefetch("enrolments", queryset=own, to_attr="own")))
    for session in sessions:
        session.mine = session.own[0] if session.own else None
    return sessions


def own_enrolment(session: Session, user: User) -> Enrolment | None:
    return (Enrolment.objects.filter(session=session, user=user).exclude(status=Enrolment.Status.CANCELLED).first()
            if user.is_authenticated else None)


def my_enrolments(user: User) -> QuerySet[Enrolment]:
    return (Enrolment.objects.filter(user=user).exclude(status=Enrolment.Status.CANCELLED)
            .select_related("session__programme", "certificate").order_by("session__starts_at"))


def waiting_list(session: Session) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(session=session, status=Enrolment.Status.WAITING).order_by("position", "pk")


@dataclass
class TeamMember:
    membership: Membership
    enrolment: Enrolment | None  # their active enrolment in this programme, any session
    trained_in: str = ""  # the name of an earlier programme they attended, if any

    @property
    def elsewhere(self) -> bool:
        return self.enrolment is not None

    @property
    def ticked(self) -> bool:
        return self.enrolment is None


def team_for_session(membership: Membership, session: Session) -> list[TeamMember]:
    """Everyone active in the organisation (workers and managers), by name, with their enrolment
    in this programme if they have one and an earlier programme they attended. Three queries."""
    members = list(Membership.objects.filter(organisation=membership.organisation_id, is_active=True)
                   .select_related("user").order_by("user__full_name", "user__email"))
    enrolments = {e.user_id: e for e in Enrolment.objects.filter(
        session__programme=session.programme_id, user__in=[m.user_id for m in members],
        status__in=Enrolment.ACTIVE).select_related("session")}
    trained = dict(Enrolment.objects.filter(user__in=[m.user_id for m in members], status=Enrolment.Status.ATTENDED)
                   .exclude(session__programme=session.programme_id)
                   .values_list("user_id", "session__programme__name"))
    return [TeamMember(m, enrolments.get(m.user_id), trained.get(m.user_id, "")) for m in members]


def attendance_counts(session: Session) -> dict:
    """How many are checked in, of all who have a seat. One query."""
    return Enrolment.objects.filter(
        session=session, status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.ATTENDED]
    ).aggregate(total=Count("pk"), present=Count("pk", filter=Q(status=Enrolment.Status.ATTENDED)))


def attendance_list(session: Session, query: str = "") -> QuerySet[Enrolment]:
    """Who is enrolled or checked in, by name: only their names and organisations."""
    rows = (Enrolment.objects.filter(session=session, status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.ATTENDED])
            .select_related("user", "organisation").only("status", "session_id", "user__full_name", "user__email",
                                                          "organisation__name")
            .order_by("user__full_name", "pk"))
    if query:
        rows = rows.filter(Q(user__full_name__icontains=query) | Q(organisation__name__icontains=query)
                           | Q(user__email__icontains=query))
    return rows
