"""Calendar invites and the private feed, made with icalendar.

Each enrolment is one event with a stable UID; its SEQUENCE rises whenever the time or the
meeting link changes (and at a cancellation), so calendars replace the event instead of adding
a second one. Times are written in Europe/Amsterdam with its VTIMEZONE.
"""

import functools
import uuid
from collections.abc import Iterable
from datetime import date, datetime
from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vCalAddress, vText

from jongerenwerk.core.reporting import DUTCH_TIME
from trainings.models import Enrolment

PRODID = "-//Jongerenwerk portaal//Trainingen//NL"


def _calendar(method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    return calendar


def _uid(enrolment: Enrolment) -> str:
    return f"{enrolment.uid}@jongerenwerk"


def _event(enrolment: Enrolment, *, cancelled: bool = False, uid: str = "", stamp: datetime | None = None) -> Event:
    session = enrolment.session
    event = Event()
    event.add("uid", uid or _uid(enrolment))
    event.add("sequence", enrolment.sequence)
    event.add("dtstamp", stamp or timezone.now())
    event.add("dtstart", timezone.localtime(session.starts_at, DUTCH_TIME))
    event.add("dtend", timezone.localtime(session.ends_at, DUTCH_TIME))
    event.add("summary", f"#Awareness: {session.programme.name}")
    url = settings.SITE_URL + reverse("trainings:session", args=[session.pk])
    if session.meeting_url and not cancelled:
        event.add("location", session.meeting_url)
        event.add("description", f"{session.meeting_url}\n\n{url}")
    else:
        event.add("description", url)
    event.add("url", url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["cn"] = vText("#Awareness")
    event["organizer"] = organizer
    return event


@functools.lru_cache(maxsize=16)
def _amsterdam(first_year: int, last_year: int) -> bytes:
    """Europe/Amsterdam's VTIMEZONE for the years the events fall in, as iCalendar text: made
    once per range (computing all transitions since 1970 costs about 30 ms, and writing its
    lines out again was most of the cost of each invite in a sweep of thousands)."""
    return Timezone.from_tzid("Europe/Amsterdam", first_date=date(first_year - 1, 1, 1),
                              last_date=date(last_year + 1, 12, 31)).to_ical()


def _with_timezone(calendar: Calendar, enrolments: list[Enrolment]) -> bytes:
    """The calendar as iCalendar text, with the time zone before the events that use it."""
    years = [timezone.localtime(e.session.starts_at, DUTCH_TIME).year for e in enrolments] or [
        timezone.localdate().year]
    text = calendar.to_ical()
    first_event = text.find(b"BEGIN:VEVENT")
    at = first_event if first_event >= 0 else text.rindex(b"END:VCALENDAR")
    return text[:at] + _amsterdam(min(years), max(years)) + text[at:]


# Invites differ between the people of one session only in their UID: each is written by
# icalendar once per session, sequence and minute, with a placeholder of the UID's length
# where the UID goes, and the person's UID is put in its place. A sweep of a week's
# reminders then serialises a calendar per session instead of one per person.
_UID_SLOT = str(uuid.UUID(int=0)).replace("0", "x") + "@jongerenwerk"
_invites: dict[tuple, bytes] = {}


def invite(enrolment: Enrolment) -> bytes:
    """The invite for one enrolment: a request, or a cancel once it no longer holds a seat."""
    session = enrolment.session
    cancelled = enrolment.status == Enrolment.Status.CANCELLED or session.cancelled_at is not None
    stamp = timezone.now().replace(second=0, microsecond=0)
    key = (session.pk, session.starts_at, session.ends_at, session.meeting_url, session.programme.name,
           enrolment.sequence, cancelled, stamp, settings.SITE_URL, settings.DEFAULT_FROM_EMAIL)
    text = _invites.get(key)
    if text is None:
        calendar = _calendar("CANCEL" if cancelled else "REQUEST")
        calendar.add_component(_event(enrolment, cancelled=cancelled, uid=_UID_SLOT, stamp=stamp))
        text = _with_timezone(calendar, [enrolment])
        if len(_invites) >= 256:
            _invites.clear()
        _invites[key] = text
    return text.replace(f"UID:{_UID_SLOT}\r\n".encode(), f"UID:{_uid(enrolment)}\r\n".encode(), 1)


def feed(enrolments: Iterable[Enrolment]) -> bytes:
    """A person's feed: every session they are enrolled in or attended."""
    calendar = _calendar("PUBLISH")
    calendar.add("x-wr-calname", "#Awareness")
    enrolments = list(enrolments)
    for enrolment in enrolments:
        calendar.add_component(_event(enrolment))
    return _with_timezone(calendar, enrolments)
