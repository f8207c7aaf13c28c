"""The figures of the worker's and the team's dashboards, through the scope, never with notes.

Periods are whole Dutch weeks (Monday 00:00 Europe/Amsterdam): this week so far, the four
complete weeks before it, and the 52 complete weeks before it ("the last 12 months"). A contact
counts in the week in which it started, also when it runs past midnight.

The figures are sums of the weekly roll-up (`ContactWeek`, a row per worker and week), so a
dashboard reads at most 53 rows per worker however many contacts there are. Reach (distinct
young people) cannot be summed from weeks: it comes from `WorkerYouth` (per worker and young
person the two latest weeks they met), and "new" (the young person's first contact ever with
the organisation lies in the period) from the first-contact marks. No dashboard reads the
contacts of a period, except the worker's count of colleagues nearby and the blended paths of
the last three months.
"""

import functools
import operator
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import Contact, ContactWeek, WorkerYouth
from contacts.selectors.records import BlendedPath, blend_since, blended_paths, contacts_in_scope
from jongerenwerk.core.models import Membership, Organisation, Role, User
from jongerenwerk.core.reporting import start_of, week_of
from jongerenwerk.core.roles import FIELD_WORKERS
from jongerenwerk.core.scope import Scope, membership_of

TREND_BLOCK_WEEKS = 4
TREND_BLOCKS = 13  # 13 blocks of four weeks: the 52 weeks of the last 12 months


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    first_week: date  # a Monday
    weeks: int
    short: str = ""  # for a narrow table's header
    end_week: date = field(init=False)  # the Monday after the period

    def __post_init__(self) -> None:
        object.__setattr__(self, "end_week", self.first_week + timedelta(weeks=self.weeks))

    @property
    def start(self) -> datetime:
        return start_of(self.first_week)

    @property
    def end(self) -> datetime:
        return start_of(self.end_week)

    @property
    def last_day(self) -> date:
        return self.end_week - timedelta(days=1)

    def holds(self, week: date) -> bool:
        return self.first_week <= week < self.end_week


def periods_at(now: datetime | None = None) -> list[Period]:
    this_week = week_of(now or timezone.now())
    return [
        Period("week", _("this week"), this_week, 1, _("this week")),
        Period("4w", _("last 4 weeks"), this_week - timedelta(weeks=4), 4, _("4 weeks")),
        Period("12m", _("last 12 months"), this_week - timedelta(weeks=52), 52, _("12 months")),
    ]


def period_named(key: str | None, now: datetime | None = None) -> Period:
    periods = {period.key: period for period in periods_at(now)}
    return periods.get(key or "", periods["4w"])


def _percent(part: int, whole: int) -> float | None:
    return None if not whole else 100 * part / whole


@dataclass
class Figures:
    contacts: int = 0
    online: int = 0
    supportive: int = 0
    out_of_hours: int = 0
    anonymous: int = 0
    minutes: int = 0
    online_minutes: int = 0
    channels: Counter = field(default_factory=Counter)
    channel_mask: int = 0  # when the channels are not counted one by one (the team's table)
    youths: int = 0
    new_youths: int = 0

    def add_week(self, row: dict) -> None:
        """Add one roll-up row (one worker's week)."""
        for name in ("contacts", "online", "supportive", "out_of_hours", "anonymous", "minutes", "online_minutes"):
            setattr(self, name, getattr(self, name) + row[name])
        self.channels.update(row["channels"])

    def add_sums(self, numbers) -> None:
        """Add the first seven `SUMS` (a week, a worker's period) to these figures."""
        for name, number in zip(SUMS[:7], numbers, strict=True):
            setattr(self, name, getattr(self, name) + (number or 0))

    @classmethod
    def of_sums(cls, sums: list[int]) -> "Figures":
        """From the `SUMS` columns added up, the channel mask last (see `team_dashboard`)."""
        return cls(*(number or 0 for number in sums[:7]), channel_mask=sums[7] or 0)

    @property
    def online_share(self) -> float | None:
        return _percent(self.online, self.contacts)

    @property
    def supportive_share(self) -> float | None:
        return _percent(self.supportive, self.contacts)

    @property
    def out_of_hours_share(self) -> float | None:
        return _percent(self.out_of_hours, self.contacts)

    @property
    def online_hours(self) -> float:
        return self.online_minutes / 60

    @property
    def known_youths(self) -> int:
        return self.youths - self.new_youths

    @property
    def channel_count(self) -> int:
        if self.channel_mask:
            return self.channel_mask.bit_count()
        return sum(1 for count in self.channels.values() if count)


