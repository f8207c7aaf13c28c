"""The signal list stays fast however long it gets: pages by key, a capped count, and the filter
form only when someone opens it."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from jongerenwerk.core import pagination
from signals.models import Signal


def log_many(log_signal, worker, count: int) -> list[Signal]:
    now = timezone.now()
    return [log_signal(worker, observed_at=now - timedelta(hours=n)) for n in range(count)]


def test_older_pages_follow_on_without_gaps_or_repeats(client_for, worker, log_signal):
    signals = log_many(log_signal, worker, 30)
    client = client_for(worker)
    first = client.get(reverse("signals:index"))
    seen = [s.pk for s in first.context["page"].object_list]
    assert len(seen) == 25 and "Oudere signalen" in first.content.decode()
    second = client.get(reverse("signals:index"), {"after": first.context["page"].next_cursor})
    seen += [s.pk for s in second.context["page"].object_list]
    assert seen == [s.pk for s in signals]  # newest first, each once
    assert "Nieuwste signalen" in second.content.decode() and "Oudere signalen" not in second.content.decode()


def test_the_count_stops_at_the_cap(client_for, worker, log_signal, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 4)
    log_many(log_signal, worker, 6)
    page = client_for(worker).get(reverse("signals:index")).content.decode()
    assert "meer dan 4 signalen" in page


def test_a_deep_page_costs_the_same_queries_as_the_first(
    client_for, worker, log_signal, django_assert_max_num_queries
):
    log_many(log_signal, worker, 60)
    client = client_for(worker)
    client.get(reverse("signals:index"))
    with django_assert_max_num_queries(20) as first:
        response = client.get(reverse("signals:index"))
    first_page = len(first.captured_queries)
    second = client.get(reverse("signals:index"), {"after": response.context["page"].next_cursor})
    with django_assert_max_num_queries(first_page):
        client.get(reverse("signals:index"), {"after": second.context["page"].next_cursor})


def test_the_officers_list_asks_nothing_about_neighbourhoods(
    client_for, worker, safeguarding_officer, log_signal, django_assert_max_num_queries
):
    # The overseeing roles see the whole organisation: their scope needs no neighbourhoods.
    log_many(log_signal, worker, 3)
    client = client_for(safeguarding_officer)
    client.get(reverse("signals:index"))
    with django_assert_max_num_queries(20) as captured:
        page = client.get(reverse("signals:index")).content.decode()
    assert "3 signalen" in page
    assert not [q["sql"] for q in captured.captured_queries if "neighbourhoods" in q["sql"]]


def test_the_filter_form_is_rendered_only_when_opened(client_for, worker, log_signal, categories):
    log_signal(worker)
    client = client_for(worker)
    page = client.get(reverse("signals:index")).content.decode()
    assert 'name="reporter"' not in page and "Toon het filterformulier" in page
    fragment = client.get(reverse("signals:index"), {"part": "filters"}, headers={"HX-Request": "true"})
    assert 'name="reporter"' in fragment.content.decode() and "<html" not in fragment.content.decode()
    without_javascript = client.get(reverse("signals:index"), {"filters": "1"}).content.decode()
    assert 'name="reporter"' in without_javascript


def test_the_filters_in_force_are_said_in_words(client_for, worker, log_signal, categories):
    log_signal(worker, category="overlast")
    page = client_for(worker).get(reverse("signals:index"), {
        "category": categories["overlast"].pk, "since": "2026-01-05",
    }).content.decode()
    assert "Gefilterd op" in page and "Categorie: Overlast" in page and "Van: 5 januari 2026" in page
    assert "1 signaal" in page


def test_a_signal_just_logged_is_counted_at_once_on_the_list_and_the_board(client_for, worker, safeguarding_officer,
                                                                          other_team_worker, log_signal):
    log_signal(worker)
    officer, elsewhere = client_for(safeguarding_officer), client_for(other_team_worker)
    assert "1 signaal" in officer.get(reverse("signals:index")).content.decode()
    board = officer.get(reverse("signals:trends")).context["board"]
    assert sum(row.total for row in board.categories) == 1
    log_signal(worker)
    assert "2 signalen" in officer.get(reverse("signals:index")).content.decode()
    assert sum(row.total for row in officer.get(reverse("signals:trends")).context["board"].categories) == 2
    # Someone who may not see them sees neither.
    assert "0 signalen" in elsewhere.get(reverse("signals:index")).content.decode()
    assert elsewhere.get(reverse("signals:trends")).context["board"].categories == []
