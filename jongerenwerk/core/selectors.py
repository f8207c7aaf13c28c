"""Reads scoped to what a user may see: every list, export and report starts here."""

from allauth.mfa.models import Authenticator
from django.db.models import Exists, OuterRef, QuerySet

from jongerenwerk.core.models import (
    AuditEvent,
    Invitation,
    Membership,
    Neighbourhood,
    Organisation,
    Team,
    User,
    Youth,
)
from jongerenwerk.core.scope import Scope, membership_of, neighbourhood_ids_of, role_of  # noqa: F401


def youths_visible_to(user: User) -> QuerySet[Youth]:
    """The register as far as the user's scope reaches; a young person without a neighbourhood
    is visible to every field worker of the organisation."""
    youths = Youth.objects.select_related("neighbourhood")
    return Scope.of(user).filter(youths, owner="created_by", unplaced=True)


YOUTH_SEARCH_RESULTS = 10


def youths_matching(user: User, query: str) -> list[Youth]:
    """Young people the user may see whose alias contains `query`: the picker of every form
    that links a young person (a few at a time, never the whole register)."""
    query = query.strip()
    if not query:
        return []
    return list(
        youths_visible_to(user).filter(alias__icontains=query, anonymised_at=None).order_by("alias")[:YOUTH_SEARCH_RESULTS]
    )


def neighbourhoods_of_organisation(organisation: Organisation) -> QuerySet[Neighbourhood]:
    return Neighbourhood.objects.filter(organisation=organisation)


def teams_of_organisation(organisation: Organisation) -> QuerySet[Team]:
    return Team.objects.filter(organisation=organisation).prefetch_related("neighbourhoods", "members__user")


def members_of_organisation(organisation: Organisation) -> QuerySet[Membership]:
    """The members, each with `has_totp`: whether two-factor authentication is set up."""
    totp = Authenticator.objects.filter(user=OuterRef("user"), type=Authenticator.Type.TOTP)
    return (
        Membership.objects.filter(organisation=organisation)
        .annotate(has_totp=Exists(totp))
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
