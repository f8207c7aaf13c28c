"""The figures of the worker's and the team's dashboards, through the scope, never with notes.

Periods are whole Dutch weeks (Monday 00:00 Europe/Amsterdam): this week so far, the four
complete weeks before it, and the 52 complete weeks before it ("the last 12 months"). A contact
counts in the week in which it started, also when it runs past midnight.

Most figures are sums of the weekly roll-up (`ContactWeek`, a row per worker, week and channel),
so a dashboard reads a few hundred rows however many contacts there are. Reach (distinct young
people, and new ones: whose first contact ever with the organisation lies in the period) cannot
be summed from weeks and is counted from the contacts of the period, in one query.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.channels import ONLINE_CHANNELS
from contacts.models import Contact, ContactWeek
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

    @property
    def end_week(self) -> date:
        return self.first_week + timedelta(weeks=self.weeks)

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
        Period("week", _("this week"), this_week, 1),
        Period("4w", _("last 4 weeks"), this_week - timedelta(weeks=4), 4),
        Period("12m", _("last 12 months"), this_week - timedelta(weeks=52), 52),
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
    youths: int = 0
    new_youths: int = 0
    channels_used: int | None = None  # when the channels themselves are not counted

    def add_week(self, row: dict) -> None:
        """Add one roll-up row (one channel of one week)."""
        online = row["channel"] in ONLINE_CHANNELS
        self.contacts += row["contacts"]
        self.online += row["contacts"] if online else 0
        self.supportive += row["supportive"]
        self.out_of_hours += row["out_of_hours"]
        self.anonymous += row["anonymous"]
        self.minutes += row["minutes"] or 0
        self.online_minutes += (row["minutes"] or 0) if online else 0
        self.channels[row["channel"]] += row["contacts"]

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
        return self.channels_used if self.channels_used is not None else sum(1 for n in self.channels.values() if n)


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


def _reach_aggregates(organisation_id: int, periods: list[Period]) -> dict:
    aggregates = {}
    for period in periods:
        during = Q(started_at__gte=period.start, started_at__lt=period.end)
        first_contacts = Contact.objects.filter(
            organisation_id=organisation_id, is_first=True, started_at__gte=period.start, started_at__lt=period.end
        ).values("youth_id")
        aggregates[f"youths_{period.key}"] = Count("youth", distinct=True, filter=during)
        aggregates[f"new_{period.key}"] = Count("youth", distinct=True, filter=during & Q(youth__in=first_contacts))
    return aggregates


def _within(contacts: QuerySet[Contact], periods: list[Period]) -> QuerySet[Contact]:
    return contacts.filter(started_at__gte=min(p.start for p in periods), started_at__lt=max(p.end for p in periods))


# The worker's dashboard ---------------------------------------------------------------------


@dataclass
class PeriodRow:
    period: Period
    figures: Figures
    missed: list[str]
    planned_hours: float
    colleagues_nearby: int


@dataclass
class WorkerDashboard:
    worker: User
    targets: Targets
    periods: list[Period]
    figures: dict[str, Figures]
    colleagues_nearby: dict[str, int]  # colleagues' contacts in the worker's neighbourhoods, counted
    blend: list[tuple[str, object, int]]  # (path, label, young people)
    blend_since: datetime

    def rows(self) -> list["PeriodRow"]:
        """Per period its figures, the targets missed (not yet for the week under way), the
        planned online hours and the colleagues' contacts nearby."""
        return [
            PeriodRow(p, self.figures[p.key], self.targets.missed(self.figures[p.key], p) if p.key != "week" else [],
                      self.targets.online_hours(p), self.colleagues_nearby[p.key])
            for p in self.periods
        ]

    @property
    def four_weeks(self) -> Figures:
        return self.figures["4w"]


def worker_dashboard(viewer: User, worker: User, *, now: datetime | None = None) -> WorkerDashboard:
    """The figures of `worker` as `viewer` may see them: their own, or (for the manager) a
    worker of the organisation. Five queries, however many contacts there are."""
    membership = worker.membership
    periods = periods_at(now)
    figures = {period.key: Figures() for period in periods}
    weeks = ContactWeek.objects.filter(worker=worker, week__gte=min(p.first_week for p in periods)).values(
        "week", "channel", "contacts", "supportive", "out_of_hours", "anonymous", "minutes"
    )
    for row in weeks:
        for period in periods:
            if period.holds(row["week"]):
                figures[period.key].add_week(row)
    own = _within(Contact.objects.filter(worker=worker), periods)
    reach = own.aggregate(**_reach_aggregates(membership.organisation_id, periods))
    for period in periods:
        figures[period.key].youths = reach[f"youths_{period.key}"]
        figures[period.key].new_youths = reach[f"new_{period.key}"]
    nearby = {period.key: 0 for period in periods}
    if viewer == worker:
        # Colleagues' contacts in the worker's own neighbourhoods: only ever a number.
        counts = _within(contacts_in_scope(viewer).exclude(worker=viewer), periods).aggregate(**{
            period.key: Count("id", filter=Q(started_at__gte=period.start, started_at__lt=period.end))
            for period in periods
        })
        nearby.update(counts)
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
TEAM_SUMS = {
    "total_contacts": Sum("contacts"),
    "total_online": Sum("contacts", filter=Q(channel__in=ONLINE_CHANNELS)),
    "total_supportive": Sum("supportive"),
    "total_out_of_hours": Sum("out_of_hours"),
    "total_anonymous": Sum("anonymous"),
    "total_minutes": Sum("minutes"),
    "total_online_minutes": Sum("minutes", filter=Q(channel__in=ONLINE_CHANNELS)),
    "total_channels_used": Count("channel", distinct=True, filter=Q(contacts__gt=0)),
}


