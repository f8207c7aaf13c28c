"""Versions: publishing makes an immutable numbered version; a double click makes one;
two editors are told about each other; four eyes; scheduled publication."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from jongerenwerk.core.models import AuditEvent, Notification
from policy.models import Draft, Immutable, SectionKey, Version, VersionSection
from policy.services import handbook
from tests.policy.conftest import edit, four_eyes, publish


def test_the_first_publication_is_version_1_with_every_section_and_its_html(draft, admin_member):
    version = publish(draft, admin_member, summary="Eerste versie.", material=False)
    assert version.number == 1
    # Nobody has acknowledged anything before the first version: it always asks everyone.
    assert version.is_material
    sections = list(version.sections.all())
    assert [s.key for s in sections] == list(SectionKey.values)
    assert sections[0].title == "Visie op online werken"
    assert "<strong>De jeugd bepaalt\nonze inzet.</strong>" in sections[0].html
    assert AuditEvent.objects.filter(action="create", target_type="policy.version", target_id=str(version.pk)).exists()


def test_each_publication_gets_the_next_number_and_keeps_its_own_text(published, draft, admin_member):
    first, second = published
    assert (first.number, second.number) == (1, 2)
    old = first.sections.get(key=SectionKey.AVAILABILITY).body
    new = second.sections.get(key=SectionKey.AVAILABILITY).body
    assert "22.00" not in old and "22.00" in new


def test_a_double_click_on_publish_makes_one_version(draft, admin_member):
    draft.refresh_from_db()
    arguments = {"draft": draft, "by": admin_member, "expected_revision": draft.revision, "summary": "Eerste.",
                 "is_material": True, "acknowledge_within_days": 14}
    first, made = handbook.publication_request(**arguments)
    again, made_again = handbook.publication_request(**arguments)
    assert made and not made_again
    assert again.pk == first.pk
    assert Version.objects.count() == 1


def test_the_database_allows_one_version_per_draft_revision(draft, admin_member):
    version = publish(draft, admin_member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Version.objects.create(
            organisation=version.organisation, number=2, draft_revision=version.draft_revision, summary="Dubbel.",
            is_material=True, acknowledge_within_days=14, effective_at=timezone.now(),
        )


def test_publishing_without_a_change_is_refused(draft, admin_member):
    publish(draft, admin_member)
    # A change made and undone gives a new revision with the same text.
    edit(draft, admin_member, append=" Tijdelijk.")
    section = draft.sections.get(key=SectionKey.AVAILABILITY)
    edit(draft, admin_member, body=section.body.removesuffix(" Tijdelijk."))
    with pytest.raises(ValidationError) as refused:
        publish(draft, admin_member)
    assert refused.value.messages == ["Er is niets veranderd sinds versie 1."]


def test_publishing_asks_for_a_summary_and_sensible_days(draft, admin_member):
    with pytest.raises(ValidationError) as refused:
        publish(draft, admin_member, summary="   ", days=0)
    assert set(refused.value.message_dict) == {"summary", "acknowledge_within_days"}
    assert not Version.objects.exists()


# Immutability ---------------------------------------------------------------------------------


def test_a_published_version_cannot_be_changed_through_the_models(published):
    version, _ = published
    version.summary = "Achteraf anders."
    with pytest.raises(Immutable):
        version.save()
    with pytest.raises(Immutable):
        Version.objects.filter(pk=version.pk).update(summary="Anders.")
    with pytest.raises(Immutable):
        VersionSection.objects.filter(version=version).update(body="Anders.")
    section = version.sections.first()
    section.body = "Anders."
    with pytest.raises(Immutable):
        section.save()
    with pytest.raises(Immutable):
        version.delete()
    with pytest.raises(Immutable):
        Version.objects.filter(pk=version.pk).delete()


def test_the_database_refuses_to_change_a_published_version(published):
    version, _ = published
    section = version.sections.first()
    for sql, args in [
        ("UPDATE policy_version SET summary = %s WHERE id = %s", ["Anders.", version.pk]),
        ("UPDATE policy_version SET is_material = %s WHERE id = %s", [False, version.pk]),
        ("UPDATE policy_versionsection SET body = %s WHERE id = %s", ["Anders.", section.pk]),
        ("UPDATE policy_versionsection SET html = %s WHERE id = %s", ["<script>", section.pk]),
    ]:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, args)
    assert Version.objects.get(pk=version.pk).summary == "Eerste versie."
    assert VersionSection.objects.get(pk=section.pk).body == section.body


def test_editing_the_draft_after_publication_leaves_the_version_as_it_was(published, draft, admin_member):
    _, second = published
    edit(draft, admin_member, key=SectionKey.PRIVACY, body="Alles anders.")
    assert second.sections.get(key=SectionKey.PRIVACY).body != "Alles anders."


# Two editors -----------------------------------------------------------------------------------


def test_the_second_editor_is_told_the_section_changed_and_nothing_is_overwritten(draft, admin_member):
    section = draft.sections.get(key=SectionKey.VISION)
    loaded = section.revision
    handbook.section_update(section=section, by=admin_member, title=section.title, body="Eerste editor.",
                            expected_revision=loaded)
    with pytest.raises(handbook.SectionChanged) as changed:
        handbook.section_update(section=section, by=admin_member, title=section.title, body="Tweede editor.",
                                expected_revision=loaded)
    assert changed.value.current.body == "Eerste editor."
    section.refresh_from_db()
    assert section.body == "Eerste editor." and section.revision == loaded + 1


def test_publishing_a_draft_that_changed_since_the_page_was_loaded_is_refused(draft, admin_member):
    draft.refresh_from_db()
    loaded = draft.revision
    edit(draft, admin_member, append=" Erbij.")
    with pytest.raises(handbook.DraftChanged):
        handbook.publication_request(draft=draft, by=admin_member, expected_revision=loaded, summary="Eerste.",
                                     is_material=True, acknowledge_within_days=14)
    assert not Version.objects.exists()


# Four eyes -------------------------------------------------------------------------------------


def test_with_four_eyes_publishing_waits_for_a_manager_who_is_told(draft, admin_member, manager, organisation):
    four_eyes(organisation)
    assert publish(draft, admin_member, summary="Ter goedkeuring.") is None
    draft.refresh_from_db()
    assert draft.is_submitted and not Version.objects.exists()
    assert Notification.objects.filter(user=manager, message__contains="approval").count() == 1


def test_the_managers_approval_publishes_what_was_asked(draft, admin_member, manager, organisation):
    four_eyes(organisation)
    publish(draft, admin_member, summary="Ter goedkeuring.", material=False, days=21)
    draft.refresh_from_db()
    version = handbook.draft_approve(draft=draft, by=manager, expected_revision=draft.revision, comment="Akkoord.")
    assert (version.number, version.summary, version.acknowledge_within_days) == (1, "Ter goedkeuring.", 21)
    assert version.published_by == admin_member and version.approved_by == manager
    assert AuditEvent.objects.filter(action="approve", actor=manager, target_type="policy.draft").exists()
    # A second click on approve makes no second version.
    again = handbook.draft_approve(draft=draft, by=manager, expected_revision=draft.revision)
    assert again.pk == version.pk and Version.objects.count() == 1


def test_a_rejection_sends_the_draft_back_with_the_comment(draft, admin_member, manager, organisation):
    four_eyes(organisation)
    publish(draft, admin_member)
    draft.refresh_from_db()
    with pytest.raises(ValidationError):
        handbook.draft_reject(draft=draft, by=manager, expected_revision=draft.revision, comment=" ")
    handbook.draft_reject(draft=draft, by=manager, expected_revision=draft.revision, comment="Privacy ontbreekt.")
    draft.refresh_from_db()
    assert draft.state == Draft.State.EDITING and draft.review_comment == "Privacy ontbreekt."
    assert not Version.objects.exists()
    assert Notification.objects.filter(user=admin_member, key__endswith="rejected").exists()
    with pytest.raises(ValidationError):
        handbook.draft_approve(draft=draft, by=manager, expected_revision=draft.revision)


def test_an_edit_after_the_request_withdraws_it(draft, admin_member, manager, organisation):
    four_eyes(organisation)
    publish(draft, admin_member)
    draft.refresh_from_db()
    asked = draft.revision
    edit(draft, admin_member, append=" Nog iets.")
    draft.refresh_from_db()
    assert not draft.is_submitted
    with pytest.raises(ValidationError):
        handbook.draft_approve(draft=draft, by=manager, expected_revision=asked)


# Scheduled publication -------------------------------------------------------------------------


def test_a_version_scheduled_for_a_later_date_comes_into_force_on_that_day(draft, admin_member, organisation):
    from policy.selectors.handbook import current_of, versions_of

    publish(draft, admin_member, summary="Eerste.")
    edit(draft, admin_member, append=" Later.")
    next_week = timezone.localdate() + timedelta(days=7)
    scheduled = publish(draft, admin_member, summary="Vanaf volgende week.", effective_on=next_week)
    assert timezone.localdate(scheduled.effective_at) == next_week
    versions = versions_of(organisation.pk)
    assert current_of(versions).number == 1
    assert current_of(versions, now=scheduled.effective_at).number == 2
    # Another publication waits until then, or until the scheduled one is withdrawn.
    edit(draft, admin_member, append=" Nog later.")
    with pytest.raises(ValidationError) as refused:
        publish(draft, admin_member)
    assert refused.value.messages[0].startswith("Versie 2 is ingepland voor ")


def test_a_scheduled_version_may_be_withdrawn_before_its_day_only(draft, admin_member, organisation):
    publish(draft, admin_member, summary="Eerste.")
    edit(draft, admin_member, append=" Later.")
    scheduled = publish(draft, admin_member, effective_on=timezone.localdate() + timedelta(days=3))
    assert handbook.version_withdraw(version=scheduled, by=admin_member)
    assert not handbook.version_withdraw(version=Version.objects.get(pk=scheduled.pk), by=admin_member)
    # The same text can be published again, as a new number.
    again = publish(draft, admin_member, summary="Toch nu.")
    assert again.number == 3
    with pytest.raises(ValidationError):
        handbook.version_withdraw(version=again, by=admin_member)


def test_a_date_in_the_past_is_refused(draft, admin_member):
    with pytest.raises(ValidationError) as refused:
        publish(draft, admin_member, effective_on=timezone.localdate() - timedelta(days=1))
    assert "effective_on" in refused.value.message_dict
