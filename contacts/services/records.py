"""Logging a contact, repeating the last one with a young person, and linking a signal logged
from a contact.

A young person typed inline is looked up only among those the worker may see: an alias that
belongs to someone outside their scope is neither linked nor revealed, and since aliases are
unique per organisation it cannot be registered again either, so it is refused with a neutral
message.
"""

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts import hours as working_hours
from contacts.channels import CHANNELS, is_online, is_synchronous_by_default
from contacts.models import (
    MAX_DURATION_MINUTES,
    Character,
    Contact,
    ContactSignal,
    FormOfWork,
    InitiatedBy,
    OfflineMeeting,
    Topic,
)
from contacts.selectors.settings import channels_in_use, hours_of
from contacts.services.rollup import first_contacts_mark, lock_youth, reach_refresh, weeks_refresh
from jongerenwerk.core import audit
from jongerenwerk.core import services as core_services
from jongerenwerk.core.models import AgeBand, AuditEvent, Membership, Neighbourhood, Organisation, User, Youth
from jongerenwerk.core.selectors import youths_visible_to

# A phone's clock may run a little ahead of the server's.
CLOCK_SLACK = timedelta(minutes=5)


def alias_refused() -> ValidationError:
    # Neutral on purpose: the alias may belong to a young person this worker may not see.
    return ValidationError({"new_youth_alias": _(
        "You cannot use this alias here. Choose another alias, or ask a colleague to log this contact."
    )})


def youth_for_alias(
    *, user: User, organisation: Organisation, alias: str, age_band: str = AgeBand.UNKNOWN,
    neighbourhood: Neighbourhood | None = None,
) -> Youth:
    """The young person the worker may see under this alias, or a new entry in the register:
    the register's own rule (`core.services.youth_for_alias`), which neither links nor reveals an
    alias used where the worker may not look."""
    try:
        with transaction.atomic():
            return core_services.youth_for_alias(
                organisation=organisation, alias=alias, age_band=age_band or AgeBand.UNKNOWN,
                neighbourhood=neighbourhood, by=user,
            )
    except (ValidationError, IntegrityError):
        # Someone registered the alias a moment ago; whoever it is, this worker is not told.
        raise alias_refused() from None


def _check_choices(field: str, values: Sequence[str], allowed: list[str], message: str) -> None:
    if set(values) - set(allowed):
        raise ValidationError({field: message})


def contact_check(
    *, organisation: Organisation, worker: User, channel: str, started_at: datetime, duration_minutes: int,
    initiated_by: str, character: str, forms_of_work: Sequence[str], topics: Sequence[str], offline_meeting: str,
    youth: Youth | None, new_youth_alias: str, anonymous: bool, neighbourhood: Neighbourhood | None,
    now: datetime | None = None,
) -> None:
    """Every rule a contact must meet, with a Dutch reason per field. Shared by the form and the import."""
    now = now or timezone.now()
    errors: dict[str, str] = {}
    if channel not in CHANNELS or channel not in channels_in_use(organisation):
        errors["channel"] = _("Choose a channel from the list.")
    if started_at > now + CLOCK_SLACK:
        errors["started_at"] = _("The contact cannot start in the future.")
    if duration_minutes is None or duration_minutes < 1:
        errors["duration_minutes"] = _("Give the duration in whole minutes, at least 1.")
    elif duration_minutes > MAX_DURATION_MINUTES:
        errors["duration_minutes"] = _("A contact of more than 12 hours is not plausible: give the minutes, at most 720.")
    if initiated_by not in InitiatedBy.values:
        errors["initiated_by"] = _("Say who started the contact.")
    if character not in Character.values:
        errors["character"] = _("Choose the character of the contact.")
    if set(forms_of_work) - set(FormOfWork.values):
        errors["forms_of_work"] = _("Choose forms of work from the list.")
    if set(topics) - set(Topic.values):
        errors["topics"] = _("Choose topics from the list.")
    if offline_meeting not in OfflineMeeting.values:
        errors["offline_meeting"] = _("Choose whether it led to or followed an offline meeting.")
    if neighbourhood is not None and neighbourhood.organisation_id != organisation.pk:
        errors["neighbourhood"] = _("Choose a neighbourhood of your organisation.")
    chosen = [youth is not None, bool(new_youth_alias.strip()), anonymous]
    if sum(chosen) == 0:
        errors["youth"] = _("Choose a young person, type an alias, or mark the contact as anonymous.")
    elif sum(chosen) > 1:
        errors["youth"] = _("Choose one: a young person from the list, a typed alias, or anonymous.")
    elif youth is not None and not youths_visible_to(worker).filter(pk=youth.pk).exists():
        errors["youth"] = _("Choose a young person from your organisation's register.")
    if errors:
        raise ValidationError(errors)


