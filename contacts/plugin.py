"""What the contacts app adds to the core: its cards and menu item."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jongerenwerk.core.registry import NavItem, audience, card, registry
from jongerenwerk.core.roles import ALL_ROLES, FIELD_WORKERS, Role
from jongerenwerk.core.scope import membership_of


def _targets(request) -> str:
    organisation = membership_of(request.user).organisation
    return _("Targets: %(online)s%% online, %(supportive)s%% supportive.") % {
        "online": organisation.online_share_target, "supportive": organisation.supportive_share_target,
    }


def register() -> None:
    registry.add_nav_item(NavItem("contacts:index", gettext_lazy("Contacts"), ALL_ROLES, 20))
    registry.add_panel(card(
        "contacts.register", url_name="contacts:index", title=gettext_lazy("Register a contact"),
        text=gettext_lazy("A 1-on-1 contact on WhatsApp, Instagram, Snapchat, TikTok or on the street."),
        audience=FIELD_WORKERS, order=20,
    ))
    registry.add_panel(card(
        "contacts.overview", url_name="contacts:index", title=gettext_lazy("Contacts and online share"),
        text=_targets, audience=audience(Role.LEIDINGGEVENDE), order=20,
    ))
