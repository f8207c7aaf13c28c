"""Requesting and making reports.

`report_request` stores a report to make and enqueues its task through the outbox (a broker
outage loses nothing). `report_make` claims the report with a conditional update, so two
deliveries of the task never both make it; a claim lapses after `MAKING_LEASE`, so a worker
killed while making leaves the report to the sweep, which enqueues it again. Files are stored
only when complete (see `documents`), and rows for them only once all are written.
"""

import logging
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from jongerenwerk.core import outbox
from jongerenwerk.core.models import Membership, Organisation, Team, User
from jongerenwerk.core.reminders import notify
from jongerenwerk.core.roles import Role
from reports.models import SCHEDULED_KINDS, Kind, Report, ReportFile
from reports.periods import previous_span
from reports.selectors.content import report_content
from reports.services import documents

logger = logging.getLogger(__name__)

MAKING_LEASE = timedelta(minutes=10)
MAX_ATTEMPTS = 5
READY_MESSAGE = gettext_noop("A report is ready for you.")

# Who receives which report by mail (the on-demand report goes to whoever asked for it).
RECIPIENT_ROLES = {
    Kind.WEEKLY: {Role.LEIDINGGEVENDE},
    Kind.MONTHLY: {Role.LEIDINGGEVENDE, Role.BEHEERDER},
    Kind.FUNDER: {Role.LEIDINGGEVENDE, Role.BEHEERDER},
}
FORMATS = {
    Kind.WEEKLY: ("pdf", "xlsx"),
    Kind.MONTHLY: ("pdf", "xlsx"),
    Kind.FUNDER: ("pdf", "xlsx", "csv"),
    Kind.ON_DEMAND: ("pdf", "xlsx"),
}


def report_request(
    *, organisation: Organisation, kind: str, first_day: date, last_day: date, by: User | None = None,
    team: Team | None = None, neighbourhood_ids: list[int] | None = None, parts: list[str] | None = None,
    idempotency_key=None,
) -> tuple[Report, bool]:
    """Store a report to make and enqueue it; a scheduled report already asked for is returned
    as it is (created False), so a rerun makes nothing twice."""
    fields = {"organisation": organisation, "kind": kind, "team": team, "first_day": first_day,
              "last_day": last_day}
    with transaction.atomic():
        same = fields if kind in SCHEDULED_KINDS else {"requested_by": by, "idempotency_key": idempotency_key}
        if kind in SCHEDULED_KINDS or idempotency_key is not None:
            existing = Report.objects.filter(**same).first()
            if existing is not None:
                return existing, False
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    **fields, requested_by=by, neighbourhood_ids=sorted(neighbourhood_ids or []),
                    parts=list(parts or []), idempotency_key=idempotency_key,
                )
        except IntegrityError:  # the same report, asked for at the same moment
            return Report.objects.get(**same), False
        outbox.enqueue("reports.make", report.pk)
    return report, True


def _managers(organisation: Organisation):
    return Membership.objects.filter(organisation=organisation, is_active=True, role=Role.LEIDINGGEVENDE)


def weekly_teams(organisation: Organisation) -> list[Team | None]:
    """Whose weekly report to make: each team with a manager in it, and the whole organisation
    (None) for the managers in no team, or when no team has a manager. Two queries."""
    managers = _managers(organisation)
    teams: list[Team | None] = list(Team.objects.filter(members__in=managers).distinct().order_by("name"))
    if not teams or managers.filter(teams=None).exists():
        teams.append(None)
    return teams


def scheduled_reports_request(kind: str, *, now: datetime | None = None) -> int:
    """The last complete period's report of `kind` for every approved organisation (the weekly
    one for each team with a manager); returns how many were new."""
    span = previous_span(kind, now)
    made = 0
    for organisation in Organisation.objects.filter(status=Organisation.Status.APPROVED):
        for team in weekly_teams(organisation) if kind == Kind.WEEKLY else [None]:
            made += report_request(organisation=organisation, kind=kind, team=team, first_day=span.first_day,
                                   last_day=span.last_day)[1]
    return made


