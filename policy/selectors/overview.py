"""The policy figures of the manager's overview and of the reports: who acknowledged the
handbook version that is required now, who is overdue, and whose work profiles conform."""

from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jongerenwerk.core.models import Organisation, Team
from jongerenwerk.core.registry import Figure
from policy.selectors.acknowledgements import overview_of
from policy.selectors.profiles import conformity_of


def overview_figures(
    organisation: Organisation, now: datetime | None = None, *, team: Team | None = None
) -> list[Figure]:
    """A fixed number of queries (the acknowledgement overview's and the conformity check's);
    with `team`, of that team's members only."""
    acknowledgements = overview_of(organisation, now=now, team=team)
    members = len(acknowledgements.rows)
    rows = conformity_of(organisation, now=now, team=team)
    with_profiles = [row for row in rows if row.profiles]
    conforming = sum(1 for row in with_profiles if not row.off)
    handbook = reverse("policy:acknowledgements")
    profiles = reverse("policy:conformity")
    return [
        Figure(_("Acknowledged the current handbook"), acknowledgements.acknowledged, handbook,
               _("of %(members)s members") % {"members": members}),
        Figure(_("Acknowledgement overdue"), acknowledgements.overdue, handbook),
        Figure(_("Youth workers whose work profiles all conform"), conforming, profiles,
               _("of %(workers)s with work profiles") % {"workers": len(with_profiles)}),
        Figure(_("Youth workers without a work profile"), sum(1 for row in rows if not row.profiles), profiles),
    ]


def report_figures(
    organisation: Organisation, start: datetime, end: datetime, *, team: Team | None = None
) -> list[Figure]:
    """The handbook and profiles as they stand when the report is made (they have no period)."""
    return [Figure(figure.label, figure.value, note=figure.note)
            for figure in overview_figures(organisation, team=team)]
