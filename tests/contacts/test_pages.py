import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact, ContactSignal
from contacts.services import imports, records
from jongerenwerk.core.models import AuditEvent, Notification, Youth
from signals.models import Signal
from signals.services import intake
from tests.access import Page, expect, matrix_tests
from tests.factories import YouthFactory

CONTACT_KEY = "6a1f0c8e-0d2b-4e55-9a5b-2f4d7c9e1a10"
SIGNAL_KEY = "9b3e2d1c-7a6f-4c1d-8e2b-5f0a1c3d4e55"
CSV = "datum;duur;kanaal;jongere;karakter\n2026-03-09 10:00;15;WhatsApp;;steunend\n"


def contact_data(**overrides) -> dict:
    return {
        "idempotency_key": CONTACT_KEY, "anonymous": "on", "age_band": "16-17", "channel": "whatsapp",
        "started_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "duration_minutes": "10",
        "character": "steunend", "initiated_by": "jongere", "forms_of_work": ["begeleiding"], "topics": ["school"],
        "note": "Vroeg naar een bijbaan.", **overrides,
    }


def signal_data(objects) -> dict:
    return {
        "idempotency_key": SIGNAL_KEY, "category": objects["category"].pk, "source": "whatsapp",
        "observed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "severity": "middel",
        "youths": [objects["youth"].pk], "facts": "Stuurde een filmpje van een ruzie door.",
    }


HOURS = {f"day_{day}_{part}": time for day in range(5) for part, time in (("start", "12:00"), ("end", "20:00"))}
HELP_LINE = {"name": "Buurtlijn", "phone": "010-1234567", "url": "", "text_nl": "Voor vragen over de buurt.",
             "text_en": "", "position": 5}
OWN_RECORD = {"anonymous": 302, "worker": 200, "other_team_worker": 404, "safeguarding_officer": 403, "manager": 404,
              "admin_member": 403, "trainer": 403, "outsider": 404, "outsider_admin": 403}
ADMINS = expect(403, admin_member=200, outsider_admin=200)
ADMIN_RECORD = expect(403, admin_member=200, outsider_admin=404)

PAGES = [
    Page("contact list", "contacts:index", expect(200, admin_member=403, trainer=403, outsider_admin=403)),
    Page("register a contact", "contacts:create", expect(403, worker=200, other_team_worker=200, outsider=200)),
    Page("register a contact (send)", "contacts:create", expect(403, worker=302, other_team_worker=302, outsider=302),
         method="post", data=contact_data()),
    Page("contact page", ("contacts:detail", lambda o: [o["contact"].pk]),
         expect(200, other_team_worker=404, admin_member=403, trainer=403, outsider=404, outsider_admin=403)),
    Page("signal from a contact", ("contacts:signal_create", lambda o: [o["contact"].pk]),
         expect(403, worker=200, other_team_worker=404, outsider=404)),
    Page("signal from a contact (send)", ("contacts:signal_create", lambda o: [o["contact"].pk]),
         expect(403, worker=302, other_team_worker=404, outsider=404), method="post", data=signal_data),
    Page("a young person's path", ("contacts:youth", lambda o: [o["youth"].pk]),
         expect(200, other_team_worker=404, admin_member=403, trainer=403, outsider=404, outsider_admin=403)),
    Page("my dashboard", "contacts:dashboard", expect(403, worker=200, other_team_worker=200, outsider=200)),
    Page("team dashboard", "contacts:team", expect(403, manager=200)),
    Page("a worker's dashboard", ("contacts:worker_dashboard", lambda o: [o["member"].pk]), expect(403, manager=200)),
    Page("nudge", ("contacts:nudge", lambda o: [o["member"].pk]), expect(403, manager=302), method="post"),
    Page("import", "contacts:import_start",
         expect(403, worker=200, other_team_worker=200, manager=200, outsider=200)),
    Page("import (send)", "contacts:import_start",
         expect(403, worker=302, other_team_worker=302, manager=302, outsider=302), method="post",
         data=lambda o: {"file": SimpleUploadedFile("contacten.csv", CSV.encode(), "text/csv")}),
    Page("import check", ("contacts:import_detail", lambda o: [o["import"].pk]), OWN_RECORD),
    Page("import: add young people", ("contacts:import_add_youths", lambda o: [o["import"].pk]),
         {**OWN_RECORD, "worker": 302}, method="post"),
    Page("import: store", ("contacts:import_store", lambda o: [o["import"].pk]),
         {**OWN_RECORD, "worker": 302}, method="post"),
    Page("import: discard", ("contacts:import_discard", lambda o: [o["import"].pk]),
         {**OWN_RECORD, "worker": 302}, method="post"),
    Page("contact settings", "contacts:settings", ADMINS),
    Page("contact settings (send)", "contacts:settings", expect(403, admin_member=302, outsider_admin=302),
         method="post", data={**HOURS, "channels": ["whatsapp", "straat"]}),
    Page("working hours", "contacts:hours", ADMINS),
    Page("a worker's hours", ("contacts:worker_hours", lambda o: [o["member"].pk]), ADMIN_RECORD),
    Page("a worker's hours (send)", ("contacts:worker_hours", lambda o: [o["member"].pk]),
         {**ADMIN_RECORD, "admin_member": 302}, method="post", data=HOURS),
    Page("emergency page settings", "contacts:emergency_settings", ADMINS),
    Page("emergency page settings (send)", "contacts:emergency_settings",
         expect(403, admin_member=302, outsider_admin=302), method="post",
         data={"emergency_slug": "testwijk-hulp", "availability_nl": "Wij zijn er doordeweeks.", "availability_en": ""}),
    Page("add a help line", "contacts:help_line_create", ADMINS),
    Page("add a help line (send)", "contacts:help_line_create", expect(403, admin_member=302, outsider_admin=302),
         method="post", data=HELP_LINE),
    Page("help line", ("contacts:help_line_edit", lambda o: [o["help_line"].pk]), ADMIN_RECORD),
    Page("help line (send)", ("contacts:help_line_edit", lambda o: [o["help_line"].pk]),
         {**ADMIN_RECORD, "admin_member": 302}, method="post", data=HELP_LINE),
    Page("remove a help line", ("contacts:help_line_delete", lambda o: [o["help_line"].pk]),
         {**ADMIN_RECORD, "admin_member": 302}, method="post"),
    Page("emergency page (public)", ("help:emergency", lambda o: [o["settings"].emergency_slug]),
         {**expect(200), "anonymous": 200}),
]


