"""What the core itself contributes to the registry: its cards, menu items and reminders."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jongerenwerk.core.models import Organisation
from jongerenwerk.core.registry import (
    STAFF,
    TRAINER,
    BenchmarkPage,
    HomePanel,
    NavItem,
    audience,
    card,
    registry,
)
from jongerenwerk.core.retention import YOUTH_RULE
from jongerenwerk.core.roles import (
    ADMINISTRATORS,
    ALL_ROLES,
    FIELD_WORKERS,
    MANAGEMENT,
    YOUTH_WORK,
    Role,
)

EVERYONE = audience(ALL_ROLES, TRAINER, STAFF)


def _organisation_requests(request) -> dict:
    pending = Organisation.objects.filter(status=Organisation.Status.PENDING).order_by("created_at")
    return {"pending": list(pending[:5]), "count": pending.count(),
            "url": reverse("admin:core_organisation_changelist") + "?status__exact=pending"}


def _benchmark_pages(organisation) -> list[BenchmarkPage]:
    """Each role's home, for the roles the benchmark organisation has."""
    roles = set(organisation.memberships.values_list("role", flat=True))
    return [BenchmarkPage(f"home ({Role(role).label})", role, reverse("home")) for role in Role if role in roles]


def register() -> None:
    for item in [
        NavItem("home", _("Home"), EVERYONE, 0),
        NavItem("core:notification_list", _("Notifications"), EVERYONE, 1),
        NavItem("core:youth_list", _("Young people"), YOUTH_WORK, 30),
        NavItem("core:member_list", _("Members"), ADMINISTRATORS, 100),
        NavItem("core:structure", _("Neighbourhoods and teams"), ADMINISTRATORS, 101),
        NavItem("core:organisation_settings", _("Organisation"), ADMINISTRATORS, 102),
        NavItem("core:audit_log", _("Audit log"), MANAGEMENT, 110),
        NavItem("admin:index", _("Platform admin"), audience(STAFF), 120),
    ]:
        registry.add_nav_item(item)

    for panel in [
        card("core.youth.neighbourhoods", url_name="core:youth_list", title=_("Young people"),
             text=_("The pseudonymous register of young people in your neighbourhoods."), audience=FIELD_WORKERS,
             order=30),
        card("core.youth.organisation", url_name="core:youth_list", title=_("Young people"),
             text=_("The pseudonymous register of your organisation."), audience=audience(Role.AANDACHTSFUNCTIONARIS),
             order=30),
        card("core.members", url_name="core:member_list", title=_("Members and invitations"),
             text=_("Invite colleagues by e-mail with a role."), audience=ADMINISTRATORS, order=1),
        card("core.structure", url_name="core:structure", title=_("Neighbourhoods and teams"),
             text=_("The neighbourhoods your organisation works in, and its teams."), audience=ADMINISTRATORS,
             order=2),
        card("core.settings", url_name="core:organisation_settings", title=_("Organisation settings"),
             text=_("Logo, online-work targets and retention."), audience=ADMINISTRATORS, order=3),
        card("core.audit_log", url_name="core:audit_log", title=_("Audit log"),
             text=_("Who saw or changed which record."), audience=MANAGEMENT, order=90),
        HomePanel(key="core.organisation_requests", template="core/panels/organisation_requests.html",
                  audience=audience(STAFF), order=94, context=_organisation_requests),
        card("core.platform_admin", url_name="admin:index", title=_("Platform admin"),
             text=_("Approve organisations that asked for access, and manage the platform."),
             audience=audience(STAFF), order=95),
    ]:
        registry.add_panel(panel)
    registry.add_retention_rule(YOUTH_RULE)
    registry.add_benchmark_pages(_benchmark_pages)
