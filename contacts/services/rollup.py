"""The weekly roll-up the dashboards read (`ContactWeek`), and the first-contact marks that tell
new young people from known ones. Both are derived from the contacts and rebuilt from them:
per (worker, week) after a contact is stored, for a whole organisation after a bulk load.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.db.models import Count, DateField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncWeek

from contacts.models import SUPPORTIVE_CHARACTERS, Contact, ContactWeek
from jongerenwerk.core.models import Youth
from jongerenwerk.core.reporting import DUTCH_TIME, start_of, week_of

FIGURES = {
    "contacts": Count("id"),
    "supportive": Count("id", filter=Q(character__in=SUPPORTIVE_CHARACTERS)),
    "out_of_hours": Count("id", filter=Q(out_of_hours=True)),
    "anonymous": Count("id", filter=Q(youth__isnull=True)),
    "minutes": Sum("duration_minutes"),
}


def _rows(contacts: QuerySet[Contact], by: tuple[str, ...]) -> QuerySet:
    return contacts.values(*by).annotate(**FIGURES).order_by()


def weeks_refresh(*, organisation_id: int, worker_id: int, moments: Iterable[datetime]) -> None:
    """Recount the worker's weeks in which these moments fall. The caller holds a lock on the
    worker's membership, so two contacts stored at once cannot each count without the other."""
    for monday in sorted({week_of(moment) for moment in moments}):
        contacts = Contact.objects.filter(
            worker_id=worker_id, started_at__gte=start_of(monday), started_at__lt=start_of(monday + timedelta(weeks=1))
        )
        rows = list(_rows(contacts, ("channel",)))
        ContactWeek.objects.filter(worker_id=worker_id, week=monday).delete()
        ContactWeek.objects.bulk_create(
            ContactWeek(organisation_id=organisation_id, worker_id=worker_id, week=monday, **row) for row in rows
        )


def weeks_rebuild(
    *, organisation_id: int, workers: Iterable[int] | None = None, since: date | None = None,
    until: date | None = None,
) -> int:
    """Recount the organisation's weeks (of some workers, from the week of `since` through the week
    of `until`) in one GROUP BY; returns how many roll-up rows there are now."""
    contacts = Contact.objects.filter(organisation_id=organisation_id)
    weeks = ContactWeek.objects.filter(organisation_id=organisation_id)
    if workers is not None:
        workers = list(workers)
        contacts, weeks = contacts.filter(worker_id__in=workers), weeks.filter(worker_id__in=workers)
    if since is not None:
        contacts, weeks = contacts.filter(started_at__gte=start_of(week_of(since))), weeks.filter(week__gte=week_of(since))
    if until is not None:
        end = week_of(until) + timedelta(weeks=1)
        contacts, weeks = contacts.filter(started_at__lt=start_of(end)), weeks.filter(week__lt=end)
    rows = _rows(
        contacts.annotate(week=TruncWeek("started_at", output_field=DateField(), tzinfo=DUTCH_TIME)),
        ("worker_id", "week", "channel"),
    )
    weeks.delete()
    batch, total = [], 0
    for row in rows.iterator(chunk_size=5000):
        batch.append(ContactWeek(organisation_id=organisation_id, **row))
        if len(batch) == 5000:
            total += len(ContactWeek.objects.bulk_create(batch))
            batch = []
    total += len(ContactWeek.objects.bulk_create(batch))
    return total


def first_contacts_mark(*, youth_ids: Iterable[int] | None = None, organisation_id: int | None = None) -> None:
    """Mark each young person's first contact ever with the organisation, and only that one.
    The caller holds a lock on the young people (one contact) or loads in bulk (one transaction)."""
    contacts = Contact.objects.filter(youth__isnull=False)
    if youth_ids is not None:
        contacts = contacts.filter(youth_id__in=list(youth_ids))
    if organisation_id is not None:
        contacts = contacts.filter(organisation_id=organisation_id)
    first = Contact.objects.filter(youth=OuterRef("youth")).order_by("started_at", "id").values("pk")[:1]
    contacts.filter(is_first=True).exclude(pk=Subquery(first)).update(is_first=False)
    contacts.filter(is_first=False, pk=Subquery(first)).update(is_first=True)


def lock_youth(youth: Youth) -> None:
    Youth.objects.select_for_update().filter(pk=youth.pk).values_list("pk").first()
