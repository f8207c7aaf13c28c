"""What is shared with partners, on which legal basis, by whom."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jongerenwerk.core import audit
from jongerenwerk.core.models import AuditEvent, User
from signals import rules
from signals.models import Share, Signal
from signals.services.handling import close_if_reported


def share_record(
    *, signal: Signal, by: User, recipient: str, recipient_name: str, legal_basis: str, fields: list[str]
) -> Share:
    """Record what was shared with a partner; only once a decision has been taken."""
    if not signal.outcome:
        raise ValidationError(_("Sharing is possible only after a decision."))
    unknown = set(fields) - set(rules.SHAREABLE_FIELDS)
    if unknown or not fields:
        raise ValidationError({"fields": _("Choose which fields were shared.")})
    fields = [f for f in rules.SHAREABLE_FIELDS if f in fields]
    repeated = Share.objects.filter(
        signal=signal, shared_by=by, recipient=recipient, recipient_name=recipient_name.strip(),
        legal_basis=legal_basis, fields=fields, shared_at__gte=timezone.now() - rules.REPEAT_WINDOW,
    ).first()
    if repeated is not None:
        return repeated
    with transaction.atomic():
        share = Share.objects.create(
            signal=signal, recipient=recipient, recipient_name=recipient_name.strip(),
            legal_basis=legal_basis, fields=fields, shared_by=by,
        )
        audit.record(by, AuditEvent.Action.SHARE, signal, recipient=recipient, fields=share.fields)
        close_if_reported(signal=signal, by=by)
    return share
