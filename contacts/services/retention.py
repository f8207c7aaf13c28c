"""Retention of contacts, as rules for core's retention mechanism (`jongerenwerk.core.retention`).

A contact's note, the only free text about a young person, is cleared once the contact is older
than the organisation's retention period; the contact itself stays, so the figures stay. Notes
of contacts linked to a signal under a legal hold are kept until the hold is lifted.
A contact counts as activity for the youth register: a young person with recent contacts
keeps their alias.

An import's file (which may hold notes) is kept for at most a day when it is neither stored
nor discarded.
"""

from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from contacts.models import Contact, ContactImport
from jongerenwerk.core.retention import RetentionRule

IMPORT_FILE_HOURS = 24


def _expired_notes(organisation_id: int, cutoff: datetime) -> QuerySet[Contact]:
    return (
        Contact.objects.filter(organisation_id=organisation_id, started_at__lt=cutoff, note_cleared_at=None)
        .exclude(note="")
        .exclude(signal_links__signal__legal_hold=True)
    )


def _clear_notes(ids: list[int], now: datetime) -> None:
    Contact.objects.filter(pk__in=ids).update(note="", note_cleared_at=now)


NOTE_RULE = RetentionRule(name="contacts.note", model=Contact, expired=_expired_notes, anonymise=_clear_notes)


def _expired_import_files(organisation_id: int, cutoff: datetime) -> QuerySet[ContactImport]:
    # Not the organisation's retention period: a file waiting for a decision is kept a day at most.
    waited = timezone.now() - timedelta(hours=IMPORT_FILE_HOURS)
    return ContactImport.objects.filter(
        organisation_id=organisation_id, status=ContactImport.Status.CHECKED, created_at__lt=waited
    )


def _discard_import_files(ids: list[int], now: datetime) -> None:
    ContactImport.objects.filter(pk__in=ids).update(content=b"", status=ContactImport.Status.DISCARDED)


IMPORT_RULE = RetentionRule(
    name="contacts.import_file", model=ContactImport, expired=_expired_import_files, anonymise=_discard_import_files
)


def youths_active_since(organisation_id: int, since: datetime) -> QuerySet:
    """Young people with a contact since then."""
    return Contact.objects.filter(organisation_id=organisation_id, started_at__gte=since, youth__isnull=False).values(
        "youth_id"
    )
