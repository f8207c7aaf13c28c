"""The periods reports cover, in Dutch time: a week from Monday, a calendar month, a quarter."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from jongerenwerk.core.reporting import DUTCH_TIME, start_of, week_of
from reports.models import Kind


@dataclass(frozen=True)
class Span:
    first_day: date
    last_day: date  # included

    @property
    def start(self) -> datetime:
        return start_of(self.first_day)

    @property
    def end(self) -> datetime:
        return start_of(self.last_day + timedelta(days=1))


def _month_start(day: date, months_back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def previous_span(kind: str, now: datetime | None = None) -> Span:
    """The last complete period of a scheduled kind before `now`: last week (Monday to
    Sunday), last month, last quarter."""
    today = timezone.localtime(now or timezone.now(), DUTCH_TIME).date()
    if kind == Kind.WEEKLY:
        monday = week_of(today) - timedelta(weeks=1)
        return Span(monday, monday + timedelta(days=6))
    if kind == Kind.MONTHLY:
        first = _month_start(today, 1)
        return Span(first, _month_start(today) - timedelta(days=1))
    if kind == Kind.FUNDER:
        this_quarter = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
        first = _month_start(this_quarter, 3)
        return Span(first, this_quarter - timedelta(days=1))
    raise ValueError(kind)
