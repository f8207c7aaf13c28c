"""Trends: weekly counts, rises flagged on constructed data, the board and named trends."""

import math
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from jongerenwerk.celery import app
from jongerenwerk.core import reporting
from jongerenwerk.core.models import AuditEvent, Notification, Role
from signals import rules, tasks
from signals.models import Signal, Trend, TrendRise
from signals.selectors import trends as trend_selectors
from signals.services import trends
from tests.access import Page, expect, matrix_tests
from tests.celery_helpers import private_broker_folders, running_worker, wait_for
from tests.factories import MembershipFactory, NeighbourhoodFactory

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# A Monday well in the past, so nothing logged in its weeks lies in the future.
WEEK = date(2026, 3, 9)


def nl(message: str) -> str:
    with translation.override("nl"):
        return translation.gettext(message)


def at(week: date, *, day: int = 2, hour: int = 12, minute: int = 0) -> datetime:
    """A moment in Dutch time: `day` days after the Monday `week`, at `hour`:`minute`."""
    return datetime.combine(week + timedelta(days=day), time(hour, minute), tzinfo=AMSTERDAM)


@pytest.fixture
def add_signals(organisation, categories, worker):
    """Store `number` signals of `category` observed at `moment` in `neighbourhood`, as data only."""

    def add(number: int, moment: datetime, category: str = "vechtpartij", neighbourhood=None, organisation=organisation,
            reporter=worker) -> None:
        Signal.objects.bulk_create(
            Signal(organisation=organisation, category=categories[category], source="tiktok", observed_at=moment,
                   neighbourhood=neighbourhood, reporter=reporter, facts="Uitgevonden.")
            for _ in range(number)
        )

    return add


# Weekly counts -------------------------------------------------------------------------------


def test_weekly_counts_are_per_dutch_week_with_empty_weeks_as_zero(add_signals, categories, wijk_a, wijk_b):
    weeks = reporting.weeks_up_to(WEEK, 4)
    first, _, third, last = weeks
    add_signals(2, at(first), neighbourhood=wijk_a)
    # Sunday 23:30 in Amsterdam still belongs to that week; Monday 00:30 (Sunday in UTC) to the next.
    add_signals(1, at(third, day=6, hour=23, minute=30), neighbourhood=wijk_a)
    add_signals(1, at(last, day=0, hour=0, minute=30), neighbourhood=wijk_b)
    add_signals(3, at(last), category="overlast", neighbourhood=wijk_b)
    add_signals(5, at(last + timedelta(weeks=1)), neighbourhood=wijk_a)  # after the weeks asked for
    add_signals(5, at(first - timedelta(weeks=1)), neighbourhood=wijk_a)  # before them

    per_category = trend_selectors.weekly_counts(Signal.objects.all(), weeks, by=("category",))
    assert per_category == {
        (categories["vechtpartij"].pk,): [2, 0, 1, 1],
        (categories["overlast"].pk,): [0, 0, 0, 3],
    }
    per_neighbourhood = trend_selectors.weekly_counts(Signal.objects.all(), weeks, by=("category", "neighbourhood"))
    assert per_neighbourhood == {
        (categories["vechtpartij"].pk, wijk_a.pk): [2, 0, 1, 0],
        (categories["vechtpartij"].pk, wijk_b.pk): [0, 0, 0, 1],
        (categories["overlast"].pk, wijk_b.pk): [0, 0, 0, 3],
    }


def test_weeks_run_monday_to_monday_up_to_the_given_week():
    assert reporting.weeks_up_to(date(2026, 3, 12), 3) == [date(2026, 2, 23), date(2026, 3, 2), date(2026, 3, 9)]
    # Sunday 23:30 UTC on 29 March 2026 is already Monday 01:30 in Amsterdam (summer time).
    assert reporting.week_of(datetime(2026, 3, 29, 23, 30, tzinfo=ZoneInfo("UTC"))) == date(2026, 3, 30)


# The Poisson tail ----------------------------------------------------------------------------


@pytest.mark.parametrize("mean", [0.125, 0.5, 1.0, 2.0, 7.5, 30.0])
@pytest.mark.parametrize("count", [0, 1, 3, 6, 12, 40])
def test_the_poisson_tail_matches_a_direct_sum(count, mean):
    below = sum(math.exp(-mean) * mean**k / math.factorial(k) for k in range(count))
    assert rules.poisson_tail(count, mean) == pytest.approx(1 - below, abs=1e-12)


