"""The contact figures of the manager's overview and of the reports: shares against the
organisation's targets, reach and out-of-hours work, in a fixed number of queries.

The overview reads the weekly roll-up (`ContactWeek`, `WorkerYouth`) for the last four
complete weeks, as the team dashboard does; a report's period need not be whole weeks, so
its figures are counted from the contacts of the period.
"""

from datetime import datetime
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.channels import ONLINE_CHANNELS
from contacts.models import SUPPORTIVE_CHARACTERS, Character, Contact, ContactWeek, WorkerYouth
from contacts.selectors.dashboards import SUM_COLUMNS, Figures, Targets, _during, _met_during, period_named
from jongerenwerk.core.models import Membership, Organisation, Team
from jongerenwerk.core.registry import Figure, NeighbourhoodCounts, ReportTable
from jongerenwerk.core.reporting import of_team, team_members
from jongerenwerk.core.roles import FIELD_WORKERS


def percent(share: float | None) -> str | None:
    return None if share is None else f"{round(share)}%"


def _team(**query) -> str:
    return reverse("contacts:team") + f"?{urlencode({'periode': '4w', **query})}"


def overview_figures(organisation: Organisation, now: datetime | None = None) -> list[Figure]:
    """Over the last four complete weeks: the organisation's online and supportive shares
    against the targets, how many youth workers are below each target, the young people
    reached and the out-of-hours share. Four queries, however many contacts."""
    period = period_named("4w", now or timezone.now())
    targets = Targets.of(organisation)
    weeks = _during(ContactWeek.objects.filter(organisation=organisation), period)
    workers = set(Membership.objects.filter(organisation=organisation, role__in=FIELD_WORKERS, is_active=True)
                  .values_list("user_id", flat=True))
    total = Figures()
    below_online = below_supportive = 0
    for worker, *numbers in weeks.values("worker").annotate(**SUM_COLUMNS).values_list("worker", *SUM_COLUMNS
                                                                                      ).order_by():
        figures = Figures.of_sums([*numbers, 0])
        total.add_sums(numbers)
        if worker in workers and figures.contacts:
            below_online += figures.online_share < targets.online
            below_supportive += figures.supportive_share < targets.supportive
    reach = WorkerYouth.objects.filter(_met_during(period), organisation=organisation).aggregate(
        youths=Count("youth", distinct=True))["youths"]
    team = len(workers)
    return [
        Figure(_("Contacts in the last 4 weeks"), total.contacts, _team()),
        Figure(_("Online share"), percent(total.online_share), _team(sort="online"),
               _("target %(target)s%%") % {"target": targets.online}),
        Figure(_("Supportive share"), percent(total.supportive_share), _team(sort="supportive"),
               _("target %(target)s%%") % {"target": targets.supportive}),
        Figure(_("Youth workers below the online target"), below_online, _team(sort="online"),
               _("of %(team)s") % {"team": team}),
        Figure(_("Youth workers below the supportive target"), below_supportive, _team(sort="supportive"),
               _("of %(team)s") % {"team": team}),
        Figure(_("Young people reached"), reach, _team(sort="-youths")),
        Figure(_("Out-of-hours share"), percent(total.out_of_hours_share), _team(sort="-out_of_hours")),
    ]


def _period_contacts(organisation: Organisation, start: datetime, end: datetime, team: Team | None):
    """The period's contacts; a team's are those its members had."""
    contacts = Contact.objects.filter(organisation=organisation, started_at__gte=start, started_at__lt=end)
    return of_team(contacts, team, person="worker")