@dataclass(frozen=True)
class Targets:
    online: int
    supportive: int
    online_hours_per_week: Decimal

    @classmethod
    def of(cls, organisation: Organisation) -> "Targets":
        return cls(organisation.online_share_target, organisation.supportive_share_target,
                   organisation.online_hours_per_week)

    def online_hours(self, period: Period) -> float:
        return float(self.online_hours_per_week) * period.weeks

    def missed(self, figures: Figures, period: Period) -> list[str]:
        """The targets `figures` fall short of, in words (a period without contacts misses none:
        there is nothing to judge, and the page says there were no contacts)."""
        if not figures.contacts:
            return []
        missed = []
        if figures.online_share < self.online:
            missed.append(_("below the online target"))
        if figures.supportive_share < self.supportive:
            missed.append(_("below the supportive target"))
        if figures.online_hours < self.online_hours(period):
            missed.append(_("fewer online hours than planned"))
        return missed


# The roll-up's numbers in the order of Figures' first fields, and the channel mask last.
SUMS = ("contacts", "online", "supportive", "out_of_hours", "anonymous", "minutes", "online_minutes", "channel_mask")


SUM_COLUMNS = {f"sum_{name}": Sum(name) for name in SUMS[:7]}


def _during(weeks: QuerySet[ContactWeek], period: Period) -> QuerySet[ContactWeek]:
    return weeks.filter(week__gte=period.first_week, week__lt=period.end_week)


def _sums_per_worker(weeks: QuerySet[ContactWeek], period: Period) -> dict[int, list[int]]:
    rows = _during(weeks, period).values("worker").annotate(**SUM_COLUMNS).values_list("worker", *SUM_COLUMNS)
    return {worker: list(numbers) for worker, *numbers in rows.order_by()}


def _met_during(period: Period) -> Q:
    """The pairs (see `WorkerYouth`) that met in the period, as `_met` decides it."""
    return Q(last_week__gte=period.first_week, last_week__lt=period.end_week) | Q(
        last_week__gte=period.end_week, previous_week__gte=period.first_week, previous_week__lt=period.end_week
    )


WEEK_FIELDS = ("week", "contacts", "online", "supportive", "out_of_hours", "anonymous", "minutes", "online_minutes",
               "channels")


def _met(last_week: date, previous_week: date | None, period: Period) -> bool:
    """Whether a worker and a young person met in the period, from the two latest weeks they
    met (see `WorkerYouth`)."""
    if last_week < period.end_week:
        return last_week >= period.first_week
    return previous_week is not None and period.first_week <= previous_week < period.end_week


def _first_weeks(contacts: QuerySet[Contact], *, since: datetime, until: datetime) -> dict[int, date]:
    """{young person: the week of their first contact ever}, for first contacts in [since, until)."""
    firsts = contacts.filter(is_first=True, started_at__gte=since, started_at__lt=until)
    return {youth: week_of(moment) for youth, moment in firsts.values_list("youth_id", "started_at")}


def _reach(figures: Figures, youths: set[int], first_weeks: dict[int, date], period: Period) -> None:
    figures.youths = len(youths)
    figures.new_youths = sum(1 for youth in youths if youth in first_weeks and period.holds(first_weeks[youth]))


def _within(contacts: QuerySet[Contact], periods: list[Period]) -> QuerySet[Contact]:
    return contacts.filter(started_at__gte=min(p.start for p in periods), started_at__lt=max(p.end for p in periods))


# The worker's dashboard ---------------------------------------------------------------------


