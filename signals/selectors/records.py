"""Which signals a user may see, and how they are read. Every list, page, export and board starts here."""

from datetime import timedelta

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jongerenwerk.core.models import Membership, Role, User, Youth
from jongerenwerk.core.reporting import start_of
from jongerenwerk.core.scope import Scope, neighbourhood_ids_of, users_who_may_see
from jongerenwerk.core.selectors import members_with_role
from signals import rules
from signals.models import (
    Attachment,
    Consultation,
    Decision,
    FollowUpAction,
    Outcome,
    Share,
    Signal,
    Step,
)


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
    if data.get("status") == "open":
        signals = signals.exclude(step=Step.CLOSED)
    elif data.get("status") == "closed":
        signals = signals.filter(step=Step.CLOSED)
    elif data.get("status") == "overdue":
        signals = signals.exclude(step=Step.CLOSED).filter(step_due_at__lt=timezone.now())
    for field in ("category", "step", "severity", "neighbourhood", "reporter"):
        if data.get(field):
            signals = signals.filter(**{field: data[field]})
    # Ranges of aware Dutch midnights, which the index on observed_at answers (a __date
    # lookup would make the database convert every row first).
    if data.get("since"):
        signals = signals.filter(observed_at__gte=start_of(data["since"]))
    if data.get("until"):
        signals = signals.filter(observed_at__lt=start_of(data["until"] + timedelta(days=1)))
    if data.get("youth"):
        # Aliases are unique per organisation, so this join adds no duplicate rows.
        signals = signals.filter(youths__alias__iexact=data["youth"].strip())
    return signals


def signal_list(user: User) -> QuerySet[Signal]:
    """What a row of the list shows: the category, the neighbourhood, the young people's aliases."""
    return (
        signals_visible_to(user)
        .select_related("category", "neighbourhood")
        .prefetch_related(Prefetch("youths", queryset=Youth.objects.only("pk", "alias")))
        .only("pk", "organisation_id", "observed_at", "severity", "step", "source", "category__name",
              "category__key", "neighbourhood__name")
    )


def signal_page(user: User) -> QuerySet[Signal]:
    return signals_visible_to(user).select_related(
        "category", "neighbourhood", "reporter", "organisation", "trend"
    ).prefetch_related(
        "youths",
        "addenda__author",
        Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by")),
        Prefetch("consultations", queryset=Consultation.objects.select_related("author")),
        Prefetch("decisions", queryset=Decision.objects.select_related("by")),
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


def consultation_missing(signal: Signal) -> str | None:
    """What the consultation still lacks, or None when it may be completed."""
    authors = {c.author_id for c in signal.consultations.all()} - {signal.reporter_id}
    if not authors:
        return _("At least one colleague other than the reporter must record their weighing.")
    if rules.is_sensitive(signal.severity, signal.category):
        officers = set(members_with_role(signal.organisation, Role.AANDACHTSFUNCTIONARIS).values_list("user_id", flat=True))
        if not authors & officers:
            return _("For this signal the safeguarding officer takes part in the consultation.")
    return None


def report_recorded(signal: Signal) -> bool:
    """Whether the report to Veilig Thuis is recorded (from the page's prefetch when there is one)."""
    return any(share.recipient == Share.Recipient.VEILIG_THUIS for share in signal.shares.all())


def may_close(signal: Signal) -> bool:
    if signal.q1_suspicion is None or not signal.outcome:
        return signal.outcome == Outcome.MONITORING
    answers = rules.Answers(
        signal.q1_suspicion, bool(signal.q2_acute_or_structural), bool(signal.q3_help_possible),
        bool(signal.q4_help_accepted), bool(signal.q5_safety_in_time),
    )
    return not rules.report_required(answers) or report_recorded(signal)
