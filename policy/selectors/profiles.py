"""Work profiles with what the conformity check finds, for the worker and for the manager."""

from dataclasses import dataclass, field
from datetime import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone

from jongerenwerk.core.models import Membership, Organisation, Team, User
from jongerenwerk.core.reporting import team_members
from jongerenwerk.core.roles import FIELD_WORKERS
from policy.conformity import Result, check, person_of
from policy.models import PolicySettings, ProfileRule, WorkProfile


def handle_name_of(organisation: Organisation) -> str:
    settings = PolicySettings.objects.filter(organisation=organisation).first()
    return settings.handle_name if settings else ""


def rules_of(organisation_id: int) -> dict[str, ProfileRule]:
    return {rule.platform: rule for rule in ProfileRule.objects.filter(organisation=organisation_id)}


def rule_for(membership: Membership, pk: int) -> ProfileRule:
    return get_object_or_404(ProfileRule, pk=pk, organisation=membership.organisation_id)


def profile_for(user: User, pk: int) -> WorkProfile:
    """One of the person's own work profiles (404 for anyone else's)."""
    return get_object_or_404(WorkProfile, pk=pk, owner=user)


@dataclass(frozen=True)
class Checked:
    profile: WorkProfile
    rule: ProfileRule | None
    result: Result


def profiles_of(user: User, membership: Membership, *, now: datetime | None = None) -> list[Checked]:
    """The person's own profiles, each checked against its platform's rule."""
    organisation = membership.organisation
    rules = rules_of(organisation.pk)
    person = person_of(user, organisation, handle_name_of(organisation))
    return [
        Checked(profile, rules.get(profile.platform), check(profile, rules.get(profile.platform), person, now=now))
        for profile in WorkProfile.objects.filter(owner=user, organisation=organisation)
    ]


@dataclass
class WorkerRow:
    membership: Membership
    profiles: list[Checked] = field(default_factory=list)

    @property
    def off(self) -> int:
        """How many of the worker's profiles do not conform."""
        return sum(1 for checked in self.profiles if checked.rule is not None and checked.result.findings)

    @property
    def recheck_due(self) -> int:
        return sum(1 for checked in self.profiles if checked.result.recheck_due)


def conformity_of(
    organisation: Organisation, *, now: datetime | None = None, team: Team | None = None
) -> list[WorkerRow]:
    """Per worker (field workers, and anyone with a work profile; of `team`, if given), each
    profile checked: four queries, however many workers."""
    now = now or timezone.now()
    rules = rules_of(organisation.pk)
    handle_name = handle_name_of(organisation)
    rows = {
        membership.user_id: WorkerRow(membership)
        for membership in team_members(Membership.objects.filter(organisation=organisation, is_active=True), team)
        .select_related("user").only("role", "user_id", "organisation_id", "user__full_name", "user__email")
        .order_by("user__full_name", "user__email")
    }
    for profile in WorkProfile.objects.filter(organisation=organisation, owner__in=list(rows)).order_by("platform"):
        row = rows[profile.owner_id]
        person = person_of(row.membership.user, organisation, handle_name)
        rule = rules.get(profile.platform)
        row.profiles.append(Checked(profile, rule, check(profile, rule, person, now=now)))
    return [row for row in rows.values() if row.profiles or row.membership.role in FIELD_WORKERS]
