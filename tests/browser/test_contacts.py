"""Contacts on a phone, in a real Chromium: logging a contact with the defaults (counting what a
person must touch), with a new young person inline, and from a contact to a signal; both
dashboards; the import check; and the public emergency page. Every page passes axe-core and
fits the phone's width."""

import re
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from contacts.models import Contact, ContactSignal
from contacts.services import records
from contacts.services.settings import contact_settings_ensure
from jongerenwerk.core.models import Youth
from signals.defaults import categories_seed
from signals.models import Signal
from tests.browser.helpers import assert_no_accessibility_violations, dutch, has_no_horizontal_scroll
from tests.factories import YouthFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Touches:
    """Counts what a person taps or types, to measure the form's cost in touches."""

    def __init__(self) -> None:
        self.count = 0

    def tap(self, locator) -> None:
        self.count += 1
        locator.tap()

    def fill(self, locator, text: str) -> None:
        self.count += 1
        locator.fill(text)


def log(organisation, worker, youth=None, **fields):
    defaults = {"channel": "snapchat", "started_at": timezone.now() - timedelta(days=2), "duration_minutes": 15,
                "initiated_by": "jongere", "character": "steunend", "topics": ["school", "werk"]}
    contact, _ = records.contact_create(
        organisation=organisation, worker=worker, idempotency_key=uuid.uuid4(), youth=youth,
        anonymous=youth is None, **{**defaults, **fields},
    )
    return contact


def check_page(page: Page) -> None:
    assert_no_accessibility_violations(page)
    assert has_no_horizontal_scroll(page)


@pytest.fixture
def known_youth(organisation, wijk_a, worker):
    contact_settings_ensure(organisation)
    youth = YouthFactory(organisation=organisation, alias="skate_sam", neighbourhood=wijk_a)
    log(organisation, worker, youth, channel="instagram", topics=["school", "geld"])
    return youth


def test_a_contact_with_the_defaults_costs_one_touch_after_choosing_the_young_person(
    phone_page, sign_in, screenshot, worker, known_youth
):
    page = phone_page
    sign_in(page, worker)
    page.get_by_role("link", name=dutch("Register a contact")).first.tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(dutch("Register a contact"))
    check_page(page)
    screenshot(page, "contact-form-phone")

    touches = Touches()
    page.get_by_role("link", name="skate_sam").tap()  # choosing the young person: one tap
    expect(page.locator(".chosen")).to_contain_text("skate_sam")
    expect(page.get_by_label("Instagram DM")).to_be_checked()  # the worker's last channel
    expect(page.get_by_label(dutch("money"))).to_be_checked()  # the young person's last topics
    check_page(page)
    touches.tap(page.get_by_role("button", name=dutch("Save contact")))
    expect(page.get_by_text(dutch("The contact is saved."))).to_be_visible()
    assert touches.count == 1 <= 4
    contact = Contact.objects.order_by("-pk").first()
    assert (contact.youth, contact.channel, contact.topics) == (known_youth, "instagram", ["school", "geld"])

    # The same as last time: one tap as well, and a second tap on a stale page stores nothing new.
    page.get_by_role("link", name="skate_sam").tap()
    touches = Touches()
    touches.tap(page.get_by_role("button", name=dutch("Same as last time")))
    expect(page.get_by_text(dutch("The contact is saved."))).to_be_visible()
    assert touches.count == 1
    assert Contact.objects.filter(youth=known_youth).count() == 3

    # Changing the channel and the character: three touches in all.
    page.get_by_role("link", name="skate_sam").tap()
    touches = Touches()
    touches.tap(page.get_by_label("WhatsApp"))
    touches.tap(page.get_by_label(dutch("warning")))
    touches.tap(page.get_by_role("button", name=dutch("Save contact")))
    expect(page.get_by_text(dutch("The contact is saved."))).to_be_visible()
    assert touches.count == 3
    assert (Contact.objects.order_by("-pk").first().channel, Contact.objects.order_by("-pk").first().character) == (
        "whatsapp", "waarschuwend")
    check_page(page)


def test_a_contact_with_a_new_young_person_typed_inline(phone_page, sign_in, screenshot, organisation, worker, wijk_a):
    contact_settings_ensure(organisation)
    page = phone_page
    sign_in(page, worker)
    page.goto("/contacten/nieuw/")
    touches = Touches()
    touches.fill(page.get_by_label(dutch("Or type an alias")), "nieuwe_nora")
    touches.tap(page.get_by_role("button", name=dutch("Save contact")))
    expect(page.locator(".saved-contact")).to_contain_text("nieuwe_nora")
    assert touches.count == 2
    youth = Youth.objects.get(alias="nieuwe_nora")
    assert (youth.created_by, youth.neighbourhood) == (worker, wijk_a)
    assert Contact.objects.get().youth == youth

    # A bad duration comes back in Dutch with what was typed.
    page.get_by_label(dutch("Or type an alias")).fill("nog_een")
    page.get_by_label(dutch("Duration (minutes)")).fill("900")
    page.get_by_role("button", name=dutch("Save contact")).tap()
    expect(page.locator(".errorlist").first).to_contain_text("12 uur")
    expect(page.get_by_label(dutch("Or type an alias"))).to_have_value("nog_een")
    check_page(page)
    screenshot(page, "contact-form-error-phone")


