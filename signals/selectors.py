"""Which signals a user may see. Every list, page, export and board starts here."""

from django.db.models import Prefetch, Q, QuerySet

from jongerenwerk.core.models import Membership, Role, User
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


def filter_signals(signals: QuerySet[Signal], data: dict, membership: Membership) -> QuerySet[Signal]:
    """Narrow `signals` by the list's filter form (its cleaned data), for the list and its export alike."""
    if data.get("scope") == "mine":
        signals = signals.filter(reporter=membership.user_id)
    elif data.get("scope") == "wijken":
        signals = signals.filter(neighbourhood__in=neighbourhood_ids_of(membership))
    for field in ("category", "step", "severity", "neighbourhood", "reporter"):
        if data.get(field):
            signals = signals.filter(**{field: data[field]})
    if data.get("since"):
        signals = signals.filter(observed_at__date__gte=data["since"])
    if data.get("until"):
        signals = signals.filter(observed_at__date__lte=data["until"])
    if data.get("youth"):
        # Aliases are unique per organisation, so this join adds no duplicate rows.
        signals = signals.filter(youths__alias__iexact=data["youth"].strip())
    return signals


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
