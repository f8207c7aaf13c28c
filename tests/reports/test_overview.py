"""The manager's overview: each figure against a value computed by hand from constructed data."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jongerenwerk.core.reporting import week_of
from policy.services.acknowledgements import acknowledgement_record
from reports.selectors.overview import overview_of
from signals.models import Decision, Signal, Step, TrendRise
from tests.reports.conftest import amsterdam


def figures(panel) -> dict[str, object]:
    return {str(figure.label): figure.value for figure in panel.figures}


def panels_of(user, **kwargs) -> dict:
    return {panel.key: panel for panel in overview_of(user, **kwargs)}


@pytest.fixture
def signals_data(log_signal, worker, outsider, categories, organisation, other_organisation):
    """Two new signals this week (one past its deadline), three older ones decided after 30, 10
    and 50 hours; one rise this week and one long ago; another organisation's signal."""
    now = timezone.now()
    late = log_signal(worker)
    Signal.objects.filter(pk=late.pk).update(step=Step.CONSULTATION, step_due_at=now - timedelta(hours=1))
    waiting = log_signal(worker)
    Signal.objects.filter(pk=waiting.pk).update(step=Step.WEIGHING, step_due_at=now + timedelta(days=1))
    for days_ago, hours, step in ((10, 30, Step.CLOSED), (20, 10, Step.DECISION), (20, 50, Step.CLOSED)):
        logged = now - timedelta(days=days_ago)
        old = log_signal(worker, observed_at=logged)
        Signal.objects.filter(pk=old.pk).update(step=step, created_at=logged, step_due_at=None)
        decision = Decision.objects.create(signal=old, by=worker, outcome="monitoren", reasoning="Afspraken gemaakt.")
        Decision.objects.filter(pk=decision.pk).update(at=logged + timedelta(hours=hours))
    category = categories["vechtpartij"]
    monday = week_of(now)
    TrendRise.objects.create(organisation=organisation, category=category, week_start=monday, count=6, baseline=1)
    TrendRise.objects.create(organisation=organisation, category=category, week_start=monday - timedelta(weeks=5),
                             count=6, baseline=1)


def test_the_signal_figures_are_the_hand_computed_ones(signals_data, manager):
    shown = figures(panels_of(manager)["signals"])
    assert shown["Nieuw deze week"] == 2
    assert shown["Open: collegiale consultatie"] == 1
    assert shown["Open: weging"] == 1
    assert shown["Open: besluit"] == 1
    assert shown["Open: gesprek met de jongere"] == 0
    assert shown["Over de termijn van het protocol"] == 1
    assert shown["Mediane tijd van vastleggen tot besluit (uren)"] == 30.0  # median of 10, 30, 50
    assert shown["Stijgingen per categorie en wijk (afgelopen twee weken)"] == 1


def test_the_contact_figures_are_the_hand_computed_ones(log_contact, worker, colleague, other_team_worker, manager,
                                                        tuesday_two_weeks_ago):
    day = tuesday_two_weeks_ago
    log_contact(worker, channel="whatsapp", started_at=amsterdam(day, 10), new_youth_alias="Vos-12")
    log_contact(worker, channel="instagram", started_at=amsterdam(day, 11))
    log_contact(worker, channel="straat", started_at=amsterdam(day, 22), character="waarschuwend")
    log_contact(colleague, channel="straat", started_at=amsterdam(day, 14))
    shown = figures(panels_of(manager)["contacts"])
    assert shown["Contactmomenten in de afgelopen 4 weken"] == 4
    assert shown["Online aandeel"] == "50%"  # 2 of 4
    assert shown["Steunend aandeel"] == "75%"  # 3 of 4
    assert shown["Jongerenwerkers onder het online doel"] == 1  # the colleague: 0% < 25%
    assert shown["Jongerenwerkers onder het steunende doel"] == 1  # the worker: 67% < 85%
    assert shown["Bereikte jongeren"] == 1
    assert shown["Aandeel buiten werktijd"] == "25%"  # 22:00 of 4


def test_the_handbook_figures_are_the_hand_computed_ones(handbook_overdue, worker, manager):
    acknowledgement_record(user=worker, membership=worker.membership, version=handbook_overdue)
    panel = panels_of(manager)["policy"]
    shown = figures(panel)
    # Six members: the worker acknowledged, the five others are past the 14 days.
    assert shown["Hebben het geldende handboek bevestigd"] == 1
    assert shown["Bevestiging te laat"] == 5
    assert shown["Jongerenwerkers zonder werkprofiel"] == 3


def test_the_page_shows_each_part_and_links_each_figure_to_its_list(signals_data, client_for, manager):
    response = client_for(manager).get(reverse("reports:overview"))
    page = response.content.decode()
    assert response.status_code == 200
    for title in ("Signalen", "Contactmomenten", "Trainingen", "Handboek en werkprofielen"):
        assert f"<h2>{title}</h2>" in page
    assert "Nog niet beschikbaar." not in page  # every app has registered its part
    assert f'href="{reverse("signals:index")}?status=overdue"' in page
    assert f'href="{reverse("policy:acknowledgements")}"' in page


def test_the_overdue_link_lists_exactly_the_signals_past_their_deadline(signals_data, client_for, manager):
    page = client_for(manager).get(reverse("signals:index") + "?status=overdue").content.decode()
    assert page.count('href="/signalen/') - page.count('href="/signalen/?') >= 1
    late = Signal.objects.get(step=Step.CONSULTATION)
    assert reverse("signals:detail", args=[late.pk]) in page
    other = Signal.objects.get(step=Step.WEIGHING)
    assert reverse("signals:detail", args=[other.pk]) not in page


def test_the_safeguarding_officer_sees_only_the_signal_part(signals_data, safeguarding_officer):
    assert list(panels_of(safeguarding_officer)) == ["signals"]


def _grow(log_signal, log_contact, worker, colleague, day, times: int) -> None:
    for n in range(times):
        log_signal(worker if n % 2 else colleague)
        log_contact(worker if n % 2 else colleague, started_at=amsterdam(day, 10, n))


def test_the_overview_costs_the_same_queries_on_more_data(
    log_signal, log_contact, worker, colleague, manager, handbook_overdue, client_for, tuesday_two_weeks_ago,
    django_assert_max_num_queries, django_assert_num_queries,
):
    client = client_for(manager)
    _grow(log_signal, log_contact, worker, colleague, tuesday_two_weeks_ago, 2)
    client.get(reverse("reports:overview"))  # warm the session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("reports:overview"))
    _grow(log_signal, log_contact, worker, colleague, tuesday_two_weeks_ago + timedelta(days=1), 20)
    with django_assert_max_num_queries(len(small)):
        assert client.get(reverse("reports:overview")).status_code == 200


def test_a_part_whose_app_has_not_registered_shows_as_not_yet_available(manager):
    from jongerenwerk.core.registry import registry

    panel = registry.overview_panels.pop("trainings")
    try:
        placeholder = panels_of(manager)["trainings"]
        assert not placeholder.available and placeholder.figures == []
    finally:
        registry.overview_panels["trainings"] = panel
    assert panels_of(manager)["trainings"].available
