"""What the policy app adds to the core: its cards, notices, menu items, hooks and reminders."""

from django.http import HttpRequest
from django.urls import reverse
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
from jongerenwerk.core.roles import ADMINISTRATORS, ALL_ROLES, FIELD_WORKERS, Role
from jongerenwerk.core.scope import membership_of
from policy.demo import demo_policy_seed
from policy.models import Draft, Version
from policy.reminders import REMINDERS
from policy.selectors import overview
from policy.selectors.acknowledgements import standing_of
from policy.selectors.profiles import profiles_of
from policy.services.handbook import handbook_seed


def _asks_attention(request: HttpRequest) -> dict | None:
    """The home notice: the handbook to acknowledge (also a new member's first sign-in), and
    work profiles due for their re-check."""
    membership = membership_of(request.user)
    standing = standing_of(request.user, membership)
    recheck = [checked for checked in profiles_of(request.user, membership) if checked.result.recheck_due]
    if not standing.is_asked and not recheck:
        return None
    return {"standing": standing if standing.is_asked else None, "recheck": recheck}


def _waiting_for_approval(request: HttpRequest) -> dict | None:
    membership = membership_of(request.user)
    draft = Draft.objects.filter(organisation=membership.organisation_id, state=Draft.State.SUBMITTED).first()
    return {"draft": draft} if draft else None


def benchmark_pages(organisation) -> list[BenchmarkPage]:
    """The handbook pages in the throughput benchmark, for an organisation whose handbook has
    two versions (`policy_benchmark --build` makes one)."""
    versions = list(Version.objects.filter(organisation=organisation).order_by("-number")[:2])
    if len(versions) < 2:
        return []
    newest, before = versions
    worker, manager = Role.JONGERENWERKER, Role.LEIDINGGEVENDE
    return [
        BenchmarkPage("handbook (worker)", worker, reverse("policy:index")),
        BenchmarkPage("handbook diff (worker)", worker, reverse("policy:diff", args=[newest.pk]) + f"?met={before.pk}"),
        BenchmarkPage("acknowledgements (manager)", manager, reverse("policy:acknowledgements")),
        BenchmarkPage("profile conformity (manager)", manager, reverse("policy:conformity")),
    ]


def register() -> None:
    # One menu item: the handbook page links on to the profiles, the versions, the overviews
    # and (for the admin) the draft and the rules.
    registry.add_nav_item(NavItem("policy:index", _("Policy"), ALL_ROLES, 50))
    for panel in [
        HomePanel(key="policy.attention", template="policy/panels/attention.html", audience=ALL_ROLES, order=5,
                  context=_asks_attention, slot="notices"),
        HomePanel(key="policy.approval", template="policy/panels/approval.html",
                  audience=audience(Role.LEIDINGGEVENDE), order=6, context=_waiting_for_approval, slot="notices"),
        card("policy.read", url_name="policy:index", title=_("Policy handbook"),
             text=_("How your organisation works online, and your work profiles."), audience=FIELD_WORKERS,
             order=50),
        card("policy.protocols", url_name="policy:index", title=_("Policy handbook"),
             text=_("The protocols per signal category."), audience=audience(Role.AANDACHTSFUNCTIONARIS), order=35),
        # The admin reaches the draft and the rules, the manager the overviews, from the
        # handbook page's links.
        card("policy.edit", url_name="policy:index", title=_("Policy handbook"),
             text=_("Edit the handbook on online work and the signal protocols."), audience=ADMINISTRATORS,
             order=50),
    ]:
        registry.add_panel(panel)
    # Every approved organisation starts with the default handbook as a draft.
    registry.on_organisation_approved(handbook_seed)
    registry.on_seed_demo(demo_policy_seed, order=40)
    for reminder in REMINDERS:
        registry.add_reminder(reminder)
    registry.add_benchmark_pages(benchmark_pages)
    registry.add_overview_panel(OverviewPanel(
        key="policy", title=_("Handbook and work profiles"), audience=audience(Role.LEIDINGGEVENDE), order=40,
        figures=overview.overview_figures,
    ))
    registry.add_report_section(ReportSection(
        key="policy", title=_("Handbook and work profiles"), order=40, figures=overview.report_figures,
    ))
