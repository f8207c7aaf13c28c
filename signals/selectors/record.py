"""What the record of a signal shows: per step of the reporting code, who did it, when, and
what was recorded (the weighings, the conversation or why it was skipped, each answer of the
afwegingskader in words, every decision with its reasoning), in the code's order.

Everything comes from the signal as `selectors.records.signal_page` loads it (its transitions,
consultations, decisions and shares are prefetched), so the record costs no queries of its own.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jongerenwerk.core.models import User
from signals.models import HANDLING_STEPS, Outcome, Share, Signal, Step

YES_NO = {True: gettext_lazy("yes"), False: gettext_lazy("no"), None: "—"}
QUESTIONS = {
    "q1": gettext_lazy("1. Is there a suspicion of unsafety or harm?"),
    "q2": gettext_lazy("2. Is there acute or structural unsafety?"),
    "q3": gettext_lazy("3. Can we offer or organise help?"),
    "q4": gettext_lazy("4. Do those involved accept the help?"),
    "q5": gettext_lazy("5. Does the help lead to safety in time?"),
}


@dataclass
class Entry:
    """One thing recorded in a step: who, when, and what, as (label, text) lines."""

    by: User | None
    at: datetime | None
    lines: list[tuple[str, str]] = field(default_factory=list)
    title: str = ""


@dataclass
class RecordedStep:
    number: int
    title: str
    state: str  # "done", "open" (the signal is here now), "ahead", "skipped" or "not-in-protocol"
    entries: list[Entry] = field(default_factory=list)

    @property
    def state_label(self) -> str:
        return {
            "done": _("done"), "open": _("now"), "ahead": _("still to come"), "skipped": _("skipped"),
            "not-in-protocol": _("not asked by the protocol at this severity"),
        }[self.state]


def _leaving(signal: Signal, step: str):
    """The transition that took the signal out of `step`, if any."""
    return next((t for t in signal.transitions.all() if t.from_step == step), None)


def _state(signal: Signal, step: str, protocol: list[str]) -> str:
    if step not in protocol:
        return "not-in-protocol"
    if signal.step == step:
        return "open"
    if _leaving(signal, step) is not None:
        return "done"
    order = [*HANDLING_STEPS, Step.CLOSED]
    if order.index(signal.step) > order.index(step):
        return "skipped"  # passed by the acute fast path
    return "ahead"


def handling_record(signal: Signal) -> list[RecordedStep]:
    protocol = signal.category.steps_for(signal.severity)
    # The acute fast path leaves consultation or conversation straight for the weighing.
    fast = next((t for t in signal.transitions.all() if signal.is_acute_path and t.to_step == Step.WEIGHING
                 and t.from_step in (Step.CONSULTATION, Step.CONVERSATION)), None)
    steps = [RecordedStep(1, _("Map the signals"), "done", [
        Entry(signal.reporter, signal.created_at, [(_("Logged"), _("facts, interpretation and counter-signals above"))]),
    ])]

    consultation = RecordedStep(2, _("Collegial consultation"), _state(signal, Step.CONSULTATION, protocol))
    consultation.entries = [
        Entry(c.author, c.created_at, [(_("Weighing"), c.weighing)]) for c in signal.consultations.all()
    ]
    done = _leaving(signal, Step.CONSULTATION)
    if done is not None and done is not fast:
        lines = [(_("Reason"), done.reason)] if done.reason else []
        consultation.entries.append(Entry(done.by, done.at, lines, _("The consultation was completed")))
    steps.append(consultation)

    conversation = RecordedStep(3, _("Conversation with the young person"), _state(signal, Step.CONVERSATION, protocol))
    if signal.conversation_note or signal.conversation_skipped_reason:
        done = _leaving(signal, Step.CONVERSATION)
        line = ((_("What was said"), signal.conversation_note) if signal.conversation_note
                else (_("Skipped, because"), signal.conversation_skipped_reason))
        conversation.entries.append(Entry(done.by if done else None, done.at if done else None, [line]))
    steps.append(conversation)

    if fast is not None:
        left = consultation if fast.from_step == Step.CONSULTATION else conversation
        left.entries.append(Entry(fast.by, fast.at, [(_("Acute fast path, because"), fast.reason)]))

    weighing = RecordedStep(4, _("Weighing (afwegingskader)"), _state(signal, Step.WEIGHING, protocol))
    if signal.q1_suspicion is not None:
        done = _leaving(signal, Step.WEIGHING)
        weighing.entries.append(Entry(done.by if done else None, done.at if done else None, [
            (str(QUESTIONS["q1"]), str(YES_NO[signal.q1_suspicion])),
            (str(QUESTIONS["q2"]), str(YES_NO[signal.q2_acute_or_structural])),
        ]))
    steps.append(weighing)

    decision = RecordedStep(5, _("Decision"), _state(signal, Step.DECISION, protocol))
    decisions = list(signal.decisions.all())
    for number, decided in enumerate(decisions):
        lines = []
        if signal.q1_suspicion:
            lines += [(str(QUESTIONS[q]), str(YES_NO[getattr(decided, field)])) for q, field in (
                ("q3", "q3_help_possible"), ("q4", "q4_help_accepted"), ("q5", "q5_safety_in_time"))]
        lines += [(_("Decision"), decided.get_outcome_display()), (_("Reasoning"), decided.reasoning or "—")]
        if decided.revision_reason:
            lines.insert(0, (_("Changed, because"), decided.revision_reason))
        title = _("Earlier decision, since changed") if number < len(decisions) - 1 else ""
        decision.entries.append(Entry(decided.by, decided.at, lines, title))
    reports = [s for s in signal.shares.all() if s.recipient == Share.Recipient.VEILIG_THUIS]
    for report in reports:
        decision.entries.append(Entry(report.shared_by, report.shared_at, [(_("Report to Veilig Thuis"),
                                                                            report.recipient_name)]))
    if signal.is_closed and signal.outcome == Outcome.MONITORING and not decisions:
        closed = _leaving(signal, Step.CONSULTATION)
        decision.entries.append(Entry(closed.by if closed else None, signal.closed_at,
                                      [(_("Decision"), signal.get_outcome_display())]))
    steps.append(decision)
    return steps


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    by: User
    text: str


def history(signal: Signal) -> list[HistoryLine]:
    """Every move of the signal from step to step, with the reason in words where one was given."""
    lines = []
    for move in signal.transitions.all():
        if not move.from_step:
            text = _("Logged; first step: %(step)s") % {"step": move.get_to_step_display()}
        else:
            text = _("%(from)s → %(to)s") % {"from": move.get_from_step_display(), "to": move.get_to_step_display()}
        if move.reason:
            if move.from_step == Step.CONVERSATION and move.reason == signal.conversation_skipped_reason:
                label = _("conversation skipped, because")
            elif signal.is_acute_path and move.to_step == Step.WEIGHING:
                label = _("acute fast path, because")
            else:
                label = _("reason")
            text = f"{text} ({label}: {move.reason})"
        lines.append(HistoryLine(move.at, move.by, text))
    return lines
