"""The current TOTP code for a secret, as an authenticator app would show it."""

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.utils import timezone

from tests.factories import TOTP_SECRET


def current_code(secret: str = TOTP_SECRET) -> str:
    return format_hotp_value(hotp_value(secret, int(timezone.now().timestamp()) // 30))
