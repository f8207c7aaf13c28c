"""The page cache: a page asked again by the same session is served without queries, and shows
at once what anyone changed since (jongerenwerk.core.pagecache)."""

import re

import pytest
from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse

from jongerenwerk.core import pagecache
from jongerenwerk.core.models import AuditEvent, Neighbourhood
from jongerenwerk.core.scope import membership_of
from jongerenwerk.urls import urlpatterns as portal
from signals.models import Signal

FORM = Template(
    '<form method="post">{% csrf_token %}<input name="key" value="{{ key }}"></form>'
    '<script nonce="{{ csp_nonce }}">1</script>'
)


@pagecache.cached_page
@login_required
def form(request):
    from django.template.context_processors import csrf

    context = Context({"key": pagecache.fresh_uuid(), "csp_nonce": request._csp_nonce, **csrf(request)})
    return HttpResponse(FORM.render(context))


@pagecache.cached_page
@login_required
def writes(request):
    Neighbourhood.objects.create(organisation=membership_of(request.user).organisation,
                                 name=f"Wijk {Neighbourhood.objects.count()}")
    return HttpResponse(str(Neighbourhood.objects.count()))


@pagecache.cached_page
@login_required
def audits_directly(request):
    AuditEvent.objects.create(actor=request.user, action=AuditEvent.Action.VIEW, target_type="core.user",
                              target_id=str(request.user.pk))
    return HttpResponse("gezien")


@login_required
def post_form(request):
    return HttpResponse("posted")


urlpatterns = [
    path("proef/formulier/", form), path("proef/schrijft/", writes), path("proef/post/", post_form),
    path("proef/audit/", audits_directly),
    path("accounts/", include("allauth.urls")), *portal,
]


