"""Which signals a user may see. Every list, page, export and board starts here."""

from django.db.models import Prefetch, Q, QuerySet

from jongerenwerk.core.models import Role, User
from jongerenwerk.core.selectors import membership_of, neighbourhood_ids_of
from signals.models import Category, Consultation, Signal

ORGANISATION_WIDE_ROLES = frozenset({Role.AANDACHTSFUNCTIONARIS, Role.LEIDINGGEVENDE})


def signals_visible_to(user: User) -> QuerySet[Signal]:
    """Workers see their own signals and their neighbourhoods'; the officer and manager the
    organisation's; the admin none (they manage categories, not contents)."""
    membership = membership_of(user)
    if membership is None or membership.role == Role.BEHEERDER:
        return Signal.objects.none()
    signals = Signal.objects.filter(organisation=membership.organisation)
    if membership.role in ORGANISATION_WIDE_ROLES:
        return signals
    return signals.filter(Q(reporter=user) | Q(neighbourhood__in=neighbourhood_ids_of(membership)))


def signal_list(user: User) -> QuerySet[Signal]:
    return (
        signals_visible_to(user)
        .select_related("category", "neighbourhood", "reporter")
        .prefetch_related("youths")
        .defer("facts", "interpretation", "counter_signals", "conversation_note", "conversation_skipped_reason")
    )


def signal_page(user: User) -> QuerySet[Signal]:
    return signals_visible_to(user).select_related("category", "neighbourhood", "reporter", "organisation").prefetch_related(
        "youths",
        "addenda__author",
        Prefetch("consultations", queryset=Consultation.objects.select_related("author")),
        "transitions__by",
        "shares__shared_by",
    )


def categories_of(organisation) -> QuerySet[Category]:
    return Category.objects.filter(organisation=organisation, is_active=True)
