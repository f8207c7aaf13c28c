"""What the contacts app adds to the core: cards, menu items, what an approved organisation
starts with, demo data, retention rules and the young people its contacts keep active."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts.demo import demo_contacts_seed
from contacts.models import Contact
from contacts.selectors import overview
from contacts.services.retention import IMPORT_RULE, NOTE_RULE, youths_active_since
from contacts.services.settings import contact_settings_ensure
from jongerenwerk.core.registry import (
    BenchmarkPage,
    NavItem,
    OverviewPanel,
    ReportSection,
    audience,
    card,
    registry,
)
from jongerenwerk.core.roles import ADMINISTRATORS, FIELD_WORKERS, YOUTH_WORK, Role
from jongerenwerk.core.scope import membership_of


def _targets(request) -> str:
    organisation = membership_of(request.user).organisation
    return _("Targets: %(online)s%% online, %(supportive)s%% supportive.") % {
        "online": organisation.online_share_target, "supportive": organisation.supportive_share_target,
    }


def benchmark_pages(organisation) -> list[BenchmarkPage]:
    """The contact pages in the throughput benchmark, for an organisation with contacts
    (`contacts_benchmark --build` makes one)."""
    newest = (Contact.objects.filter(organisation=organisation, youth__isnull=False)
              .order_by("-started_at").values_list("youth", flat=True).first())
    if newest is None:
        return []
    worker, manager = Role.JONGERENWERKER, Role.LEIDINGGEVENDE
    return [
        BenchmarkPage("contact form (worker)", worker, reverse("contacts:create")),
        BenchmarkPage("contact list (worker)", worker, reverse("contacts:index")),
        BenchmarkPage("worker dashboard", worker, reverse("contacts:dashboard")),
        BenchmarkPage("team dashboard (4 weeks)", manager, reverse("contacts:team")),
        BenchmarkPage("team dashboard (12 months)", manager, reverse("contacts:team") + "?periode=12m"),
        BenchmarkPage("a young person's path (manager)", manager, reverse("contacts:youth", args=[newest])),
    ]


def register() -> None:
    # One menu item for each: the contacts for those who work with them, their settings for the admin.
    registry.add_nav_item(NavItem("contacts:index", gettext_lazy("Contacts"), YOUTH_WORK, 20))
    registry.add_nav_item(NavItem("contacts:settings", gettext_lazy("Contacts"), ADMINISTRATORS, 20))
    registry.add_panel(card(
        "contacts.register", url_name="contacts:create", title=gettext_lazy("Register a contact"),
        text=gettext_lazy("A 1-on-1 contact on WhatsApp, Instagram, Snapchat, TikTok or on the street."),
        audience=FIELD_WORKERS, order=20,
    ))
    registry.add_panel(card(
        "contacts.overview", url_name="contacts:team", title=gettext_lazy("Contacts and online share"),
        text=_targets, audience=audience(Role.LEIDINGGEVENDE), order=20,
    ))
    registry.on_organisation_approved(contact_settings_ensure)
    registry.on_seed_demo(demo_contacts_seed, order=20)
    registry.add_retention_rule(NOTE_RULE)
    registry.add_retention_rule(IMPORT_RULE)
    registry.add_youth_activity(youths_active_since)
    registry.add_benchmark_pages(benchmark_pages)
    registry.add_overview_panel(OverviewPanel(
        key="contacts", title=gettext_lazy("Contacts"), audience=audience(Role.LEIDINGGEVENDE), order=20,
        figures=overview.overview_figures,
    ))
    registry.add_report_section(ReportSection(
        key="contacts", title=gettext_lazy("Contacts"), order=20, figures=overview.report_figures,
        counts=overview.neighbourhood_counts, tables=overview.worker_tables,
    ))
