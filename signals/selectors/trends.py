"""Trends as people see them: weekly counts per category, the rises flagged, and named trends.

Weeks are ISO weeks in Dutch time (see `jongerenwerk.core.reporting`). Counts are made by one
GROUP BY query per breakdown; a week without signals counts 0.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, DateField, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from jongerenwerk.core.models import Neighbourhood, User
from jongerenwerk.core.reporting import DUTCH_TIME, start_of, week_of, weeks_up_to
from jongerenwerk.core.scope import Scope
from signals.charts import CategoryWeeks
from signals.models import Category, Signal, Trend, TrendRise
from signals.selectors.records import signals_visible_to

BOARD_WEEKS = 13  # the last twelve complete weeks and the current one


def weekly_counts(signals: QuerySet[Signal], weeks: list[date], by: tuple[str, ...]) -> dict[tuple, list[int]]:
    """Signals per week of `weeks` (consecutive Mondays) for each combination of the `by` fields
    (their ids), in one GROUP BY query. Every combination that has a signal in any of the weeks
    gets a count for each week, 0 where it had none."""
    position = {week: index for index, week in enumerate(weeks)}
    rows = (
        signals.filter(observed_at__gte=start_of(weeks[0]), observed_at__lt=start_of(weeks[-1] + timedelta(weeks=1)))
        .annotate(week=TruncWeek("observed_at", output_field=DateField(), tzinfo=DUTCH_TIME))
        .values(*by, "week")
        .annotate(count=Count("id"))
        .order_by()
    )
    counts: dict[tuple, list[int]] = {}
    for row in rows:
        counts.setdefault(tuple(row[name] for name in by), [0] * len(weeks))[position[row["week"]]] += row["count"]
    return counts


@dataclass
class Board:
    weeks: list[date]
    categories: list[CategoryWeeks]
    rises: list[TrendRise]


def board_of(user: User, *, neighbourhood: Neighbourhood | None = None) -> Board:
    """What the trends board shows `user`: weekly counts per category of the signals they may
    see (in one neighbourhood, if given) over the last 13 weeks, and the rises flagged there."""
    weeks = weeks_up_to(week_of(timezone.now()), BOARD_WEEKS)
    signals = signals_visible_to(user)
    rises = rises_visible_to(user).filter(week_start__gte=weeks[0]).select_related("category", "neighbourhood")
    if neighbourhood is not None:
        signals = signals.filter(neighbourhood=neighbourhood)
        rises = rises.filter(neighbourhood=neighbourhood)
    counts = weekly_counts(signals, weeks, by=("category",))
    rises = list(rises)
    rise_weeks: dict[int, set[date]] = {}
    for rise in rises:
        rise_weeks.setdefault(rise.category_id, set()).add(rise.week_start)
    categories = Category.objects.filter(pk__in=[category_id for (category_id,) in counts])
    return Board(
        weeks=weeks,
        categories=[
            CategoryWeeks(category, weeks, counts[(category.pk,)], rise_weeks.get(category.pk, set()))
            for category in categories
        ],
        rises=rises,
    )


def trends_of(user: User) -> list[Trend]:
    """The organisation's named trends, each with `linked`: how many of its signals the user may see."""
    linked = dict(
        signals_visible_to(user).filter(trend__isnull=False).values_list("trend").annotate(Count("id")).order_by()
    )
    named = list(trends_visible_to(user))
    for trend in named:
        trend.linked = linked.get(trend.pk, 0)
    return named


def trends_visible_to(user: User) -> QuerySet[Trend]:
    """Named trends are the organisation's, for everyone who may see signals."""
    scope = Scope.of(user)
    return Trend.objects.none() if scope.is_empty else Trend.objects.filter(organisation=scope.organisation_id)


def rises_visible_to(user: User) -> QuerySet[TrendRise]:
    """Rises as far as the user sees the signals behind them: the officer and manager every rise
    of the organisation, a worker those in their own neighbourhoods."""
    scope = Scope.of(user)
    if scope.is_empty:
        return TrendRise.objects.none()
    rises = TrendRise.objects.filter(organisation=scope.organisation_id)
    return rises if scope.organisation_wide else rises.filter(neighbourhood__in=scope.neighbourhood_ids)