@pytest.fixture
def objects(personas, organisation, wijk_a, contact_settings, categories, log_contact):
    youth = YouthFactory(organisation=organisation, alias="skater_a", neighbourhood=wijk_a)
    contact = log_contact(personas.worker, youth=youth, note="Vertelde over ruzie thuis.")
    signal, _ = intake.signal_create(
        organisation=organisation, reporter=personas.worker, idempotency_key=uuid.uuid4(),
        category=categories["vechtpartij"], source="whatsapp", observed_at=timezone.now(), neighbourhood=wijk_a,
        severity="middel", facts="Ruzie aangekondigd.", youths=[youth],
    )
    records.signal_link(contact=contact, signal=signal, by=personas.worker)
    contact_import = imports.import_create(organisation=organisation, by=personas.worker, filename="c.csv",
                                           content=CSV.encode())
    return {
        "youth": youth, "contact": contact, "category": categories["vechtpartij"], "member": personas.worker.membership,
        "import": contact_import, "help_line": contact_settings.organisation.help_lines.first(),
        "settings": contact_settings,
    }


test_contact_access_matrix, test_the_wrong_method_is_refused, test_a_repeated_write_changes_nothing = matrix_tests(PAGES)


# The form ------------------------------------------------------------------------------------


def test_a_worker_registers_an_anonymous_contact_and_lands_on_a_fresh_form(client_for, worker, contact_settings):
    response = client_for(worker).post(reverse("contacts:create"), contact_data(), follow=True)
    contact = Contact.objects.get()
    assert (contact.worker, contact.youth, contact.age_band, contact.channel, contact.topics) == (
        worker, None, "16-17", "whatsapp", ["school"])
    page = response.content.decode()
    assert "Het contactmoment is opgeslagen." in page
    assert reverse("contacts:signal_create", args=[contact.pk]) in page
    assert CONTACT_KEY not in page  # a fresh form gets a fresh key


@pytest.mark.parametrize("override, message", [
    ({"started_at": "2099-01-01T10:00"}, "toekomst"),
    ({"duration_minutes": "-3"}, "minstens 1"),
    ({"duration_minutes": "800"}, "12 uur"),
    ({"duration_minutes": "tien"}, "Voer een geheel getal in."),
    ({"channel": "myspace"}, "Selecteer een geldige keuze."),
    ({"anonymous": ""}, "maak het contactmoment anoniem"),
])
def test_bad_input_comes_back_in_dutch_with_everything_typed(override, message, client_for, worker, contact_settings):
    response = client_for(worker).post(reverse("contacts:create"), contact_data(**override))
    page = response.content.decode()
    assert response.status_code == 422
    assert message in page
    assert "Vroeg naar een bijbaan." in page and CONTACT_KEY in page
    assert not Contact.objects.exists()