def _figures(sums: dict) -> Figures:
    return Figures(**{name.removeprefix("total_"): value or 0 for name, value in sums.items()})


def team_scope(user: User) -> Scope:
    """The manager's scope: the whole organisation (empty for anyone else)."""
    return Scope.of(user, roles={Role.LEIDINGGEVENDE})


def _per_worker(weeks: QuerySet[ContactWeek], period: Period) -> dict[int, Figures]:
    rows = weeks.filter(week__gte=period.first_week, week__lt=period.end_week).values("worker").annotate(**TEAM_SUMS)
    return {row.pop("worker"): _figures(row) for row in rows}


def team_dashboard(user: User, *, period_key: str | None = None, sort: str = "name",
                   now: datetime | None = None) -> TeamDashboard:
    """Every field worker's figures for one period, the targets missed over the last four weeks,
    and the organisation's trend over 52 weeks. Five or six queries, however many contacts."""
    scope = team_scope(user)
    periods = periods_at(now)
    period = period_named(period_key, now)
    four_weeks = period_named("4w", now)
    members = list(
        Membership.objects.filter(organisation_id=scope.organisation_id, role__in=FIELD_WORKERS, is_active=True)
        .select_related("user")
    )
    weeks = scope.filter(ContactWeek.objects.all(), owner="worker") if not scope.is_empty else ContactWeek.objects.none()
    chosen = _per_worker(weeks, period)
    recent = chosen if period.key == four_weeks.key else _per_worker(weeks, four_weeks)
    contacts = _within(Contact.objects.filter(organisation_id=scope.organisation_id), [period])
    reach = {
        row.pop("worker"): row
        for row in contacts.values("worker").annotate(**_reach_aggregates(scope.organisation_id, [period])).order_by()
    }
    targets = Targets.of(membership_of(user).organisation)
    rows = []
    for member in members:
        figures = chosen.get(member.user_id, Figures(channels_used=0))
        counted = reach.get(member.user_id, {})
        figures.youths, figures.new_youths = counted.get(f"youths_{period.key}", 0), counted.get(f"new_{period.key}", 0)
        rows.append(WorkerRow(member, figures, targets.missed(recent.get(member.user_id, Figures()), four_weeks)))
    # The organisation's figures include former workers' contacts; young people reached by
    # several workers count once.
    total = _figures(weeks.filter(week__gte=period.first_week, week__lt=period.end_week).aggregate(**TEAM_SUMS))
    organisation_reach = contacts.aggregate(**_reach_aggregates(scope.organisation_id, [period]))
    total.youths, total.new_youths = organisation_reach[f"youths_{period.key}"], organisation_reach[f"new_{period.key}"]
    descending = sort.startswith("-")
    key = SORT_KEYS.get(sort.lstrip("-"), SORT_KEYS["name"])
    rows.sort(key=lambda row: (key(row), row.name.lower()), reverse=descending)
    return TeamDashboard(period, periods, targets, rows, total, _trend(weeks, periods[-1]))


def _trend(weeks: QuerySet[ContactWeek], year: Period) -> list[TrendBlock]:
    blocks = [
        TrendBlock(first, first + timedelta(weeks=TREND_BLOCK_WEEKS, days=-1), Figures())
        for first in (year.first_week + timedelta(weeks=TREND_BLOCK_WEEKS * n) for n in range(TREND_BLOCKS))
    ]
    rows = (
        weeks.filter(week__gte=year.first_week, week__lt=year.end_week).values("week", "channel")
        .annotate(**{f"total_{name}": Sum(name) for name in ("contacts", "supportive", "out_of_hours", "anonymous",
                                                              "minutes")}).order_by()
    )
    for row in rows:
        index = (row["week"] - year.first_week).days // (7 * TREND_BLOCK_WEEKS)
        blocks[index].figures.add_week({name.removeprefix("total_"): value for name, value in row.items()})
    return blocks
