"""Weekly nudges, when the organisation turned them on: content-free, at most once a week."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jongerenwerk.core.models import Notification
from jongerenwerk.core.reminders import reminders_send
from jongerenwerk.core.reporting import week_of
from reports.models import ReportSettings
from tests.reports.conftest import amsterdam


@pytest.fixture
def four_weeks(log_contact, worker, colleague, other_team_worker):
    """Each of the last four weeks: the worker only on the street (0% online), the colleague only
    on WhatsApp; last week the worker of the other team five contacts at 22:00."""
    this_week = week_of(timezone.now())
    for weeks_back in range(1, 5):
        tuesday = this_week - timedelta(weeks=weeks_back) + timedelta(days=1)
        log_contact(worker, channel="straat", started_at=amsterdam(tuesday, 10))
        log_contact(colleague, channel="whatsapp", started_at=amsterdam(tuesday, 11))
    tuesday = this_week - timedelta(weeks=1) + timedelta(days=1)
    for minute in range(5):
        log_contact(other_team_worker, channel="whatsapp", started_at=amsterdam(tuesday, 22, minute))


def nudged() -> set[tuple[str, str]]:
    return set(Notification.objects.filter(key__startswith="reports.nudge").values_list("user__email", "reminder"))


def test_nothing_is_sent_while_the_organisation_has_not_turned_nudges_on(four_weeks):
    reminders_send()
    assert nudged() == set()


def test_the_nudges_reach_the_right_workers_once_a_week_without_figures(four_weeks, organisation, worker,
                                                                       other_team_worker):
    ReportSettings.objects.create(organisation=organisation, nudges=True)
    reminders_send()
    assert nudged() == {(worker.email, "reports.nudge_online"),
                        (other_team_worker.email, "reports.nudge_out_of_hours")}
    reminders_send()
    assert Notification.objects.filter(key__startswith="reports.nudge").count() == 2
    texts = [notification.text for notification in Notification.objects.filter(key__startswith="reports.nudge")]
    assert "Hoe gaat je online werk? Kijk eens op je dashboard." in texts
    assert all("%" not in text and not any(ch.isdigit() for ch in text) for text in texts)