def test_a_young_person_of_another_organisation_is_refused_on_the_form(
    client_for, worker, contact_settings, other_organisation
):
    elsewhere = YouthFactory(organisation=other_organisation, alias="elders")
    response = client_for(worker).post(reverse("contacts:create"), contact_data(anonymous="", youth=elsewhere.pk))
    assert response.status_code == 422 and "Selecteer een geldige keuze." in response.content.decode()
    assert not Contact.objects.exists()


def test_an_alias_outside_the_workers_scope_is_a_new_entry_on_the_form(
    client_for, worker, contact_settings, organisation, wijk_a, wijk_b
):
    hidden = YouthFactory(organisation=organisation, alias="andere_wijk", neighbourhood=wijk_b)
    response = client_for(worker).post(reverse("contacts:create"),
                                       contact_data(anonymous="", new_youth_alias="andere_wijk"))
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.youth != hidden and contact.youth.alias == "andere_wijk"
    assert Youth.objects.filter(alias="andere_wijk").count() == 2


def test_the_same_as_last_time_is_one_tap_and_a_double_tap_stores_one(
    client_for, worker, colleague, contact_settings, organisation, wijk_a, log_contact
):
    youth = YouthFactory(organisation=organisation, alias="beats_b", neighbourhood=wijk_a)
    log_contact(worker, youth=youth, channel="snapchat", duration_minutes=12, topics=["geld"])
    log_contact(colleague, youth=youth, channel="straat", topics=["werk", "thuis"])
    log_contact(worker, channel="tiktok")  # the worker's last channel, with someone else
    client = client_for(worker)
    page = client.get(reverse("contacts:create") + f"?jongere={youth.pk}").content.decode()
    assert "Zelfde als vorige keer" in page
    last = Contact.objects.filter(worker=worker, youth=youth).get()
    key = str(uuid.uuid4())
    first = client.post(reverse("contacts:create"), {"repeat": last.pk, "idempotency_key": key})
    again = client.post(reverse("contacts:create"), {"repeat": last.pk, "idempotency_key": key})
    assert first.status_code == again.status_code == 302
    repeated = Contact.objects.filter(worker=worker, youth=youth).exclude(pk=last.pk).get()
    assert (repeated.channel, repeated.duration_minutes, repeated.topics) == ("snapchat", 12, ["geld"])


def test_the_defaults_are_checked_on_the_form(client_for, worker, contact_settings, organisation, wijk_a, log_contact):
    youth = YouthFactory(organisation=organisation, alias="beats_c", neighbourhood=wijk_a)
    log_contact(worker, youth=youth, channel="straat", topics=["werk", "thuis"])
    log_contact(worker, channel="tiktok")
    response = client_for(worker).get(reverse("contacts:create") + f"?jongere={youth.pk}")
    form = response.context["form"]
    assert form["channel"].value() == "tiktok"
    assert form["topics"].value() == ["werk", "thuis"]
    assert form["youth"].value() == youth.pk


def test_someone_elses_contact_cannot_be_repeated(client_for, worker, colleague, contact_settings, organisation,
                                                  wijk_a, log_contact):
    theirs = log_contact(colleague, youth=YouthFactory(organisation=organisation, neighbourhood=wijk_a))
    response = client_for(worker).post(reverse("contacts:create"), {"repeat": theirs.pk,
                                                                    "idempotency_key": str(uuid.uuid4())})
    assert response.status_code == 404
    assert Contact.objects.count() == 1


# Notes: read by the author and the overseeing roles, and every other reader is audited ------------


def test_only_the_author_and_the_overseeing_roles_read_a_note_and_others_reading_it_is_audited(
    client_for, worker, colleague, manager, safeguarding_officer, contact_settings, organisation, wijk_a, log_contact
):
    contact = log_contact(worker, youth=YouthFactory(organisation=organisation, neighbourhood=wijk_a),
                          note="Ruzie thuis, wil erover praten.")
    url = reverse("contacts:detail", args=[contact.pk])
    assert "Ruzie thuis" in client_for(worker).get(url).content.decode()
    assert client_for(colleague).get(url).status_code == 404  # a colleague only counts it
    assert client_for(safeguarding_officer).get(url).status_code == 404  # not linked to a signal
    assert "Ruzie thuis" in client_for(manager).get(url).content.decode()
    viewed = AuditEvent.objects.filter(action="view", target_type="contacts.contact")
    assert list(viewed.values_list("actor", "target_id")) == [(manager.pk, str(contact.pk))]


