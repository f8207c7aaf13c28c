"""Reads scoped to what a user may see: every list, export and report starts here."""

from django.db.models import Q, QuerySet

from jongerenwerk.core.models import (
    AuditEvent,
    Invitation,
    Membership,
    Neighbourhood,
    Organisation,
    Role,
    Team,
    User,
    Youth,
)

# Roles that see every young person of their organisation; youth workers see their own areas.
ORGANISATION_WIDE_YOUTH_ROLES = frozenset({Role.AANDACHTSFUNCTIONARIS, Role.LEIDINGGEVENDE})


def membership_of(user: User) -> Membership | None:
    """The active membership of an approved organisation, or None (anonymous, trainer, staff)."""
    if not user.is_authenticated:
        return None
    cached = getattr(user, "_active_membership", False)
    if cached is not False:
        return cached
    membership = (
        Membership.objects.select_related("organisation")
        .filter(user=user, is_active=True, organisation__status=Organisation.Status.APPROVED)
        .first()
    )
    user._active_membership = membership
    return membership


def role_of(user: User) -> str | None:
    membership = membership_of(user)
    return membership.role if membership else None


def neighbourhood_ids_of(membership: Membership) -> set[int]:
    """The worker's own neighbourhoods plus those of their teams."""
    cached = getattr(membership, "_neighbourhood_ids", None)
    if cached is None:
        own = membership.neighbourhoods.values_list("pk", flat=True)
        via_teams = Neighbourhood.objects.filter(teams__members=membership).values_list("pk", flat=True)
        cached = membership._neighbourhood_ids = set(own) | set(via_teams)
    return cached


def youths_visible_to(user: User) -> QuerySet[Youth]:
    membership = membership_of(user)
    if membership is None or membership.role == Role.BEHEERDER:
        return Youth.objects.none()
    youths = Youth.objects.filter(organisation=membership.organisation).select_related("neighbourhood")
    if membership.role in ORGANISATION_WIDE_YOUTH_ROLES:
        return youths
    return youths.filter(
        Q(neighbourhood__in=neighbourhood_ids_of(membership))
        | Q(neighbourhood__isnull=True)
        | Q(created_by=user)
    )


def neighbourhoods_of_organisation(organisation: Organisation) -> QuerySet[Neighbourhood]:
    return Neighbourhood.objects.filter(organisation=organisation)


def teams_of_organisation(organisation: Organisation) -> QuerySet[Team]:
    return Team.objects.filter(organisation=organisation).prefetch_related("neighbourhoods", "members__user")


def members_of_organisation(organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .prefetch_related("neighbourhoods", "teams")
        .order_by("user__full_name", "user__email")
    )


def members_with_role(organisation: Organisation, role: str) -> QuerySet[Membership]:
    return Membership.objects.filter(organisation=organisation, role=role, is_active=True).select_related("user")


def pending_invitations_of(organisation: Organisation) -> QuerySet[Invitation]:
    return Invitation.objects.filter(organisation=organisation, status=Invitation.Status.PENDING).select_related(
        "invited_by"
    )


def audit_events_of(organisation: Organisation) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(organisation=organisation).select_related("actor")
