"""A member's "read and understood" of the handbook version in force."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jongerenwerk.core import audit
from jongerenwerk.core.models import AuditEvent, Membership, User
from policy.models import Acknowledgement, Version
from policy.selectors.handbook import current_of, versions_of


def acknowledgement_record(
    *, user: User, membership: Membership, version: Version, now: datetime | None = None
) -> tuple[Acknowledgement, bool]:
    """Record that `user` read and understood `version`, which must be the one in force.
    Returns the acknowledgement and whether it is new (a second click records nothing)."""
    now = now or timezone.now()
    if version.organisation_id != membership.organisation_id:
        raise ValidationError(_("This version is not your organisation's."))
    existing = Acknowledgement.objects.filter(user=user, version=version).first()
    if existing is not None:
        return existing, False
    current = current_of(versions_of(membership.organisation_id), now)
    if current is None or current.pk != version.pk:
        raise ValidationError(_("Only the version in force can be acknowledged; the handbook has changed since."))
    try:
        with transaction.atomic():
            acknowledgement = Acknowledgement.objects.create(
                organisation_id=membership.organisation_id, user=user, version=version, acknowledged_at=now
            )
            audit.record(user, AuditEvent.Action.CREATE, acknowledgement, version=version.number)
    except IntegrityError:
        # The same click arrived twice at once: the other request recorded it.
        return Acknowledgement.objects.get(user=user, version=version), False
    return acknowledgement, True