@dataclass
class PeriodRow:
    period: Period
    figures: Figures
    missed: list[str]
    planned_hours: float


@dataclass
class WorkerDashboard:
    worker: User
    targets: Targets
    periods: list[Period]
    figures: dict[str, Figures]
    colleagues_nearby: dict[str, int]  # colleagues' contacts in the worker's neighbourhoods: this week and 4 weeks
    blend: list[tuple[str, object, int]]  # (path, label, young people)
    blend_since: datetime

    def rows(self) -> list["PeriodRow"]:
        """Per period its figures, the targets missed (not yet for the week under way) and the
        planned online hours."""
        return [
            PeriodRow(p, self.figures[p.key], self.targets.missed(self.figures[p.key], p) if p.key != "week" else [],
                      self.targets.online_hours(p))
            for p in self.periods
        ]

    @property
    def four_weeks(self) -> Figures:
        return self.figures["4w"]


def worker_dashboard(viewer: User, worker: User, *, now: datetime | None = None) -> WorkerDashboard:
    """The figures of `worker` as `viewer` may see them: their own, or (for the manager) a
    worker of the organisation. Six queries, however many contacts there are."""
    membership = worker.membership
    periods = periods_at(now)
    earliest = min(p.first_week for p in periods)
    figures = {period.key: Figures() for period in periods}
    for row in ContactWeek.objects.filter(worker=worker, week__gte=earliest).values(*WEEK_FIELDS):
        for period in periods:
            if period.holds(row["week"]):
                figures[period.key].add_week(row)
    pairs = WorkerYouth.objects.filter(worker=worker, last_week__gte=earliest)
    first_weeks = _first_weeks(
        Contact.objects.filter(organisation_id=membership.organisation_id, youth__in=pairs.values("youth")),
        since=min(p.start for p in periods), until=max(p.end for p in periods),
    )
    met = list(pairs.values_list("youth_id", "last_week", "previous_week"))
    for period in periods:
        _reach(figures[period.key], {youth for youth, last, previous in met if _met(last, previous, period)},
               first_weeks, period)
    nearby = {}
    if viewer == worker:
        # Colleagues' contacts in the worker's own neighbourhoods, recently: only ever a number.
        recent = [period for period in periods if period.key in ("week", "4w")]
        nearby = _within(contacts_in_scope(viewer).exclude(worker=viewer), recent).aggregate(**{
            period.key: Count("id", filter=Q(started_at__gte=period.start, started_at__lt=period.end))
            for period in recent
        })
    since = blend_since(now)
    youths = Contact.objects.filter(worker=worker, youth__isnull=False, started_at__gte=since).values("youth")
    paths = Counter(blended_paths(contacts_in_scope(viewer).filter(youth__in=youths), since=since).values())
    blend = [(path, BlendedPath.LABELS[path], paths.get(path, 0)) for path in BlendedPath.STEPS]
    return WorkerDashboard(worker, Targets.of(membership.organisation), periods, figures, nearby, blend, since)


# The team's dashboard -----------------------------------------------------------------------


@dataclass
class WorkerRow:
    membership: Membership
    figures: Figures
    missed: list[str]  # targets missed over the last four weeks, in words

    @property
    def name(self) -> str:
        return self.membership.user.get_full_name()


@dataclass
class TrendBlock:
    first_week: date
    last_day: date
    figures: Figures


@dataclass
class TeamDashboard:
    period: Period
    periods: list[Period]
    targets: Targets
    rows: list[WorkerRow]
    total: Figures
    trend: list[TrendBlock]


SORT_KEYS = {
    "name": lambda row: row.name.lower(),
    "contacts": lambda row: row.figures.contacts,
    "online": lambda row: row.figures.online_share if row.figures.online_share is not None else -1,
    "supportive": lambda row: row.figures.supportive_share if row.figures.supportive_share is not None else -1,
    "hours": lambda row: row.figures.online_minutes,
    "out_of_hours": lambda row: row.figures.out_of_hours_share if row.figures.out_of_hours_share is not None else -1,
    "youths": lambda row: row.figures.youths,
    "new": lambda row: row.figures.new_youths,
    "channels": lambda row: row.figures.channel_count,
}