def report_figures(
    organisation: Organisation, start: datetime, end: datetime, *, team: Team | None = None
) -> list[Figure]:
    """The period's contacts: how many, the shares against the targets, reach: one query."""
    targets = Targets.of(organisation)
    sums = _period_contacts(organisation, start, end, team).aggregate(
        contacts=Count("id"), online=Count("id", filter=Q(channel__in=ONLINE_CHANNELS)),
        supportive=Count("id", filter=Q(character__in=SUPPORTIVE_CHARACTERS)),
        out_of_hours=Count("id", filter=Q(out_of_hours=True)),
        youths=Count("youth", distinct=True), new_youths=Count("youth", distinct=True, filter=Q(is_first=True)),
    )
    figures = Figures(contacts=sums["contacts"], online=sums["online"], supportive=sums["supportive"],
                      out_of_hours=sums["out_of_hours"])
    return [
        Figure(_("Contacts"), figures.contacts),
        Figure(_("Online share"), percent(figures.online_share), note=_("target %(target)s%%") % {
            "target": targets.online}),
        Figure(_("Supportive share"), percent(figures.supportive_share), note=_("target %(target)s%%") % {
            "target": targets.supportive}),
        Figure(_("Young people reached"), sums["youths"]),
        Figure(_("New young people"), sums["new_youths"]),
        Figure(_("Out-of-hours share"), percent(figures.out_of_hours_share)),
    ]


def neighbourhood_counts(
    organisation: Organisation, start: datetime, end: datetime, *, team: Team | None = None
) -> list[NeighbourhoodCounts]:
    """Per neighbourhood: contacts online and offline, contacts by character, young people
    reached (known and new). Two queries; only counts."""
    contacts = _period_contacts(organisation, start, end, team).filter(neighbourhood__isnull=False)
    by_channel, by_character = {}, {}
    for neighbourhood, channel, character, n in contacts.values_list(
        "neighbourhood_id", "channel", "character"
    ).annotate(n=Count("id")).order_by():
        kind = "online" if channel in ONLINE_CHANNELS else "offline"
        by_channel[neighbourhood, kind] = by_channel.get((neighbourhood, kind), 0) + n
        by_character[neighbourhood, character] = by_character.get((neighbourhood, character), 0) + n
    reach = {}
    for neighbourhood, youths, new in contacts.filter(youth__isnull=False).values_list("neighbourhood_id").annotate(
        youths=Count("youth", distinct=True), new=Count("youth", distinct=True, filter=Q(is_first=True))
    ).order_by():
        reach[neighbourhood, "known"], reach[neighbourhood, "new"] = youths - new, new
    return [
        NeighbourhoodCounts(_("Contacts online and offline"), [("online", _("online")), ("offline", _("offline"))],
                            by_channel),
        NeighbourhoodCounts(_("Contacts by character"), list(Character.choices), by_character),
        NeighbourhoodCounts(_("Young people reached"), [("known", _("known")), ("new", _("new"))], reach),
    ]


def worker_tables(
    organisation: Organisation, start: datetime, end: datetime, *, team: Team | None = None
) -> list[ReportTable]:
    """Per youth worker in the period: contacts, online and supportive share against the
    targets, out-of-hours share. Two queries; for the managers' reports only."""
    targets = Targets.of(organisation)
    members = team_members(Membership.objects.filter(organisation=organisation, role__in=FIELD_WORKERS,
                                                     is_active=True), team)
    members = members.select_related("user").order_by("user__full_name", "user__email")
    sums = {row["worker"]: row for row in _period_contacts(organisation, start, end, team).values("worker").annotate(
        contacts=Count("id"), online=Count("id", filter=Q(channel__in=ONLINE_CHANNELS)),
        supportive=Count("id", filter=Q(character__in=SUPPORTIVE_CHARACTERS)),
        out_of_hours=Count("id", filter=Q(out_of_hours=True)),
    ).order_by()}
    rows = []
    for member in members:
        row = sums.get(member.user_id, {})
        figures = Figures(contacts=row.get("contacts", 0), online=row.get("online", 0),
                          supportive=row.get("supportive", 0), out_of_hours=row.get("out_of_hours", 0))
        below = [str(label) for share, target, label in (
            (figures.online_share, targets.online, _("online")),
            (figures.supportive_share, targets.supportive, _("supportive")),
        ) if share is not None and share < target]
        rows.append([member.user.get_full_name() or member.user.email, figures.contacts,
                     percent(figures.online_share) or "–", percent(figures.supportive_share) or "–",
                     percent(figures.out_of_hours_share) or "–", ", ".join(below)])
    header = [str(_("Youth worker")), str(_("Contacts")), str(_("Online share")), str(_("Supportive share")),
              str(_("Out-of-hours share")), str(_("Below target"))]
    return [ReportTable(_("Per youth worker"), header, rows)]
