"""Which signals a user may see. Every list, page, export and board starts here."""

from django.db.models import Prefetch, QuerySet

from jongerenwerk.core.models import Membership, User
from jongerenwerk.core.roles import ADMINISTRATORS
from jongerenwerk.core.scope import Scope, neighbourhood_ids_of, users_who_may_see
from signals.models import Attachment, Category, Consultation, FollowUpAction, Signal, Trend, TrendRise


def signals_visible_to(user: User) -> QuerySet[Signal]:
    """Workers see their own signals and their neighbourhoods'; the officer and manager the
    organisation's; the admin none (they manage categories, not contents)."""
    return Scope.of(user).filter(Signal.objects.all(), owner="reporter")


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
    return signals_visible_to(user).select_related(
        "category", "neighbourhood", "reporter", "organisation", "trend"
    ).prefetch_related(
        "youths",
        "addenda__author",
        Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by")),
        Prefetch("consultations", queryset=Consultation.objects.select_related("author")),
        "transitions__by",
        "shares__shared_by",
        Prefetch("actions", queryset=FollowUpAction.objects.select_related("owner")),
    )


def who_may_see(signal: Signal) -> QuerySet[User]:
    """The people who may see `signal`: the reverse of `signals_visible_to`, to offer as owners
    of a follow-up action. `services.action_add` checks the choice with `signals_visible_to`."""
    return users_who_may_see(
        organisation_id=signal.organisation_id, owner_id=signal.reporter_id, neighbourhood_id=signal.neighbourhood_id
    )


def open_actions_of(user: User) -> QuerySet[FollowUpAction]:
    """The user's follow-up actions still to do, on signals they may see; overdue (earliest) first."""
    return FollowUpAction.objects.filter(
        owner=user, done_at=None, signal__in=signals_visible_to(user), signal__anonymised_at=None
    ).order_by("due_on", "id")


def categories_managed_by(membership: Membership) -> QuerySet[Category]:
    """Every category of the admin's organisation, in use or not, in the order of the logging form."""
    if membership.role not in ADMINISTRATORS:
        return Category.objects.none()
    return Category.objects.filter(organisation=membership.organisation)


def trends_visible_to(user: User) -> QuerySet[Trend]:
    """Named trends are the organisation's, for everyone who may see signals."""
    scope = Scope.of(user)
    return Trend.objects.none() if scope.is_empty else Trend.objects.filter(organisation=scope.organisation_id)


def rises_visible_to(user: User) -> QuerySet[TrendRise]:
    """Rises as far as the user sees the signals behind them: the officer and manager every rise
    of the organisation, a worker those in their own neighbourhoods."""
    scope = Scope.of(user)
    if scope.is_empty:
        return TrendRise.objects.none()
    rises = TrendRise.objects.filter(organisation=scope.organisation_id)
    return rises if scope.organisation_wide else rises.filter(neighbourhood__in=scope.neighbourhood_ids)
