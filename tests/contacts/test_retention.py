"""Retention: notes are cleared after the organisation's period, the contacts and their counts stay."""

import uuid
from datetime import timedelta

from django.utils import timezone

from contacts.models import Contact, ContactImport, ContactWeek
from contacts.services import records
from jongerenwerk.core import retention
from jongerenwerk.core.models import AuditEvent, Youth
from signals.services import intake
from signals.services.retention import legal_hold_set
from tests.factories import YouthFactory


def test_old_notes_are_cleared_and_the_figures_stay(log_contact, worker, organisation, wijk_a):
    now = timezone.now()
    old = log_contact(worker, started_at=now - timedelta(days=800), note="Oud verhaal.")
    recent = log_contact(worker, started_at=now - timedelta(days=10), note="Recent verhaal.")
    weeks_before = list(ContactWeek.objects.values_list("week", "contacts"))
    cleared = retention.apply_all(now=now)
    assert cleared["contacts.note"] == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.note, old.note_cleared_at is not None) == ("", True)
    assert recent.note == "Recent verhaal."
    assert Contact.objects.count() == 2 and list(ContactWeek.objects.values_list("week", "contacts")) == weeks_before
    assert AuditEvent.objects.filter(action="anonymise", target_type="contacts.contact", target_id=str(old.pk)).exists()
    assert retention.apply_all(now=now)["contacts.note"] == 0


def test_a_note_behind_a_signal_under_legal_hold_is_kept(
    log_contact, worker, safeguarding_officer, organisation, wijk_a, categories
):
    now = timezone.now()
    contact = log_contact(worker, started_at=now - timedelta(days=800), note="Bewijs.")
    signal, _ = intake.signal_create(organisation=organisation, reporter=worker, idempotency_key=uuid.uuid4(),
                                     category=categories["vechtpartij"], source="straat", observed_at=now,
                                     neighbourhood=wijk_a, severity="laag", facts="Gezien.")
    records.signal_link(contact=contact, signal=signal, by=worker)
    legal_hold_set(signal=signal, by=safeguarding_officer, hold=True, reason="Politieonderzoek.")
    retention.apply_all(now=now)
    contact.refresh_from_db()
    assert contact.note == "Bewijs."


def test_a_contact_keeps_a_young_person_active_in_the_register(log_contact, worker, organisation, wijk_a):
    now = timezone.now()
    youth = YouthFactory(organisation=organisation, neighbourhood=wijk_a, alias="actief_a")
    idle = YouthFactory(organisation=organisation, neighbourhood=wijk_a, alias="stil_s")
    Youth.objects.filter(pk__in=[youth.pk, idle.pk]).update(created_at=now - timedelta(days=900))
    log_contact(worker, youth=youth, started_at=now - timedelta(days=30))
    retention.apply_all(now=now)
    assert Youth.objects.get(pk=youth.pk).alias == "actief_a"
    assert Youth.objects.get(pk=idle.pk).alias.startswith("geanonimiseerd-")


def test_an_import_file_left_waiting_is_thrown_away_after_a_day(worker, organisation, contact_settings):
    from contacts.services import imports

    contact_import = imports.import_create(organisation=organisation, by=worker, filename="c.csv",
                                           content=b"datum;duur;kanaal;karakter\n2026-03-09 10:00;5;WhatsApp;steunend\n")
    ContactImport.objects.filter(pk=contact_import.pk).update(created_at=timezone.now() - timedelta(hours=25))
    retention.apply_all()
    contact_import.refresh_from_db()
    assert (contact_import.status, bytes(contact_import.content)) == ("weggegooid", b"")
