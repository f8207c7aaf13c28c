"""Logging a signal, and what is added to its record afterwards.

A signal's facts are fixed once submitted: corrections are addenda.
"""

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jongerenwerk.core import audit
from jongerenwerk.core import services as core_services
from jongerenwerk.core.models import AuditEvent, Neighbourhood, Organisation, Role, User, Youth
from signals import rules
from signals.models import Addendum, Category, Severity, Signal, Transition
from signals.services.evidence import attachments_check, attachments_store
from signals.services.handling import _due, alert


def signal_create(
    *,
    organisation: Organisation,
    reporter: User,
    idempotency_key: uuid.UUID,
    category: Category,
    source: str,
    observed_at: datetime,
    neighbourhood: Neighbourhood | None,
    severity: str,
    facts: str,
    youths: list[Youth] = (),
    group_description: str = "",
    interpretation: str = "",
    counter_signals: str = "",
    checked_offline: bool = False,
    new_youth_alias: str = "",
    new_youth_age_band: str = "?",
    attachments: Sequence[UploadedFile] = (),
) -> tuple[Signal, bool]:
    """Log a signal; returns it and whether it is new. A repeated submission returns the first
    and stores none of its files again.

    `new_youth_alias` names a young person typed inline: found in the register, or added to it.
    """
    existing = Signal.objects.filter(reporter=reporter, idempotency_key=idempotency_key).first()
    if existing is None:
        # The Back button brings the form back with a new key: the same facts in the same
        # category from the same reporter within minutes are that signal, sent again.
        existing = Signal.objects.filter(
            reporter=reporter, category=category, facts=facts.strip(),
            created_at__gte=timezone.now() - rules.REPEAT_WINDOW,
        ).first()
    if existing is not None:
        return existing, False
    if category.organisation_id != organisation.pk:
        raise ValidationError({"category": _("Choose a category of your organisation.")})
    if neighbourhood is not None and neighbourhood.organisation_id != organisation.pk:
        raise ValidationError({"neighbourhood": _("Choose a neighbourhood of your organisation.")})
    if any(youth.organisation_id != organisation.pk for youth in youths):
        raise ValidationError({"youths": _("Choose young people from your organisation's register.")})
    if observed_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"observed_at": _("The observation cannot lie in the future.")})
    if not facts.strip():
        raise ValidationError({"facts": _("Describe what you saw.")})
    accepted_files = attachments_check(category=category, files=attachments)
    now = timezone.now()
    step = rules.first_step(category.steps_for(severity))
    try:
        with transaction.atomic():
            youths = list(youths)
            if new_youth_alias.strip():
                youths.append(core_services.youth_for_alias(
                    organisation=organisation, alias=new_youth_alias, age_band=new_youth_age_band,
                    neighbourhood=neighbourhood, by=reporter,
                ))
            signal = Signal.objects.create(
                organisation=organisation, reporter=reporter, idempotency_key=idempotency_key, category=category,
                source=source, observed_at=observed_at, neighbourhood=neighbourhood, severity=severity,
                facts=facts.strip(), group_description=group_description.strip(),
                interpretation=interpretation.strip(), counter_signals=counter_signals.strip(),
                checked_offline=checked_offline, step=step, step_due_at=_due(category, step, now),
            )
            signal.youths.set(youths)
            Transition.objects.create(signal=signal, from_step="", to_step=step, by=reporter, reason="")
            audit.record(reporter, AuditEvent.Action.CREATE, signal)
            for rule in category.inform:
                alert(
                    signal, [rule["role"]],
                    gettext_noop("A signal needs your attention within %(hours)s hours under its protocol."),
                    f"inform:{rule['role']}", hours=rule["hours"],
                )
            if severity == Severity.ACUUT:
                alert(
                    signal, [Role.AANDACHTSFUNCTIONARIS, Role.LEIDINGGEVENDE],
                    gettext_noop("An acute signal was logged. Please look at it now."), "acute",
                )
            if accepted_files:
                # Last, so nothing after the files are written can roll the signal back.
                attachments_store(signal=signal, by=reporter, accepted=accepted_files)
    except IntegrityError:
        # A double tap raced this one past the check above: the first submission stands.
        return Signal.objects.get(reporter=reporter, idempotency_key=idempotency_key), False
    return signal, True


def addendum_add(*, signal: Signal, author: User, text: str) -> Addendum:
    """Append an addition or correction; the same text sent again soon after is the first one."""
    if signal.anonymised_at is not None:
        raise ValidationError(_("This signal is anonymised; nothing can be added to it."))
    if not text.strip():
        raise ValidationError({"text": _("Write the addition or correction.")})
    repeated = Addendum.objects.filter(
        signal=signal, author=author, text=text.strip(), created_at__gte=timezone.now() - rules.REPEAT_WINDOW
    ).first()
    if repeated is not None:
        return repeated
    with transaction.atomic():
        addendum = Addendum.objects.create(signal=signal, author=author, text=text.strip())
        audit.record(author, AuditEvent.Action.UPDATE, signal, addendum=addendum.pk)
    return addendum