def test_the_safeguarding_officer_reads_a_contact_through_its_signal(
    client_for, worker, safeguarding_officer, contact_settings, categories, organisation, wijk_a, log_contact
):
    youth = YouthFactory(organisation=organisation, alias="linked_l", neighbourhood=wijk_a)
    contact = log_contact(worker, youth=youth, channel="instagram", note="Stuurde een screenshot.")
    client = client_for(worker)
    page = client.get(reverse("contacts:signal_create", args=[contact.pk])).content.decode()
    assert 'value="instagram" selected' in page or 'value="instagram"' in page
    response = client.post(reverse("contacts:signal_create", args=[contact.pk]), {
        "idempotency_key": SIGNAL_KEY, "category": categories["vechtpartij"].pk, "source": "instagram",
        "observed_at": timezone.localtime(contact.started_at).strftime("%Y-%m-%dT%H:%M"), "severity": "middel",
        "youths": [youth.pk], "facts": "Screenshot van een dreigement.", "neighbourhood": wijk_a.pk,
    })
    signal = Signal.objects.get()
    assert response["Location"] == reverse("signals:detail", args=[signal.pk])
    assert list(signal.youths.all()) == [youth] and signal.source == "instagram"
    assert ContactSignal.objects.get().contact == contact
    officer = client_for(safeguarding_officer)
    detail = officer.get(reverse("contacts:detail", args=[contact.pk])).content.decode()
    assert "Stuurde een screenshot." in detail and reverse("signals:detail", args=[signal.pk]) in detail
    assert reverse("contacts:detail", args=[contact.pk]) in officer.get(reverse("contacts:index")).content.decode()


def test_the_signal_form_from_a_contact_is_filled_in(client_for, worker, contact_settings, categories, organisation,
                                                     wijk_a, log_contact):
    youth = YouthFactory(organisation=organisation, alias="filled_f", neighbourhood=wijk_a)
    contact = log_contact(worker, youth=youth, channel="snapchat")
    form = client_for(worker).get(reverse("contacts:signal_create", args=[contact.pk])).context["form"]
    assert form["source"].value() == "snapchat"
    assert [int(pk) for pk in form["youths"].value()] == [youth.pk]
    shown = timezone.localtime(contact.started_at).replace(second=0, microsecond=0, tzinfo=None)
    assert form["observed_at"].value().replace(tzinfo=None) == shown


def test_the_signal_form_from_a_contact_shows_its_young_person_and_searches_without_logging(
    client_for, worker, contact_settings, categories, organisation, wijk_a, log_contact
):
    youth = YouthFactory(organisation=organisation, alias="shown_s", neighbourhood=wijk_a)
    YouthFactory(organisation=organisation, alias="found_f", neighbourhood=wijk_a)
    contact = log_contact(worker, youth=youth, channel="snapchat")
    client = client_for(worker)
    url = reverse("contacts:signal_create", args=[contact.pk])
    page = client.get(url).content.decode()
    assert f'name="youths" value="{youth.pk}" checked' in page
    # The picker's search button without JavaScript: results, the typed facts kept, no signal.
    response = client.post(url, {
        "search_youths": "1", "youths_q": "found", "youths": [youth.pk], "facts": "Half getypt.",
        "category": categories["vechtpartij"].pk,
    })
    page = response.content.decode()
    assert response.status_code == 200 and not Signal.objects.exists()
    assert "found_f" in page and "Half getypt." in page and f'name="youths" value="{youth.pk}" checked' in page


def test_a_new_alias_on_the_signal_form_from_a_contact_stays_within_the_workers_scope(
    client_for, worker, contact_settings, categories, organisation, wijk_a, wijk_b, log_contact
):
    hidden = YouthFactory(organisation=organisation, alias="elders_b", neighbourhood=wijk_b)
    contact = log_contact(worker)
    response = client_for(worker).post(reverse("contacts:signal_create", args=[contact.pk]), {
        "idempotency_key": SIGNAL_KEY, "category": categories["vechtpartij"].pk, "source": "whatsapp",
        "observed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "severity": "middel",
        "new_youth_alias": "elders_b", "facts": "Iets gezien.",
    })
    assert response.status_code == 302
    (linked,) = Signal.objects.get().youths.all()
    assert linked != hidden and linked.alias == "elders_b" and linked.created_by == worker


