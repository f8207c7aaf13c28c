"""What the dashboards read instead of the contacts: the weekly roll-up per worker
(`ContactWeek`), the weeks in which each worker last reached each young person (`WorkerYouth`),
and the first-contact mark that tells new young people from known ones. All are derived from
the contacts and rebuilt from them: for one worker's week and one pair after a contact is
stored, for a whole organisation after a bulk load.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.db.models import Count, DateField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncWeek

from contacts.channels import ONLINE_CHANNELS, channel_bit
from contacts.models import SUPPORTIVE_CHARACTERS, Contact, ContactWeek, WorkerYouth
from jongerenwerk.core.models import Youth
from jongerenwerk.core.reporting import DUTCH_TIME, start_of, week_of

FIGURES = {
    "n": Count("id"),
    "n_supportive": Count("id", filter=Q(character__in=SUPPORTIVE_CHARACTERS)),
    "n_out_of_hours": Count("id", filter=Q(out_of_hours=True)),
    "n_anonymous": Count("id", filter=Q(youth__isnull=True)),
    "n_minutes": Sum("duration_minutes"),
}


def _week(field: str = "started_at") -> TruncWeek:
    return TruncWeek(field, output_field=DateField(), tzinfo=DUTCH_TIME)


def _fold(rows: Iterable[dict], key: tuple[str, ...]) -> dict[tuple, dict]:
    """Per-channel counts folded into one roll-up row per `key`."""
    folded: dict[tuple, dict] = {}
    for row in rows:
        target = folded.setdefault(tuple(row[name] for name in key), {
            "contacts": 0, "online": 0, "supportive": 0, "out_of_hours": 0, "anonymous": 0, "minutes": 0,
            "online_minutes": 0, "channels": {}, "channel_mask": 0,
        })
        online = row["channel"] in ONLINE_CHANNELS
        minutes = row["n_minutes"] or 0
        target["contacts"] += row["n"]
        target["online"] += row["n"] if online else 0
        target["supportive"] += row["n_supportive"]
        target["out_of_hours"] += row["n_out_of_hours"]
        target["anonymous"] += row["n_anonymous"]
        target["minutes"] += minutes
        target["online_minutes"] += minutes if online else 0
        target["channels"][row["channel"]] = target["channels"].get(row["channel"], 0) + row["n"]
        target["channel_mask"] |= channel_bit(row["channel"])
    return folded


def weeks_refresh(*, organisation_id: int, worker_id: int, moments: Iterable[datetime]) -> None:
    """Recount the worker's weeks in which these moments fall. The caller holds a lock on the
    worker's membership, so two contacts stored at once cannot each count without the other."""
    for monday in sorted({week_of(moment) for moment in moments}):
        contacts = Contact.objects.filter(
            worker_id=worker_id, started_at__gte=start_of(monday), started_at__lt=start_of(monday + timedelta(weeks=1))
        )
        folded = _fold(contacts.values("channel").annotate(**FIGURES).order_by(), ())
        ContactWeek.objects.update_or_create(
            worker_id=worker_id, week=monday, defaults={"organisation_id": organisation_id, **folded[()]}
        )


def reach_refresh(*, organisation_id: int, worker_id: int, youth_id: int) -> None:
    """Recount the two latest weeks in which the worker met the young person (the caller holds
    the locks of `weeks_refresh` and of the young person)."""
    weeks = list(
        Contact.objects.filter(worker_id=worker_id, youth_id=youth_id).annotate(week=_week())
        .values_list("week", flat=True).distinct().order_by("-week")[:2]
    )
    WorkerYouth.objects.update_or_create(
        worker_id=worker_id, youth_id=youth_id,
        defaults={"organisation_id": organisation_id, "last_week": weeks[0],
                  "previous_week": weeks[1] if len(weeks) > 1 else None},
    )


def _scoped(queryset: QuerySet, *, workers, since: date | None, until: date | None, field: str) -> QuerySet:
    if workers is not None:
        queryset = queryset.filter(worker_id__in=list(workers))
    if since is not None:
        queryset = queryset.filter(**{f"{field}__gte": start_of(week_of(since)) if field == "started_at"
                                      else week_of(since)})
    if until is not None:
        end = week_of(until) + timedelta(weeks=1)
        queryset = queryset.filter(**{f"{field}__lt": start_of(end) if field == "started_at" else end})
    return queryset


def weeks_rebuild(
    *, organisation_id: int, workers: Iterable[int] | None = None, since: date | None = None,
    until: date | None = None,
) -> int:
    """Recount the organisation's weeks (of some workers, from the week of `since` through the
    week of `until`) in one GROUP BY; returns how many roll-up rows there are now."""
    workers = list(workers) if workers is not None else None
    contacts = _scoped(Contact.objects.filter(organisation_id=organisation_id), workers=workers, since=since,
                       until=until, field="started_at")
    weeks = _scoped(ContactWeek.objects.filter(organisation_id=organisation_id), workers=workers, since=since,
                    until=until, field="week")
    rows = contacts.annotate(week=_week()).values("worker_id", "week", "channel").annotate(**FIGURES).order_by()
    folded = _fold(rows.iterator(chunk_size=10_000), ("worker_id", "week"))
    weeks.delete()
    ContactWeek.objects.bulk_create(
        (ContactWeek(organisation_id=organisation_id, worker_id=worker, week=week, **figures)
         for (worker, week), figures in folded.items()),
        batch_size=5000,
    )
    return len(folded)


def reach_rebuild(*, organisation_id: int, workers: Iterable[int] | None = None,
                  youths: Iterable[int] | None = None) -> int:
    """Recount, per worker and young person, the two latest weeks in which they met."""
    contacts = Contact.objects.filter(organisation_id=organisation_id, youth__isnull=False)
    pairs = WorkerYouth.objects.filter(organisation_id=organisation_id)
    if workers is not None:
        workers = list(workers)
        contacts, pairs = contacts.filter(worker_id__in=workers), pairs.filter(worker_id__in=workers)
    if youths is not None:
        youths = list(youths)
        contacts, pairs = contacts.filter(youth_id__in=youths), pairs.filter(youth_id__in=youths)
    latest: dict[tuple[int, int], list[date]] = defaultdict(list)
    rows = contacts.annotate(week=_week()).values_list("worker_id", "youth_id", "week").distinct().order_by()
    for worker, youth, week in rows.iterator(chunk_size=10_000):
        weeks = latest[worker, youth]
        weeks.append(week)
        if len(weeks) > 2:
            weeks.sort(reverse=True)
            del weeks[2:]
    pairs.delete()
    WorkerYouth.objects.bulk_create(
        (WorkerYouth(organisation_id=organisation_id, worker_id=worker, youth_id=youth,
                     last_week=max(weeks), previous_week=min(weeks) if len(weeks) > 1 else None)
         for (worker, youth), weeks in latest.items()),
        batch_size=5000,
    )
    return len(latest)


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
