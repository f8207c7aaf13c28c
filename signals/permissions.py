"""What someone may do with a signal they can see."""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from jongerenwerk.core.models import Role, User
from jongerenwerk.core.selectors import role_of
from signals import rules
from signals.models import Signal
from signals.selectors import signal_page

SIGNAL_ROLES = frozenset({Role.JONGERENWERKER, Role.AANDACHTSFUNCTIONARIS, Role.LEIDINGGEVENDE})
# Who may download the (pseudonymised) list as CSV: those who oversee the whole organisation.
EXPORT_ROLES = frozenset({Role.AANDACHTSFUNCTIONARIS, Role.LEIDINGGEVENDE})


@dataclass(frozen=True)
class Abilities:
    consult: bool  # record a weighing (a colleague, not the reporter)
    handle: bool  # complete the consultation, record the conversation, take the fast path
    decide: bool  # weigh and decide
    share: bool  # record a share with a partner
    add: bool  # append an addendum


def abilities(user: User, signal: Signal) -> Abilities:
    role = role_of(user)
    officer = role == Role.AANDACHTSFUNCTIONARIS
    reporter = signal.reporter_id == user.pk
    sensitive = rules.needs_safeguarding_officer(signal.severity, signal.category.is_special)
    return Abilities(
        consult=not reporter and role in SIGNAL_ROLES,
        handle=officer or reporter,
        decide=officer or (reporter and not sensitive),
        share=officer,
        add=officer or reporter,
    )


def get_signal_for(user: User, pk: int) -> tuple[Signal, Abilities]:
    """The signal if the user may see it (else 404), and what they may do with it."""
    signal = get_object_or_404(signal_page(user), pk=pk)
    return signal, abilities(user, signal)