def test_a_nudge_carries_nothing_about_a_young_person_and_goes_once_a_week(client_for, manager, worker, contact_settings):
    client = client_for(manager)
    url = reverse("contacts:nudge", args=[worker.membership.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "al een seintje" in response.content.decode()
    notification = Notification.objects.get(user=worker)
    assert notification.url == reverse("contacts:dashboard")
    assert notification.params == {} and "seintje" in notification.text


def test_a_young_persons_path_shows_readable_contacts_and_signals_and_counts_the_rest(
    client_for, worker, colleague, contact_settings, categories, organisation, wijk_a, log_contact
):
    youth = YouthFactory(organisation=organisation, alias="pad_p", neighbourhood=wijk_a)
    log_contact(colleague, youth=youth, channel="straat", started_at=timezone.now() - timezone.timedelta(days=20))
    mine = log_contact(worker, youth=youth, channel="whatsapp", note="Niet op de tijdlijn.")
    intake.signal_create(organisation=organisation, reporter=worker, idempotency_key=uuid.uuid4(),
                         category=categories["vechtpartij"], source="straat", observed_at=timezone.now(),
                         neighbourhood=wijk_a, severity="laag", facts="Gezien op straat.", youths=[youth])
    response = client_for(worker).get(reverse("contacts:youth", args=[youth.pk]))
    page = response.content.decode()
    assert reverse("contacts:detail", args=[mine.pk]) in page
    assert "1 contactmoment van een collega telt hier mee" in page
    assert "Vechtpartij" in page
    assert "Niet op de tijdlijn." not in page
    assert "Van offline naar online" in page
    assert AuditEvent.objects.filter(action="view", target_type="core.youth", actor=worker).exists()


def test_another_organisations_manager_gets_404_for_our_workers_dashboard_and_nudge(
    client_for, worker, other_organisation, contact_settings
):
    from tests.factories import MembershipFactory, with_totp

    elsewhere = with_totp(MembershipFactory(organisation=other_organisation, role="leidinggevende").user)
    client = client_for(elsewhere)
    assert client.get(reverse("contacts:worker_dashboard", args=[worker.membership.pk])).status_code == 404
    assert client.post(reverse("contacts:nudge", args=[worker.membership.pk])).status_code == 404
    assert not Notification.objects.filter(user=worker).exists()


def test_a_file_over_5_mb_is_refused_on_the_page_with_a_readable_reason(client_for, worker, contact_settings):
    upload = SimpleUploadedFile("groot.csv", b"x" * (5 * 1024 * 1024 + 10), "text/csv")
    response = client_for(worker).post(reverse("contacts:import_start"), {"file": upload})
    assert response.status_code == 422
    assert "Het bestand is groter dan 5 MB. Splits het in kleinere bestanden." in response.content.decode()


def test_the_form_offers_the_young_people_of_the_workers_latest_contacts(
    client_for, worker, contact_settings, organisation, wijk_a, wijk_b, log_contact
):
    from datetime import timedelta

    now = timezone.now()
    people = [YouthFactory(organisation=organisation, alias=f"recent_{n}", neighbourhood=wijk_a) for n in range(8)]
    for minutes, person in enumerate(people):  # recent_0 is the latest
        log_contact(worker, youth=person, started_at=now - timedelta(minutes=minutes + 1))
    log_contact(worker, youth=people[1], started_at=now - timedelta(hours=5))  # an older contact repeats no one
    elsewhere = YouthFactory(organisation=organisation, alias="moved_away", neighbourhood=wijk_a)
    log_contact(worker, youth=elsewhere, started_at=now)
    Youth.objects.filter(pk=elsewhere.pk).update(neighbourhood=wijk_b)  # no longer in the worker's scope
    Youth.objects.filter(pk=people[2].pk).update(anonymised_at=now)
    page = client_for(worker).get(reverse("contacts:create")).content.decode()
    offered = [alias for alias in (f"recent_{n}" for n in range(8)) if f">{alias}</a>" in page]
    assert offered == ["recent_0", "recent_1", "recent_3", "recent_4", "recent_5", "recent_6"]
    assert page.index(">recent_0</a>") < page.index(">recent_1</a>") < page.index(">recent_6</a>")
    assert "moved_away" not in page
