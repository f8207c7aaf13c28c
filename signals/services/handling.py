"""The five steps of the reporting code. Steps advance with a conditional update on the version
the user saw, so two people acting at once cannot both win: the second is told it changed."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jongerenwerk.core import audit
from jongerenwerk.core.models import AuditEvent, Role, User
from jongerenwerk.core.reminders import notify
from jongerenwerk.core.selectors import members_with_role
from signals import rules
from signals.models import Category, Consultation, Decision, Outcome, Signal, Step, Transition
from signals.selectors.records import consultation_missing, may_close, report_recorded


class SignalChanged(Exception):
    """Someone else changed the signal since the page was loaded."""


def signal_url(signal: Signal) -> str:
    return reverse("signals:detail", args=[signal.pk])


def _due(category: Category, step: str, now: datetime) -> datetime | None:
    hours = category.step_deadline_hours.get(step)
    return now + timedelta(hours=hours) if hours and step != Step.CLOSED else None


def alert(signal: Signal, roles, message: str, key: str, **params) -> None:
    users = [m.user for role in roles for m in members_with_role(signal.organisation, role)]
    notify(users=users, message=message, params=params, url=signal_url(signal), key=f"signal:{signal.pk}:{key}")


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


def _require_step(signal: Signal, step: str, expected_version: int) -> None:
    # A page loaded before someone else's change says so first: its step may have moved on.
    if signal.version != expected_version:
        raise SignalChanged
    if signal.step != step:
        raise ValidationError(_("This step is not open for this signal now."))


def consultation_add(*, signal: Signal, author: User, weighing: str) -> Consultation:
    if signal.is_closed:
        raise ValidationError(_("This signal is closed."))
    if author.pk == signal.reporter_id:
        raise ValidationError(_("A colleague other than the reporter weighs the signal."))
    if not weighing.strip():
        raise ValidationError({"weighing": _("Write your weighing.")})
    repeated = Consultation.objects.filter(
        signal=signal, author=author, weighing=weighing.strip(), created_at__gte=timezone.now() - rules.REPEAT_WINDOW
    ).first()
    if repeated is not None:
        return repeated
    with transaction.atomic():
        consultation = Consultation.objects.create(signal=signal, author=author, weighing=weighing.strip())
        audit.record(author, AuditEvent.Action.UPDATE, signal, consultation=consultation.pk)
    return consultation


def consultation_complete(*, signal: Signal, by: User, expected_version: int) -> Signal:
    _require_step(signal, Step.CONSULTATION, expected_version)
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
    _require_step(signal, Step.CONVERSATION, expected_version)
    note, skipped_reason = note.strip(), skipped_reason.strip()
    if bool(note) == bool(skipped_reason):
        raise ValidationError(_("Record the conversation, or the reason it was skipped."))
    to_step = rules.next_step(signal.category.steps_for(signal.severity), Step.CONVERSATION)
    with transaction.atomic():
        return _advance(signal, expected_version=expected_version, by=by, to_step=to_step, reason=skipped_reason,
                        conversation_note=note, conversation_skipped_reason=skipped_reason)


def acute_fast_path(*, signal: Signal, by: User, expected_version: int, reason: str) -> Signal:
    """Skip consultation and conversation, with a reason; the officer and manager are alerted at once."""
    if signal.version != expected_version:
        raise SignalChanged
    if signal.step not in (Step.CONSULTATION, Step.CONVERSATION):
        raise ValidationError(_("The fast path is only possible before the weighing."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this cannot wait.")})
    with transaction.atomic():
        signal = _advance(signal, expected_version=expected_version, by=by, to_step=Step.WEIGHING,
                          reason=reason.strip(), is_acute_path=True)
        alert(signal, [Role.AANDACHTSFUNCTIONARIS, Role.LEIDINGGEVENDE],
               gettext_noop("A signal was put on the acute fast path. Please look at it now."), "fast-path")
    return signal


def weighing_record(*, signal: Signal, by: User, expected_version: int, q1: bool, q2: bool) -> Signal:
    _require_step(signal, Step.WEIGHING, expected_version)
    to_step = rules.next_step(signal.category.steps_for(signal.severity), Step.WEIGHING)
    with transaction.atomic():
        return _advance(signal, expected_version=expected_version, by=by, to_step=to_step,
                        q1_suspicion=q1, q2_acute_or_structural=q2)


def _decide(
    *, signal: Signal, by: User, expected_version: int, outcome: str, reasoning: str, revision_reason: str,
    q3: bool | None, q4: bool | None, q5: bool | None,
) -> Signal:
    if signal.q1_suspicion is None:
        raise ValidationError(_("Weigh the signal before deciding."))
    if signal.q1_suspicion and None in (q3, q4, q5):
        raise ValidationError(_("Answer questions 3, 4 and 5."))
    if not reasoning.strip():
        raise ValidationError({"reasoning": _("Say why you decide this.")})
    answers = rules.Answers(signal.q1_suspicion, bool(signal.q2_acute_or_structural), bool(q3), bool(q4), bool(q5))
    if outcome not in rules.allowed_outcomes(answers):
        raise ValidationError({"outcome": _("This outcome does not fit the answers of the afwegingskader.")})
    fields = {"outcome": outcome, "q3_help_possible": q3, "q4_help_accepted": q4, "q5_safety_in_time": q5}
    with transaction.atomic():
        decision = Decision.objects.create(
            signal=signal, by=by, reasoning=reasoning.strip(), revision_reason=revision_reason.strip(),
            outcome=outcome, q3_help_possible=q3, q4_help_accepted=q4, q5_safety_in_time=q5,
        )
        if rules.report_required(answers) and not report_recorded(signal):
            # Stays at the decision until the report to Veilig Thuis is recorded.
            updated = Signal.objects.filter(pk=signal.pk, version=expected_version).update(
                version=F("version") + 1, **fields
            )
            if not updated:
                raise SignalChanged
            audit.record(by, AuditEvent.Action.UPDATE, signal, outcome=outcome, decision=decision.pk)
            signal.refresh_from_db()
            return signal
        return _advance(signal, expected_version=expected_version, by=by, to_step=Step.CLOSED, **fields)


def decision_record(
    *, signal: Signal, by: User, expected_version: int, outcome: str, reasoning: str,
    q3: bool | None = None, q4: bool | None = None, q5: bool | None = None,
) -> Signal:
    """Record the decision and its reasoning; the signal closes unless a required report is
    still missing. A decision already recorded is never replaced here: see `decision_revise`."""
    _require_step(signal, Step.DECISION, expected_version)
    if signal.outcome:
        raise ValidationError(_("A decision is already recorded. Change it explicitly, with the reason."))
    return _decide(signal=signal, by=by, expected_version=expected_version, outcome=outcome, reasoning=reasoning,
                   revision_reason="", q3=q3, q4=q4, q5=q5)


def decision_revise(
    *, signal: Signal, by: User, expected_version: int, outcome: str, reasoning: str, revision_reason: str,
    q3: bool | None = None, q4: bool | None = None, q5: bool | None = None,
) -> Signal:
    """Change a decision that waits for its report, explicitly: the reason is required and the
    earlier decision stays in the record. A closed signal's decision stands."""
    _require_step(signal, Step.DECISION, expected_version)
    if not signal.outcome:
        raise ValidationError(_("No decision is recorded yet."))
    if not revision_reason.strip():
        raise ValidationError({"revision_reason": _("Say why the earlier decision is changed.")})
    return _decide(signal=signal, by=by, expected_version=expected_version, outcome=outcome, reasoning=reasoning,
                   revision_reason=revision_reason, q3=q3, q4=q4, q5=q5)


def close_if_reported(*, signal: Signal, by: User) -> None:
    """Close a decided signal once the report its decision requires is recorded."""
    signal.refresh_from_db()
    if signal.step == Step.DECISION and may_close(signal):
        _advance(signal, expected_version=signal.version, by=by, to_step=Step.CLOSED,
                 reason=_("The required report is recorded."))
