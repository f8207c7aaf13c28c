"""Trends: weekly counts of signals, rises flagged by a periodic task, and named trends.

Weeks are ISO weeks in Dutch time: Monday 00:00 Europe/Amsterdam, whichever timezone is
active. Counts are made by one GROUP BY query per breakdown; a week without signals counts 0.

How a rise is flagged
---------------------
For each category, in the whole organisation and in each neighbourhood, a complete week is
compared with the eight weeks before it. Their mean λ is the expected number of signals per
week; if signals arrived at that rate by chance (a Poisson process), the probability of
seeing `count` or more in one week is P(X >= count | λ). The week is a rise when that
probability is below 1% (a Poisson upper bound) and it holds at least three signals, so one
or two signals in a quiet category never make a rise.

A category without signals in the eight weeks before is taken to have had one (λ = 1/8):
without that floor λ would be 0 and the tail undefined. With it, three signals in a new
category are a rise (P ≈ 0.0003), as are four after an average of one every two weeks
(λ = 0.5, P ≈ 0.002), but not three then (P ≈ 0.014).

The method is simple enough to explain to the working group, and deliberately so: it knows
nothing of school holidays or of one viral video that brings many signals at once, which is
why people interpret each flag. The tail is summed with the standard library only
(`math.lgamma`, in log space, so a large mean cannot underflow).
"""

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, DateField, QuerySet
from django.db.models.functions import TruncWeek
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jongerenwerk.core import audit
from jongerenwerk.core.reminders import notify
from jongerenwerk.core.models import AuditEvent, Neighbourhood, Organisation, Role, User
from jongerenwerk.core.selectors import members_with_role
from signals.models import Category, Signal, Trend, TrendRise
from signals.selectors import rises_visible_to, signals_visible_to, trends_visible_to

DUTCH_TIME = ZoneInfo("Europe/Amsterdam")
BASELINE_WEEKS = 8
BOARD_WEEKS = 13  # the last twelve complete weeks and the current one
RISE_PROBABILITY = 0.01
RISE_MINIMUM = 3
EMPTY_BASELINE = 1 / BASELINE_WEEKS


# Weeks and counts ----------------------------------------------------------------------------


def week_of(moment: datetime | date) -> date:
    """The Monday of the Dutch week `moment` falls in."""
    day = timezone.localtime(moment, DUTCH_TIME).date() if isinstance(moment, datetime) else moment
    return day - timedelta(days=day.weekday())


def weeks_up_to(last: date, count: int) -> list[date]:
    """`count` consecutive Mondays, ending with the week of `last`."""
    last = week_of(last)
    return [last - timedelta(weeks=n) for n in range(count - 1, -1, -1)]


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=DUTCH_TIME)


def weekly_counts(signals: QuerySet[Signal], weeks: list[date], by: tuple[str, ...]) -> dict[tuple, list[int]]:
    """Signals per week of `weeks` (consecutive Mondays) for each combination of the `by` fields
    (their ids), in one GROUP BY query. Every combination that has a signal in any of the weeks
    gets a count for each week, 0 where it had none."""
    position = {week: index for index, week in enumerate(weeks)}
    rows = (
        signals.filter(observed_at__gte=_start_of(weeks[0]), observed_at__lt=_start_of(weeks[-1] + timedelta(weeks=1)))
        .annotate(week=TruncWeek("observed_at", output_field=DateField(), tzinfo=DUTCH_TIME))
        .values(*by, "week")
        .annotate(count=Count("id"))
        .order_by()
    )
    counts: dict[tuple, list[int]] = {}
    for row in rows:
        counts.setdefault(tuple(row[name] for name in by), [0] * len(weeks))[position[row["week"]]] += row["count"]
    return counts


# Rises ---------------------------------------------------------------------------------------


def poisson_tail(count: int, mean: float) -> float:
    """P(X >= count) for X ~ Poisson(mean), for mean > 0."""
    if count <= 0:
        return 1.0

    def pmf(k: int) -> float:
        return math.exp(k * math.log(mean) - mean - math.lgamma(k + 1))

    if count > mean:
        # Above the mean each next term is smaller by mean / (k + 1): sum until they vanish.
        total, k, term = 0.0, count, pmf(count)
        while term > total * 1e-16:
            total += term
            k += 1
            term *= mean / k
        return min(total, 1.0)
    # At or below the mean the tail is large; take 1 - P(X < count), summed downwards likewise.
    below, k, term = 0.0, count - 1, pmf(count - 1)
    while k >= 0 and term > below * 1e-16:
        below += term
        term *= k / mean
        k -= 1
    return max(0.0, 1.0 - below)


def baseline_of(previous: list[int]) -> float:
    return max(sum(previous) / len(previous), EMPTY_BASELINE)


def is_rise(count: int, previous: list[int]) -> bool:
    """Whether `count` signals in a week are clearly above the weeks before (see the module)."""
    return count >= RISE_MINIMUM and poisson_tail(count, baseline_of(previous)) < RISE_PROBABILITY


