"""What someone may do with a signal they can see."""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from jongerenwerk.core.models import Membership, User
from jongerenwerk.core.roles import YOUTH_WORK, Role
from jongerenwerk.core.selectors import role_of
from signals import rules
from signals.models import Category, FollowUpAction, Signal
from signals.selectors import categories_managed_by, signal_page, signals_visible_to



@dataclass(frozen=True)
class Abilities:
    consult: bool  # record a weighing (a colleague, not the reporter)
    handle: bool  # complete the consultation, record the conversation, take the fast path
    decide: bool  # weigh and decide
    share: bool  # record a share with a partner
    add: bool  # append an addendum
    read_shares: bool  # open a share's redacted summary
    hold: bool  # place or lift a legal hold

    @property
    def plan(self) -> bool:
        """Add follow-up actions: whoever may add to or handle the signal."""
        return self.add or self.handle


def abilities(user: User, signal: Signal) -> Abilities:
    role = role_of(user)
    officer = role == Role.AANDACHTSFUNCTIONARIS
    reporter = signal.reporter_id == user.pk
    sensitive = rules.needs_safeguarding_officer(signal.severity, signal.category.is_special)
    return Abilities(
        consult=not reporter and role in YOUTH_WORK,
        handle=officer or reporter,
        decide=officer or (reporter and not sensitive),
        share=officer,
        add=officer or reporter,
        read_shares=officer or role == Role.LEIDINGGEVENDE,
        hold=officer,
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
