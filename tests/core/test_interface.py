import re

from django.core import mail
from django.test import Client
from django.urls import path, reverse

from tests.factories import PASSWORD


def test_every_page_has_a_content_security_policy_with_a_nonce_on_its_scripts(client, db):
    response = client.get(reverse("account_login"))
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "script-src 'self' 'nonce-" in policy and "frame-ancestors 'none'" in policy
    scripts = re.findall(r"<script[^>]*>", response.content.decode())
    assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts)
    assert all("http" not in tag for tag in scripts)  # htmx comes from static/, never a CDN


def test_a_forgotten_password_is_reset_through_a_mailed_link(client, worker):
    client.post(reverse("account_reset_password"), {"email": worker.email})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
                {"password1": "een-nieuw-lang-wachtwoord", "password2": "een-nieuw-lang-wachtwoord"})
    worker.refresh_from_db()
    assert worker.check_password("een-nieuw-lang-wachtwoord")
    assert not worker.check_password(PASSWORD)


def broken_view(request):
    raise RuntimeError("kapot")


urlpatterns = [path("kapot/", broken_view)]
handler500 = "jongerenwerk.core.errors.server_error"


def test_a_server_error_shows_the_portals_page_without_a_stack_trace(settings, db):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/kapot/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Er ging iets mis" in page
    assert "kapot" not in page and "Traceback" not in page