def test_the_poisson_tail_holds_for_a_large_mean_without_underflow():
    # exp(-1000) is 0.0 in floating point, so the textbook sum gives nothing; in log space it holds.
    def below(count: int, mean: float) -> float:
        return math.fsum(math.exp(k * math.log(mean) - mean - math.lgamma(k + 1)) for k in range(count))

    for count in (900, 1000, 1120):
        assert rules.poisson_tail(count, 1000.0) == pytest.approx(1 - below(count, 1000.0), abs=1e-9)
    assert rules.poisson_tail(1120, 1000.0) < 0.001 < 0.99 < rules.poisson_tail(900, 1000.0)


def test_the_rise_rule_on_its_own():
    quiet = [0] * 8
    assert rules.is_rise(3, quiet)  # a first appearance of three
    assert not rules.is_rise(2, quiet)  # fewer than three never
    assert rules.is_rise(6, [1] * 8)
    assert not rules.is_rise(3, [2] * 8)
    assert not rules.is_rise(3, [0, 1] * 4)  # λ = 0.5: P(X >= 3) ≈ 0.014
    assert rules.is_rise(4, [0, 1] * 4)  # P(X >= 4) ≈ 0.002


# Rise detection ------------------------------------------------------------------------------


@pytest.fixture
def constructed_weeks(add_signals, wijk_a, wijk_b):
    """Eight ordinary weeks before WEEK, then WEEK itself:

    fights in wijk A: one a week, then six (a clear rise, there and in the organisation);
    nuisance in wijk A: two a week, then three (a normal week);
    cyberbullying: three a week in wijk B throughout, and three new ones in wijk A in WEEK
        (a rise in wijk A only: the organisation's six against three a week is no rise);
    exposing in wijk A: none, then two (fewer than three: no rise).
    """
    for week in reporting.weeks_up_to(WEEK - timedelta(weeks=1), 8):
        add_signals(1, at(week), "vechtpartij", wijk_a)
        add_signals(2, at(week), "overlast", wijk_a)
        add_signals(3, at(week), "cyberpesten", wijk_b)
    add_signals(6, at(WEEK), "vechtpartij", wijk_a)
    add_signals(3, at(WEEK), "overlast", wijk_a)
    add_signals(3, at(WEEK), "cyberpesten", wijk_b)
    add_signals(3, at(WEEK, day=4), "cyberpesten", wijk_a)
    add_signals(2, at(WEEK), "exposen", wijk_a)


def rises() -> set[tuple[str, str | None, date, int]]:
    return {
        (rise.category.key, rise.neighbourhood.name if rise.neighbourhood else None, rise.week_start, rise.count)
        for rise in TrendRise.objects.select_related("category", "neighbourhood")
    }


EXPECTED_RISES = {
    ("vechtpartij", "Wijk A", WEEK, 6),
    ("vechtpartij", None, WEEK, 6),
    ("cyberpesten", "Wijk A", WEEK, 3),
}


def test_rises_are_flagged_where_a_week_is_clearly_above_the_eight_before(constructed_weeks):
    new = trends.rises_detect(week_start=WEEK)
    assert rises() == EXPECTED_RISES
    assert len(new) == 3
    fights = TrendRise.objects.get(category__key="vechtpartij", neighbourhood=None)
    assert fights.baseline == 1.0


def test_by_default_the_last_complete_week_is_examined(constructed_weeks):
    assert trends.rises_detect(now=at(WEEK + timedelta(weeks=1), day=0, hour=6)) != []
    assert rises() == EXPECTED_RISES
    # The week still running is never examined: nothing to flag in the week after.
    assert trends.rises_detect(now=at(WEEK, day=6, hour=23)) == []


def test_a_rerun_stores_nothing_twice_and_tells_the_officer_once_per_rise(
    constructed_weeks, safeguarding_officer, worker, manager
):
    trends.rises_detect(week_start=WEEK)
    assert trends.rises_detect(week_start=WEEK) == []
    assert TrendRise.objects.count() == 3

    notifications = Notification.objects.all()
    assert {n.user for n in notifications} == {safeguarding_officer}
    assert notifications.count() == 3
    wijk_a_rise = TrendRise.objects.get(category__key="cyberpesten")
    assert {n.url for n in notifications} == {
        reverse("signals:trends"), f"{reverse('signals:trends')}?neighbourhood={wijk_a_rise.neighbourhood_id}"
    }
    for notification in notifications:
        assert "Uitgevonden" not in notification.text


