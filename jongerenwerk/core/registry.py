"""How apps plug into the core, which imports none of them.

Each app fills this registry from its `AppConfig.ready()` (Wagtail's hooks, such as
`construct_homepage_panels`, are the model):

- home panels: a template, who sees it, and a function giving its context;
- navigation items: a URL name, a label, who sees it;
- hooks run when an organisation is approved and when the demo data are loaded;
- reminders: what is due, to whom, with which message (see `jongerenwerk.core.reminders`);
- retention rules: which records expire and how they are anonymised (`jongerenwerk.core.retention`);
- overview panels: an app's figures on the manager's overview, each linked to the list behind it;
- report sections: an app's figures for a period, and its counts per neighbourhood, for the
  scheduled and the funders' reports. An app that has not registered its part yet is shown
  as "not yet available" by whoever reads these, never as an error.

Who sees a panel or an item is a set of audiences: the roles of `jongerenwerk.core.roles`,
plus TRAINER and STAFF for the platform-wide people who have no membership.
"""

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.urls import reverse

from jongerenwerk.core.scope import membership_of

if TYPE_CHECKING:
    from jongerenwerk.core.models import Organisation, User
    from jongerenwerk.core.reminders import Reminder
    from jongerenwerk.core.retention import RetentionRule

TRAINER = "trainer"  # the platform-wide trainer / programme admin
STAFF = "staff"  # platform staff


def audiences_of(user: "User") -> frozenset[str]:
    """Which audiences a signed-in person belongs to: their role, and trainer or staff."""
    if not user.is_authenticated:
        return frozenset()
    membership = membership_of(user)
    audiences = {membership.role} if membership else set()
    if user.is_trainer:
        audiences.add(TRAINER)
    if user.is_staff:
        audiences.add(STAFF)
    return frozenset(audiences)


@dataclass(frozen=True)
class HomePanel:
    key: str
    template: str
    audience: frozenset[str]
    order: int
    # The panel's own context; returning None leaves the panel out (nothing to show).
    context: Callable[[HttpRequest], dict | None] | None = None
    # "notices" come above the page's lead (open work), "cards" below it.
    slot: str = "cards"


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: Any  # a lazy translation
    audience: frozenset[str]
    order: int

    @property
    def href(self) -> str:
        return _reverse_once(self.url_name)


@functools.cache
def _reverse_once(url_name: str) -> str:
    """A menu item's address: the same for everyone, so reversed once per process."""
    return reverse(url_name)


@dataclass(frozen=True)
class RenderedPanel:
    panel: HomePanel
    context: dict


@dataclass
class DemoData:
    """What `seed_demo` made before it calls the apps' demo hooks."""

    organisation: "Organisation"  # the main demo organisation, with every role
    other_organisation: "Organisation"  # a second organisation, in another province
    trainer: "User"


@dataclass(frozen=True)
class BenchmarkPage:
    """A page the throughput benchmark serves, as a member with `role` of the benchmark
    organisation sees it."""

    name: str
    role: str
    path: str


@dataclass(frozen=True)
class Figure:
    """One figure of an overview panel or a report section: what it counts, its value (a number,
    a percentage in words, or None when there is nothing to count), and the list behind it."""

    label: Any  # a lazy translation
    value: Any
    url: str = ""
    note: Any = ""  # a target or a comparison, in words


@dataclass(frozen=True)
class OverviewPanel:
    """An app's part of the manager's overview. `figures(organisation, now)` computes the
    figures in a fixed number of queries, however many records there are."""

    key: str
    title: Any
    audience: frozenset[str]
    order: int
    figures: Callable[["Organisation", Any], list[Figure]]


@dataclass(frozen=True)
class NeighbourhoodCounts:
    """A table of counts per neighbourhood for the funders' report: {(neighbourhood id, column
    key): count}. Only counts: no names of people, no aliases."""

    title: Any
    columns: list[tuple[str, Any]]  # (key, label)
    counts: dict[tuple[int, str], int]


@dataclass(frozen=True)
class ReportTable:
    """A table for the organisation's own reports (the managers'), never for funders: a header
    and rows of words and numbers, such as each youth worker's shares."""

    title: Any
    header: list
    rows: list[list]


@dataclass(frozen=True)
class ReportSection:
    """An app's part of the reports, for the period [start, end): its figures, where it has
    them its counts per neighbourhood (suppressed, also for funders), and tables for the
    managers' reports only. Each is called with the keyword `team`: None for the whole
    organisation, or a team whose members' work alone it counts (`reporting.of_team`)."""

    key: str
    title: Any
    order: int
    figures: Callable[["Organisation", Any, Any], list[Figure]]
    counts: Callable[["Organisation", Any, Any], list[NeighbourhoodCounts]] | None = None
    tables: Callable[["Organisation", Any, Any], list[ReportTable]] | None = None