def test_from_a_contact_to_a_signal_on_a_phone(phone_page, sign_in, screenshot, organisation, worker, known_youth):
    categories_seed(organisation)
    page = phone_page
    sign_in(page, worker)
    page.goto(f"/contacten/nieuw/?jongere={known_youth.pk}")
    page.get_by_role("button", name=dutch("Save contact")).tap()
    page.get_by_role("link", name=dutch("Log a signal from this contact")).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(dutch("Log a signal"))
    expect(page.get_by_label(dutch("Where did you see it?"))).to_have_value("instagram")
    expect(page.get_by_label("skate_sam")).to_be_checked()
    check_page(page)
    screenshot(page, "contact-signal-phone")
    page.get_by_label(dutch("Category")).select_option(label="Vechtpartij of dreiging daarvan")
    page.locator("fieldset:has([name=severity])").get_by_label(dutch("medium"), exact=True).check()
    page.get_by_label(dutch("Facts: what did you see or read?")).fill("Stuurde een story door met een afspraak om te vechten.")
    page.get_by_role("button", name=dutch("Log signal")).tap()
    expect(page).to_have_url(re.compile(r"/signalen/\d+/$"))
    expect(page.get_by_text(dutch("The signal is logged and linked to the contact. Thank you."))).to_be_visible()
    signal = Signal.objects.get()
    contact = Contact.objects.order_by("-pk").first()
    assert ContactSignal.objects.get().contact == contact and list(signal.youths.all()) == [known_youth]
    page.goto(f"/contacten/{contact.pk}/")
    expect(page.locator("#signals-heading + ul")).to_contain_text("Vechtpartij")
    check_page(page)


@pytest.fixture
def a_year(organisation, worker, colleague, wijk_a):
    contact_settings_ensure(organisation)
    youths = [YouthFactory(organisation=organisation, neighbourhood=wijk_a) for _ in range(4)]
    now = timezone.now()
    for day in range(0, 360, 3):
        for index, (person, channel) in enumerate([(worker, "whatsapp"), (worker, "straat"), (colleague, "straat")]):
            log(organisation, person, youths[(day + index) % 4] if index != 1 else None, channel=channel,
                started_at=now - timedelta(days=day, hours=index), character="waarschuwend" if day % 9 == 0 else "steunend")


def test_the_worker_dashboard_on_a_phone(phone_page, sign_in, screenshot, worker, a_year):
    page = phone_page
    sign_in(page, worker)
    page.goto("/contacten/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text(dutch("My online and supportive share"))
    expect(page.locator("svg.bar-chart")).to_have_count(5)
    expect(page.locator("table.figures").first).to_contain_text("50%")
    page.get_by_text(dutch("Which channel counts as online")).tap()
    check_page(page)
    screenshot(page, "contact-dashboard-phone")


def test_the_team_dashboard_on_a_phone_sorts_and_nudges(phone_page, sign_in, screenshot, manager, worker, a_year):
    page = phone_page
    sign_in(page, manager)
    page.get_by_role("link", name=dutch("Contacts and online share")).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(dutch("Team dashboard"))
    check_page(page)
    table = page.locator("table.team-table")
    table.get_by_role("link", name=dutch("Online"), exact=True).tap()
    expect(page.locator("th[aria-sort=ascending]")).to_contain_text(dutch("Online"))
    colleague_row = table.locator("tbody tr").first  # 0% online comes first
    expect(colleague_row).to_contain_text(re.compile(dutch("below the online target"), re.IGNORECASE))
    colleague_row.get_by_role("button", name=re.compile(dutch("Nudge"))).tap()
    expect(page.locator(".messages")).to_contain_text("seintje")
    page.get_by_role("link", name=dutch("last 12 months").capitalize()).tap()
    expect(page.locator("svg.trend-lines")).to_be_visible()
    check_page(page)
    screenshot(page, "contact-team-phone")


def test_the_import_check_on_a_phone(phone_page, sign_in, screenshot, worker, organisation, tmp_path):
    contact_settings_ensure(organisation)
    upload = tmp_path / "contacten.csv"
    upload.write_text("datum;duur;kanaal;jongere;karakter\n2026-03-09 10:00;15;WhatsApp;;steunend\n"
                      "2026-03-09 11:00;15;MySpace;onbekend_o;steunend\n", encoding="utf-8")
    page = phone_page
    sign_in(page, worker)
    page.goto("/contacten/importeren/")
    check_page(page)
    page.get_by_label(dutch("Spreadsheet (CSV or XLSX)")).set_input_files(str(upload))
    page.get_by_role("button", name=dutch("Check the file")).tap()
    expect(page.locator(".problems")).to_contain_text("Onbekend kanaal “MySpace”.")
    check_page(page)
    screenshot(page, "contact-import-phone")
    assert not Contact.objects.exists()


def test_the_emergency_page_on_a_phone_is_public_light_and_sets_no_cookies(chromium, live_server, organisation):
    settings = contact_settings_ensure(organisation)
    context = chromium.new_context(base_url=live_server.url, locale="nl-NL", viewport={"width": 360, "height": 740},
                                   is_mobile=True, has_touch=True, java_script_enabled=False)
    page = context.new_page()
    sizes = []
    page.on("response", lambda response: sizes.append(len(response.body())))
    page.goto(f"/hulp/{settings.emergency_slug}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hulp nodig?")
    expect(page.get_by_role("link", name="Bel 0800-0432")).to_have_attribute("href", "tel:08000432")
    assert context.cookies() == []
    assert sum(sizes) < 30 * 1024, sizes
    assert page.locator("script").count() == 0
    width = page.viewport_size["width"]
    assert page.evaluate("(w) => document.scrollingElement.scrollWidth <= w", width)
    context.close()
    # axe needs scripts: the same page once more with them on.
    context = chromium.new_context(base_url=live_server.url, locale="nl-NL", viewport={"width": 360, "height": 740},
                                   is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"/hulp/{settings.emergency_slug}/")
    check_page(page)
    context.close()