def test_other_organisations_get_their_own_rises_and_officers(
    add_signals, other_organisation, categories, constructed_weeks, safeguarding_officer
):
    from signals.defaults import categories_seed

    categories_seed(other_organisation)
    elsewhere = NeighbourhoodFactory(organisation=other_organisation, name="Elders")
    their_officer = MembershipFactory(organisation=other_organisation, role=Role.AANDACHTSFUNCTIONARIS).user
    their_fights = other_organisation.signal_categories.get(key="vechtpartij")
    Signal.objects.bulk_create(
        Signal(organisation=other_organisation, category=their_fights, source="tiktok", observed_at=at(WEEK),
               neighbourhood=elsewhere, reporter=their_officer, facts="Uitgevonden.")
        for _ in range(4)
    )
    trends.rises_detect(week_start=WEEK)
    theirs = TrendRise.objects.filter(organisation=other_organisation)
    assert {(r.category_id, r.neighbourhood_id, r.count) for r in theirs} == {
        (their_fights.pk, elsewhere.pk, 4), (their_fights.pk, None, 4)
    }
    assert Notification.objects.filter(user=their_officer).count() == 2
    assert Notification.objects.filter(user=safeguarding_officer).count() == 3


@pytest.fixture
def broker(tmp_path):
    with private_broker_folders(tmp_path / "broker"):
        yield app.conf.broker_url


def stored_rises() -> int | None:
    try:
        return TrendRise.objects.count()
    except OperationalError:
        # On SQLite the worker thread shares the in-memory test database, and a read while it
        # writes finds the table locked instead of waiting; look again.
        return None


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_periodic_detection(broker, add_signals, wijk_a, safeguarding_officer):
    last_week = reporting.week_of(timezone.now()) - timedelta(weeks=1)
    add_signals(5, at(last_week, day=1), "vechtpartij", wijk_a)
    with running_worker():
        tasks.detect_rises.delay()
        wait_for(lambda: stored_rises() == 2, what=f"the rise detection on {broker.split(':')[0]}")
    assert set(TrendRise.objects.values_list("week_start", "count")) == {(last_week, 5)}
    assert Notification.objects.filter(user=safeguarding_officer).count() == 2


# Pages: the access matrix --------------------------------------------------------------------

SIGNAL_MEMBERS = expect(200, admin_member=403, trainer=403, outsider_admin=403)
WRITES = expect(302, admin_member=403, trainer=403, outsider_admin=403)

PAGES = [
    Page("trends board", "signals:trends", SIGNAL_MEMBERS),
    Page("name a trend", "signals:trend_create", SIGNAL_MEMBERS),
    Page("name a trend (save)", "signals:trend_create", WRITES, method="post",
         data={"name": "Lachgasballonnen"}),
    Page("change a trend", ("signals:trend_edit", lambda o: [o["trend"].pk]),
         {**SIGNAL_MEMBERS, "outsider": 404}),
    Page("change a trend (save)", ("signals:trend_edit", lambda o: [o["trend"].pk]),
         {**WRITES, "outsider": 404}, method="post", data={"name": "Blackout challenge"}),
    # The signal's reporter (the worker) and the officer group it; the manager sees it but may not.
    Page("link a signal to a trend", ("signals:link_trend", lambda o: [o["signal"].pk]),
         {**WRITES, "manager": 403, "other_team_worker": 404, "outsider": 404}, method="post",
         data=lambda o: {"trend": o["trend"].pk}),
]


@pytest.fixture
def objects(personas, organisation, log_signal):
    trend = Trend.objects.create(organisation=organisation, name="Uitdagingsvideo", created_by=personas.worker)
    return {"signal": log_signal(personas.worker), "trend": trend}


test_access_matrix, test_the_wrong_method_is_refused, test_a_repeated_write_changes_nothing = matrix_tests(PAGES)


def test_linking_a_signal_to_a_trend_takes_posts_only(client_for, worker, log_signal):
    signal = log_signal(worker)
    assert client_for(worker).get(reverse("signals:link_trend", args=[signal.pk])).status_code == 405


# The board -----------------------------------------------------------------------------------


def last_weeks(count: int) -> list[date]:
    """The last `count` complete weeks before this one, oldest first."""
    return reporting.weeks_up_to(reporting.week_of(timezone.now()) - timedelta(weeks=1), count)


