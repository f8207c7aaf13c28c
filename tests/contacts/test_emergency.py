"""The public emergency page: no login, no cookies, no scripts, small; the national lines by default."""

import re

from django.urls import reverse

from contacts.services.settings import contact_settings_ensure
from jongerenwerk.core.models import Organisation
from jongerenwerk.core.services import organisation_approve
from tests.factories import OrganisationFactory, UserFactory


def test_an_approved_organisation_gets_its_page_with_the_national_help_lines(db):
    organisation = OrganisationFactory(name="Jongerenwerk Aan Zee", status=Organisation.Status.PENDING)
    staff = UserFactory(is_staff=True)
    organisation_approve(organisation=organisation, by=staff)
    settings = organisation.contact_settings
    assert settings.emergency_slug == "jongerenwerk-aan-zee"
    lines = {line.name: line.phone for line in organisation.help_lines.all()}
    assert lines["112"] == "112" and lines["Politie (geen spoed)"] == "0900-8844"
    assert lines["De Kindertelefoon"] == "0800-0432" and lines["113 Zelfmoordpreventie"] == "0800-0113"
    assert lines["Veilig Thuis"] == "0800-2000" and lines["Meld Misdaad Anoniem"] == "0800-7000"
    assert "Helpwanted" in lines
    contact_settings_ensure(organisation)  # a rerun adds nothing
    assert organisation.help_lines.count() == 7


def test_the_page_is_public_without_cookies_scripts_or_forms_and_small(client, contact_settings):
    response = client.get(reverse("help:emergency", args=[contact_settings.emergency_slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert not response.cookies
    assert "<script" not in page and "<form" not in page and "csrf" not in page
    assert 'href="tel:08000432"' in page and 'href="tel:112"' in page
    assert "Hulp nodig?" in page and 'lang="en">Need help?' in page
    css = client.get("/static/contacts/emergency.css")
    size = len(response.content) + len(b"".join(css.streaming_content))
    assert size < 30 * 1024, size
    assert re.findall(r'(?:href|src)="(https?://[^"]+)"', page) == [
        line.url for line in contact_settings.organisation.help_lines.all() if line.url
    ]  # only the help lines' own sites: no trackers, no fonts, no scripts from elsewhere


def test_the_page_is_the_same_for_a_signed_in_worker_and_sets_no_cookie(client_for, worker, contact_settings):
    response = client_for(worker).get(reverse("help:emergency", args=[contact_settings.emergency_slug]))
    assert response.status_code == 200 and "csrftoken" not in response.cookies


def test_an_unknown_address_or_a_suspended_organisation_has_no_page(client, contact_settings):
    assert client.get(reverse("help:emergency", args=["bestaat-niet"])).status_code == 404
    Organisation.objects.filter(pk=contact_settings.organisation_id).update(status=Organisation.Status.SUSPENDED)
    assert client.get(reverse("help:emergency", args=[contact_settings.emergency_slug])).status_code == 404


def test_the_admin_edits_the_page_and_its_lines(client_for, admin_member, contact_settings):
    client = client_for(admin_member)
    client.post(reverse("contacts:emergency_settings"), {
        "emergency_slug": "testwijk", "availability_nl": "We zijn er ma t/m vr.", "availability_en": "Mon to Fri.",
    })
    line = contact_settings.organisation.help_lines.get(name="Veilig Thuis")
    client.post(reverse("contacts:help_line_delete", args=[line.pk]))
    client.post(reverse("contacts:help_line_create"), {
        "name": "Buurtteam", "phone": "", "url": "", "text_nl": "Voor de buurt.", "text_en": "", "position": 1,
    })
    page = client.get(reverse("help:emergency", args=["testwijk"])).content.decode()
    assert "We zijn er ma t/m vr." in page and "Mon to Fri." in page
    assert "Veilig Thuis" not in page and "Buurtteam" not in page  # a line without a number or site is refused
    response = client.post(reverse("contacts:help_line_create"), {
        "name": "Buurtteam", "phone": "", "url": "", "text_nl": "Voor de buurt.", "text_en": "", "position": 1,
    })
    assert response.status_code == 422 and "telefoonnummer, een website of allebei" in response.content.decode()


def test_a_taken_address_is_refused(client_for, admin_member, contact_settings, other_organisation):
    taken = contact_settings_ensure(other_organisation).emergency_slug
    response = client_for(admin_member).post(reverse("contacts:emergency_settings"), {
        "emergency_slug": taken, "availability_nl": "Tekst.", "availability_en": "",
    })
    assert response.status_code == 422 and "al in gebruik" in response.content.decode()
