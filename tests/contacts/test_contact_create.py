import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from contacts.channels import CHANNELS, Channel, legend
from contacts.models import Character, Contact, ContactWeek, InitiatedBy, WorkerYouth
from contacts.services import records
from jongerenwerk.core.models import AuditEvent, Youth
from tests.contacts.conftest import amsterdam
from tests.factories import YouthFactory

NEUTRAL = "Deze alias kun je hier niet gebruiken"


def test_every_channel_has_one_row_in_the_table_and_the_legend():
    assert set(CHANNELS) == set(Channel.values)
    rows = {row["channel"]: row for row in legend()}
    assert rows["whatsapp"]["online"] and not rows["whatsapp"]["synchronous"]
    assert rows["telefoon"]["online"] and rows["telefoon"]["synchronous"]
    assert not rows["straat"]["online"] and rows["straat"]["synchronous"]


def test_online_and_synchronous_follow_the_channel_and_synchronous_can_be_overridden(log_contact, worker):
    message = log_contact(worker, channel="instagram")
    live_chat = log_contact(worker, channel="instagram", synchronous=True)
    street = log_contact(worker, channel="straat")
    assert (message.is_online, message.is_synchronous) == (True, False)
    assert (live_chat.is_online, live_chat.is_synchronous) == (True, True)
    assert (street.is_online, street.is_synchronous) == (False, True)


def test_a_double_tap_stores_one_contact(organisation, contact_settings, worker):
    key = uuid.uuid4()
    fields = dict(organisation=organisation, worker=worker, idempotency_key=key, channel="snapchat",
                  started_at=timezone.now(), duration_minutes=5, initiated_by=InitiatedBy.YOUTH,
                  character=Character.SUPPORTIVE, anonymous=True)
    first, created = records.contact_create(**fields)
    second, created_again = records.contact_create(**fields)
    assert (created, created_again) == (True, False)
    assert first == second and Contact.objects.count() == 1


@pytest.mark.parametrize("override, field, message", [
    ({"started_at": timezone.now() + timedelta(hours=2)}, "started_at", "toekomst"),
    ({"duration_minutes": -5}, "duration_minutes", "minstens 1"),
    ({"duration_minutes": 0}, "duration_minutes", "minstens 1"),
    ({"duration_minutes": 721}, "duration_minutes", "12 uur"),
    ({"channel": "myspace"}, "channel", "Kies een kanaal"),
    ({"character": "boos"}, "character", "karakter"),
])
def test_bad_input_is_refused_with_a_dutch_reason_per_field(override, field, message, log_contact, worker):
    with pytest.raises(ValidationError) as refused:
        log_contact(worker, **override)
    assert message in " ".join(refused.value.message_dict[field])
    assert not Contact.objects.exists()


def test_a_young_person_of_another_organisation_is_refused(log_contact, worker, other_organisation):
    elsewhere = YouthFactory(organisation=other_organisation, alias="ver_weg")
    with pytest.raises(ValidationError) as refused:
        log_contact(worker, youth=elsewhere)
    assert "register" in " ".join(refused.value.message_dict["youth"])
    assert not Contact.objects.exists()


def test_a_channel_the_organisation_does_not_use_is_refused(log_contact, worker, contact_settings):
    contact_settings.channels = ["whatsapp", "straat"]
    contact_settings.save()
    with pytest.raises(ValidationError):
        log_contact(worker, channel="tiktok")


def test_an_inline_alias_the_worker_may_see_links_that_young_person(log_contact, worker, organisation, wijk_a):
    known = YouthFactory(organisation=organisation, alias="Skate_Sam", neighbourhood=wijk_a)
    contact = log_contact(worker, new_youth_alias="skate_sam")
    assert contact.youth == known and Youth.objects.count() == 1
    assert contact.neighbourhood == wijk_a


