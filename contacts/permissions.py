"""Who may do what with contacts. Each helper returns the record (404 when the person may not
see it, so its existence is not revealed) and, for a contact, what they may do with it."""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404

from contacts.models import Contact, ContactImport, HelpLine
from contacts.selectors.records import contact_page
from contacts.selectors.settings import field_worker_of
from jongerenwerk.core.models import Membership, Role, User
from jongerenwerk.core.roles import FIELD_WORKERS

# Who logs contacts: the youth workers, their own.
REGISTRARS = FIELD_WORKERS
# Who reads the team's figures and nudges.
MANAGERS = frozenset({Role.LEIDINGGEVENDE})
# Who brings contacts in from a spreadsheet: workers their own, the manager the team's.
IMPORTERS = FIELD_WORKERS | MANAGERS


@dataclass(frozen=True)
class Abilities:
    author: bool  # the worker who logged it
    live: bool  # the note has not been cleared by retention

    @property
    def log_signal(self) -> bool:
        """Log a signal from this contact: its author."""
        return self.author


def get_contact_for(user: User, pk: int) -> tuple[Contact, Abilities]:
    contact = get_object_or_404(contact_page(user), pk=pk)
    return contact, Abilities(author=contact.worker_id == user.pk, live=contact.note_cleared_at is None)


def get_import_for(user: User, pk: int) -> ContactImport:
    """An import is its uploader's alone."""
    return get_object_or_404(ContactImport.objects.select_related("organisation", "by"), pk=pk, by=user)


def get_help_line_for(membership: Membership, pk: int) -> HelpLine:
    return get_object_or_404(HelpLine, pk=pk, organisation=membership.organisation)


def get_field_worker_for(membership: Membership, pk: int) -> Membership:
    member = field_worker_of(membership.organisation, pk)
    if member is None:
        raise Http404
    return member
