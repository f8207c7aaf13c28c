"""What the signals app adds to the core: its cards, menu items, hooks, reminders and retention."""

from datetime import timedelta
from urllib.parse import quote

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jongerenwerk.core.registry import (
    BenchmarkPage,
    HomePanel,
    NavItem,
    OverviewPanel,
    ReportSection,
    audience,
    card,
    registry,
)
from jongerenwerk.core.roles import ADMINISTRATORS, FIELD_WORKERS, OVERSEERS, YOUTH_WORK, Role
from signals.defaults import categories_seed
from signals.demo import demo_history_seed, demo_signals_seed
from signals.models import Category, Signal
from signals.reminders import REMINDERS
from signals.selectors import overview
from signals.selectors.records import open_actions_of
from signals.services.retention import SIGNAL_RULE, youths_active_since, youths_on_hold
from signals.views import PAGE_SIZE

HOME_ACTIONS = 5  # open follow-up actions on the home page of those who handle signals


def _open_actions(request) -> dict | None:
    actions = list(open_actions_of(request.user)[:HOME_ACTIONS])
    return {"open_actions": actions} if actions else None


def benchmark_pages(organisation) -> list[BenchmarkPage]:
    """The signal pages in the throughput benchmark, on the benchmark organisation's data."""
    signals = Signal.objects.filter(organisation=organisation).order_by("-observed_at", "-id")
    newest = signals.first()
    if newest is None:
        return []
    deep = signals[min(signals.count() - 1, PAGE_SIZE * 200)]  # where page 200 began
    category = Category.objects.filter(organisation=organisation).order_by("position").first()
    since = (timezone.localdate() - timedelta(days=365)).isoformat()
    officer, worker = Role.AANDACHTSFUNCTIONARIS, Role.JONGERENWERKER
    index = reverse("signals:index")
    return [
        BenchmarkPage("signal list (officer)", officer, index),
        BenchmarkPage("filtered list (category, severity, a year)", officer,
                      f"{index}?category={category.pk}&severity=hoog&since={since}"),
        BenchmarkPage("deep page (about page 200)", officer,
                      f"{index}?after={quote(f'{deep.observed_at.isoformat()}~{deep.pk}')}"),
        BenchmarkPage("signal list (worker, own neighbourhoods)", worker, f"{index}?scope=wijken"),
        BenchmarkPage("signal page (officer)", officer, reverse("signals:detail", args=[newest.pk])),
        BenchmarkPage("trends board (officer)", officer, reverse("signals:trends")),
        BenchmarkPage("trends board (worker)", worker, reverse("signals:trends")),
        BenchmarkPage("signal form (officer)", officer, reverse("signals:create")),
    ]


def register() -> None:
    registry.add_nav_item(NavItem("signals:index", _("Signals"), YOUTH_WORK, 10))
    registry.add_nav_item(NavItem("signals:categories", _("Signal categories"), ADMINISTRATORS, 103))
    for panel in [
        HomePanel(key="signals.open_actions", template="signals/panels/open_actions.html", audience=YOUTH_WORK,
                  order=0, context=_open_actions, slot="notices"),
        card("signals.log", url_name="signals:create", title=_("Log a signal"),
             text=_("Something you saw online or on the street that worries you, or a positive signal."),
             audience=FIELD_WORKERS, order=10),
        card("signals.handle", url_name="signals:index", title=_("Signals to handle"), query="status=open",
             text=_("Signals of the whole organisation that wait for consultation, weighing or a decision."),
             audience=audience(Role.AANDACHTSFUNCTIONARIS), order=10),
        card("signals.mine", url_name="signals:index", title=_("My signals"), query="scope=mine",
             text=_("The signals you logged, and where each one is now."), audience=FIELD_WORKERS, order=11),
        card("signals.overview", url_name="signals:index", title=_("Signals"),
             text=_("The organisation's signals and what the protocols ask of you."),
             audience=audience(Role.LEIDINGGEVENDE), order=10),
        card("signals.categories", url_name="signals:categories", title=_("Signal categories and protocols"),
             text=_("Which steps apply at each severity, who must be informed and by when."),
             audience=ADMINISTRATORS, order=4),
    ]:
        registry.add_panel(panel)
    # Every approved organisation starts with the default categories and their protocols.
    registry.on_organisation_approved(categories_seed)
    registry.on_seed_demo(lambda demo: demo_signals_seed(demo.organisation), order=10)
    registry.on_seed_demo(lambda demo: demo_history_seed(demo.organisation), order=11)
    for reminder in REMINDERS:
        registry.add_reminder(reminder)
    registry.add_retention_rule(SIGNAL_RULE)
    registry.add_benchmark_pages(benchmark_pages)
    registry.add_youth_activity(youths_active_since, holds=youths_on_hold)
    # The manager's overview and the safeguarding officer's part of it; the reports' figures.
    registry.add_overview_panel(OverviewPanel(
        key="signals", title=_("Signals"), audience=OVERSEERS, order=10, figures=overview.overview_figures,
    ))
    registry.add_report_section(ReportSection(
        key="signals", title=_("Signals"), order=10, figures=overview.report_figures,
        counts=overview.neighbourhood_counts,
    ))