@pytest.fixture
def page_cache(settings):
    """The page cache on this process's memory (settings use Redis, shared by all processes),
    sessions read from the database (`copied_sessions` below reads them through the cache)."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    settings.CACHES = {**settings.CACHES, "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                                    "LOCATION": "page-cache-tests"}}
    caches["pages"].clear()
    pagecache._down_until = 0.0
    yield caches["pages"]
    pagecache._down_until = 0.0


@pytest.fixture
def test_urls(settings):
    settings.ROOT_URLCONF = __name__


def warm(client: Client, url: str):
    """The first request checks the second factor (the session changes, nothing is stored),
    the second renders and stores the page."""
    client.get(url)
    return client.get(url)


def served(client: Client, url: str):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [query["sql"] for query in queries.captured_queries]


def test_a_page_asked_again_is_served_with_only_the_session_query(page_cache, client_for, safeguarding_officer,
                                                                  log_signal, worker):
    signal = log_signal(worker)
    client = client_for(safeguarding_officer)
    url = reverse("signals:index")
    rendered = warm(client, url)
    response, queries = served(client, url)
    assert response.status_code == 200
    assert len(queries) == 1 and "django_session" in queries[0]
    assert reverse("signals:detail", args=[signal.pk]) in response.text
    assert strip_tokens(response.text) == strip_tokens(rendered.text)
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Frame-Options"] == "DENY"


def test_a_page_served_again_asks_the_cache_once(page_cache, client_for, safeguarding_officer, monkeypatch):
    client = client_for(safeguarding_officer)
    warm(client, reverse("signals:index"))
    calls, depth = [], [0]

    def counted(name, method):
        def call(*args, **kwargs):  # the calls the page cache makes, not those within the backend
            if not depth[0]:
                calls.append(name)
            depth[0] += 1
            try:
                return method(*args, **kwargs)
            finally:
                depth[0] -= 1
        return call

    for name in ("get", "get_many", "set", "set_many"):
        monkeypatch.setattr(page_cache, name, counted(name, getattr(page_cache, name)))
    response, queries = served(client, reverse("signals:index"))
    assert response.status_code == 200 and len(queries) == 1
    assert calls == ["get_many"]


def test_a_logged_signal_shows_at_once_on_the_list_and_the_board(page_cache, client_for, safeguarding_officer,
                                                                 worker, log_signal):
    log_signal(worker)
    client = client_for(safeguarding_officer)
    board_before = strip_tokens(warm(client, reverse("signals:trends")).text)
    warm(client, reverse("signals:index"))
    assert strip_tokens(served(client, reverse("signals:trends"))[0].text) == board_before

    new = log_signal(worker, category="criminaliteit", severity="hoog")
    listed, queries = served(client, reverse("signals:index"))
    assert reverse("signals:detail", args=[new.pk]) in listed.text
    assert len(queries) > 1  # rendered again
    assert strip_tokens(served(client, reverse("signals:trends"))[0].text) != board_before


def test_a_change_by_a_bare_update_shows_at_once(page_cache, client_for, safeguarding_officer, worker, log_signal):
    signal = log_signal(worker, severity="laag")
    client = client_for(safeguarding_officer)
    url = reverse("signals:detail", args=[signal.pk])
    assert "Nieuwe feiten" not in warm(client, url).text
    Signal.objects.filter(pk=signal.pk).update(facts="Nieuwe feiten over de vechtpartij.")
    assert "Nieuwe feiten over de vechtpartij." in client.get(url).text


def test_nobody_gets_a_page_stored_for_someone_else(page_cache, client_for, worker, other_team_worker, outsider,
                                                    log_signal, wijk_b):
    mine = log_signal(worker)
    url = reverse("signals:index")
    warm(client_for(worker), url)
    assert reverse("signals:detail", args=[mine.pk]) not in client_for(other_team_worker).get(url).text
    detail = reverse("signals:detail", args=[mine.pk])
    warm(client_for(worker), detail)
    assert client_for(outsider).get(detail).status_code == 404
    # The same person in a new session renders anew: the page is kept per session.
    again = client_for(worker)
    again.get(url)
    response, queries = served(again, url)
    assert len(queries) > 1 and reverse("signals:detail", args=[mine.pk]) in response.text


def test_a_sensitive_signal_is_audited_on_every_view_from_the_cache_too(page_cache, client_for,
                                                                        safeguarding_officer, worker, log_signal):
    signal = log_signal(worker, category="criminaliteit", severity="hoog")
    client = client_for(safeguarding_officer)
    url = reverse("signals:detail", args=[signal.pk])
    warm(client, url)
    response, queries = served(client, url)
    assert response.status_code == 200 and len(queries) == 2  # the session, and the audit entry
    views = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, target_id=str(signal.pk))
    assert views.count() == 3
    assert {(view.actor_id, view.actor_label, view.organisation_id, view.target_type) for view in views} == {
        (safeguarding_officer.pk, safeguarding_officer.email, signal.organisation_id, "signals.signal")}


def test_each_cached_form_has_its_own_key_csrf_token_and_nonce(page_cache, test_urls, worker):
    client = Client(enforce_csrf_checks=True)
    client.force_login(worker)
    pages = [warm(client, "/proef/formulier/")]
    for _ in range(2):
        response, queries = served(client, "/proef/formulier/")
        assert len(queries) == 1
        pages.append(response)
    keys = [re.search(r'name="key" value="([^"]+)"', page.text).group(1) for page in pages]
    tokens = [re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1) for page in pages]
    nonces = [re.search(r'<script nonce="([^"]+)"', page.text).group(1) for page in pages]
    assert len(set(keys)) == len(set(tokens)) == len(set(nonces)) == 3
    for page, nonce in zip(pages, nonces, strict=True):
        assert f"'nonce-{nonce}'" in page["Content-Security-Policy"]
    assert client.post("/proef/post/", {"csrfmiddlewaretoken": tokens[-1]}).status_code == 200


def test_two_signal_forms_from_the_cache_have_their_own_idempotency_keys(page_cache, client_for, worker, categories):
    client = client_for(worker)
    url = reverse("signals:create")
    keys = []
    for response in (warm(client, url), client.get(url)):
        keys.append(re.search(r'name="idempotency_key" value="([^"]+)"', response.text).group(1))
    assert keys[0] != keys[1]


def test_a_page_that_writes_when_rendered_is_never_stored(page_cache, test_urls, worker):
    client = Client()
    client.force_login(worker)
    counts = [int(client.get("/proef/schrijft/").text) for _ in range(3)]
    assert counts == [counts[0], counts[0] + 1, counts[0] + 2]


def test_a_page_whose_audit_entry_could_not_be_written_again_is_never_stored(page_cache, test_urls, worker):
    client = Client()
    client.force_login(worker)
    for _ in range(4):
        client.get("/proef/audit/")
    assert AuditEvent.objects.filter(target_id=str(worker.pk), target_type="core.user").count() == 4


def test_a_waiting_message_is_shown_not_a_stored_page(page_cache, client_for, safeguarding_officer, worker,
                                                      log_signal):
    signal = log_signal(worker)
    client = client_for(safeguarding_officer)
    url = reverse("signals:detail", args=[signal.pk])
    warm(client, url)
    response = client.post(reverse("signals:add_addendum", args=[signal.pk]), {"text": "Het klopt niet."},
                           follow=True)
    assert "Het klopt niet." in response.text
    assert 'class="message message-success"' in response.text


def test_pages_render_and_writes_work_when_the_page_cache_is_down(settings, client_for, safeguarding_officer,
                                                                  worker, log_signal):
    settings.CACHES = {**settings.CACHES, "pages": {"BACKEND": "jongerenwerk.core.cache.RedisCache",
                                                    "LOCATION": "redis://127.0.0.1:1/0",
                                                    "OPTIONS": {"socket_connect_timeout": 0.2}}}
    pagecache._down_until = 0.0
    try:
        client = client_for(safeguarding_officer)
        for _ in range(3):
            assert client.get(reverse("signals:index")).status_code == 200
        signal = log_signal(worker)
        assert reverse("signals:detail", args=[signal.pk]) in client.get(reverse("signals:index")).text
    finally:
        pagecache._down_until = 0.0


def test_a_write_in_a_transaction_versions_its_table_now_and_after_the_commit(page_cache, organisation):
    key = "v:core_neighbourhood"
    before = page_cache.get(key)
    Neighbourhood.objects.create(organisation=organisation, name="Noord")
    Neighbourhood.objects.create(organisation=organisation, name="Zuid")
    during = page_cache.get(key)
    at_commit = [callback for _, callback, _ in connection.run_on_commit
                 if isinstance(getattr(callback, "__self__", None), pagecache._Observer)]
    assert len(at_commit) == 1  # one bump when the transaction commits, however many writes
    at_commit[0]()
    assert len({before, during, page_cache.get(key)}) == 3


def strip_tokens(html: str) -> str:
    """The page without what is new in every response: CSRF tokens and the CSP nonce."""
    return re.sub(r'nonce="[^"]+"|\b[A-Za-z0-9]{64}\b', "", html)


def _synchronous_commit() -> str:
    if connection.vendor != "postgresql":
        return "on"  # SQLite has no such setting
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_view_served_again_is_audited_outside_a_transaction_and_the_connection_stays_as_it_was(
        organisation, worker):
    """On PostgreSQL the repeated view's entry goes in one round trip without waiting for the
    disk; the entry is there at once, and the connection works and waits for the disk again,
    also after an entry that could not be written."""
    from jongerenwerk.core import audit

    fields = dict(actor_id=worker.pk, actor_label=worker.email, organisation_id=organisation.pk, action="view",
                  target_type="core.organisation", target_id=str(organisation.pk), target_label="x", detail={"a": 1})
    audit._append_again(**fields)
    entry = AuditEvent.objects.get(target_type="core.organisation")
    assert (entry.actor_id, entry.detail, entry.at is not None) == (worker.pk, {"a": 1}, True)
    assert _synchronous_commit() == "on"
    with pytest.raises(Exception):  # noqa: B017 (the database's own error: no such member)
        audit._append_again(**{**fields, "actor_id": 10**9})
    assert _synchronous_commit() == "on"
    assert AuditEvent.objects.filter(target_type="core.organisation").count() == 1


# Sessions read through a half-minute copy (core.sessions) --------------------------------------


@pytest.fixture
def copied_sessions(page_cache, settings):
    settings.SESSION_ENGINE = "jongerenwerk.core.sessions"
    return page_cache


def test_a_session_is_read_from_its_copy_and_ends_at_once_on_sign_out(copied_sessions, worker, client_for):
    client = client_for(worker)
    url = reverse("signals:index")
    warm(client, url)
    response, queries = served(client, url)
    assert response.status_code == 200 and queries == []
    assert copied_sessions.get(f"session:{client.session.session_key}") is not None
    key = client.session.session_key
    client.post(reverse("account_logout"))
    assert copied_sessions.get(f"session:{key}") is None
    client.cookies["sessionid"] = key  # the old cookie, replayed
    assert client.get(url).status_code == 302


def test_a_session_whose_copy_is_gone_is_read_from_the_database(copied_sessions, worker, client_for):
    client = client_for(worker)
    url = reverse("signals:index")
    warm(client, url)
    copied_sessions.clear()
    response, queries = served(client, url)
    assert response.status_code == 200 and any("django_session" in query for query in queries)


def test_a_hard_reload_gets_the_page_made_anew(page_cache, client_for, safeguarding_officer):
    client = client_for(safeguarding_officer)
    url = reverse("signals:index")
    warm(client, url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, headers={"Cache-Control": "no-cache"}).status_code == 200
    assert len(queries) > 1
