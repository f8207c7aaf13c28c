from allauth.mfa.models import Authenticator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from jongerenwerk.core.models import ROLES_REQUIRING_MFA, User
from jongerenwerk.core.selectors import role_of

# Pages someone without a second factor may still open: setting one up, signing out,
# the language switch, static files and the health check.
MFA_SETUP_PATHS = ("/accounts/", "/i18n/", "/static/", "/health/")


def requires_mfa(user: User) -> bool:
    return user.is_staff or role_of(user) in ROLES_REQUIRING_MFA


class RequireMfaMiddleware:
    """Managers, safeguarding officers, admins and platform staff set up TOTP before they see data."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(MFA_SETUP_PATHS)
            and requires_mfa(user)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            return redirect(reverse("mfa_activate_totp") + "?next=" + request.path)
        return self.get_response(request)