def test_the_board_draws_counts_per_category_marks_rises_and_lists_named_trends(
    client_for, safeguarding_officer, organisation, add_signals, categories, wijk_a, log_signal, worker
):
    weeks = last_weeks(9)
    for week in weeks[:-1]:
        add_signals(1, at(week), "vechtpartij", wijk_a)
    add_signals(7, at(weeks[-1]), "vechtpartij", wijk_a)
    trends.rises_detect()
    trend = Trend.objects.create(organisation=organisation, name="Vechtfilmpjes", interpretation="Status zoeken.",
                                 approach="Op straat aanspreken.")
    for signal in Signal.objects.filter(category__key="vechtpartij")[:4]:
        trends.signal_trend_set(signal=signal, trend=trend, by=safeguarding_officer)

    response = client_for(safeguarding_officer).get(reverse("signals:trends"))
    page = response.content.decode()
    assert response.status_code == 200
    assert categories["vechtpartij"].name in page
    assert page.count('class="trend-chart"') == 1 and 'role="img"' in page and "<title id=" in page
    assert page.count('class="bar rise"') == 1  # the rising week's bar, and only that one
    assert page.count('class="number rise"') == 1  # the same week in the table
    assert nl("the whole organisation") in page and "Wijk A" in page  # both rises listed
    assert "Vechtfilmpjes" in page and "Status zoeken." in page and "Op straat aanspreken." in page
    assert "4 signalen" in page


def test_the_board_filters_by_neighbourhood(client_for, manager, add_signals, categories, wijk_a, wijk_b):
    week = last_weeks(1)[0]
    add_signals(2, at(week), "vechtpartij", wijk_a)
    add_signals(5, at(week), "overlast", wijk_b)
    client = client_for(manager)
    everything = client.get(reverse("signals:trends")).content.decode()
    assert categories["vechtpartij"].name in everything and categories["overlast"].name in everything
    only_a = client.get(reverse("signals:trends"), {"neighbourhood": wijk_a.pk}).content.decode()
    assert categories["vechtpartij"].name in only_a and categories["overlast"].name not in only_a
    # An unknown neighbourhood is ignored, as in the signal list.
    assert client.get(reverse("signals:trends"), {"neighbourhood": "999999"}).status_code == 200


def test_a_worker_sees_counts_and_rises_of_the_signals_they_may_see(
    client_for, other_team_worker, worker, add_signals, categories, wijk_a, wijk_b
):
    week = last_weeks(1)[0]
    add_signals(4, at(week), "grooming", wijk_a)
    add_signals(1, at(week), "overlast", wijk_b)
    trends.rises_detect()
    assert TrendRise.objects.filter(neighbourhood=wijk_a).exists()

    page = client_for(other_team_worker).get(reverse("signals:trends")).content.decode()
    assert categories["overlast"].name in page
    assert categories["grooming"].name not in page  # neither counted nor listed as a rise
    page = client_for(worker).get(reverse("signals:trends")).content.decode()
    assert categories["grooming"].name in page and 'class="bar rise"' in page


def test_another_organisation_never_sees_our_trends_or_counts(
    client_for, outsider, organisation, add_signals, categories, wijk_a
):
    add_signals(3, at(last_weeks(1)[0]), "grooming", wijk_a)
    trends.rises_detect()
    Trend.objects.create(organisation=organisation, name="Geheime trend")
    page = client_for(outsider).get(reverse("signals:trends")).content.decode()
    assert "Geheime trend" not in page and categories["grooming"].name not in page
    assert nl("No signals in these weeks.") in page


def test_the_board_needs_the_same_queries_for_more_signals(
    client_for, worker, organisation, add_signals, wijk_a, wijk_b
):
    weeks = last_weeks(12)
    add_signals(1, at(weeks[0]), "vechtpartij", wijk_a)
    Trend.objects.create(organisation=organisation, name="Eén")
    client = client_for(worker)
    client.get(reverse("signals:trends"))  # the session and the like, once
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("signals:trends"))

    for week in weeks:
        for category in ("vechtpartij", "overlast", "cyberpesten", "exposen"):
            add_signals(5, at(week), category, wijk_a)
            add_signals(2, at(week, day=5), category, wijk_b, reporter=worker)
    trends.rises_detect(week_start=weeks[-1])
    for name in ("Twee", "Drie"):
        trend = Trend.objects.create(organisation=organisation, name=name)
        Signal.objects.filter(pk__in=Signal.objects.values("pk")[:10]).update(trend=trend)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("signals:trends"))
    assert response.content.decode().count('class="trend-chart"') == 4
    assert len(many.captured_queries) == len(few.captured_queries), [q["sql"] for q in many.captured_queries]


