"""What the policy app adds to the core: its cards and menu item."""

from django.utils.translation import gettext_lazy as _

from jongerenwerk.core.registry import NavItem, audience, card, registry
from jongerenwerk.core.roles import ADMINISTRATORS, ALL_ROLES, FIELD_WORKERS, Role


def register() -> None:
    registry.add_nav_item(NavItem("policy:index", _("Policy"), ALL_ROLES, 50))
    for panel in [
        card("policy.read", url_name="policy:index", title=_("Policy handbook"),
             text=_("How your organisation works online, and your work profiles."), audience=FIELD_WORKERS,
             order=50),
        card("policy.protocols", url_name="policy:index", title=_("Policy handbook"),
             text=_("The protocols per signal category."), audience=audience(Role.AANDACHTSFUNCTIONARIS), order=35),
        card("policy.edit", url_name="policy:index", title=_("Policy handbook"),
             text=_("Edit the handbook on online work and the signal protocols."), audience=ADMINISTRATORS,
             order=50),
    ]:
        registry.add_panel(panel)
