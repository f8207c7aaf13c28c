"""The public forms cannot be sent endlessly: limits per address and overall, a Dutch "try again
later" page, and a honeypot that stores nothing."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from jongerenwerk.core import ratelimit
from jongerenwerk.core.models import Invitation, Organisation

URL = reverse("core:organisation_register")


def request_data(n: int, **extra) -> dict:
    return {"name": f"Jongerenwerk Nieuw {n}", "province": "UT", "contact_name": "Kim",
            "contact_email": f"kim{n}@nieuw.test", **extra}


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_one_address_may_send_five_requests_then_waits(client, db):
    statuses = [client.post(URL, request_data(n)).status_code for n in range(8)]
    assert statuses == [200] * 5 + [429] * 3
    assert Organisation.objects.count() == 5 and Invitation.objects.count() == 5
    page = client.post(URL, request_data(99)).content.decode()
    assert "Probeer het later opnieuw" in page and "Er is niets opgeslagen" in page
    assert client.get(URL).status_code == 200  # reading the form is never limited


def test_many_addresses_together_are_limited_too(db):
    @ratelimit.limit_public_form("proef", per_address=ratelimit.Limit(100, 3600), overall=ratelimit.Limit(3, 3600))
    def view(request):
        return HttpResponse("ok")

    factory = RequestFactory()
    statuses = [view(factory.post("/", REMOTE_ADDR=f"10.0.0.{n}")).status_code for n in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


def test_a_filled_honeypot_looks_sent_but_stores_nothing(client, db):
    response = client.post(URL, request_data(1, website="http://spam.test"))
    assert response.status_code == 200
    assert "ontvangen" in response.content.decode()
    assert not Organisation.objects.exists()


def test_the_honeypot_is_hidden_from_people(client, db):
    page = client.get(URL).content.decode()
    assert 'name="website"' in page and 'tabindex="-1"' in page
