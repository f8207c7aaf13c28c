"""Working hours: per weekday one period, or a day off. Stored as JSON, {"0": ["09:00", "17:00"],
..., "6": null} with Monday as 0, in Dutch time. A contact that starts outside them is out of hours.
"""

from datetime import datetime, time

from django.utils import timezone
from django.utils.dates import WEEKDAYS

from jongerenwerk.core.reporting import DUTCH_TIME

DAYS = range(7)
# The organisation's hours until its admin sets them: office days.
DEFAULT_HOURS: dict[str, list[str] | None] = {
    **{str(day): ["09:00", "17:00"] for day in range(5)},
    "5": None,
    "6": None,
}

Hours = dict[str, list[str] | None]


def period_of(hours: Hours, weekday: int) -> tuple[time, time] | None:
    value = hours.get(str(weekday))
    if not value:
        return None
    start, end = value
    return time.fromisoformat(start), time.fromisoformat(end)


def is_within(hours: Hours, moment: datetime) -> bool:
    """Whether `moment` falls in the working hours of its weekday (Dutch time); the end is exclusive."""
    local = timezone.localtime(moment, DUTCH_TIME)
    period = period_of(hours, local.weekday())
    if period is None:
        return False
    start, end = period
    return start <= local.time().replace(tzinfo=None) < end


def hours_from(periods: dict[int, tuple[time, time] | None]) -> Hours:
    """The JSON form of a {weekday: (start, end) or None} mapping."""
    return {
        str(day): [f"{period[0]:%H:%M}", f"{period[1]:%H:%M}"] if period else None
        for day, period in ((day, periods.get(day)) for day in DAYS)
    }


def weekly_minutes(hours: Hours) -> int:
    total = 0
    for day in DAYS:
        period = period_of(hours, day)
        if period:
            start, end = period
            total += (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return total


def describe(hours: Hours) -> list[tuple[str, str]]:
    """(weekday name, "09:00–17:00" or "") per day, for a page."""
    rows = []
    for day in DAYS:
        period = period_of(hours, day)
        rows.append((WEEKDAYS[day], f"{period[0]:%H:%M}–{period[1]:%H:%M}" if period else ""))
    return rows
