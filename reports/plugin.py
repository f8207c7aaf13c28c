"""What the reports app adds to the core: the overview's card, the reports' menu item, the
nudges, the retention of report files and the overview in the throughput benchmark."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jongerenwerk.core.models import Membership
from jongerenwerk.core.registry import BenchmarkPage, NavItem, card, registry
from jongerenwerk.core.roles import Role
from reports.permissions import OVERVIEW_READERS, REPORT_READERS
from reports.services.nudges import ONLINE_NUDGE, OUT_OF_HOURS_NUDGE
from reports.services.retention import REPORT_RULE


def benchmark_pages(organisation) -> list[BenchmarkPage]:
    """The overview as the manager sees it (as the safeguarding officer when the benchmark
    organisation has no manager)."""
    roles = set(Membership.objects.filter(organisation=organisation, is_active=True).values_list("role", flat=True))
    for role in (Role.LEIDINGGEVENDE, Role.AANDACHTSFUNCTIONARIS):
        if role in roles:
            return [BenchmarkPage(f"overview ({role})", role, reverse("reports:overview"))]
    return []


def register() -> None:
    registry.add_nav_item(NavItem("reports:index", _("Reports"), REPORT_READERS, 60))
    registry.add_panel(card(
        "reports.overview", url_name="reports:overview", title=_("Overview"),
        text=_("The organisation's figures at a glance: signals, contacts, trainings and the handbook."),
        audience=OVERVIEW_READERS, order=1,
    ))
    registry.add_reminder(ONLINE_NUDGE)
    registry.add_reminder(OUT_OF_HOURS_NUDGE)
    registry.add_retention_rule(REPORT_RULE)
    registry.add_benchmark_pages(benchmark_pages)
