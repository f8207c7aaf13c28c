"""No page with data is left in a browser cache, and no search engine indexes the portal."""

import pytest
from django.conf import settings
from django.urls import reverse

from signals.models import Share
from tests.factories import YouthFactory


@pytest.fixture
def pages(log_signal, worker, safeguarding_officer, organisation, wijk_a):
    signal = log_signal(worker)
    share = Share.objects.create(signal=signal, recipient="school", recipient_name="College",
                                 legal_basis="toestemming_jongere", fields=["category"], shared_by=safeguarding_officer)
    youth = YouthFactory(organisation=organisation, neighbourhood=wijk_a)
    return [
        reverse("home"),
        reverse("signals:detail", args=[signal.pk]),
        reverse("signals:share_summary", args=[signal.pk, share.pk]),
        reverse("core:youth_detail", args=[youth.pk]),
        reverse("signals:export"),
        reverse("signals:index"),
    ]


def test_every_page_with_data_tells_the_browser_not_to_store_it(client_for, safeguarding_officer, pages):
    client = client_for(safeguarding_officer)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], url
        assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_search_engines_are_asked_to_stay_away(client, db):
    robots = client.get("/robots.txt")
    assert robots.content.decode() == "User-agent: *\nDisallow: /\n"
    login = client.get(reverse("account_login"))
    assert '<meta name="robots" content="noindex, nofollow">' in login.content.decode()
    assert login["X-Robots-Tag"] == "noindex, nofollow"


def test_the_csrf_cookie_is_not_readable_by_scripts(client, db):
    client.get(reverse("core:organisation_register"))
    assert client.cookies[settings.CSRF_COOKIE_NAME]["httponly"]


def test_every_wide_table_is_a_labelled_scroll_region_a_keyboard_can_reach():
    import re
    from pathlib import Path

    from django.conf import settings as django_settings

    offenders = []
    for template in Path(django_settings.BASE_DIR).glob("**/templates/**/*.html"):
        if ".venv" in template.parts:
            continue
        text = template.read_text()
        for wrap in re.findall(r'<div class="table-wrap"[^>]*>', text):
            if not ('role="region"' in wrap and 'tabindex="0"' in wrap and "aria-label" in wrap):
                offenders.append(f"{template}: {wrap}")
    assert not offenders, "\n".join(offenders)
