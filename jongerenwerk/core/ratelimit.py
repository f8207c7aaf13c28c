"""Limits on the public forms (no account needed): per address and for everyone together.

A public form that accepts anything endlessly fills the database and the admins' inbox: 20
organisation requests in a row made 20 pending organisations. Each public form's POST view is
decorated with `limit_public_form(scope)`: past the limit the sender gets the Dutch "try again
later" page (429) and nothing is stored. Counters live in the cache, which degrades to each
process's memory when Redis is down (`jongerenwerk.core.cache`), so the limits hold during an
outage too. A honeypot field (`HoneypotForm`) catches the simplest bots without any outside
captcha service.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from allauth.account.adapter import get_adapter
from django import forms
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


PER_ADDRESS = Limit(5, 10 * 60)  # five sends per address in ten minutes
OVERALL = Limit(200, 60 * 60)  # and two hundred from everyone together in an hour


def _counted(key: str, limit: Limit) -> bool:
    """Count one send under `key` in the current window; False when over the limit."""
    window = int(time.time() // limit.seconds)
    key = f"public-form:{key}:{window}"
    cache.add(key, 0, limit.seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, limit.seconds)
        count = 1
    return count <= limit.count


def limit_public_form(scope: str, *, per_address: Limit = PER_ADDRESS, overall: Limit = OVERALL) -> Callable:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "POST":
                address = get_adapter(request).get_client_ip(request)
                if not (_counted(f"{scope}:ip:{address}", per_address) and _counted(f"{scope}:all", overall)):
                    return render(request, "429_public.html", status=429)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class HoneypotForm(forms.Form):
    """A field that people never see or fill in, and simple bots do. A form with it filled is
    answered as if it succeeded, and nothing is stored."""

    website = forms.CharField(
        label=_("Leave this field empty"), required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(self.add_prefix("website")))
