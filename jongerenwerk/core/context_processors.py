from django.http import HttpRequest

from jongerenwerk.core.selectors import membership_of


def portal(request: HttpRequest) -> dict:
    """The signed-in person's membership, for the navigation."""
    user = getattr(request, "user", None)
    membership = membership_of(user) if user is not None else None
    unread = 0
    if user is not None and user.is_authenticated and not getattr(request, "htmx", False):
        unread = user.notifications.filter(read_at=None).count()
    return {"membership": membership, "role": membership.role if membership else None, "unread_notifications": unread}
