"""What someone may do with a signal they can see, given who they are and where the signal is.

`get_signal_for` returns the signal and its `Abilities`. Views check the person's part in
the signal (`can.handler`, `can.decider`, ...: 403 when they have none) and leave the state to
the services (a step not open now is refused with the reason). Templates read only the
state-aware abilities (`can.complete_consultation`, `can.decide`, ...) and never compare a
step, a role or a status string.
"""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from jongerenwerk.core.models import Membership, User
from jongerenwerk.core.roles import OVERSEERS, YOUTH_WORK, Role
from jongerenwerk.core.scope import role_of
from signals import rules
from signals.models import Category, FollowUpAction, Signal, Step
from signals.selectors.protocols import categories_managed_by
from signals.selectors.records import may_close, signal_page, signals_visible_to


@dataclass(frozen=True)
class Abilities:
    # The person's part in the signal, whatever its state.
    colleague: bool  # a colleague other than the reporter: records a weighing in the consultation
    handler: bool  # the reporter or the officer: takes the signal through consultation and conversation
    decider: bool  # weighs and decides: the officer, or the reporter of a signal that is not sensitive
    officer: bool  # the safeguarding officer: shares, places legal holds
    overseer: bool  # the officer or the manager: reads what was shared
    # The signal's state, as far as the abilities below depend on it.
    step: str
    decided: bool
    report_missing: bool  # decided, and the report to Veilig Thuis the decision requires is not recorded
    live: bool  # not anonymised
    refuses_files: bool

    @property
    def is_open(self) -> bool:
        return self.step != Step.CLOSED

    @property
    def add(self) -> bool:
        """Append an addition or correction, or group the signal into a trend."""
        return self.handler and self.live

    @property
    def attach(self) -> bool:
        return self.add and not self.refuses_files

    @property
    def consult(self) -> bool:
        return self.colleague and self.is_open and self.live

    @property
    def complete_consultation(self) -> bool:
        return self.handler and self.step == Step.CONSULTATION

    @property
    def record_conversation(self) -> bool:
        return self.handler and self.step == Step.CONVERSATION

    @property
    def fast_path(self) -> bool:
        return self.handler and self.step in (Step.CONSULTATION, Step.CONVERSATION)

    @property
    def weigh(self) -> bool:
        return self.decider and self.step == Step.WEIGHING

    @property
    def decide(self) -> bool:
        """Record the decision; once one is recorded it is shown, and only changed explicitly."""
        return self.decider and self.step == Step.DECISION and not self.decided

    @property
    def revise_decision(self) -> bool:
        """Change a decision that waits for its report, with the reason (kept in the record)."""
        return self.decider and self.step == Step.DECISION and self.decided

    @property
    def record_report(self) -> bool:
        """Record the report to Veilig Thuis that the decision requires."""
        return self.officer and self.report_missing and self.live

    @property
    def share(self) -> bool:
        """Record a share with a partner: the officer, once a decision is taken."""
        return self.officer and self.decided and self.live

    @property
    def read_shares(self) -> bool:
        return self.overseer

    @property
    def hold(self) -> bool:
        return self.officer and self.live

    @property
    def plan(self) -> bool:
        """Add follow-up actions (closed signals take them too: monitoring is followed up)."""
        return self.handler and self.live


def abilities(user: User, signal: Signal) -> Abilities:
    role = role_of(user)
    officer = role == Role.AANDACHTSFUNCTIONARIS
    reporter = signal.reporter_id == user.pk
    return Abilities(
        colleague=not reporter and role in YOUTH_WORK,
        handler=officer or reporter,
        decider=officer or (reporter and not rules.is_sensitive(signal.severity, signal.category)),
        officer=officer,
        overseer=role in OVERSEERS,
        step=signal.step,
        decided=bool(signal.outcome),
        report_missing=signal.step == Step.DECISION and bool(signal.outcome) and not may_close(signal),
        live=signal.anonymised_at is None,
        refuses_files=signal.category.refuses_images,
    )


def get_signal_for(user: User, pk: int) -> tuple[Signal, Abilities]:
    """The signal if the user may see it (else 404), and what they may do with it."""
    signal = get_object_or_404(signal_page(user), pk=pk)
    return signal, abilities(user, signal)


def get_category_for(membership: Membership, pk: int) -> Category:
    """A category the admin manages (else 404); whoever gets one may change it."""
    return get_object_or_404(categories_managed_by(membership), pk=pk)


def may_complete_action(user: User, action: FollowUpAction) -> bool:
    """The action's owner, the signal's reporter or the safeguarding officer."""
    return user.pk in (action.owner_id, action.signal.reporter_id) or role_of(user) == Role.AANDACHTSFUNCTIONARIS


def get_action_for(user: User, pk: int, action_pk: int) -> tuple[FollowUpAction, bool]:
    """A follow-up action of a signal the user may see (else 404), and whether they may mark it done."""
    action = get_object_or_404(
        FollowUpAction.objects.select_related("signal"), pk=action_pk, signal=pk, signal__in=signals_visible_to(user)
    )
    return action, may_complete_action(user, action)
