"""One visibility rule for records about young people, and its inverse.

A field worker sees their own records and those of the neighbourhoods they work in (their
own and their teams'); the overseeing roles see the whole organisation; everyone else sees
nothing. Signals, the youth register and contacts all filter through `Scope`, and ask
`members_who_may_see` who may see one record (to offer as an owner, to notify).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Model, Q, QuerySet

from jongerenwerk.core.models import Membership, Neighbourhood, Organisation, User
from jongerenwerk.core.roles import FIELD_WORKERS, OVERSEERS, YOUTH_WORK


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


@dataclass(frozen=True)
class Scope:
    organisation_id: int | None  # None: the scope holds nothing
    user_id: int | None = None
    organisation_wide: bool = False
    neighbourhood_ids: frozenset[int] = frozenset()  # a field worker's; unused (empty) when organisation-wide

    @classmethod
    def of(cls, user: User, roles: Iterable[str] = YOUTH_WORK) -> "Scope":
        """The scope of `user` for records that `roles` may see; empty for anyone else."""
        membership = membership_of(user)
        if membership is None or membership.role not in roles:
            return cls(organisation_id=None)
        organisation_wide = membership.role in OVERSEERS
        return cls(
            organisation_id=membership.organisation_id,
            user_id=user.pk,
            organisation_wide=organisation_wide,
            # The overseeing roles see every neighbourhood: two queries less on each of their pages.
            neighbourhood_ids=frozenset() if organisation_wide else frozenset(neighbourhood_ids_of(membership)),
        )

    @property
    def is_empty(self) -> bool:
        return self.organisation_id is None

    def filter(
        self,
        queryset: QuerySet,
        *,
        owner: str,
        neighbourhood: str = "neighbourhood",
        organisation: str = "organisation",
        unplaced: bool = False,
    ) -> QuerySet:
        """Narrow `queryset` to the records in this scope. `owner`, `neighbourhood` and
        `organisation` name the record's fields; with `unplaced`, records without a
        neighbourhood are visible to every field worker too (the youth register)."""
        if self.is_empty:
            return queryset.none()
        queryset = queryset.filter(**{f"{organisation}_id": self.organisation_id})
        if self.organisation_wide:
            return queryset
        return queryset.filter(self._q(owner=owner, neighbourhood=neighbourhood, unplaced=unplaced))

    def _q(self, *, owner: str, neighbourhood: str, unplaced: bool) -> Q:
        sees = Q(**{f"{owner}_id": self.user_id}) | Q(**{f"{neighbourhood}_id__in": self.neighbourhood_ids})
        if unplaced:
            sees |= Q(**{f"{neighbourhood}__isnull": True})
        return sees

    def covers(self, record: Model, *, owner: str, neighbourhood: str = "neighbourhood", unplaced: bool = False) -> bool:
        """Whether one record (already in memory) lies in this scope, without a query."""
        if self.is_empty or getattr(record, "organisation_id") != self.organisation_id:
            return False
        if self.organisation_wide:
            return True
        neighbourhood_id = getattr(record, f"{neighbourhood}_id")
        return (
            getattr(record, f"{owner}_id") == self.user_id
            or neighbourhood_id in self.neighbourhood_ids
            or (unplaced and neighbourhood_id is None)
        )


def members_who_may_see(
    *, organisation_id: int, owner_id: int | None, neighbourhood_id: int | None, unplaced: bool = False,
    roles: Iterable[str] = YOUTH_WORK,
) -> QuerySet[Membership]:
    """The active memberships whose `Scope` covers a record with this owner and neighbourhood:
    the inverse of `Scope.filter`."""
    roles = frozenset(roles)
    field_workers = FIELD_WORKERS & roles
    sees = Q(role__in=OVERSEERS & roles) | Q(role__in=field_workers, user=owner_id)
    if neighbourhood_id is not None:
        sees |= Q(role__in=field_workers) & (
            Q(neighbourhoods=neighbourhood_id) | Q(teams__neighbourhoods=neighbourhood_id)
        )
    elif unplaced:
        sees |= Q(role__in=field_workers)
    members = Membership.objects.filter(sees, organisation=organisation_id, is_active=True)
    return Membership.objects.filter(pk__in=members.values("pk"))


def users_who_may_see(**record) -> QuerySet[User]:
    """`members_who_may_see` as users, by name, for a choice of people."""
    members = members_who_may_see(**record)
    return User.objects.filter(membership__in=members).order_by("full_name", "email")
