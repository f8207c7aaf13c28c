"""The dashboards' figures on constructed data, with the edges: no contacts, only anonymous
ones, a contact running past midnight, the weeks of the clock changes, out of hours, and new
against known young people."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts.models import ContactWeek, WorkerHours, WorkerYouth
from contacts.selectors.dashboards import periods_at, team_dashboard, worker_dashboard
from contacts.services.rollup import reach_rebuild, weeks_rebuild
from jongerenwerk.core.models import Youth
from tests.contacts.conftest import amsterdam
from tests.factories import YouthFactory

# A Wednesday: this week started on Monday 16 March 2026; the last 4 weeks are 16 February to
# 15 March; the last 12 months the 52 weeks from 17 March 2025.
NOW = amsterdam(2026, 3, 18, 12, 0)


def figures(user, key, now=NOW):
    return worker_dashboard(user, user, now=now).figures[key]


def test_the_periods_are_whole_dutch_weeks():
    week, four, year = periods_at(NOW)
    assert (week.first_week, week.last_day) == (date(2026, 3, 16), date(2026, 3, 22))
    assert (four.first_week, four.last_day) == (date(2026, 2, 16), date(2026, 3, 15))
    assert (year.first_week, year.last_day) == (date(2025, 3, 17), date(2026, 3, 15))


def test_without_contacts_there_are_no_shares_and_no_targets_missed(worker, contact_settings):
    board = worker_dashboard(worker, worker, now=NOW)
    four = board.figures["4w"]
    assert (four.contacts, four.online_share, four.supportive_share, four.out_of_hours_share) == (0, None, None, None)
    assert all(row.missed == [] for row in board.rows())


def test_the_shares_hours_and_out_of_hours_of_a_week(log_contact, worker):
    log_contact(worker, channel="whatsapp", duration_minutes=30, started_at=amsterdam(2026, 3, 9, 10, 0))
    log_contact(worker, channel="straat", character="informerend", started_at=amsterdam(2026, 3, 10, 11, 0))
    log_contact(worker, channel="jongerencentrum", started_at=amsterdam(2026, 3, 11, 20, 0))  # after 17:00
    log_contact(worker, channel="school", character="waarschuwend", started_at=amsterdam(2026, 3, 12, 9, 0))
    four = figures(worker, "4w")
    assert (four.contacts, four.online, four.online_share, four.supportive_share) == (4, 1, 25.0, 75.0)
    assert (four.online_hours, four.out_of_hours_share) == (0.5, 25.0)
    assert four.channels == {"whatsapp": 1, "straat": 1, "jongerencentrum": 1, "school": 1}
    assert figures(worker, "week").contacts == 0
    assert figures(worker, "12m").contacts == 4


def test_only_anonymous_contacts_reach_nobody_but_count_as_anonymous(log_contact, worker):
    for day in (9, 10, 11):
        log_contact(worker, channel="instagram", started_at=amsterdam(2026, 3, day, 10, 0))
    four = figures(worker, "4w")
    assert (four.contacts, four.anonymous, four.youths, four.new_youths, four.online_share) == (3, 3, 0, 0, 100.0)


def test_a_contact_past_midnight_counts_in_the_week_and_on_the_day_it_started(log_contact, worker):
    # Sunday 15 March, 23:30 Dutch time (22:30 UTC), for an hour: it ends in the current week.
    log_contact(worker, channel="telefoon", duration_minutes=60, started_at=amsterdam(2026, 3, 15, 23, 30))
    assert figures(worker, "4w").contacts == 1
    assert figures(worker, "week").contacts == 0
    assert figures(worker, "4w").online_hours == 1.0
    assert figures(worker, "4w").out_of_hours == 1  # a Sunday, and late
    assert ContactWeek.objects.get().week == date(2026, 3, 9)


@pytest.mark.parametrize("sunday, early, late, monday", [
    # Summer time starts on 29 March 2026 (02:00 -> 03:00); winter time on 25 October 2026 (03:00 -> 02:00).
    (date(2026, 3, 29), (1, 30), (3, 30), date(2026, 3, 30)),
    (date(2026, 10, 25), (2, 30), (23, 59), date(2026, 10, 26)),
])
def test_the_weeks_of_the_clock_changes_keep_their_contacts(sunday, early, late, monday, log_contact, worker):
    moments = [amsterdam(sunday.year, sunday.month, sunday.day, *early),
               amsterdam(sunday.year, sunday.month, sunday.day, *late),
               amsterdam(monday.year, monday.month, monday.day, 0, 30)]
    for moment in moments:
        log_contact(worker, channel="snapchat", started_at=moment)
    now = amsterdam(monday.year, monday.month, monday.day, 12, 0)
    assert figures(worker, "week", now).contacts == 1
    assert figures(worker, "4w", now).contacts == 2
    # The roll-up kept contact by contact equals one rebuilt from scratch.
    kept = sorted(ContactWeek.objects.values_list("week", "contacts", "channels"))
    weeks_rebuild(organisation_id=worker.membership.organisation_id)
    assert sorted(ContactWeek.objects.values_list("week", "contacts", "channels")) == kept
    assert [(week, count) for week, count, _channels in kept] == [(monday - timedelta(days=7), 2), (monday, 1)]


def test_out_of_hours_follows_the_workers_hours_with_the_end_exclusive(log_contact, worker):
    moments = {
        amsterdam(2026, 3, 9, 8, 59): True, amsterdam(2026, 3, 9, 9, 0): False, amsterdam(2026, 3, 9, 16, 59): False,
        amsterdam(2026, 3, 9, 17, 0): True, amsterdam(2026, 3, 14, 12, 0): True,  # Saturday: a day off
    }
    for moment, out in moments.items():
        assert log_contact(worker, started_at=moment).out_of_hours is out, moment


def test_a_workers_own_hours_replace_the_organisations(log_contact, worker):
    hours = {str(day): ["14:00", "22:00"] for day in range(5)}
    WorkerHours.objects.create(membership=worker.membership, working_hours=hours)
    assert log_contact(worker, started_at=amsterdam(2026, 3, 9, 21, 0)).out_of_hours is False
    assert log_contact(worker, started_at=amsterdam(2026, 3, 9, 10, 0)).out_of_hours is True


def test_new_young_people_had_their_first_contact_ever_with_the_organisation_in_the_period(
    log_contact, worker, colleague, organisation, wijk_a
):
    known, earlier_this_year, this_month, this_week = (
        YouthFactory(organisation=organisation, neighbourhood=wijk_a, alias=alias)
        for alias in ("al_lang", "dit_jaar", "deze_maand", "deze_week")
    )
    log_contact(colleague, youth=known, started_at=amsterdam(2024, 6, 3, 10, 0))
    log_contact(colleague, youth=earlier_this_year, started_at=amsterdam(2025, 9, 1, 10, 0))
    log_contact(worker, youth=earlier_this_year, started_at=amsterdam(2026, 3, 2, 10, 0))
    log_contact(worker, youth=this_month, started_at=amsterdam(2026, 3, 3, 10, 0))
    log_contact(worker, youth=this_month, started_at=amsterdam(2026, 3, 4, 10, 0))
    log_contact(worker, youth=known, started_at=amsterdam(2026, 3, 16, 10, 0))
    log_contact(worker, youth=this_week, started_at=amsterdam(2026, 3, 17, 10, 0))
    log_contact(worker, youth=this_month, started_at=amsterdam(2026, 3, 18, 9, 0))  # again, this week
    log_contact(worker, started_at=amsterdam(2026, 3, 17, 11, 0))  # anonymous: never in the reach
    week, four, year = (figures(worker, key) for key in ("week", "4w", "12m"))
    assert (week.youths, week.new_youths, week.known_youths, week.anonymous) == (3, 1, 2, 1)
    assert (four.youths, four.new_youths) == (2, 1)  # earlier_this_year is known by then
    assert (year.youths, year.new_youths) == (2, 2)  # both had their first contact in these 52 weeks
    # The pairs kept contact by contact equal those rebuilt from scratch.
    kept = sorted(WorkerYouth.objects.values_list("worker", "youth", "last_week", "previous_week"))
    reach_rebuild(organisation_id=organisation.pk)
    assert sorted(WorkerYouth.objects.values_list("worker", "youth", "last_week", "previous_week")) == kept


def test_the_worker_counts_colleagues_contacts_in_their_neighbourhoods_but_not_elsewhere(
    log_contact, worker, colleague, other_team_worker
):
    log_contact(colleague, started_at=amsterdam(2026, 3, 10, 10, 0))
    log_contact(other_team_worker, started_at=amsterdam(2026, 3, 10, 10, 0))
    board = worker_dashboard(worker, worker, now=NOW)
    assert board.colleagues_nearby["4w"] == 1


def test_the_team_dashboard_marks_workers_below_a_target_in_words(
    log_contact, worker, colleague, other_team_worker, manager, organisation
):
    organisation.online_hours_per_week = 0
    organisation.save()
    for day in (9, 10, 11, 12):  # the worker: 100% offline
        log_contact(worker, channel="straat", started_at=amsterdam(2026, 3, day, 10, 0))
    for day, channel in ((9, "whatsapp"), (10, "straat"), (11, "straat"), (12, "straat")):  # 25% online
        log_contact(colleague, channel=channel, started_at=amsterdam(2026, 3, day, 10, 0))
    board = team_dashboard(manager, period_key="4w", sort="-online", now=NOW)
    rows = {row.membership.user: row for row in board.rows}
    assert [str(reason) for reason in rows[worker].missed] == ["onder het online doel"]
    assert rows[colleague].missed == [] and rows[other_team_worker].missed == []
    assert [row.membership.user for row in board.rows][:2] == [colleague, worker]  # sorted, highest online first
    assert (board.total.contacts, board.total.online) == (8, 1)


def test_the_team_trend_covers_52_weeks_in_blocks_of_four(log_contact, worker, manager):
    log_contact(worker, channel="whatsapp", started_at=amsterdam(2025, 3, 17, 10, 0))  # the first week
    log_contact(worker, channel="straat", started_at=amsterdam(2026, 3, 13, 10, 0))  # the last complete week
    log_contact(worker, channel="straat", started_at=amsterdam(2026, 3, 16, 10, 0))  # this week: not in the trend
    trend = team_dashboard(manager, now=NOW).trend
    assert len(trend) == 13 and trend[0].first_week == date(2025, 3, 17) and trend[-1].last_day == date(2026, 3, 15)
    assert (trend[0].figures.online_share, trend[-1].figures.online_share) == (100.0, 0.0)
    assert sum(block.figures.contacts for block in trend) == 2


def _queries(client, url) -> int:
    client.get(url)  # the first request of a session does once what later ones do not
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _more_contacts(log_contact, workers, organisation, wijk_a, start):
    for index in range(6):
        youth = YouthFactory(organisation=organisation, neighbourhood=wijk_a)
        for worker in workers:
            log_contact(worker, youth=youth, channel=("whatsapp", "straat", "telefoon")[index % 3],
                        started_at=amsterdam(2026, 2 + index % 2, 2 + index, 10 + index % 5, 0), note="Iets.")
            log_contact(worker, started_at=amsterdam(start.year, start.month, start.day, 11, 0))


def test_the_dashboards_and_lists_need_the_same_queries_for_more_contacts(
    log_contact, client_for, worker, colleague, manager, organisation, wijk_a
):
    urls = {
        worker: [reverse("contacts:dashboard"), reverse("contacts:index"), reverse("contacts:create")],
        manager: [reverse("contacts:team"), reverse("contacts:team") + "?periode=12m", reverse("contacts:index"),
                  reverse("contacts:worker_dashboard", args=[worker.membership.pk])],
    }
    _more_contacts(log_contact, [worker, colleague], organisation, wijk_a, date(2026, 1, 5))
    youth = Youth.objects.filter(organisation=organisation).first()
    urls[worker].append(reverse("contacts:youth", args=[youth.pk]))
    before = {(user, url): _queries(client_for(user), url) for user, links in urls.items() for url in links}
    _more_contacts(log_contact, [worker, colleague], organisation, wijk_a, date(2025, 11, 3))
    after = {(user, url): _queries(client_for(user), url) for user, links in urls.items() for url in links}
    assert after == before
    assert max(before.values()) <= 25


def test_the_team_row_of_a_worker_matches_their_own_dashboard(
    log_contact, worker, colleague, manager, organisation, wijk_a
):
    youths = [YouthFactory(organisation=organisation, neighbourhood=wijk_a) for _ in range(3)]
    for index, moment in enumerate([amsterdam(2025, 6, 2, 10, 0), amsterdam(2026, 2, 17, 10, 0),
                                    amsterdam(2026, 3, 3, 10, 0), amsterdam(2026, 3, 16, 10, 0),
                                    amsterdam(2026, 3, 17, 10, 0)]):
        log_contact(worker, youth=youths[index % 3], started_at=moment, channel=("whatsapp", "straat")[index % 2])
        log_contact(colleague, youth=youths[(index + 1) % 3], started_at=moment, channel="tiktok")
    own = worker_dashboard(worker, worker, now=NOW).figures
    for key in ("week", "4w", "12m"):
        team = {row.membership.user: row.figures for row in team_dashboard(manager, period_key=key, now=NOW).rows}
        for person in (worker, colleague):
            mine = worker_dashboard(person, person, now=NOW).figures[key] if person != worker else own[key]
            theirs = team[person]
            assert (theirs.contacts, theirs.online, theirs.youths, theirs.new_youths, theirs.channel_count) == (
                mine.contacts, mine.online, mine.youths, mine.new_youths, mine.channel_count), (key, person)
