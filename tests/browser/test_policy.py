"""The handbook and the work profiles on a phone, in a real Chromium: a worker reads what
changed and acknowledges; a worker registers a profile and sees what is off; the admin
publishes a material change; script typed into any handbook or profile field never runs.
Every page is checked with axe-core and for horizontal scrolling."""

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from jongerenwerk.core.models import Role
from policy.models import (
    Acknowledgement,
    Draft,
    DraftSection,
    PolicySettings,
    ProfileRule,
    SectionKey,
    Version,
    WorkProfile,
)
from policy.services import handbook, profiles
from signals.defaults import categories_seed
from tests.browser.conftest import PHONE
from tests.browser.helpers import (
    assert_no_accessibility_violations,
    has_no_horizontal_scroll,
)
from tests.factories import MembershipFactory

# The live server reads the personas on another thread, so they must be committed.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOOD = "https://testwijk.example/nood"


@pytest.fixture
def phone(chromium: Browser, live_server) -> Iterator[Callable[..., Page]]:
    """Open a phone, each with its own cookies; `bypass_csp` switches the page's Content
    Security Policy off, so that only the HTML itself stands between a payload and running."""
    contexts = []

    def open_phone(*, bypass_csp: bool = False) -> Page:
        context = chromium.new_context(base_url=live_server.url, locale="nl-NL", bypass_csp=bypass_csp, **PHONE)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_phone
    for context in contexts:
        context.close()


def fits(page: Page) -> None:
    assert has_no_horizontal_scroll(page), page.url
    assert_no_accessibility_violations(page)


def publish(draft: Draft, by, **fields):
    draft.refresh_from_db()
    arguments = {"summary": "Wijziging.", "is_material": True, "acknowledge_within_days": 14, **fields}
    version, _ = handbook.publication_request(draft=draft, by=by, expected_revision=draft.revision, **arguments)
    return version


def add_to(draft: Draft, by, key: str, text: str) -> None:
    section = draft.sections.get(key=key)
    handbook.section_update(section=section, by=by, title=section.title, body=section.body + text,
                            expected_revision=section.revision)


@pytest.fixture
def handbook_in_use(organisation, admin_member):
    """Version 1 three weeks ago, the default handbook with the live signal protocols."""
    categories_seed(organisation)
    handbook.handbook_seed(organisation)
    draft = Draft.objects.get(organisation=organisation)
    first = publish(draft, admin_member, summary="Eerste versie.", now=timezone.now() - timedelta(days=21))
    return draft, first


def test_a_worker_reads_what_changed_and_acknowledges_on_a_phone(
    phone, sign_in, screenshot, handbook_in_use, admin_member, worker
):
    draft, first = handbook_in_use
    Acknowledgement.objects.create(organisation=first.organisation, user=worker, version=first,
                                   acknowledged_at=timezone.now() - timedelta(days=20))
    add_to(draft, admin_member, SectionKey.AVAILABILITY, "\n\nNa 22.00 uur reageer je niet meer op berichten.")
    second = publish(draft, admin_member, summary="Geen reacties meer na 22.00 uur.")

    page = phone()
    sign_in(page, worker)
    expect(page.get_by_text("Lees versie 2 van het handboek en bevestig uiterlijk")).to_be_visible()
    fits(page)
    page.get_by_role("link", name="Lees wat er veranderd is").tap()

    expect(page.get_by_role("heading", level=1)).to_have_text("Wijzigingen van versie 1 naar 2")
    added = page.locator("ins", has_text="Na 22.00 uur reageer je niet meer op berichten.")
    expect(added).to_be_visible()
    # Marked in words as well as colour: a screen reader hears "toegevoegd:".
    assert added.inner_text().startswith("toegevoegd:") or "toegevoegd:" in added.text_content()
    expect(page.get_by_text("Ongewijzigd.")).to_have_count(6)
    fits(page)
    screenshot(page, "policy-diff-phone")

    page.get_by_role("button", name="Gelezen en begrepen").tap()
    expect(page.get_by_text("Dank je: je hebt versie 2 van het handboek bevestigd.")).to_be_visible()
    expect(page.get_by_role("heading", name="Signalen en protocollen")).to_be_visible()
    expect(page.get_by_role("button", name="Gelezen en begrepen")).to_have_count(0)
    fits(page)
    screenshot(page, "policy-handbook-phone")
    assert Acknowledgement.objects.filter(user=worker, version=second).exists()


