import time

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from jongerenwerk.core.models import ROLES_REQUIRING_MFA, User
from jongerenwerk.core.selectors import role_of

# Pages someone without a second factor may still open: setting one up, signing out,
# the language switch, static files and the health check.
MFA_SETUP_PATHS = ("/accounts/", "/i18n/", "/static/", "/health/")


def requires_mfa(user: User) -> bool:
    return user.is_staff or role_of(user) in ROLES_REQUIRING_MFA


# Session key: this session's user has the second factor their role requires. Kept in the
# session so the check costs no queries on every request; an authenticator cannot be removed
# by those who need one (see adapters), and a new sign-in checks again.
MFA_CHECKED = "_mfa_checked_user"


class RequireMfaMiddleware:
    """Managers, safeguarding officers, admins and platform staff set up TOTP before they see data."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and request.session.get(MFA_CHECKED) != user.pk
            and not request.path.startswith(MFA_SETUP_PATHS)
        ):
            if requires_mfa(user) and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                return redirect(reverse("mfa_activate_totp") + "?next=" + request.path)
            request.session[MFA_CHECKED] = user.pk
        return self.get_response(request)


# How often a signed-in session's expiry is moved on: saving it on every request cost a
# write per page; once a minute keeps the idle time-out exact to the minute.
SESSION_TOUCH_SECONDS = 60
SESSION_TOUCHED = "_touched"


def touch_session(session) -> None:
    """Move a signed-in session's expiry on, at most once a minute."""
    now = int(time.time())
    if now - session.get(SESSION_TOUCHED, 0) >= SESSION_TOUCH_SECONDS:
        session[SESSION_TOUCHED] = now  # marks the session modified: saved with a new expiry


class SessionTouchMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            touch_session(session)
        return self.get_response(request)


def public_page(view):
    """Mark a view as a public page that browsers and proxies may cache (the emergency page,
    robots.txt); every other response is private and not stored (see below)."""
    view.public_page = True
    return view


class PrivateByDefaultMiddleware:
    """Pages hold data about young people and youth workers share computers at youth centres: no
    response is kept in a browser or proxy cache unless its view is a `public_page`, and no
    search engine indexes anything (the portal is private)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("X-Robots-Tag", "noindex, nofollow")
        if not getattr(request, "_public_page", False):
            if "Cache-Control" not in response or "no-store" not in response["Cache-Control"]:
                response["Cache-Control"] = "private, no-store"
        return response

    def process_view(self, request: HttpRequest, view, view_args, view_kwargs) -> None:
        request._public_page = getattr(view, "public_page", False)


class PortalNotFoundMiddleware:
    """With DEBUG on (`make run`), Django answers a missing page with its English technical page
    listing every URL. People trying the portal see the portal's own Dutch 404 instead; a
    developer who wants the technical page sets DEBUG_TECHNICAL_404=true."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 404 and settings.DEBUG and not settings.DEBUG_TECHNICAL_404
            and not getattr(response, "streaming", False) and b"Using the URLconf" in response.content
        ):
            return render(request, "404.html", status=404)
        return response
