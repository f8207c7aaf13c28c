"""What every signed-in request costs before the view does anything: at most three queries,
whatever the role, and the session written at most once a minute."""

import pytest
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import include, path

from jongerenwerk.core import middleware


@login_required
def nothing(request):
    return HttpResponse("ok")


urlpatterns = [path("niets/", nothing), path("accounts/", include("allauth.urls"))]


@pytest.fixture
def bare_urls(settings):
    settings.ROOT_URLCONF = __name__


@pytest.mark.parametrize("persona", ["worker", "safeguarding_officer", "manager", "admin_member"])
def test_a_signed_in_request_costs_at_most_three_queries_before_the_view(persona, personas, client_for, bare_urls):
    client = client_for(personas.get(persona))
    assert client.get("/niets/").status_code == 200  # the first request checks the second factor once
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/niets/").status_code == 200
    assert len(queries) <= 3, [query["sql"] for query in queries.captured_queries]


def test_the_session_is_written_once_a_minute_not_on_every_request(client_for, worker, bare_urls, monkeypatch):
    client = client_for(worker)
    client.get("/niets/")
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            client.get("/niets/")
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(("UPDATE", "INSERT"))]
    assert writes == []
    monkeypatch.setattr(middleware, "SESSION_TOUCH_SECONDS", 0)
    with CaptureQueriesContext(connection) as queries:
        client.get("/niets/")
    assert any("django_session" in q["sql"] and q["sql"].startswith("UPDATE") for q in queries.captured_queries)


def test_a_role_without_a_second_factor_is_still_sent_to_set_one_up(client_for, manager, bare_urls):
    manager.authenticator_set.all().delete()
    response = client_for(manager).get("/niets/")
    assert response.status_code == 302 and "/accounts/2fa/totp/activate/" in response["Location"]
