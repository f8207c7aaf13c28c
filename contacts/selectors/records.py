"""Which contacts a user may count and which they may read. Every list, page and dashboard starts here.

- counted (`contacts_in_scope`): the scope of `jongerenwerk.core.scope`: a worker's own contacts
  and those in their neighbourhoods, the overseeing roles the organisation's. Only ever shown as
  figures.
- read (`contacts_readable_by`): a contact as a record, with its note: its author; the manager
  (an overseeing role) every contact of the organisation; the safeguarding officer the contacts
  linked to a signal they may see. The admin reads none.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import Contact, OfflineMeeting
from jongerenwerk.core.models import Role, User, Youth
from jongerenwerk.core.retention import months_before
from jongerenwerk.core.scope import Scope, role_of
from jongerenwerk.core.selectors import youths_visible_to
from signals.selectors.records import signals_visible_to

PAGE_SIZE = 25


def contacts_in_scope(user: User) -> QuerySet[Contact]:
    return Scope.of(user).filter(Contact.objects.all(), owner="worker")


def contacts_readable_by(user: User) -> QuerySet[Contact]:
    scope = Scope.of(user)
    if scope.is_empty:
        return Contact.objects.none()
    contacts = Contact.objects.filter(organisation_id=scope.organisation_id)
    role = role_of(user)
    if role == Role.LEIDINGGEVENDE:
        return contacts
    if role == Role.AANDACHTSFUNCTIONARIS:
        return contacts.filter(signal_links__signal__in=signals_visible_to(user)).distinct()
    return contacts.filter(worker=user)


def contact_list(user: User, *, before: tuple[datetime, int] | None = None) -> list[Contact]:
    """One page of the contacts the user may read, newest first; `before` is the last row of the
    previous page (keyset paging: a deep page costs what the first does). One more than a page
    is returned, so the caller knows whether there is an older page."""
    contacts = (
        contacts_readable_by(user).select_related("youth", "worker", "neighbourhood")
        .defer("note").order_by("-started_at", "-id")
    )
    if before is not None:
        moment, pk = before
        contacts = contacts.filter(Q(started_at__lt=moment) | Q(started_at=moment, id__lt=pk))
    return list(contacts[: PAGE_SIZE + 1])


def contact_page(user: User) -> QuerySet[Contact]:
    return contacts_readable_by(user).select_related("youth", "worker", "neighbourhood", "organisation")


def linked_signals(contact: Contact, user: User) -> QuerySet:
    return signals_visible_to(user).filter(contact_links__contact=contact).select_related("category").order_by(
        "-observed_at"
    )


def recent_youths_of(user: User, *, count: int = 6) -> list[Youth]:
    """The young people of the worker's latest contacts whom they still see (not anonymised),
    latest first. The worker's last few dozen contacts come from their own index, and only then
    the young people: joining the register first made the database walk every contact of every
    young person in the worker's neighbourhoods (110 ms at a million contacts, against 1 ms)."""
    latest = (
        Contact.objects.filter(worker=user, youth__isnull=False)
        .order_by("-started_at", "-id").values_list("youth_id", flat=True)[:60]
    )
    order = list(dict.fromkeys(latest))
    visible = youths_visible_to(user).filter(anonymised_at=None, pk__in=order).in_bulk()
    return [visible[pk] for pk in order if pk in visible][:count]


def last_contact(*, worker: User, youth: Youth | None = None) -> Contact | None:
    contacts = Contact.objects.filter(worker=worker)
    if youth is not None:
        contacts = contacts.filter(youth=youth)
    return contacts.defer("note").order_by("-started_at", "-id").first()


def last_topics_of(user: User, youth: Youth) -> list[str]:
    """The topics of the young person's latest contact that the user may count."""
    latest = contacts_in_scope(user).filter(youth=youth).order_by("-started_at", "-id").values_list("topics", flat=True)
    return list(latest.first() or [])


# The blended path ---------------------------------------------------------------------------

class BlendedPath:
    """The four steps of blended work (seed 003), and none for a young person without contacts."""

    OFFLINE_ONLY = "offline"
    OFFLINE_TO_ONLINE = "offline-online"
    ONLINE_TO_OFFLINE = "online-offline"
    ONLINE_ONLY = "online"
    NONE = ""

    STEPS = [OFFLINE_ONLY, OFFLINE_TO_ONLINE, ONLINE_TO_OFFLINE, ONLINE_ONLY]
    LABELS = {
        OFFLINE_ONLY: _("offline only"),
        OFFLINE_TO_ONLINE: _("from offline to online"),
        ONLINE_TO_OFFLINE: _("from online to offline"),
        ONLINE_ONLY: _("online only"),
        NONE: _("no contacts"),
    }


