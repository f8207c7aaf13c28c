"""Friendly weekly nudges, if the organisation turned them on: to a youth worker whose online
share stayed below the target in each of the last four weeks, and to one who did much of their
work out of hours last week. Content-free (the notification names no figure), at most once a
week per kind, through core's reminder mechanism."""

from collections import defaultdict
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils.translation import gettext_noop

from contacts.models import ContactWeek
from jongerenwerk.core.models import Membership, User
from jongerenwerk.core.reminders import Occasion, Reminder
from jongerenwerk.core.reporting import week_of
from jongerenwerk.core.roles import FIELD_WORKERS
from reports.models import ReportSettings

WEEKS = 4
# Out of hours: at least this many contacts last week, and at least this share of them.
OUT_OF_HOURS_CONTACTS = 5
OUT_OF_HOURS_SHARE = 0.3


def _due(now: datetime) -> list[Occasion]:
    this_week = week_of(now)
    first = this_week - timedelta(weeks=WEEKS)
    organisations = list(ReportSettings.objects.filter(nudges=True).values_list("organisation_id", flat=True))
    if not organisations:
        return []
    workers = dict(Membership.objects.filter(organisation__in=organisations, role__in=FIELD_WORKERS, is_active=True)
                   .values_list("user_id", "organisation__online_share_target"))
    weeks: dict[int, dict] = defaultdict(dict)
    for worker, week, contacts, online, out_of_hours in ContactWeek.objects.filter(
        worker__in=list(workers), week__gte=first, week__lt=this_week
    ).values_list("worker", "week", "contacts", "online", "out_of_hours"):
        weeks[worker][week] = (contacts, online, out_of_hours)
    online_low, late = [], []
    for worker, target in workers.items():
        mine = weeks.get(worker, {})
        if len(mine) == WEEKS and all(contacts and 100 * online < target * contacts
                                      for contacts, online, _late in mine.values()):
            online_low.append(worker)
        contacts, _online, out_of_hours = mine.get(this_week - timedelta(weeks=1), (0, 0, 0))
        if contacts >= OUT_OF_HOURS_CONTACTS and out_of_hours >= OUT_OF_HOURS_SHARE * contacts:
            late.append(worker)
    year, number, _day = this_week.isocalendar()
    url = reverse("contacts:dashboard")
    occasions = []
    for kind, ids in (("online", online_low), ("out-of-hours", late)):
        for user in User.objects.filter(pk__in=ids):
            occasions.append(Occasion([user], f"reports.nudge.{kind}:{user.pk}:{year}-{number}", url))
    return occasions


def _due_online(now: datetime) -> list[Occasion]:
    return [occasion for occasion in _due(now) if ".online:" in occasion.key]


def _due_late(now: datetime) -> list[Occasion]:
    return [occasion for occasion in _due(now) if ".out-of-hours:" in occasion.key]


ONLINE_NUDGE = Reminder(
    name="reports.nudge_online",
    message=gettext_noop("How is your online work going? Have a look at your dashboard."),
    due=_due_online,
)
OUT_OF_HOURS_NUDGE = Reminder(
    name="reports.nudge_out_of_hours",
    message=gettext_noop("You did a lot of work outside your hours last week. Take care of yourself."),
    due=_due_late,
)