# Named trends --------------------------------------------------------------------------------


def test_a_worker_names_a_trend_and_changes_it_both_audited(client_for, worker, organisation):
    client = client_for(worker)
    response = client.post(reverse("signals:trend_create"), {
        "name": " Lachgasballonnen ", "interpretation": "Feestjes in het park.", "approach": "Voorlichting.",
    })
    assert response["Location"] == reverse("signals:trends")
    trend = Trend.objects.get()
    assert (trend.organisation, trend.name, trend.created_by) == (organisation, "Lachgasballonnen", worker)

    response = client.post(reverse("signals:trend_edit", args=[trend.pk]), {
        "name": "Lachgas", "interpretation": "Vooral in het weekend.", "approach": "Voorlichting.",
    })
    assert response.status_code == 302
    trend.refresh_from_db()
    assert (trend.name, trend.interpretation) == ("Lachgas", "Vooral in het weekend.")
    audited = AuditEvent.objects.filter(target_type="signals.trend").order_by("id")
    assert list(audited.values_list("action", "actor")) == [("create", worker.pk), ("update", worker.pk)]


@pytest.mark.parametrize("name, message", [
    ("  ", "This field is required."),
    ("uitdagingsvideo", "Your organisation already has a trend with this name."),
])
def test_a_trend_form_with_errors_keeps_what_was_typed(name, message, client_for, worker, organisation):
    Trend.objects.create(organisation=organisation, name="Uitdagingsvideo")
    response = client_for(worker).post(reverse("signals:trend_create"), {
        "name": name, "interpretation": "Wat we denken.", "approach": "Wat we doen.",
    })
    page = response.content.decode()
    assert response.status_code == 200
    assert nl(message) in page
    assert "Wat we denken." in page and "Wat we doen." in page
    assert Trend.objects.count() == 1


def test_the_same_name_may_exist_in_another_organisation(client_for, outsider, organisation):
    Trend.objects.create(organisation=organisation, name="Uitdagingsvideo")
    assert client_for(outsider).post(reverse("signals:trend_create"), {"name": "Uitdagingsvideo"}).status_code == 302


# Linking a signal to a trend -----------------------------------------------------------------


def test_the_reporter_links_a_signal_to_a_trend_and_unlinks_it_audited(client_for, worker, organisation, log_signal):
    signal = log_signal(worker)
    trend = Trend.objects.create(organisation=organisation, name="Uitdagingsvideo")
    client = client_for(worker)
    url = reverse("signals:link_trend", args=[signal.pk])

    page = client.get(reverse("signals:detail", args=[signal.pk]), {"open": "trend"}).content.decode()
    assert 'id="trend-heading"' in page and "Uitdagingsvideo" in page  # offered in the form

    assert client.post(url, {"trend": trend.pk})["Location"] == reverse("signals:detail", args=[signal.pk])
    client.post(url, {"trend": trend.pk})  # a repeated post changes nothing
    signal.refresh_from_db()
    assert signal.trend == trend
    page = client.get(reverse("signals:detail", args=[signal.pk])).content.decode()
    assert f'href="{reverse("signals:trends")}#trend-{trend.pk}"' in page

    client.post(url, {"trend": ""})
    signal.refresh_from_db()
    assert signal.trend is None
    changes = AuditEvent.objects.filter(target_type="signals.signal", action="update", target_id=str(signal.pk))
    changes = changes.order_by("id")
    assert [event.detail for event in changes] == [{"trend": trend.pk}, {"trend": None}]


def test_a_trend_of_another_organisation_cannot_be_linked(client_for, worker, other_organisation, log_signal):
    signal = log_signal(worker)
    theirs = Trend.objects.create(organisation=other_organisation, name="Elders")
    response = client_for(worker).post(reverse("signals:link_trend", args=[signal.pk]), {"trend": theirs.pk})
    assert response.status_code == 422
    assert nl("Select a valid choice. That choice is not one of the available choices.") in response.content.decode()
    signal.refresh_from_db()
    assert signal.trend is None
