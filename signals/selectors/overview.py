"""The signal figures of the manager's overview and of the reports: counts of the whole
organisation, never a signal's contents, each in a fixed number of queries."""

import statistics
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Aggregate, Count, Exists, F, FloatField, Func, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jongerenwerk.core.models import Organisation, Team
from jongerenwerk.core.registry import Figure, NeighbourhoodCounts
from jongerenwerk.core.reporting import of_team, start_of, week_of
from signals.models import HANDLING_STEPS, Category, Decision, Signal, Step, TrendRise

# The median time to a decision is taken over the signals first decided in this many weeks.
DECISION_WEEKS = 12


def _list(**query) -> str:
    return reverse("signals:index") + (f"?{urlencode(query)}" if query else "")


class _Epoch(Func):
    template = "EXTRACT(EPOCH FROM %(expressions)s)"
    output_field = FloatField()


class _Median(Aggregate):
    """PostgreSQL's exact median (the mean of the two middle values for an even count)."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def median_hours_to_decision(
    organisation_id: int, *, since: datetime, until: datetime, team: Team | None = None
) -> float | None:
    """The median time from logging a signal to its first decision, in hours, over the signals
    first decided in [since, until); None when none was. Read from the period's first
    decisions (a signal decided before, or earlier in the period, is not counted again), not by
    grouping every signal of the organisation; on PostgreSQL the database takes the median."""
    before = Decision.objects.filter(signal=OuterRef("signal"), at__lt=OuterRef("at"))
    firsts = of_team(
        Decision.objects.filter(signal__organisation_id=organisation_id, at__gte=since, at__lt=until),
        team, person="signal__reporter",
    ).filter(~Exists(before))
    if connection.vendor == "postgresql":
        seconds = firsts.aggregate(median=_Median(_Epoch(F("at") - F("signal__created_at"))))["median"]
        return None if seconds is None else round(seconds / 3600, 1)
    hours = [(decided_at - created_at).total_seconds() / 3600
             for created_at, decided_at in firsts.values_list("signal__created_at", "at")]
    return round(statistics.median(hours), 1) if hours else None


def overview_figures(organisation: Organisation, now: datetime | None = None) -> list[Figure]:
    """New this week, open per step, past the protocol's deadline, the median time to a
    decision over the last 12 weeks and the rises of the last two weeks: four queries."""
    now = now or timezone.now()
    monday = week_of(now)
    signals = Signal.objects.filter(organisation=organisation)
    # The open signals only (closed ones are most), counted from the (organisation, step,
    # step_due_at) index alone: counting ids instead would read every signal.
    counts = {step.value: 0 for step in HANDLING_STEPS} | {"overdue": 0}
    for step, n, overdue in signals.filter(step__in=HANDLING_STEPS).values("step").annotate(
        n=Count("step"), overdue=Count("step", filter=Q(step_due_at__lt=now))
    ).values_list("step", "n", "overdue").order_by():
        counts[step] = n
        counts["overdue"] += overdue
    counts["new"] = signals.filter(observed_at__gte=start_of(monday)).count()
    median = median_hours_to_decision(organisation.pk, since=now - timedelta(weeks=DECISION_WEEKS), until=now)
    rises = TrendRise.objects.filter(organisation=organisation, week_start__gte=monday - timedelta(weeks=1)).count()
    figures = [
        Figure(_("New this week"), counts["new"], _list(since=monday.isoformat())),
        *(Figure(_("Open: %(step)s") % {"step": step.label}, counts[step.value], _list(step=step.value))
          for step in HANDLING_STEPS),
        Figure(_("Past their protocol deadline"), counts["overdue"], _list(status="overdue")),
        Figure(_("Median time from logging to decision (hours)"), median, _list(status="closed"),
               _("signals decided in the last 12 weeks")),
        Figure(_("Rises per category and neighbourhood (last two weeks)"), rises, reverse("signals:trends")),
    ]
    return figures


def report_figures(
    organisation: Organisation, start: datetime, end: datetime, *, team: Team | None = None
) -> list[Figure]:
    """The period's signals: logged, closed, decided (median hours) and rises; three queries.
    A team's are the signals its members logged, and the rises in its neighbourhoods."""
    counts = of_team(Signal.objects.filter(organisation=organisation), team, person="reporter").aggregate(
        logged=Count("id", filter=Q(observed_at__gte=start, observed_at__lt=end)),
        closed=Count("id", filter=Q(closed_at__gte=start, closed_at__lt=end)),
        open=Count("id", filter=~Q(step=Step.CLOSED) & Q(observed_at__lt=end)),
    )
    rises = TrendRise.objects.filter(
        organisation=organisation, week_start__gte=start.date(), week_start__lt=end.date()
    )
    if team is not None:
        rises = rises.filter(neighbourhood__in=team.neighbourhoods.all())
    return [
        Figure(_("Signals logged"), counts["logged"]),
        Figure(_("Signals closed"), counts["closed"]),
        Figure(_("Signals still open"), counts["open"]),
        Figure(_("Median time from logging to decision (hours)"),
               median_hours_to_decision(organisation.pk, since=start, until=end, team=team)),
        Figure(_("Rises per category and neighbourhood"), rises.count()),
    ]


def neighbourhood_counts(
    organisation: Organisation, start: datetime, end: datetime, *, team: Team | None = None
) -> list[NeighbourhoodCounts]:
    """Signals observed in the period per neighbourhood and category group: one query."""
    signals = Signal.objects.filter(organisation=organisation, observed_at__gte=start, observed_at__lt=end,
                                    neighbourhood__isnull=False)
    rows = (
        of_team(signals, team, person="reporter")
        .values_list("neighbourhood_id", "category__kind").annotate(n=Count("id")).order_by()
    )
    counts = {(neighbourhood, kind): n for neighbourhood, kind, n in rows}
    return [NeighbourhoodCounts(_("Signals by category group"), list(Category.Kind.choices), counts)]
