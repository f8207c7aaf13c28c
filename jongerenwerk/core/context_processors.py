from django.http import HttpRequest

from jongerenwerk.core.registry import registry
from jongerenwerk.core.reminders import unread_count
from jongerenwerk.core.scope import membership_of


def portal(request: HttpRequest) -> dict:
    """The signed-in person's membership and menu, for the page's header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"membership": None}
    unread = 0
    if not getattr(request, "htmx", False):
        unread = unread_count(user)
    return {
        "membership": membership_of(user),
        "navigation": registry.navigation_for(user),
        "unread_notifications": unread,
    }
