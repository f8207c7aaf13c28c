"""Who has acknowledged which version, and who is asked to, by when.

A member is asked to acknowledge the required version (the newest material one in force).
They are due `acknowledge_within_days` after it came into force, or after they joined when
they joined later (a new member gets the same time). The day after the due date they are
overdue. Having acknowledged the required version or a later one settles it.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from jongerenwerk.core.models import Membership, Organisation, Team, User
from jongerenwerk.core.reporting import team_members
from policy.models import Acknowledgement, Version
from policy.selectors.handbook import current_of, required_of, versions_of

ACKNOWLEDGED, PENDING, OVERDUE, NOTHING = "acknowledged", "pending", "overdue", "nothing"


def due_on(required: Version, joined_at: datetime) -> date:
    start = max(timezone.localdate(required.effective_at), timezone.localdate(joined_at))
    return start + timedelta(days=required.acknowledge_within_days)


def status_for(required: Version | None, acknowledged_number: int | None, due: date | None, today: date) -> str:
    if required is None:
        return NOTHING
    if acknowledged_number is not None and acknowledged_number >= required.number:
        return ACKNOWLEDGED
    return OVERDUE if today > due else PENDING


@dataclass(frozen=True)
class Standing:
    """Where one member stands with the handbook."""

    status: str
    current: Version | None
    required: Version | None
    acknowledged: Version | None  # the newest version they acknowledged
    acknowledged_at: datetime | None
    due_on: date | None

    @property
    def is_asked(self) -> bool:
        return self.status in (PENDING, OVERDUE)

    @property
    def is_overdue(self) -> bool:
        return self.status == OVERDUE

    @property
    def is_acknowledged(self) -> bool:
        return self.status == ACKNOWLEDGED

    @property
    def has_acknowledged_current(self) -> bool:
        return self.acknowledged is not None and self.current is not None and self.acknowledged.pk == self.current.pk

    @property
    def diff_from(self) -> Version | None:
        """The version to show the changes from: the one they last acknowledged, if any."""
        if self.is_asked and self.acknowledged is not None:
            return self.acknowledged
        return None


def standing_of(user: User, membership: Membership, *, versions: list[Version] | None = None,
                now: datetime | None = None) -> Standing:
    now = now or timezone.now()
    versions = versions_of(membership.organisation_id) if versions is None else versions
    current, required = current_of(versions, now), required_of(versions, now)
    last = (
        Acknowledgement.objects.filter(user=user, organisation=membership.organisation_id)
        .select_related("version").order_by("-version__number").first()
    )
    acknowledged = last.version if last else None
    due = due_on(required, membership.created_at) if required else None
    status = status_for(required, acknowledged.number if acknowledged else None, due, timezone.localdate(now))
    return Standing(status=status, current=current, required=required, acknowledged=acknowledged,
                    acknowledged_at=last.acknowledged_at if last else None, due_on=due)


@dataclass(frozen=True)
class Row:
    membership: Membership
    status: str
    acknowledged_number: int | None
    acknowledged_at: datetime | None
    due_on: date | None

    @property
    def is_acknowledged(self) -> bool:
        return self.status == ACKNOWLEDGED

    @property
    def is_overdue(self) -> bool:
        return self.status == OVERDUE

    @property
    def is_pending(self) -> bool:
        return self.status == PENDING


def members_with_acknowledgements(organisation_id: int, *, team: Team | None = None):
    """Active members (of `team`, if given) with the number and time of the newest version each
    acknowledged: one query."""
    newest = Acknowledgement.objects.filter(user=OuterRef("user_id"), organisation=organisation_id).order_by(
        "-version__number"
    )
    return (
        team_members(Membership.objects.filter(organisation=organisation_id, is_active=True), team)
        .select_related("user")
        .annotate(
            acknowledged_number=Subquery(newest.values("version__number")[:1]),
            acknowledged_at=Subquery(newest.values("acknowledged_at")[:1]),
        )
    )


@dataclass(frozen=True)
class Overview:
    current: Version | None
    required: Version | None
    rows: list[Row]

    @property
    def editorial_since(self) -> bool:
        """Whether the version in force is an editorial one after the required version."""
        return self.current is not None and self.required is not None and self.current.pk != self.required.pk

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def acknowledged(self) -> int:
        return self.count(ACKNOWLEDGED)

    @property
    def pending(self) -> int:
        return self.count(PENDING)

    @property
    def overdue(self) -> int:
        return self.count(OVERDUE)


# Overdue first, then pending, then acknowledged; by name within each.
ORDER = {OVERDUE: 0, PENDING: 1, ACKNOWLEDGED: 2, NOTHING: 3}


def overview_of(organisation: Organisation, *, now: datetime | None = None, team: Team | None = None) -> Overview:
    """Per member (of `team`, if given): the version they acknowledged, or pending or overdue. A
    fixed number of queries, however many members (the versions, then the members with their
    acknowledgements)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    versions = versions_of(organisation.pk)
    current, required = current_of(versions, now), required_of(versions, now)
    rows = []
    for membership in members_with_acknowledgements(organisation.pk, team=team):
        due = due_on(required, membership.created_at) if required else None
        rows.append(Row(
            membership=membership, acknowledged_number=membership.acknowledged_number,
            acknowledged_at=membership.acknowledged_at, due_on=due,
            status=status_for(required, membership.acknowledged_number, due, today),
        ))
    rows.sort(key=lambda row: (ORDER[row.status], (row.membership.user.full_name or row.membership.user.email).lower()))
    return Overview(current=current, required=required, rows=rows)