def test_a_worker_registers_a_profile_and_sees_what_is_off(phone, sign_in, screenshot, organisation, worker):
    worker.full_name = "Noor de Wit"
    worker.save(update_fields=["full_name"])
    PolicySettings.objects.create(organisation=organisation, handle_name="jwtest")
    ProfileRule.objects.create(
        organisation=organisation, platform="instagram", handle_pattern="jw.{voornaam}.{organisatie}",
        bio_template="Jongerenwerker bij {organisatie}\n{werktijden}\n{noodlink}", emergency_link=NOOD,
        must_be_closed=True, must_use_logo=True,
    )
    page = phone()
    sign_in(page, worker)
    page.goto("/beleid/")
    page.get_by_role("link", name="Mijn werkprofielen").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werkprofielen")
    fits(page)
    page.get_by_role("link", name="Profiel registreren").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Profiel registreren")
    fits(page)

    page.get_by_label("Platform").select_option("instagram")
    page.get_by_label("Handle").fill("@noor_jw")
    page.get_by_label("Bio, zoals die op het profiel staat").fill("Jongerenwerker in de wijk\nma–vr 12–20 uur")
    page.locator("fieldset:has([name=is_closed])").get_by_label("nee", exact=True).check()
    page.locator("fieldset:has([name=uses_logo])").get_by_label("ja", exact=True).check()
    page.get_by_role("button", name="Opslaan").tap()

    expect(page.get_by_text("Je profiel is geregistreerd.")).to_be_visible()
    card = page.locator(".profile-card", has_text="@noor_jw")
    expect(card.get_by_text("4 punten wijken af")).to_be_visible()
    expect(card.locator(".findings li")).to_have_text([
        "De handle volgt het patroon jw.{voornaam}.{organisatie} niet: verwacht jw.noor.jwtest.",
        "De bio noemt de organisatie niet.",
        f"De bio linkt niet naar de noodpagina ({NOOD}).",
        "Het profiel is openbaar; het beleid vraagt een gesloten profiel.",
    ])
    fits(page)
    screenshot(page, "policy-profile-findings-phone")

    # The worker puts it right and sees it conform.
    card.get_by_role("link", name="Wijzigen").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Instagram: @noor_jw")
    page.get_by_label("Handle").fill("jw.noor.jwtest")
    page.get_by_label("Bio, zoals die op het profiel staat").fill(
        "Jongerenwerker bij Jongerenwerk Testwijk\nma–vr 12–20 uur")
    page.get_by_label("Link in de bio").fill(NOOD)
    page.locator("fieldset:has([name=is_closed])").get_by_label("ja", exact=True).check()
    fits(page)
    page.get_by_role("button", name="Opslaan").tap()
    expect(page.locator(".profile-card", has_text="@jw.noor.jwtest").get_by_text("Volgt de regels")).to_be_visible()
    assert WorkProfile.objects.get(owner=worker).handle == "jw.noor.jwtest"


