"""What the trainings app adds to the core: its cards, menu item, reminders, retention rule,
demo data and benchmark pages."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jongerenwerk.core.registry import (
    TRAINER,
    BenchmarkPage,
    NavItem,
    OverviewPanel,
    ReportSection,
    audience,
    card,
    registry,
)
from jongerenwerk.core.roles import ALL_ROLES, FIELD_WORKERS, Role


def benchmark_pages(organisation) -> list[BenchmarkPage]:
    """The trainings pages in the throughput benchmark: the newest programme as a youth worker
    sees it, and the manager's team coverage."""
    from trainings.models import Programme

    programme = Programme.objects.order_by("-pk").first()
    if programme is None:
        return []
    roles = set(organisation.memberships.values_list("role", flat=True))
    pages = [BenchmarkPage("trainings: programme (worker)", Role.JONGERENWERKER,
                           reverse("trainings:programme", args=[programme.pk]))]
    if Role.LEIDINGGEVENDE in roles:
        pages.append(BenchmarkPage("trainings: team coverage (manager)", Role.LEIDINGGEVENDE,
                                   reverse("trainings:team_coverage")))
    return [page for page in pages if page.role in roles]


def register() -> None:
    from trainings.demo import demo_trainings_seed
    from trainings.notices import reminders
    from trainings.selectors import overview
    from trainings.services.retention import RULE

    registry.add_nav_item(NavItem("trainings:index", _("Trainings"), audience(ALL_ROLES, TRAINER), 40))
    for panel in [
        card("trainings.programme", url_name="trainings:index", title=_("Training programme"),
             text=_("Sessions, provinces, enrolments and attendance."), audience=audience(TRAINER), order=1),
        card("trainings.own", url_name="trainings:index", title=_("Trainings"),
             text=_("The #Awareness online trainings."),
             audience=audience(FIELD_WORKERS, Role.AANDACHTSFUNCTIONARIS), order=40),
        card("trainings.team", url_name="trainings:index", title=_("Trainings"),
             text=_("Enrol your team and see who has been trained."),
             audience=audience(Role.LEIDINGGEVENDE), order=40),
    ]:
        registry.add_panel(panel)
    for reminder in reminders():
        registry.add_reminder(reminder)
    registry.add_retention_rule(RULE)
    registry.on_seed_demo(demo_trainings_seed, order=60)
    registry.add_benchmark_pages(benchmark_pages)
    registry.add_overview_panel(OverviewPanel(
        key="trainings", title=_("Trainings"), audience=audience(Role.LEIDINGGEVENDE), order=30,
        figures=overview.overview_figures,
    ))
    registry.add_report_section(ReportSection(
        key="trainings", title=_("Trainings"), order=30, figures=overview.report_figures,
        counts=overview.neighbourhood_counts,
    ))