def _claim(report_id: int, now: datetime) -> bool:
    claimable = Q(state__in=[Report.State.WAITING, Report.State.FAILED]) | Q(
        state=Report.State.MAKING, claimed_at__lt=now - MAKING_LEASE
    )
    return bool(Report.objects.filter(claimable, pk=report_id, attempts__lt=MAX_ATTEMPTS).update(
        state=Report.State.MAKING, claimed_at=now, attempts=F("attempts") + 1, progress=0,
    ))


def _progress(report: Report, percent: int) -> None:
    Report.objects.filter(pk=report.pk).update(progress=percent)


def file_name(report: Report, extension: str) -> str:
    return f"{report.kind}-{report.first_day:%Y%m%d}-{report.last_day:%Y%m%d}.{extension}"


def report_make(*, report_id: int, now: datetime | None = None) -> bool:
    """Make the report's files, store them and tell its readers; returns whether this call
    made it. A failure leaves no file and no file row: the report is made again."""
    now = now or timezone.now()
    if not _claim(report_id, now):
        return False
    report = Report.objects.select_related("organisation", "team").get(pk=report_id)
    folder = documents.reports_root() / str(report.organisation_id) / str(report.pk)
    writers = {"pdf": documents.pdf, "xlsx": documents.xlsx, "csv": documents.csv}
    written = {}
    try:
        with translation.override("nl"):
            content = report_content(report)
            _progress(report, 20)
            formats = FORMATS[report.kind]
            for number, extension in enumerate(formats, start=1):
                relative = f"{report.organisation_id}/{report.pk}/{file_name(report, extension)}"
                written[extension] = (relative, documents.write_atomically(
                    folder / file_name(report, extension), lambda target, e=extension: writers[e](content, target)
                ))
                _progress(report, 20 + 80 * number // (len(formats) + 1))
    except BaseException:
        for relative, _size in written.values():
            (documents.reports_root() / relative).unlink(missing_ok=True)
        Report.objects.filter(pk=report.pk, claimed_at=now).update(state=Report.State.FAILED, claimed_at=None)
        raise
    with transaction.atomic():
        for extension, (relative, size) in written.items():
            ReportFile.objects.update_or_create(report=report, format=extension,
                                                defaults={"path": relative, "size": size})
        Report.objects.filter(pk=report.pk).update(state=Report.State.READY, progress=100,
                                                   finished_at=timezone.now(), claimed_at=None)
        _tell_ready(report)
    return True


def recipients_of(report: Report):
    """Who asked for it; the managers in its team (or in no team, for the organisation's weekly
    report); the managers and admins for the monthly and quarterly reports."""
    if report.kind == Kind.ON_DEMAND:
        return User.objects.filter(pk=report.requested_by_id)
    members = Membership.objects.filter(organisation=report.organisation_id, is_active=True,
                                        role__in=RECIPIENT_ROLES[report.kind])
    if report.kind == Kind.WEEKLY:
        members = members.filter(teams=report.team_id) if report.team_id else members.filter(teams=None)
    return User.objects.filter(membership__in=members)


def _tell_ready(report: Report) -> None:
    """The notification and its mail say only that a report is ready, with the link."""
    notify(users=list(recipients_of(report)), message=READY_MESSAGE, url=reverse("reports:detail", args=[report.pk]),
           key=f"reports.ready:{report.pk}", reminder="")


def reports_sweep(*, now: datetime | None = None) -> int:
    """Enqueue again the reports whose worker died while making them (their claim lapsed) and
    the failed ones with attempts left; returns how many."""
    now = now or timezone.now()
    stale = Report.objects.filter(
        Q(state=Report.State.MAKING, claimed_at__lt=now - MAKING_LEASE)
        | Q(state=Report.State.FAILED, finished_at=None), attempts__lt=MAX_ATTEMPTS,
    ).values_list("pk", flat=True)
    ids = list(stale[:100])
    with transaction.atomic():
        for pk in ids:
            outbox.enqueue("reports.make", pk)
    return len(ids)
