from datetime import timedelta

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone

from jongerenwerk.core import audit, receivers
from jongerenwerk.core.middleware import requires_mfa
from jongerenwerk.core.models import AuditEvent
from jongerenwerk.core.scope import membership_of

LOCKOUT_RECORDED_FOR = timedelta(minutes=5)  # one audit entry per lockout, not one per attempt


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Nobody signs up into an organisation: an admin invites them.
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials) -> None:
        """allauth refuses a sign-in while an account is locked out; the lockout is audited."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            user = receivers.account_of(credentials)
            if user is not None and not AuditEvent.objects.filter(
                action=AuditEvent.Action.LOCKOUT, target_type="core.user", target_id=str(user.pk),
                at__gte=timezone.now() - LOCKOUT_RECORDED_FOR,
            ).exists():
                membership = membership_of(user)
                audit.record(None, AuditEvent.Action.LOCKOUT, user, ip=receivers.client_ip(request),
                             organisation_id=membership.organisation_id if membership else None)
            raise


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # Roles that must use a second factor cannot switch it off.
        if authenticator.type == Authenticator.Type.TOTP and requires_mfa(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)
