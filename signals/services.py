"""Every change to a signal. Steps advance with a conditional update on the version the
user saw, so two people acting at once cannot both win: the second is told it changed."""

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jongerenwerk.core import audit, services as core_services
from jongerenwerk.core.reminders import notify
from jongerenwerk.core.models import AuditEvent, Neighbourhood, Organisation, Role, User, Youth
from jongerenwerk.core.selectors import members_with_role, membership_of
from signals import rules
from signals.attachments import attachments_check, attachments_store
from signals.models import (
    Addendum,
    Category,
    Consultation,
    FollowUpAction,
    Outcome,
    Severity,
    Share,
    Signal,
    Step,
    Transition,
)
from signals.permissions import may_complete_action
from signals.selectors import signals_visible_to


class SignalChanged(Exception):
    """Someone else changed the signal since the page was loaded."""


def _url(signal: Signal) -> str:
    return reverse("signals:detail", args=[signal.pk])


def _due(category: Category, step: str, now: datetime) -> datetime | None:
    hours = category.step_deadline_hours.get(step)
    return now + timedelta(hours=hours) if hours and step != Step.CLOSED else None


def _alert(signal: Signal, roles, message: str, key: str, **params) -> None:
    users = [m.user for role in roles for m in members_with_role(signal.organisation, role)]
    notify(users=users, message=message, params=params, url=_url(signal), key=f"signal:{signal.pk}:{key}")


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
                youths.append(_youth_by_alias(organisation, new_youth_alias, new_youth_age_band, neighbourhood, reporter))
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
                _alert(
                    signal, [rule["role"]],
                    gettext_noop("A signal needs your attention within %(hours)s hours under its protocol."),
                    f"inform:{rule['role']}", hours=rule["hours"],
                )
            if severity == Severity.ACUUT:
                _alert(
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


def _youth_by_alias(organisation, alias: str, age_band: str, neighbourhood, by: User) -> Youth:
    existing = Youth.objects.filter(organisation=organisation, alias__iexact=alias.strip()).first()
    return existing or core_services.youth_create(
        organisation=organisation, alias=alias, age_band=age_band or "?", neighbourhood=neighbourhood, by=by
    )


def _advance(signal: Signal, *, expected_version: int, by: User, to_step: str, reason: str = "", **fields) -> Signal:
    now = timezone.now()
    updated = Signal.objects.filter(pk=signal.pk, version=expected_version).update(
        version=F("version") + 1,
        step=to_step,
        step_due_at=_due(signal.category, to_step, now),
        closed_at=now if to_step == Step.CLOSED else None,
        **fields,
    )
    if not updated:
        raise SignalChanged
    Transition.objects.create(signal=signal, from_step=signal.step, to_step=to_step, by=by, reason=reason)
    audit.record(by, AuditEvent.Action.UPDATE, signal, step=to_step)
    signal.refresh_from_db()
    return signal


def _require_step(signal: Signal, step: str) -> None:
    if signal.step != step:
        raise ValidationError(_("This step is not open for this signal now."))


def addendum_add(*, signal: Signal, author: User, text: str) -> Addendum:
    if not text.strip():
        raise ValidationError({"text": _("Write the addition or correction.")})
    with transaction.atomic():
        addendum = Addendum.objects.create(signal=signal, author=author, text=text.strip())
        audit.record(author, AuditEvent.Action.UPDATE, signal, addendum=addendum.pk)
    return addendum


def consultation_add(*, signal: Signal, author: User, weighing: str) -> Consultation:
    if signal.is_closed:
        raise ValidationError(_("This signal is closed."))
    if author.pk == signal.reporter_id:
        raise ValidationError(_("A colleague other than the reporter weighs the signal."))
    if not weighing.strip():
        raise ValidationError({"weighing": _("Write your weighing.")})
    with transaction.atomic():
        consultation = Consultation.objects.create(signal=signal, author=author, weighing=weighing.strip())
        audit.record(author, AuditEvent.Action.UPDATE, signal, consultation=consultation.pk)
    return consultation


def consultation_missing(signal: Signal) -> str | None:
    """What the consultation still lacks, or None when it may be completed."""
    authors = {c.author_id for c in signal.consultations.all()} - {signal.reporter_id}
    if not authors:
        return _("At least one colleague other than the reporter must record their weighing.")
    if rules.needs_safeguarding_officer(signal.severity, signal.category.is_special):
        officers = set(members_with_role(signal.organisation, Role.AANDACHTSFUNCTIONARIS).values_list("user_id", flat=True))
        if not authors & officers:
            return _("For this signal the safeguarding officer takes part in the consultation.")
    return None


def consultation_complete(*, signal: Signal, by: User, expected_version: int) -> Signal:
    _require_step(signal, Step.CONSULTATION)
    missing = consultation_missing(signal)
    if missing:
        raise ValidationError(missing)
    to_step = rules.next_step(signal.category.steps_for(signal.severity), Step.CONSULTATION)
    with transaction.atomic():
        if to_step == Step.CLOSED:
            # A trend sighting or a positive signal closes after consultation, as monitoring.
            return _advance(signal, expected_version=expected_version, by=by, to_step=Step.CLOSED,
                            reason=_("Closed after consultation: monitoring."), outcome=Outcome.MONITORING)
        return _advance(signal, expected_version=expected_version, by=by, to_step=to_step)


def conversation_record(*, signal: Signal, by: User, expected_version: int, note: str = "", skipped_reason: str = "") -> Signal:
    _require_step(signal, Step.CONVERSATION)
    note, skipped_reason = note.strip(), skipped_reason.strip()
    if bool(note) == bool(skipped_reason):
        raise ValidationError(_("Record the conversation, or the reason it was skipped."))
    to_step = rules.next_step(signal.category.steps_for(signal.severity), Step.CONVERSATION)
    with transaction.atomic():
        return _advance(signal, expected_version=expected_version, by=by, to_step=to_step, reason=skipped_reason,
                        conversation_note=note, conversation_skipped_reason=skipped_reason)


def acute_fast_path(*, signal: Signal, by: User, expected_version: int, reason: str) -> Signal:
    """Skip consultation and conversation, with a reason; the officer and manager are alerted at once."""
    if signal.step not in (Step.CONSULTATION, Step.CONVERSATION):
        raise ValidationError(_("The fast path is only possible before the weighing."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this cannot wait.")})
    with transaction.atomic():
        signal = _advance(signal, expected_version=expected_version, by=by, to_step=Step.WEIGHING,
                          reason=reason.strip(), is_acute_path=True)
        _alert(signal, [Role.AANDACHTSFUNCTIONARIS, Role.LEIDINGGEVENDE],
               gettext_noop("A signal was put on the acute fast path. Please look at it now."), "fast-path")
    return signal


def weighing_record(*, signal: Signal, by: User, expected_version: int, q1: bool, q2: bool) -> Signal:
    _require_step(signal, Step.WEIGHING)
    to_step = rules.next_step(signal.category.steps_for(signal.severity), Step.WEIGHING)
    with transaction.atomic():
        return _advance(signal, expected_version=expected_version, by=by, to_step=to_step,
                        q1_suspicion=q1, q2_acute_or_structural=q2)


def report_recorded(signal: Signal) -> bool:
    return signal.shares.filter(recipient=Share.Recipient.VEILIG_THUIS).exists()


def decision_record(
    *, signal: Signal, by: User, expected_version: int, outcome: str,
    q3: bool | None = None, q4: bool | None = None, q5: bool | None = None,
) -> Signal:
    """Record the decision; the signal closes unless a required report is still missing."""
    _require_step(signal, Step.DECISION)
    if signal.q1_suspicion is None:
        raise ValidationError(_("Weigh the signal before deciding."))
    if signal.q1_suspicion and None in (q3, q4, q5):
        raise ValidationError(_("Answer questions 3, 4 and 5."))
    answers = rules.Answers(signal.q1_suspicion, bool(signal.q2_acute_or_structural), bool(q3), bool(q4), bool(q5))
    if outcome not in rules.allowed_outcomes(answers):
        raise ValidationError({"outcome": _("This outcome does not fit the answers of the afwegingskader.")})
    fields = {"outcome": outcome, "q3_help_possible": q3, "q4_help_accepted": q4, "q5_safety_in_time": q5}
    with transaction.atomic():
        if rules.report_required(answers) and not report_recorded(signal):
            # Stays at the decision until the report to Veilig Thuis is recorded.
            updated = Signal.objects.filter(pk=signal.pk, version=expected_version).update(
                version=F("version") + 1, **fields
            )
            if not updated:
                raise SignalChanged
            audit.record(by, AuditEvent.Action.UPDATE, signal, outcome=outcome)
            signal.refresh_from_db()
            return signal
        return _advance(signal, expected_version=expected_version, by=by, to_step=Step.CLOSED, **fields)


def may_close(signal: Signal) -> bool:
    if signal.q1_suspicion is None or not signal.outcome:
        return signal.outcome == Outcome.MONITORING
    answers = rules.Answers(
        signal.q1_suspicion, bool(signal.q2_acute_or_structural), bool(signal.q3_help_possible),
        bool(signal.q4_help_accepted), bool(signal.q5_safety_in_time),
    )
    return not rules.report_required(answers) or report_recorded(signal)


MINIMAL_FIELDS = ["category", "date", "neighbourhood", "pseudonym"]
SHAREABLE_FIELDS = [*MINIMAL_FIELDS, "facts"]


def share_record(
    *, signal: Signal, by: User, recipient: str, recipient_name: str, legal_basis: str, fields: list[str]
) -> Share:
    """Record what was shared with a partner; only once a decision has been taken."""
    if not signal.outcome:
        raise ValidationError(_("Sharing is possible only after a decision."))
    unknown = set(fields) - set(SHAREABLE_FIELDS)
    if unknown or not fields:
        raise ValidationError({"fields": _("Choose which fields were shared.")})
    with transaction.atomic():
        share = Share.objects.create(
            signal=signal, recipient=recipient, recipient_name=recipient_name.strip(),
            legal_basis=legal_basis, fields=[f for f in SHAREABLE_FIELDS if f in fields], shared_by=by,
        )
        audit.record(by, AuditEvent.Action.SHARE, signal, recipient=recipient, fields=share.fields)
        signal.refresh_from_db()
        if signal.step == Step.DECISION and may_close(signal):
            _advance(signal, expected_version=signal.version, by=by, to_step=Step.CLOSED,
                     reason=_("The required report is recorded."))
    return share


def action_add(*, signal: Signal, by: User, description: str, owner: User, due_on: date) -> FollowUpAction:
    """Give someone who may see the signal a follow-up action; they are told unless it is their own.
    Closed signals take actions too: monitoring agreements are followed up."""
    if signal.anonymised_at is not None:
        raise ValidationError(_("This signal is anonymised."))
    if not description.strip():
        raise ValidationError({"description": _("Describe the action.")})
    owner_membership = membership_of(owner)
    if owner_membership is None or owner_membership.organisation_id != signal.organisation_id:
        raise ValidationError({"owner": _("Choose someone of your organisation.")})
    if not signals_visible_to(owner).filter(pk=signal.pk).exists():
        raise ValidationError({"owner": _("Choose someone who can see this signal.")})
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The due date cannot lie in the past.")})
    with transaction.atomic():
        action = FollowUpAction.objects.create(
            signal=signal, description=description.strip(), owner=owner, due_on=due_on
        )
        audit.record(by, AuditEvent.Action.UPDATE, signal, follow_up_action=action.pk, owner=owner.pk)
        if owner.pk != by.pk:
            # The e-mail says only that there is something to do: no words about the young person.
            notify(
                users=[owner], message=gettext_noop("A follow-up action was assigned to you."),
                url=_url(signal), key=f"action:{action.pk}:assigned",
            )
    return action


def action_complete(*, action: FollowUpAction, by: User) -> bool:
    """Mark the action done; False when it already was (a second tap changes nothing)."""
    if not may_complete_action(by, action):
        raise PermissionDenied
    with transaction.atomic():
        done = FollowUpAction.objects.filter(pk=action.pk, done_at=None).update(done_at=timezone.now())
        if done:
            audit.record(by, AuditEvent.Action.UPDATE, action.signal, follow_up_done=action.pk)
    action.refresh_from_db(fields=["done_at"])
    return bool(done)


def legal_hold_set(*, signal: Signal, by: User, hold: bool, reason: str) -> bool:
    """Place (`hold`) or lift a legal hold, which keeps retention from anonymising the signal.
    Returns whether anything changed: asking for the state the signal already has does nothing."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the legal hold.") if hold
                               else _("Give the reason for lifting the legal hold.")})
    too_late = _("This signal is already anonymised: a legal hold can no longer keep anything.")
    if hold and signal.anonymised_at is not None:
        raise ValidationError(too_late)
    changing = Signal.objects.filter(pk=signal.pk, legal_hold=not hold)
    if hold:
        # Retention may be anonymising this signal right now: the hold only counts if it came first.
        changing = changing.filter(anonymised_at=None)
    with transaction.atomic():
        changed = changing.update(legal_hold=hold)
        if changed:
            audit.record(by, AuditEvent.Action.UPDATE, signal, legal_hold=hold, reason=reason.strip())
    signal.refresh_from_db(fields=["legal_hold", "anonymised_at"])
    if signal.legal_hold != hold:
        raise ValidationError(too_late)
    return bool(changed)
