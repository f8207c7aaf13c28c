"""What the pages say and do: two editors, a double click, four eyes, reading the diff and
acknowledging, registering a profile and seeing what is off, bad input kept."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jongerenwerk.core.models import AuditEvent, Role
from policy.models import Draft, DraftSection, SectionKey, Version, WorkProfile
from tests.factories import MembershipFactory, with_totp
from tests.policy.conftest import edit, four_eyes, publish


def test_the_second_editor_is_told_and_keeps_what_they_typed(draft, admin_member, organisation, client_for):
    other_admin = with_totp(MembershipFactory(organisation=organisation, role=Role.BEHEERDER).user)
    section = draft.sections.get(key=SectionKey.PRIVACY)
    url = reverse("policy:section_edit", args=[section.pk])
    first, second = client_for(admin_member), client_for(other_admin)
    assert first.get(url).status_code == second.get(url).status_code == 200
    loaded = section.revision
    assert first.post(url, {"revision": loaded, "title": "Privacy", "body": "Tekst van de eerste."}).status_code == 302
    response = second.post(url, {"revision": loaded, "title": "Privacy", "body": "Tekst van de tweede."})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Iemand anders heeft deze sectie opgeslagen terwijl jij hem bewerkte" in page
    assert "Tekst van de tweede.</textarea>" in page  # what they typed
    assert "<p>Tekst van de eerste.</p>" in page  # what is saved now
    assert DraftSection.objects.get(pk=section.pk).body == "Tekst van de eerste."
    # Saving again is a deliberate choice to replace it.
    assert f'name="revision" value="{loaded + 1}"' in page
    again = second.post(url, {"revision": loaded + 1, "title": "Privacy", "body": "Tekst van de tweede."})
    assert again.status_code == 302
    assert DraftSection.objects.get(pk=section.pk).body == "Tekst van de tweede."


def test_bad_input_in_a_section_is_refused_and_kept(draft, admin_member, client_for):
    section = draft.sections.get(key=SectionKey.VISION)
    response = client_for(admin_member).post(
        reverse("policy:section_edit", args=[section.pk]),
        {"revision": section.revision, "title": "   ", "body": "Mijn nieuwe tekst."},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Dit veld is verplicht." in page and "Mijn nieuwe tekst.</textarea>" in page


def test_a_double_click_on_publish_in_the_page_makes_one_version(draft, admin_member, client_for):
    draft.refresh_from_db()
    client = client_for(admin_member)
    data = {"revision": draft.revision, "summary": "Eerste versie.", "is_material": "ja", "acknowledge_within_days": 14}
    first = client.post(reverse("policy:publish"), data)
    second = client.post(reverse("policy:publish"), data)
    version = Version.objects.get()
    assert first["Location"] == second["Location"] == reverse("policy:version", args=[version.pk])


def test_publishing_asks_whether_the_change_is_material(draft, admin_member, client_for):
    draft.refresh_from_db()
    response = client_for(admin_member).post(
        reverse("policy:publish"), {"revision": draft.revision, "summary": "Zonder keuze.", "acknowledge_within_days": 14}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Is dit een inhoudelijke wijziging?" in page and "Dit veld is verplicht." in page
    assert "Zonder keuze.</textarea>" in page
    assert not Version.objects.exists()


def test_four_eyes_through_the_pages(draft, admin_member, manager, organisation, client_for):
    four_eyes(organisation)
    draft.refresh_from_db()
    admin, boss = client_for(admin_member), client_for(manager)
    response = admin.post(reverse("policy:publish"), {
        "revision": draft.revision, "summary": "Ons eerste handboek.", "is_material": "ja",
        "acknowledge_within_days": 14,
    })
    assert response["Location"] == reverse("policy:draft")
    assert "Ter goedkeuring aangeboden door" in admin.get(reverse("policy:draft")).content.decode()
    home = boss.get(reverse("home")).content.decode()
    assert "Een nieuwe versie van het handboek wacht op je goedkeuring" in home
    review = boss.get(reverse("policy:review")).content.decode()
    assert "Ons eerste handboek." in review and "De eerste versie: alles is nieuw" in review
    refused = boss.post(reverse("policy:review"), {"revision": draft.revision, "decision": "afwijzen", "comment": ""})
    assert refused.status_code == 422
    assert "Zeg waarom, zodat de beheerder weet wat er moet veranderen." in refused.content.decode()
    approved = boss.post(reverse("policy:review"), {"revision": draft.revision, "decision": "goedkeuren",
                                                    "comment": "Prima."})
    version = Version.objects.get()
    assert approved["Location"] == reverse("policy:version", args=[version.pk])
    assert version.approved_by == manager and version.published_by == admin_member
    assert "Goedgekeurd door" in boss.get(reverse("policy:version", args=[version.pk])).content.decode()


def test_a_rejection_shows_on_the_draft_page(draft, admin_member, manager, organisation, client_for):
    four_eyes(organisation)
    publish(draft, admin_member)
    draft.refresh_from_db()
    client_for(manager).post(reverse("policy:review"), {"revision": draft.revision, "decision": "afwijzen",
                                                        "comment": "Noem de noodnummers."})
    page = client_for(admin_member).get(reverse("policy:draft")).content.decode()
    assert "Teruggestuurd door de leidinggevende" in page and "Noem de noodnummers." in page
    assert Draft.objects.get(pk=draft.pk).state == Draft.State.EDITING


def test_a_worker_reads_the_diff_since_their_version_and_acknowledges(draft, admin_member, worker, client_for):
    first = publish(draft, admin_member, now=timezone.now() - timedelta(days=20))
    client = client_for(worker)
    client.post(reverse("policy:acknowledge", args=[first.pk]))
    edit(draft, admin_member, key=SectionKey.AVAILABILITY, append="\n\nNa 22.00 uur reageer je niet meer.")
    second = publish(draft, admin_member, summary="Geen reacties na 22.00 uur.")
    handbook = client.get(reverse("policy:index")).content.decode()
    diff_url = f'{reverse("policy:diff", args=[second.pk])}?met={first.pk}'
    assert "Bekijk wat er veranderd is sinds versie 1, die je hebt bevestigd" in handbook
    assert diff_url.replace("&", "&amp;") in handbook or diff_url in handbook
    diff = client.get(diff_url).content.decode()
    assert "Wijzigingen van versie 1 naar 2" in diff
    assert '<ins><span class="visually-hidden">toegevoegd: </span>Na 22.00 uur reageer je niet meer.</ins>' in diff
    assert diff.count("Ongewijzigd.") == 6
    assert "Gelezen en begrepen" in diff
    response = client.post(reverse("policy:acknowledge", args=[second.pk]))
    assert response["Location"] == reverse("policy:index")
    after = client.get(reverse("policy:index")).content.decode()
    assert "Dank je: je hebt versie 2 van het handboek bevestigd." in after
    assert "Gelezen en begrepen" not in after
    assert AuditEvent.objects.filter(actor=worker, target_type="policy.acknowledgement").count() == 2


def test_a_worker_registers_a_profile_and_sees_what_is_off(organisation, worker, client_for):
    from policy.models import ProfileRule

    ProfileRule.objects.create(
        organisation=organisation, platform="instagram", handle_pattern="jw.{voornaam}.{organisatie}",
        bio_template="Jongerenwerker bij {organisatie}", must_be_closed=True, must_use_logo=True,
    )
    worker.full_name = "Noor de Wit"
    worker.save(update_fields=["full_name"])
    client = client_for(worker)
    response = client.post(reverse("policy:profile_create"), {
        "platform": "instagram", "handle": "@noor_jw", "bio": "Hoi! Stuur me een DM", "is_closed": "nee",
        "uses_logo": "ja", "link": "",
    })
    profile = WorkProfile.objects.get()
    assert response["Location"] == f"{reverse('policy:profiles')}#profiel-{profile.pk}"
    page = client.get(reverse("policy:profiles")).content.decode()
    assert "3 punten wijken af" in page
    assert "De handle volgt het patroon jw.{voornaam}.{organisatie} niet: verwacht jw.noor.jongerenwerktestwijk." in page
    assert "De bio noemt de organisatie niet." in page
    assert "Het profiel is openbaar; het beleid vraagt een gesloten profiel." in page
    assert AuditEvent.objects.filter(actor=worker, action="create", target_type="policy.workprofile").exists()


def test_a_bad_link_is_refused_and_what_was_typed_is_kept(organisation, worker, client_for):
    response = client_for(worker).post(reverse("policy:profile_create"), {
        "platform": "tiktok", "handle": "jw.werker", "bio": "Mijn bio", "is_closed": "ja", "uses_logo": "ja",
        "link": "javascript:alert(1)",
    })
    assert response.status_code == 422
    page = response.content.decode()
    assert "Voer een geldige URL in." in page
    assert 'value="jw.werker"' in page and "Mijn bio</textarea>" in page
    assert not WorkProfile.objects.exists()


def test_profile_changes_and_rule_changes_are_audited(organisation, worker, admin_member, client_for):
    client = client_for(worker)
    client.post(reverse("policy:profile_create"), {"platform": "tiktok", "handle": "jw.werker", "bio": "",
                                                   "is_closed": "ja", "uses_logo": "ja", "link": ""})
    profile = WorkProfile.objects.get()
    client.post(reverse("policy:profile_edit", args=[profile.pk]),
                {"handle": "jw.werker2", "bio": "", "is_closed": "ja", "uses_logo": "ja", "link": ""})
    profile.refresh_from_db()
    client.post(reverse("policy:profile_confirm", args=[profile.pk]), {"seen": profile.confirmed_at.isoformat()})
    client.post(reverse("policy:profile_delete", args=[profile.pk]))
    actions = list(AuditEvent.objects.filter(target_type="policy.workprofile").order_by("id")
                   .values_list("action", flat=True))
    assert actions == ["create", "update", "update", "delete"]
    client_for(admin_member).post(reverse("policy:rule_create"), {
        "platform": "snapchat", "handle_pattern": "", "bio_template": "", "emergency_link": "",
        "must_be_closed": "ja", "must_use_logo": "ja", "recheck_months": 6,
    })
    assert AuditEvent.objects.filter(actor=admin_member, target_type="policy.profilerule", action="create").exists()


def test_a_rule_with_an_unknown_placeholder_is_refused_with_the_reason(admin_member, client_for):
    response = client_for(admin_member).post(reverse("policy:rule_create"), {
        "platform": "snapchat", "handle_pattern": "jw.{naam}", "bio_template": "", "emergency_link": "",
        "must_be_closed": "ja", "must_use_logo": "ja", "recheck_months": 6,
    })
    assert response.status_code == 422
    assert "Onbekende invulplek {naam}" in response.content.decode()


def test_what_people_type_is_escaped_in_every_page(draft, admin_member, worker, manager, organisation, client_for):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    section = draft.sections.get(key=SectionKey.VISION)
    section.title = payload
    section.save()
    publish(draft, admin_member, summary=payload)
    client_for(worker).post(reverse("policy:profile_create"), {
        "platform": "tiktok", "handle": "jw.werker", "bio": payload, "is_closed": "ja", "uses_logo": "ja", "link": "",
    })
    for client, url in [(client_for(worker), reverse("policy:index")), (client_for(worker), reverse("policy:profiles")),
                        (client_for(worker), reverse("policy:versions"))]:
        page = client.get(url).content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page, url
        assert "&lt;script&gt;" in page, url


def test_a_diff_is_made_once_and_read_in_each_readers_language(published, worker, client_for, settings):
    first, second = published
    url = f"{reverse('policy:diff', args=[second.pk])}?met={first.pk}"
    client = client_for(worker)
    assert "toegevoegd: </span>" in client.get(url).content.decode()
    # The versions never change, so neither does their diff: the texts are not read again.
    with CaptureQueriesContext(connection) as again:
        assert "toegevoegd: </span>" in client.get(url).content.decode()
    assert not [q for q in again.captured_queries if "policy_versionsection" in q["sql"]]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert "added: </span>" in english and "toegevoegd" not in english
