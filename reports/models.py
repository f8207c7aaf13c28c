"""Reports: made in the background, stored privately, downloaded through an audited view.

A report is one (organisation, kind, period), and for the weekly team report one team: the
scheduled kinds are unique per period (and team), so a rerun of the schedule makes nothing twice. Its files are stored only once complete (written to
a temporary name and renamed), so a worker killed half-way leaves no half file, and the report
is made again. Files are deleted after the retention period; the report row and the audit stay.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jongerenwerk.core.models import Organisation, Team

DEFAULT_RETENTION_MONTHS = 24


class Kind(models.TextChoices):
    WEEKLY = "week", _("weekly team report")
    MONTHLY = "maand", _("monthly organisation report")
    FUNDER = "financier", _("quarterly report for funders and the municipality")
    ON_DEMAND = "op_maat", _("report on demand")


SCHEDULED_KINDS = (Kind.WEEKLY, Kind.MONTHLY, Kind.FUNDER)


class Report(models.Model):
    class State(models.TextChoices):
        WAITING = "wacht", _("waiting")
        MAKING = "bezig", _("being made")
        READY = "klaar", _("ready")
        FAILED = "mislukt", _("failed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # The weekly report of a team counts its members' work; without a team it is the organisation's.
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="reports",
                             verbose_name=_("team"))
    first_day = models.DateField(_("from"))
    last_day = models.DateField(_("through"))
    # On demand: the neighbourhoods (empty: all) and the parts (registry section keys; empty: all).
    neighbourhood_ids = models.JSONField(default=list, blank=True)
    parts = models.JSONField(default=list, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    # On demand: the form's key, so a form sent twice asks for one report.
    idempotency_key = models.UUIDField(null=True, blank=True)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.WAITING)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("made"), null=True, blank=True)
    files_deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-first_day", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "first_day", "last_day"],
                condition=~models.Q(kind="op_maat") & models.Q(team=None), name="one_scheduled_report_per_period",
            ),
            models.UniqueConstraint(
                fields=["team", "kind", "first_day", "last_day"],
                condition=~models.Q(kind="op_maat") & ~models.Q(team=None), name="one_team_report_per_period",
            ),
            models.UniqueConstraint(fields=["requested_by", "idempotency_key"], name="one_report_per_submission"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.first_day:%d-%m-%Y}"

    @property
    def title(self) -> str:
        """Its kind, and the team it is about: "Wekelijks teamrapport: Team Noord"."""
        kind = self.get_kind_display()
        kind = kind[:1].upper() + kind[1:]
        return f"{kind}: {self.team.name}" if self.team_id else kind

    @property
    def is_ready(self) -> bool:
        return self.state == self.State.READY


class ReportFile(models.Model):
    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "XLSX"
        CSV = "csv", "CSV"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(max_length=4, choices=Format.choices)
    path = models.CharField(max_length=300)  # relative to REPORTS_ROOT
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["format"]
        constraints = [models.UniqueConstraint(fields=["report", "format"], name="one_file_per_format")]


class ReportSettings(models.Model):
    """Per organisation: whether workers get the weekly nudges, and how long report files stay."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="report_settings")
    nudges = models.BooleanField(_("send youth workers friendly weekly nudges"), default=False)
    retention_months = models.PositiveSmallIntegerField(_("keep report files for (months)"),
                                                        default=DEFAULT_RETENTION_MONTHS)

    class Meta:
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")
