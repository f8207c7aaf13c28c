"""Receivers of Django's and allauth's signals; they record, they decide nothing."""

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from jongerenwerk.core import audit
from jongerenwerk.core.models import AuditEvent, User
from jongerenwerk.core.scope import membership_of


def account_of(credentials: dict) -> User | None:
    email = credentials.get("email") or credentials.get("username") or credentials.get("login") or ""
    return User.objects.filter(email__iexact=email.strip()).first() if email else None


def client_ip(request) -> str:
    from allauth.account.adapter import get_adapter

    return get_adapter(request).get_client_ip(request) if request is not None else ""


@receiver(user_login_failed)
def record_failed_sign_in(sender, credentials: dict, request=None, **kwargs) -> None:
    """A wrong password for an existing account goes into its organisation's audit log.
    Attempts for addresses without an account name nobody the portal knows: not recorded."""
    user = account_of(credentials)
    if user is None:
        return
    membership = membership_of(user)
    audit.record(None, AuditEvent.Action.LOGIN_FAILED, user,
                 organisation_id=membership.organisation_id if membership else None, ip=client_ip(request))