def contact_create(
    *,
    organisation: Organisation,
    worker: User,
    idempotency_key: uuid.UUID,
    channel: str,
    started_at: datetime,
    duration_minutes: int,
    initiated_by: str,
    character: str,
    forms_of_work: Sequence[str] = (),
    topics: Sequence[str] = (),
    offline_meeting: str = OfflineMeeting.NONE,
    note: str = "",
    youth: Youth | None = None,
    new_youth_alias: str = "",
    new_youth_age_band: str = AgeBand.UNKNOWN,
    anonymous: bool = False,
    age_band: str = "",
    neighbourhood: Neighbourhood | None = None,
    synchronous: bool | None = None,
) -> tuple[Contact, bool]:
    """Log a contact; returns it and whether it is new (a repeated submission returns the first)."""
    existing = Contact.objects.filter(worker=worker, idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    contact_check(
        organisation=organisation, worker=worker, channel=channel, started_at=started_at,
        duration_minutes=duration_minutes, initiated_by=initiated_by, character=character,
        forms_of_work=forms_of_work, topics=topics, offline_meeting=offline_meeting, youth=youth,
        new_youth_alias=new_youth_alias, anonymous=anonymous, neighbourhood=neighbourhood,
    )
    membership = Membership.objects.get(user=worker, organisation=organisation)
    own_neighbourhoods = list(membership.neighbourhoods.all()[:2])
    try:
        with transaction.atomic():
            # One worker's contacts are stored one at a time, so their week is counted right.
            Membership.objects.select_for_update().filter(pk=membership.pk).values_list("pk").first()
            if new_youth_alias.strip():
                youth = youth_for_alias(
                    user=worker, organisation=organisation, alias=new_youth_alias, age_band=new_youth_age_band,
                    neighbourhood=neighbourhood or (own_neighbourhoods[0] if len(own_neighbourhoods) == 1 else None),
                )
            if youth is not None:
                lock_youth(youth)
                neighbourhood = youth.neighbourhood
            if neighbourhood is None and len(own_neighbourhoods) == 1:
                # A contact without a place counts where its worker works, if that is one neighbourhood.
                neighbourhood = own_neighbourhoods[0]
            contact = Contact.objects.create(
                organisation=organisation, worker=worker, idempotency_key=idempotency_key, youth=youth,
                age_band=age_band if youth is None else "", neighbourhood=neighbourhood, channel=channel,
                is_online=is_online(channel),
                is_synchronous=is_synchronous_by_default(channel) if synchronous is None else synchronous,
                started_at=started_at, duration_minutes=duration_minutes, initiated_by=initiated_by,
                character=character, forms_of_work=[v for v in FormOfWork.values if v in forms_of_work],
                topics=[v for v in Topic.values if v in topics], offline_meeting=offline_meeting,
                note=note.strip(), out_of_hours=not working_hours.is_within(hours_of(membership), started_at),
            )
            if youth is not None:
                first_contacts_mark(youth_ids=[youth.pk])
                reach_refresh(organisation_id=organisation.pk, worker_id=worker.pk, youth_id=youth.pk)
            weeks_refresh(organisation_id=organisation.pk, worker_id=worker.pk, moments=[started_at])
            audit.record(worker, AuditEvent.Action.CREATE, contact)
    except IntegrityError:
        # A double tap raced this one past the check above: the first submission stands.
        existing = Contact.objects.filter(worker=worker, idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing, False
    return contact, True


REPEATED_FIELDS = (
    "channel", "duration_minutes", "initiated_by", "character", "forms_of_work", "topics", "is_synchronous",
)


def contact_repeat(
    *, organisation: Organisation, worker: User, idempotency_key: uuid.UUID, last: Contact,
    started_at: datetime | None = None,
) -> tuple[Contact, bool]:
    """"Same as last time with this young person": a new contact now, like `last` (which must be
    the worker's own), without its note or offline meeting."""
    if last.worker_id != worker.pk or last.youth_id is None:
        raise ValidationError(_("Only your own contacts with a young person can be repeated."))
    fields = {name: getattr(last, name) for name in REPEATED_FIELDS}
    synchronous = fields.pop("is_synchronous")
    return contact_create(
        organisation=organisation, worker=worker, idempotency_key=idempotency_key, youth=last.youth,
        started_at=started_at or timezone.now().replace(second=0, microsecond=0), synchronous=synchronous,
        **fields,
    )


def signal_link(*, contact: Contact, signal, by: User) -> ContactSignal:
    """Link a signal logged from a contact to it; linking twice keeps one link."""
    if signal.organisation_id != contact.organisation_id:
        raise ValidationError(_("The signal and the contact belong to different organisations."))
    with transaction.atomic():
        link, created = ContactSignal.objects.get_or_create(contact=contact, signal=signal, defaults={"created_by": by})
        if created:
            audit.record(by, AuditEvent.Action.UPDATE, contact, signal=signal.pk)
    return link