def test_the_admin_publishes_a_material_change_on_a_phone(
    phone, sign_in, screenshot, handbook_in_use, admin_member
):
    page = phone()
    sign_in(page, admin_member)
    page.get_by_role("link", name="Beleidshandboek").first.tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beleidshandboek")
    page.get_by_role("link", name="Handboek bewerken").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Handboek bewerken")
    fits(page)
    page.get_by_role("link", name="Bereikbaarheid").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bereikbaarheid")
    fits(page)
    body = page.get_by_role("textbox", name="Tekst")
    body.fill(body.input_value() + "\n\nNa 22.00 uur reageer je niet meer op berichten.")
    page.get_by_role("button", name="Opslaan in het concept").tap()
    expect(page.get_by_text("De sectie is in het concept opgeslagen.")).to_be_visible()

    page.get_by_role("link", name="Publiceren").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Het handboek publiceren")
    expect(page.locator("ins", has_text="Na 22.00 uur reageer je niet meer op berichten.")).to_be_visible()
    fits(page)
    page.get_by_label("Wat is er veranderd").fill("Geen reacties meer na 22.00 uur.")
    page.locator("fieldset:has([name=is_material])").get_by_label("ja", exact=True).check()
    screenshot(page, "policy-publish-phone")
    page.get_by_role("button", name="Publiceren").tap()

    expect(page.get_by_text("Versie 2 van het handboek is gepubliceerd.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Handboek, versie 2")
    fits(page)
    version = Version.objects.get(number=2)
    assert version.is_material and version.summary == "Geen reacties meer na 22.00 uur."
    assert "22.00 uur" in version.sections.get(key=SectionKey.AVAILABILITY).body


# Script in every field ---------------------------------------------------------------------

# Each payload would record itself in window.__ran if it ever ran.
PAYLOADS = [
    "<script>window.__ran.push('script')</script>",
    "<img src=x onerror=\"window.__ran.push('img')\">",
    "<svg onload=\"window.__ran.push('svg')\"></svg>",
    "\"><script>window.__ran.push('attribute')</script>",
    "[klik hier](javascript:window.__ran.push('markdown-link'))",
    "<a href=\"javascript:window.__ran.push('html-link')\">klik</a>",
    "<iframe srcdoc=\"<script>parent.__ran.push('iframe')</script>\"></iframe>",
]
PAYLOAD = " ".join(PAYLOADS)
WATCH = "window.__ran = []; window.alert = window.confirm = window.prompt = () => window.__ran.push('dialog');"


def assert_nothing_ran(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # The payloads are on the page as text or harmless markup, never as live elements.
    main = page.locator("main")
    assert main.locator("script, iframe, svg, img, object, embed").count() == 0, url
    assert main.locator("a[href^='javascript' i], a[href^='data' i]").count() == 0, url
    with_handlers = page.evaluate(
        "[...document.querySelectorAll('main *')].filter(e => [...e.attributes].some(a => a.name.startsWith('on')))"
        ".length"
    )
    assert with_handlers == 0, url
    # Every link on the page is followed without running anything.
    for link in main.locator("a").all():
        href = link.get_attribute("href") or ""
        assert not href.lower().startswith(("javascript", "data", "vbscript")), (url, href)
    assert page.evaluate("window.__ran") == [], url
    assert has_no_horizontal_scroll(page), url


def test_script_in_every_handbook_and_profile_field_never_runs(
    phone, sign_in, organisation, admin_member, manager, worker
):
    categories_seed(organisation)
    handbook.handbook_seed(organisation)
    PolicySettings.objects.filter(organisation=organisation).update(four_eyes=True)
    draft = Draft.objects.get(organisation=organisation)
    # Every handbook field: section titles and texts, the change summary, the review comment.
    for section in draft.sections.all():
        handbook.section_update(section=section, by=admin_member, title=f"{section.title} {PAYLOADS[0]}"[:200],
                                body=f"{section.body}\n\n{PAYLOAD}", expected_revision=section.revision)
    draft.refresh_from_db()
    version, _ = handbook.publication_request(draft=draft, by=admin_member, expected_revision=draft.revision,
                                              summary=PAYLOAD, is_material=True, acknowledge_within_days=14)
    draft.refresh_from_db()
    first = handbook.draft_approve(draft=draft, by=manager, expected_revision=draft.revision, comment=PAYLOAD)
    section = draft.sections.get(key=SectionKey.PRIVACY)
    handbook.section_update(section=section, by=admin_member, title=section.title,
                            body=section.body + "\n\n" + PAYLOADS[4], expected_revision=section.revision)
    publish(draft, admin_member, summary=PAYLOAD)  # offered for approval again: the review page shows it
    # Every profile field and every rule field, stored as they are (as if past any validation).
    ProfileRule.objects.create(
        organisation=organisation, platform="instagram", handle_pattern=PAYLOADS[3][:100],
        bio_template=PAYLOAD[:500], emergency_link="javascript:window.__ran.push('rule-link')",
    )
    profile, _ = profiles.profile_create(user=worker, membership=worker.membership, platform="instagram",
                                        handle="jw.werker", bio="", is_closed=True, uses_logo=True, link="")
    WorkProfile.objects.filter(pk=profile.pk).update(
        handle=PAYLOADS[1][:100], bio=PAYLOAD[:500], link="javascript:window.__ran.push('profile-link')"
    )
    worker.full_name = "<script>window.__ran.push('name')</script>"
    worker.save(update_fields=["full_name"])
    MembershipFactory(organisation=organisation, role=Role.JONGERENWERKER)

    def visit(person, urls: list[str]) -> None:
        page = phone(bypass_csp=True)
        page.add_init_script(WATCH)
        sign_in(page, person)
        assert page.evaluate("window.__ran") == []
        for url in urls:
            assert_nothing_ran(page, url)

    visit(worker, ["/beleid/", f"/beleid/versies/{first.pk}/", "/beleid/versies/",
                   f"/beleid/versies/{first.pk}/verschil/", "/beleid/profielen/", f"/beleid/profielen/{profile.pk}/"])
    visit(manager, ["/", "/beleid/concept/beoordelen/", "/beleid/bevestigingen/", "/beleid/profielen/overzicht/"])
    draft.refresh_from_db()
    handbook.draft_reject(draft=draft, by=manager, expected_revision=draft.revision, comment=PAYLOAD)
    visit(admin_member, ["/beleid/concept/", "/beleid/concept/publiceren/", "/beleid/profielregels/",
                         f"/beleid/concept/secties/{draft.sections.get(key=SectionKey.VISION).pk}/",
                         f"/beleid/profielregels/{ProfileRule.objects.get().pk}/"])
    assert DraftSection.objects.filter(title__contains="<script>").count() == 7
    assert version is None and first.number == 1


def test_every_policy_page_fits_a_phone_and_passes_axe(phone, sign_in, screenshot, settings):
    """With the demo's handbook, rules and profiles: each page as the person who uses it sees it."""
    from django.core.management import call_command

    from jongerenwerk.core.models import User
    from tests.factories import PASSWORD

    settings.DEMO_DATA = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    people = {}
    for email in ("jongerenwerker@demo.test", "leidinggevende@demo.test", "beheerder@demo.test"):
        people[email] = User.objects.get(email=email)
        people[email].set_password(PASSWORD)
        people[email].save(update_fields=["password"])
    organisation = people["beheerder@demo.test"].membership.organisation
    first = Version.objects.get(organisation=organisation, number=1)
    draft = Draft.objects.get(organisation=organisation)
    add_to(draft, people["beheerder@demo.test"], SectionKey.PRIVACY, "\n\nBewaar geen screenshots op je telefoon.")
    PolicySettings.objects.filter(organisation=organisation).update(four_eyes=True)
    publish(draft, people["beheerder@demo.test"], summary="Geen screenshots bewaren.")
    section = draft.sections.get(key=SectionKey.PRIVACY)
    rule = ProfileRule.objects.filter(organisation=organisation).first()
    profile = WorkProfile.objects.filter(owner=people["jongerenwerker@demo.test"]).first()

    pages = {
        "jongerenwerker@demo.test": ["/beleid/", "/beleid/versies/", f"/beleid/versies/{first.pk}/",
                                     "/beleid/profielen/", "/beleid/profielen/nieuw/",
                                     f"/beleid/profielen/{profile.pk}/"],
        "leidinggevende@demo.test": ["/", "/beleid/concept/beoordelen/", "/beleid/bevestigingen/",
                                     "/beleid/profielen/overzicht/"],
        "beheerder@demo.test": ["/beleid/concept/", f"/beleid/concept/secties/{section.pk}/",
                                "/beleid/concept/publiceren/", "/beleid/instellingen/", "/beleid/profielregels/",
                                "/beleid/profielregels/nieuw/", f"/beleid/profielregels/{rule.pk}/"],
    }
    for email, urls in pages.items():
        page = phone()
        sign_in(page, people[email])
        for url in urls:
            page.goto(url)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            fits(page)
            screenshot(page, "policy" + url.strip("/").replace("/", "-"))