BLEND_FIGURES = {
    "first_online": Min("started_at", filter=Q(is_online=True)),
    "first_offline": Min("started_at", filter=Q(is_online=False)),
    # An online contact that followed an offline meeting means offline came first...
    "first_followed": Min("started_at", filter=Q(is_online=True, offline_meeting=OfflineMeeting.FOLLOWED)),
    # ... and one that led to an offline meeting means offline came after it.
    "led_to_meeting": Count("id", filter=Q(is_online=True, offline_meeting=OfflineMeeting.LED_TO)),
}


def blended_path(*, first_online: datetime | None, first_offline: datetime | None,
                 first_followed: datetime | None, led_to_meeting: int) -> str:
    """Where a young person's contacts of a period stand on the spectrum of blended work:
    offline only, online only, or both, by what came first. An offline meeting that a logged
    online contact led to or followed counts as offline even if the meeting itself was not logged."""
    offline_first_at = min((moment for moment in (first_offline, first_followed) if moment), default=None)
    has_offline = offline_first_at is not None or bool(led_to_meeting)
    if first_online is None:
        return BlendedPath.OFFLINE_ONLY if has_offline else BlendedPath.NONE
    if not has_offline:
        return BlendedPath.ONLINE_ONLY
    if offline_first_at is not None and offline_first_at <= first_online:
        return BlendedPath.OFFLINE_TO_ONLINE
    return BlendedPath.ONLINE_TO_OFFLINE


BLEND_MONTHS = 3


def blend_since(now: datetime | None = None) -> datetime:
    return months_before(timezone.localtime(now or timezone.now()), BLEND_MONTHS)


def blended_paths(contacts: QuerySet[Contact], *, since: datetime) -> dict[int, str]:
    """{youth id: blended path} over the contacts since `since`, in one GROUP BY."""
    rows = contacts.filter(youth__isnull=False, started_at__gte=since).values("youth").annotate(**BLEND_FIGURES).order_by()
    return {row.pop("youth"): blended_path(**row) for row in rows}


# A young person's timeline ---------------------------------------------------------------

TIMELINE_SIZE = 50


@dataclass
class TimelineEntry:
    at: datetime
    kind: str  # "contact" or "signal"
    record: object


@dataclass
class Timeline:
    youth: Youth
    entries: list[TimelineEntry]
    older: datetime | None  # where the next (older) part starts, if there is one
    counted_only: int  # contacts in the viewer's scope they may count but not read
    path: str
    path_since: datetime

    @property
    def path_label(self):
        return BlendedPath.LABELS[self.path]


def youth_timeline(user: User, youth: Youth, *, before: datetime | None = None,
                   now: datetime | None = None) -> Timeline:
    """The young person's contacts and signals that `user` may read, newest first, in parts of
    50; how many more contacts they may only count; and the blended path of the last three
    months. Four queries, however long the history."""
    readable = contacts_readable_by(user).filter(youth=youth)
    contacts = readable.select_related("worker").defer("note").order_by("-started_at", "-id")
    signals = signals_visible_to(user).filter(youths=youth).select_related("category").defer(
        "facts", "interpretation", "counter_signals", "conversation_note", "conversation_skipped_reason"
    ).order_by("-observed_at", "-id")
    if before is not None:
        contacts, signals = contacts.filter(started_at__lt=before), signals.filter(observed_at__lt=before)
    entries = sorted(
        [TimelineEntry(c.started_at, "contact", c) for c in contacts[: TIMELINE_SIZE + 1]]
        + [TimelineEntry(s.observed_at, "signal", s) for s in signals[: TIMELINE_SIZE + 1]],
        key=lambda entry: entry.at, reverse=True,
    )
    older = entries[TIMELINE_SIZE - 1].at if len(entries) > TIMELINE_SIZE else None
    if older is not None:
        entries = [entry for entry in entries if entry.at >= older]
    counts = contacts_in_scope(user).filter(youth=youth).aggregate(
        total=Count("id"), readable=Count("id", filter=Q(pk__in=readable.values("pk")))
    )
    since = blend_since(now)
    path = blended_paths(contacts_in_scope(user).filter(youth=youth), since=since).get(youth.pk, BlendedPath.NONE)
    return Timeline(youth, entries, older, counts["total"] - counts["readable"], path, since)
