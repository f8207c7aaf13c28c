"""The trends board on a 375-pixel phone: the chart fits, the figures scroll inside their own box,
and the working group names a trend and groups a signal into it; axe-core finds nothing."""

import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from jongerenwerk.core import reporting
from signals.defaults import categories_seed
from signals.models import Category, Signal, Trend
from signals.services import intake, trends
from tests.browser.helpers import (
    assert_no_accessibility_violations,
    dutch,
    has_no_horizontal_scroll,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALL_PHONE = {
    "viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2,
}


@pytest.fixture
def small_phone(chromium: Browser, live_server) -> Page:
    context = chromium.new_context(base_url=live_server.url, locale="nl-NL", **SMALL_PHONE)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def weeks_of_signals(organisation, worker, wijk_a, wijk_b) -> dict[str, Category]:
    """Twelve weeks of signals in three categories, with a clear rise of fights in wijk A last week."""
    categories_seed(organisation)
    categories = {c.key: c for c in Category.objects.filter(organisation=organisation)}
    amsterdam = ZoneInfo("Europe/Amsterdam")
    weeks = reporting.weeks_up_to(reporting.week_of(timezone.now()) - timedelta(weeks=1), 12)
    signals = []
    for index, week in enumerate(weeks):
        moment = datetime.combine(week + timedelta(days=2), time(15), tzinfo=amsterdam)
        plan = [("vechtpartij", wijk_a, 8 if week == weeks[-1] else 1), ("overlast", wijk_b, 2 + index % 3),
                ("schadelijke-trend", wijk_a, index % 2)]
        for key, neighbourhood, number in plan:
            signals += [
                Signal(organisation=organisation, category=categories[key], source="snapchat", observed_at=moment,
                       neighbourhood=neighbourhood, reporter=worker, facts="Uitgevonden.")
                for _ in range(number)
            ]
    Signal.objects.bulk_create(signals)
    trends.rises_detect()
    return categories


def fits(page: Page) -> bool:
    """No horizontal scroll, and the phone did not widen its layout viewport to fit wider content
    (a mobile browser does that, so `has_no_horizontal_scroll` alone cannot see the overflow).
    The width settles just after a page loads, hence a few looks."""
    for _ in range(10):
        if page.evaluate("window.innerWidth") == SMALL_PHONE["viewport"]["width"]:
            return has_no_horizontal_scroll(page)
        page.wait_for_timeout(200)
    return False


def test_the_trends_board_fits_a_small_phone_and_passes_axe(
    small_phone, sign_in, screenshot, safeguarding_officer, organisation, weeks_of_signals, wijk_a
):
    Trend.objects.create(
        organisation=organisation, name="Afspraken om te vechten via Snapchat",
        interpretation="Groepjes spreken via verdwijnende berichten af om elkaar na school op te wachten.",
        approach="Op vrijdag extra straatwerk bij het winkelcentrum; de school is ingelicht.",
    )
    page = small_phone
    sign_in(page, safeguarding_officer)
    page.goto("/signalen/")
    page.get_by_role("link", name=dutch("Trends"), exact=True).tap()

    expect(page.get_by_role("heading", level=1)).to_have_text(dutch("Trends"))
    expect(page.locator("svg.trend-chart")).to_have_count(3)
    expect(page.locator("svg.trend-chart rect.rise")).to_have_count(1)
    expect(page.locator(".trend-table td.rise")).to_have_count(1)
    expect(page.get_by_role("heading", name="Afspraken om te vechten via Snapchat")).to_be_visible()
    chart = page.locator("svg.trend-chart").first.bounding_box()
    assert chart["width"] <= 375 and chart["height"] > 50  # scaled down by its viewBox, still readable
    assert fits(page)
    assert_no_accessibility_violations(page)
    screenshot(page, "trends-board-phone")

    # The figures are wider than the phone: they scroll inside their own box, not the page.
    figures = page.locator(".table-wrap")
    assert figures.evaluate("box => box.scrollWidth > box.clientWidth")
    figures.evaluate("box => box.scrollLeft = box.scrollWidth")
    assert fits(page)

    page.get_by_label(dutch("Neighbourhood")).select_option(label="Wijk A")
    page.get_by_role("button", name=dutch("Show")).tap()
    expect(page.locator("#chart-heading")).to_contain_text("Wijk A")
    expect(page.locator("svg.trend-chart")).to_have_count(2)
    assert fits(page)
    assert_no_accessibility_violations(page)


def test_a_worker_names_a_trend_on_a_phone_and_groups_their_signal_into_it(
    small_phone, sign_in, screenshot, worker, organisation, wijk_a
):
    categories_seed(organisation)
    signal, _ = intake.signal_create(
        organisation=organisation, reporter=worker, idempotency_key=uuid.uuid4(),
        category=Category.objects.get(organisation=organisation, key="schadelijke-trend"), source="tiktok",
        observed_at=timezone.now(), neighbourhood=wijk_a, severity="laag", facts="Filmpjes van lachgasballonnen.",
    )
    page = small_phone
    sign_in(page, worker)
    page.goto("/signalen/trends/")
    expect(page.locator("svg.trend-chart")).to_have_count(1)  # their signal, this week
    assert_no_accessibility_violations(page)

    page.get_by_role("link", name=dutch("Name a trend")).tap()
    interpretation = page.get_by_label(dutch("the working group's interpretation"))
    interpretation.fill("Vooral op feestjes in het park.")
    page.get_by_role("button", name=dutch("Save")).tap()
    expect(page.locator(".errorlist").first).to_be_visible()
    expect(interpretation).to_have_value("Vooral op feestjes in het park.")
    assert_no_accessibility_violations(page)
    assert fits(page)
    screenshot(page, "trend-form-error-phone")
    page.get_by_label(dutch("name")).fill("Lachgasballonnen")
    page.get_by_role("button", name=dutch("Save")).tap()
    expect(page.get_by_text(dutch("The trend is saved."))).to_be_visible()
    expect(page.locator("#trend-" + str(Trend.objects.get().pk))).to_contain_text("Vooral op feestjes in het park.")

    page.goto(f"/signalen/{signal.pk}/")
    trend = page.locator("#trend")
    trend.locator("summary").tap()
    trend.get_by_role("link", name=dutch("Group into a trend")).tap()  # the form comes when asked for
    trend.get_by_label(dutch("Trend")).select_option(label="Lachgasballonnen")
    trend.get_by_role("button", name=dutch("Save the trend")).tap()
    expect(page.get_by_text(dutch("Saved."))).to_be_visible()
    expect(page.locator("#trend")).to_contain_text("Lachgasballonnen")
    assert fits(page)
    assert_no_accessibility_violations(page)
    signal.refresh_from_db()
    assert signal.trend.name == "Lachgasballonnen"
