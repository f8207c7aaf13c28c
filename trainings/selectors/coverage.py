"""Coverage: who has been trained. The manager sees their own organisation's people; the
trainer sees counts per province and per organisation, never more of an organisation."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from jongerenwerk.core.models import Membership, Organisation, Province, Team
from jongerenwerk.core.reporting import team_members
from trainings.models import Enrolment, Interest, Programme, Session

S = Enrolment.Status


@dataclass
class TeamRow:
    name: str
    role: str
    status: str  # attended, enrolled, waiting, none
    session: Session | None


@dataclass
class TeamCoverage:
    rows: list[TeamRow]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def attended(self) -> int:
        return self.count("attended")

    @property
    def enrolled(self) -> int:
        return self.count("enrolled")

    @property
    def waiting(self) -> int:
        return self.count("waiting")

    @property
    def neither(self) -> int:
        return self.count("none")

    @property
    def share_trained(self) -> int:
        return round(100 * self.attended / len(self.rows)) if self.rows else 0


def team_coverage(membership: Membership, programme: Programme) -> TeamCoverage:
    """Everyone active in the manager's organisation, managers included. Two queries."""
    return organisation_coverage(membership.organisation_id, programme)


def organisation_coverage(organisation_id: int, programme: Programme, *, team: Team | None = None) -> TeamCoverage:
    """Each active member of the organisation (or of one team) with how far they got in the
    programme. Two queries."""
    members = list(team_members(Membership.objects.filter(organisation=organisation_id, is_active=True), team)
                   .select_related("user").order_by("user__full_name", "user__email"))
    rank = {S.ATTENDED: 0, S.ENROLLED: 1, S.OFFERED: 2, S.WAITING: 2}
    best: dict[int, Enrolment] = {}
    for enrolment in Enrolment.objects.filter(session__programme=programme, organisation=organisation_id,
                                              status__in=Enrolment.ACTIVE).select_related("session"):
        current = best.get(enrolment.user_id)
        if current is None or rank[enrolment.status] < rank[current.status]:
            best[enrolment.user_id] = enrolment
    rows = []
    for member in members:
        enrolment = best.get(member.user_id)
        status = "none" if enrolment is None else {S.ATTENDED: "attended", S.ENROLLED: "enrolled"}.get(
            enrolment.status, "waiting")
        rows.append(TeamRow(member.user.get_full_name(), member.get_role_display(), status,
                            enrolment.session if enrolment else None))
    return TeamCoverage(rows)


@dataclass
class ProvinceRow:
    province: str
    label: str
    enrolled: int
    attended: int
    no_shows: int
    organisations: int
    untrained_organisations: int
    waiting_interest: int


def programme_coverage(programme: Programme) -> dict:
    """Per province and per organisation: enrolled, attended, no-shows (enrolled in a session
    that has ended without a check-in); organisations with no one trained; interest in
    provinces that have no session yet. A fixed number of queries, whatever the size."""
    now = timezone.now()
    counts = Enrolment.objects.filter(session__programme=programme, organisation__isnull=False).values(
        "organisation", "organisation__name", "organisation__province").annotate(
        enrolled=Count("pk", filter=Q(status=S.ENROLLED, session__ends_at__gt=now)),
        attended=Count("pk", filter=Q(status=S.ATTENDED)),
        no_shows=Count("pk", filter=Q(status=S.ENROLLED, session__ends_at__lte=now)),
    ).order_by("organisation__province", "organisation__name")
    organisations = list(counts)
    approved = Organisation.objects.filter(status=Organisation.Status.APPROVED).values("province").annotate(
        n=Count("pk"))
    per_province_orgs = {row["province"]: row["n"] for row in approved}
    served = set(Session.objects.filter(programme=programme).exclude(province="").values_list("province", flat=True))
    interest = {row["province"]: row["n"] for row in Interest.objects.filter(
        programme=programme, confirmed_at__isnull=False).values("province").annotate(n=Count("pk"))}
    rows = []
    for code, label in Province.choices:
        mine = [o for o in organisations if o["organisation__province"] == code]
        trained = sum(1 for o in mine if o["attended"])
        rows.append(ProvinceRow(code, label, sum(o["enrolled"] for o in mine), sum(o["attended"] for o in mine),
                                sum(o["no_shows"] for o in mine), per_province_orgs.get(code, 0),
                                per_province_orgs.get(code, 0) - trained,
                                interest.get(code, 0) if code not in served else 0))
    untrained = Organisation.objects.filter(status=Organisation.Status.APPROVED).exclude(
        pk__in=Enrolment.objects.filter(session__programme=programme, status=S.ATTENDED).values("organisation")
    ).order_by("province", "name").values_list("name", "province")
    return {"provinces": rows, "organisations": organisations, "untrained": list(untrained)}
