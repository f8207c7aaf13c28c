"""Who may see which report. A report of another organisation is 404; the admin sees the
organisation-wide reports (monthly, funders'), the manager every report of the organisation."""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from jongerenwerk.core.models import Membership
from jongerenwerk.core.roles import ADMINISTRATORS, MANAGEMENT, OVERSEERS, Role
from reports.models import Kind, Report

# The overview: the manager's, and its signal part for the safeguarding officer.
OVERVIEW_READERS = OVERSEERS
# The reports page and downloads.
REPORT_READERS = MANAGEMENT
# Reports on demand.
REQUESTERS = frozenset({Role.LEIDINGGEVENDE})
# The nudges and the report retention.
SETTINGS_EDITORS = ADMINISTRATORS

KINDS_FOR = {
    Role.LEIDINGGEVENDE: set(Kind.values),
    Role.BEHEERDER: {Kind.MONTHLY, Kind.FUNDER},
}


def reports_visible_to(membership: Membership):
    return Report.objects.select_related("team").filter(organisation=membership.organisation_id,
                                                         kind__in=KINDS_FOR.get(membership.role, set()))


@dataclass(frozen=True)
class Abilities:
    download: bool  # its files are made and not yet deleted
    wait: bool  # still being made: the page polls its progress


def get_report_for(membership: Membership, pk: int) -> tuple[Report, Abilities]:
    report = get_object_or_404(reports_visible_to(membership).prefetch_related("files"), pk=pk)
    return report, Abilities(
        download=report.is_ready and report.files_deleted_at is None,
        wait=report.state in (Report.State.WAITING, Report.State.MAKING),
    )