def rises_detect(*, week_start: date | None = None, now: datetime | None = None) -> list[TrendRise]:
    """Flag the rises of one complete week, by default the last, in every organisation; returns
    the new ones. Each new rise is told once to the organisation's safeguarding officers. A
    rerun stores and sends nothing twice."""
    week = week_of(week_start) if week_start else week_of(now or timezone.now()) - timedelta(weeks=1)
    weeks = weeks_up_to(week, BASELINE_WEEKS + 1)
    by_neighbourhood = weekly_counts(Signal.objects.all(), weeks, by=("organisation", "category", "neighbourhood"))
    series: dict[tuple, list[int]] = {}
    for (organisation_id, category_id, neighbourhood_id), counts in by_neighbourhood.items():
        if neighbourhood_id is not None:
            series[organisation_id, category_id, neighbourhood_id] = counts
        # The organisation-wide series includes the signals without a neighbourhood.
        whole = series.get((organisation_id, category_id, None), [0] * len(weeks))
        series[organisation_id, category_id, None] = [a + b for a, b in zip(whole, counts, strict=True)]

    new = []
    for (organisation_id, category_id, neighbourhood_id), counts in series.items():
        *previous, count = counts
        if not is_rise(count, previous):
            continue
        with transaction.atomic():
            rise, created = TrendRise.objects.get_or_create(
                organisation_id=organisation_id, category_id=category_id, neighbourhood_id=neighbourhood_id,
                week_start=week, defaults={"count": count, "baseline": baseline_of(previous)},
            )
            if created:
                _tell_officers(rise)
                new.append(rise)
    return new


def _tell_officers(rise: TrendRise) -> None:
    url = reverse("signals:trends")
    if rise.neighbourhood_id:
        url += f"?neighbourhood={rise.neighbourhood_id}"
    notify(
        users=[m.user for m in members_with_role(rise.organisation, Role.AANDACHTSFUNCTIONARIS)],
        message=gettext_noop("A clear rise in signals was flagged on the trends board."),
        url=url, key=f"trend-rise:{rise.pk}",
    )


# The board -----------------------------------------------------------------------------------

CHART_WIDTH, CHART_HEIGHT = 260, 96
CHART_TOP, CHART_BASE = 14, 76  # room above the bars for the rise mark, below for the labels


@dataclass(frozen=True)
class Bar:
    week: date
    count: int
    rise: bool
    x: float
    y: float
    width: float
    height: float

    @property
    def middle(self) -> float:
        return self.x + self.width / 2


@dataclass
class CategoryWeeks:
    category: Category
    weeks: list[date]
    counts: list[int]
    rise_weeks: set[date]
    # The chart's geometry, for the template (class attributes, not fields).
    width, height, base = CHART_WIDTH, CHART_HEIGHT, CHART_BASE

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def peak(self) -> int:
        return max(self.counts)

    def cells(self) -> list[tuple[int, bool]]:
        return [(count, week in self.rise_weeks) for week, count in zip(self.weeks, self.counts, strict=True)]

    def bars(self) -> list[Bar]:
        """The bars of this category's SVG chart, scaled to its own busiest week."""
        slot = CHART_WIDTH / len(self.weeks)
        scale = (CHART_BASE - CHART_TOP) / max(self.peak, 1)
        bars = []
        for index, (week, count) in enumerate(zip(self.weeks, self.counts, strict=True)):
            height = count * scale
            bars.append(Bar(week=week, count=count, rise=week in self.rise_weeks, x=index * slot + 2,
                            y=CHART_BASE - height, width=slot - 4, height=height))
        return bars


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


# Named trends --------------------------------------------------------------------------------


def _check_name(organisation: Organisation, name: str, trend: Trend | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the trend a name.")})
    others = Trend.objects.filter(organisation=organisation, name__iexact=name)
    if trend is not None:
        others = others.exclude(pk=trend.pk)
    if others.exists():
        raise ValidationError({"name": _("Your organisation already has a trend with this name.")})
    return name


def trend_create(*, organisation: Organisation, name: str, interpretation: str, approach: str, by: User) -> Trend:
    name = _check_name(organisation, name)
    with transaction.atomic():
        trend = Trend.objects.create(
            organisation=organisation, name=name, interpretation=interpretation.strip(), approach=approach.strip(),
            created_by=by,
        )
        audit.record(by, AuditEvent.Action.CREATE, trend)
    return trend


def trend_update(*, trend: Trend, name: str, interpretation: str, approach: str, by: User) -> Trend:
    name = _check_name(trend.organisation, name, trend)
    with transaction.atomic():
        trend.name, trend.interpretation, trend.approach = name, interpretation.strip(), approach.strip()
        trend.save(update_fields=["name", "interpretation", "approach"])
        audit.record(by, AuditEvent.Action.UPDATE, trend)
    return trend


def signal_trend_set(*, signal: Signal, trend: Trend | None, by: User) -> Signal:
    """Group a signal into a trend of its organisation, or (with None) take it out again."""
    if trend is not None and trend.organisation_id != signal.organisation_id:
        raise ValidationError({"trend": _("Choose a trend of your organisation.")})
    if signal.trend_id == (trend.pk if trend else None):
        return signal
    with transaction.atomic():
        # Not a step: the version stays, so nobody's open step form goes stale over this.
        signal.trend = trend
        signal.save(update_fields=["trend"])
        audit.record(by, AuditEvent.Action.UPDATE, signal, trend=trend.pk if trend else None)
    return signal