# Sums of the roll-up as Figures' fields ("total_" because the roll-up's own columns bear the names).
def team_scope(user: User) -> Scope:
    """The manager's scope: the whole organisation (empty for anyone else)."""
    return Scope.of(user, roles={Role.LEIDINGGEVENDE})


def team_dashboard(user: User, *, period_key: str | None = None, sort: str = "name",
                   now: datetime | None = None) -> TeamDashboard:
    """Every field worker's figures for one period, the targets missed over the last four weeks,
    and the organisation's trend over 52 weeks. Four queries, however many contacts."""
    scope = team_scope(user)
    periods = periods_at(now)
    period = period_named(period_key, now)
    four_weeks = period_named("4w", now)
    year = period_named("12m", now)
    members = list(
        Membership.objects.filter(organisation_id=scope.organisation_id, role__in=FIELD_WORKERS, is_active=True)
        .select_related("user")
    )
    weeks = scope.filter(ContactWeek.objects.all(), owner="worker") if not scope.is_empty else ContactWeek.objects.none()
    # Sums of the roll-up (at most 53 weeks per worker) in the database: per worker for the
    # period and for the last four weeks, and per week for the trend.
    chosen = _sums_per_worker(weeks, period)
    recent = chosen if period.key == four_weeks.key else _sums_per_worker(weeks, four_weeks)
    masks: dict[int, int] = defaultdict(int)
    for worker, mask in _during(weeks, period).values_list("worker_id", "channel_mask"):
        masks[worker] |= mask
    trend = [
        TrendBlock(first, first + timedelta(weeks=TREND_BLOCK_WEEKS, days=-1), Figures())
        for first in (year.first_week + timedelta(weeks=TREND_BLOCK_WEEKS * n) for n in range(TREND_BLOCKS))
    ]
    for week, *numbers in _during(weeks, year).values("week").annotate(**SUM_COLUMNS).values_list(
        "week", *SUM_COLUMNS
    ).order_by():
        trend[(week - year.first_week).days // (7 * TREND_BLOCK_WEEKS)].figures.add_sums(numbers)
    # Reach: the pairs of worker and young person that met in the period, counted in the database.
    met = _met_during(period)
    new = Q(youth__in=Contact.objects.filter(organisation_id=scope.organisation_id, is_first=True,
                                             started_at__gte=period.start, started_at__lt=period.end).values("youth"))
    pairs = WorkerYouth.objects.filter(met, organisation_id=scope.organisation_id)
    reach = {worker: (youths, new_youths) for worker, youths, new_youths in pairs.values("worker").annotate(
        youths=Count("id"), new_youths=Count("id", filter=new)).values_list("worker", "youths", "new_youths").order_by()}
    targets = Targets.of(membership_of(user).organisation)
    rows = []
    total = Figures(channel_mask=0)
    for member in members:
        figures = Figures.of_sums([*chosen.get(member.user_id, [0] * 7), masks.get(member.user_id, 0)])
        figures.youths, figures.new_youths = reach.get(member.user_id, (0, 0))
        rows.append(WorkerRow(member, figures, targets.missed(Figures.of_sums([*recent.get(member.user_id, [0] * 7), 0]),
                                                              four_weeks)))
    # The organisation's figures include former workers' contacts; a young person reached by
    # several workers counts once.
    for numbers in chosen.values():
        total.add_sums(numbers)
    total.channel_mask = functools.reduce(operator.or_, masks.values(), 0)
    organisation_reach = pairs.aggregate(youths=Count("youth", distinct=True),
                                         new_youths=Count("youth", distinct=True, filter=new))
    total.youths, total.new_youths = organisation_reach["youths"], organisation_reach["new_youths"]
    descending = sort.startswith("-")
    key = SORT_KEYS.get(sort.lstrip("-"), SORT_KEYS["name"])
    rows.sort(key=lambda row: (key(row), row.name.lower()), reverse=descending)
    return TeamDashboard(period, periods, targets, rows, total, trend)