def test_a_new_inline_alias_is_added_to_the_register_in_the_workers_neighbourhood(log_contact, worker, wijk_a):
    contact = log_contact(worker, new_youth_alias="nieuw_talent", new_youth_age_band="16-17")
    youth = Youth.objects.get(alias="nieuw_talent")
    assert contact.youth == youth and youth.created_by == worker
    assert (youth.age_band, youth.neighbourhood) == ("16-17", wijk_a)


def test_an_alias_outside_the_workers_scope_is_neither_linked_nor_revealed(
    log_contact, worker, organisation, wijk_b
):
    # The register's rule: a new entry of its own, in the worker's neighbourhood (an alias is a
    # nickname, not an identity); the one elsewhere is neither linked nor confirmed.
    hidden = YouthFactory(organisation=organisation, alias="verborgen", neighbourhood=wijk_b, notes="geheim")
    contact = log_contact(worker, new_youth_alias="VERBORGEN", neighbourhood=worker.membership.neighbourhoods.get())
    assert contact.youth != hidden and contact.youth.alias == "VERBORGEN" and contact.youth.created_by == worker
    assert contact.youth.neighbourhood != wijk_b
    hidden.refresh_from_db()
    assert hidden.notes == "geheim" and not hidden.contacts.exists()


def test_one_choice_of_who_is_required(log_contact, worker, organisation, wijk_a):
    youth = YouthFactory(organisation=organisation, neighbourhood=wijk_a)
    with pytest.raises(ValidationError) as nobody:
        log_contact(worker, anonymous=False)
    with pytest.raises(ValidationError) as two:
        log_contact(worker, youth=youth, anonymous=True)
    assert "anoniem" in " ".join(nobody.value.message_dict["youth"])
    assert "Kies één" in " ".join(two.value.message_dict["youth"])


def test_storing_a_contact_counts_its_week_and_marks_the_first_contact_and_is_audited(
    log_contact, worker, colleague, organisation, wijk_a
):
    youth = YouthFactory(organisation=organisation, neighbourhood=wijk_a)
    later = log_contact(worker, youth=youth, started_at=amsterdam(2026, 3, 11, 10, 0))
    earlier = log_contact(colleague, youth=youth, started_at=amsterdam(2026, 3, 4, 10, 0), channel="straat")
    later.refresh_from_db()
    earlier.refresh_from_db()
    assert (earlier.is_first, later.is_first) == (True, False)
    week = ContactWeek.objects.get(worker=worker)
    assert (week.week.isoformat(), week.channels, week.contacts, week.online_minutes) == (
        "2026-03-09", {"whatsapp": 1}, 1, 10)
    reach = WorkerYouth.objects.get(worker=worker)
    assert (reach.youth, reach.last_week.isoformat(), reach.previous_week) == (youth, "2026-03-09", None)
    assert AuditEvent.objects.filter(action="create", target_type="contacts.contact").count() == 2


def test_the_same_as_last_time_repeats_everything_but_the_note(log_contact, worker, organisation, wijk_a):
    youth = YouthFactory(organisation=organisation, neighbourhood=wijk_a)
    last = log_contact(worker, youth=youth, channel="telefoon", duration_minutes=25, character=Character.WARNING,
                       topics=["school"], forms_of_work=["signaleren"], note="Alleen voor mij.", synchronous=False)
    repeated, created = records.contact_repeat(organisation=organisation, worker=worker,
                                               idempotency_key=uuid.uuid4(), last=last)
    assert created and repeated.pk != last.pk
    assert (repeated.channel, repeated.duration_minutes, repeated.character, repeated.topics, repeated.forms_of_work,
            repeated.is_synchronous, repeated.youth, repeated.note) == (
        "telefoon", 25, "waarschuwend", ["school"], ["signaleren"], False, youth, "")


def test_only_ones_own_contact_can_be_repeated(log_contact, worker, colleague, organisation, wijk_a):
    youth = YouthFactory(organisation=organisation, neighbourhood=wijk_a)
    theirs = log_contact(colleague, youth=youth)
    with pytest.raises(ValidationError):
        records.contact_repeat(organisation=organisation, worker=worker, idempotency_key=uuid.uuid4(), last=theirs)