@dataclass
class Registry:
    panels: dict[str, HomePanel] = field(default_factory=dict)
    nav_items: dict[str, NavItem] = field(default_factory=dict)
    approval_hooks: list[Callable[["Organisation"], None]] = field(default_factory=list)
    demo_hooks: list[tuple[int, Callable[[DemoData], None]]] = field(default_factory=list)
    reminders: dict[str, "Reminder"] = field(default_factory=dict)
    retention_rules: dict[str, "RetentionRule"] = field(default_factory=dict)
    # Functions (organisation_id, since) -> a query of youth ids with activity since then.
    youth_activity: list[Callable] = field(default_factory=list)
    # Functions (organisation_id) -> a query of youth ids linked to a record under a legal hold.
    youth_holds: list[Callable] = field(default_factory=list)
    # Functions (organisation) -> BenchmarkPages: each app's pages in the throughput benchmark.
    benchmark_pages: list[Callable] = field(default_factory=list)
    overview_panels: dict[str, OverviewPanel] = field(default_factory=dict)
    report_sections: dict[str, ReportSection] = field(default_factory=dict)

    # Filling it (from AppConfig.ready) ---------------------------------------------------

    def add_panel(self, panel: HomePanel) -> None:
        self.panels[panel.key] = panel

    def add_nav_item(self, item: NavItem) -> None:
        self.nav_items[item.url_name] = item

    def on_organisation_approved(self, hook: Callable[["Organisation"], None]) -> None:
        if hook not in self.approval_hooks:
            self.approval_hooks.append(hook)

    def on_seed_demo(self, hook: Callable[[DemoData], None], *, order: int) -> None:
        if all(existing is not hook for _, existing in self.demo_hooks):
            self.demo_hooks.append((order, hook))

    def add_reminder(self, reminder: "Reminder") -> None:
        self.reminders[reminder.name] = reminder

    def add_retention_rule(self, rule: "RetentionRule") -> None:
        self.retention_rules[rule.name] = rule

    def add_youth_activity(self, activity: Callable, *, holds: Callable | None = None) -> None:
        if activity not in self.youth_activity:
            self.youth_activity.append(activity)
        if holds is not None and holds not in self.youth_holds:
            self.youth_holds.append(holds)

    def add_benchmark_pages(self, pages: Callable[["Organisation"], list[BenchmarkPage]]) -> None:
        if pages not in self.benchmark_pages:
            self.benchmark_pages.append(pages)

    def add_overview_panel(self, panel: OverviewPanel) -> None:
        self.overview_panels[panel.key] = panel

    def add_report_section(self, section: ReportSection) -> None:
        self.report_sections[section.key] = section

    # Reading it ---------------------------------------------------------------------------

    def panels_for(self, request: HttpRequest) -> dict[str, list[RenderedPanel]]:
        """The panels the signed-in person may see, per slot, in a stable order."""
        audiences = audiences_of(request.user)
        slots: dict[str, list[RenderedPanel]] = {"notices": [], "cards": []}
        for panel in sorted(self.panels.values(), key=lambda p: (p.order, p.key)):
            if not panel.audience & audiences:
                continue
            context = panel.context(request) if panel.context else {}
            if context is not None:
                slots[panel.slot].append(RenderedPanel(panel, context))
        return slots

    def overview_panels_for(self, user: "User") -> list[OverviewPanel]:
        """The overview panels the signed-in person may see, in a stable order."""
        audiences = audiences_of(user)
        return sorted(
            (panel for panel in self.overview_panels.values() if panel.audience & audiences),
            key=lambda panel: (panel.order, panel.key),
        )

    def sections(self) -> list[ReportSection]:
        return sorted(self.report_sections.values(), key=lambda section: (section.order, section.key))

    def navigation_for(self, user: "User") -> list[NavItem]:
        audiences = audiences_of(user)
        return sorted(
            (item for item in self.nav_items.values() if item.audience & audiences),
            key=lambda item: (item.order, item.url_name),
        )

    def organisation_approved(self, organisation: "Organisation") -> None:
        for hook in self.approval_hooks:
            hook(organisation)

    def seed_demo(self, demo: DemoData) -> None:
        for _, hook in sorted(self.demo_hooks, key=lambda entry: entry[0]):
            hook(demo)


registry = Registry()


def card(
    key: str, *, url_name: str, title: Any, text: Any | Callable[[HttpRequest], str], audience: frozenset[str],
    order: int, query: str = "",
) -> HomePanel:
    """A home panel that is one card: a linked title and a line of text (or a function of the
    request that returns the line); `query` is added to the link (a list's filter)."""

    def context(request: HttpRequest) -> dict:
        url = reverse(url_name) + (f"?{query}" if query else "")
        return {"url": url, "title": title, "text": text(request) if callable(text) else text}

    return HomePanel(key=key, template="core/panels/card.html", audience=audience, order=order, context=context)


def audience(*sets: Iterable[str]) -> frozenset[str]:
    """One audience from several role sets and the names TRAINER and STAFF."""
    members: set[str] = set()
    for part in sets:
        members.update([part] if isinstance(part, str) else part)
    return frozenset(members)
