"""The trainings figures of the manager's overview and of the reports: how much of the team the
current programme has trained, enrolled and put on a waiting list (goal: everyone, managers
included), who attended a session in a report's period, and for the funders how many youth
workers per neighbourhood did."""

from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jongerenwerk.core.models import Membership, Organisation, Team
from jongerenwerk.core.registry import Figure, NeighbourhoodCounts
from jongerenwerk.core.reporting import of_team
from trainings.models import Enrolment
from trainings.selectors.coverage import organisation_coverage
from trainings.selectors.programme import current_programme


def overview_figures(
    organisation: Organisation, now: datetime | None = None, *, team: Team | None = None
) -> list[Figure]:
    """The team's standing in the current programme, as the team coverage page lists it (with
    `team`, only that team's members). Three queries, however many members and enrolments."""
    programme = current_programme()
    if programme is None:
        return [Figure(_("Trained in the current programme"), None)]
    board = organisation_coverage(organisation.pk, programme, team=team)
    team = reverse("trainings:team_coverage")
    return [
        Figure(_("Trained in the current programme"), f"{board.share_trained}%", team,
               _("%(attended)s of %(members)s members, managers included") % {
                   "attended": board.attended, "members": len(board.rows)}),
        Figure(_("Enrolled for a session"), board.enrolled, team),
        Figure(_("On a waiting list"), board.waiting, team),
        Figure(_("Neither trained nor enrolled"), board.neither, team),
    ]


def _attendees(organisation: Organisation, start: datetime, end: datetime, team: Team | None):
    attended = Enrolment.objects.filter(organisation=organisation, status=Enrolment.Status.ATTENDED,
                                        session__starts_at__gte=start, session__starts_at__lt=end,
                                        user__isnull=False)
    return of_team(attended, team, person="user").values("user").distinct()


def report_figures(
    organisation: Organisation, start: datetime, end: datetime, *, team: Team | None = None
) -> list[Figure]:
    """Who attended a session in the period, and the team's standing when the report is made."""
    attended = _attendees(organisation, start, end, team).count()
    return [Figure(_("Members who attended a training session in this period"), attended),
            *[Figure(figure.label, figure.value, note=figure.note)
              for figure in overview_figures(organisation, team=team)]]


def neighbourhood_counts(
    organisation: Organisation, start: datetime, end: datetime, *, team: Team | None = None
) -> list[NeighbourhoodCounts]:
    """Per neighbourhood, the youth workers who attended a session in the period. A worker of
    several neighbourhoods counts once, in the first by name, so that the totals count people;
    members without a neighbourhood (most managers) are in the figures, not in this table. One
    query; only counts."""
    home: dict[int, int] = {}
    for user, neighbourhood in (
        Membership.neighbourhoods.through.objects
        .filter(membership__organisation=organisation, membership__user__in=_attendees(organisation, start, end, team))
        .order_by("membership__user", "neighbourhood__name", "neighbourhood")
        .values_list("membership__user", "neighbourhood")
    ):
        home.setdefault(user, neighbourhood)
    counts: dict[tuple[int, str], int] = {}
    for neighbourhood in home.values():
        counts[neighbourhood, "attended"] = counts.get((neighbourhood, "attended"), 0) + 1
    return [NeighbourhoodCounts(_("Youth workers trained"), [("attended", _("attended a session"))], counts)]
