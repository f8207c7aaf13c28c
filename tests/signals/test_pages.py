import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from jongerenwerk.core.models import AuditEvent
from signals.models import Signal, Step
from tests.access import Page, expect, matrix_tests
from tests.factories import YouthFactory

# The worker reports the signal in wijk A; the colleague works there too.
SEES = expect(200, other_team_worker=404, outsider=404, admin_member=403, trainer=403, outsider_admin=403)
POST_SEES = {**SEES, "worker": 302, "safeguarding_officer": 302, "manager": 403}
ACTS = {**SEES, "worker": 422, "safeguarding_officer": 422, "manager": 403}

PAGES = [
    Page("signal list", "signals:index",
         expect(200, admin_member=403, trainer=403, outsider_admin=403)),
    Page("log a signal", "signals:create",
         expect(200, admin_member=403, trainer=403, outsider_admin=403)),
    Page("signal page", ("signals:detail", lambda o: [o["signal"].pk]), SEES),
    Page("addendum", ("signals:add_addendum", lambda o: [o["signal"].pk]),
         {**POST_SEES, "other_team_worker": 404}, method="post", data={"text": "Aanvulling."}),
    Page("consultation", ("signals:add_consultation", lambda o: [o["signal"].pk]),
         {**SEES, "worker": 403, "safeguarding_officer": 302, "manager": 302}, method="post",
         data={"weighing": "Weging."}),
    Page("fast path", ("signals:fast_path", lambda o: [o["signal"].pk]),
         POST_SEES, method="post", data={"reason": "Kan niet wachten.", "version": 1}),
    Page("share", ("signals:record_share", lambda o: [o["signal"].pk]),
         {**SEES, "worker": 403, "safeguarding_officer": 422, "manager": 403}, method="post", data={}),
    # The steps below are not open yet for a fresh signal: those who may act get the page back
    # with the reason (422), those who may not act get 403, and those who may not see it 404.
    Page("complete consultation", ("signals:complete_consultation", lambda o: [o["signal"].pk]),
         ACTS, method="post", data={"version": 1}),
    Page("conversation", ("signals:record_conversation", lambda o: [o["signal"].pk]),
         ACTS, method="post", data={"version": 1, "note": "Gesproken."}),
    Page("weighing", ("signals:record_weighing", lambda o: [o["signal"].pk]),
         ACTS, method="post", data={"version": 1, "q1": "ja", "q2": "nee"}),
    Page("change the decision", ("signals:revise_decision", lambda o: [o["signal"].pk]),
         ACTS, method="post", data={"version": 1, "outcome": "geen_vermoeden", "reasoning": "Anders.",
                                    "revision_reason": "Nieuwe feiten."}),
    Page("decision", ("signals:record_decision", lambda o: [o["signal"].pk]),
         ACTS, method="post", data={"version": 1, "outcome": "geen_vermoeden"}),
    Page("export", "signals:export",
         expect(403, safeguarding_officer=200, manager=200)),
]


@pytest.fixture
def objects(personas, log_signal):
    return {"signal": log_signal(personas.worker)}


test_signal_access_matrix, test_the_wrong_method_is_refused, test_a_repeated_write_changes_nothing = matrix_tests(PAGES)


def form_data(categories, wijk_a, **overrides):
    return {
        "idempotency_key": str(uuid.uuid4()), "category": categories["vechtpartij"].pk, "source": "tiktok",
        "observed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "neighbourhood": wijk_a.pk,
        "severity": "middel", "facts": "Filmpje met uitdaging om te vechten.", "interpretation": "Lijkt serieus.",
        **overrides,
    }


def test_a_worker_logs_a_signal_with_a_new_young_person_inline(client_for, worker, categories, wijk_a):
    response = client_for(worker).post(
        reverse("signals:create"), form_data(categories, wijk_a, new_youth_alias="tiktok_talent", new_youth_age_band="16-17")
    )
    signal = Signal.objects.get()
    assert response["Location"] == reverse("signals:detail", args=[signal.pk])
    assert [y.alias for y in signal.youths.all()] == ["tiktok_talent"]
    assert signal.step == Step.CONSULTATION


@pytest.mark.parametrize(
    "override, message",
    [
        ({"observed_at": "2099-01-01T10:00"}, "toekomst"),
        ({"category": ""}, "Dit veld is verplicht."),
        ({"facts": "   "}, "Dit veld is verplicht."),
        ({"youths": ["999999"]}, "Selecteer een geldige keuze."),
    ],
)
def test_bad_input_rerenders_in_dutch_and_keeps_what_was_typed(override, message, client_for, worker, categories, wijk_a):
    data = form_data(categories, wijk_a, **override)
    response = client_for(worker).post(reverse("signals:create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Lijkt serieus." in page and data["idempotency_key"] in page
    assert not Signal.objects.exists()


def test_a_double_submit_stores_one_signal(client_for, worker, categories, wijk_a):
    client, data = client_for(worker), form_data(categories, wijk_a)
    first, second = client.post(reverse("signals:create"), data), client.post(reverse("signals:create"), data)
    assert first["Location"] == second["Location"]
    assert Signal.objects.count() == 1


def test_a_colleague_adds_a_consultation_through_htmx(client_for, worker, colleague, log_signal):
    signal = log_signal(worker)
    response = client_for(colleague).post(
        reverse("signals:add_consultation", args=[signal.pk]), {"weighing": "Ken de groep; vaak bluf."},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ken de groep; vaak bluf." in page and 'id="consultations"' in page and "<html" not in page


def test_acting_on_a_stale_page_says_the_signal_changed_and_keeps_what_was_typed(
    client_for, worker, colleague, log_signal
):
    signal = log_signal(worker)
    stale_version = signal.version
    Signal.objects.filter(pk=signal.pk).update(version=stale_version + 1)
    client = client_for(worker)
    response = client.post(
        reverse("signals:fast_path", args=[signal.pk]),
        {"reason": "De groep spreekt vanavond af bij het station.", "version": stale_version},
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "intussen gewijzigd" in page
    assert page.count("De groep spreekt vanavond af bij het station.") == 2  # above the page and in the form
    assert f'name="version" value="{stale_version + 1}"' in page
    assert Signal.objects.get(pk=signal.pk).step == Step.CONSULTATION


def test_the_loser_of_a_simultaneous_weighing_sees_the_winners_step_and_their_own_words(
    client_for, worker, safeguarding_officer, log_signal
):
    signal = log_signal(worker)
    Signal.objects.filter(pk=signal.pk).update(step=Step.CONVERSATION)
    seen = Signal.objects.get(pk=signal.pk).version
    officer, reporter = client_for(safeguarding_officer), client_for(worker)
    won = officer.post(reverse("signals:record_conversation", args=[signal.pk]),
                       {"version": seen, "note": "Gesprek gevoerd in het jongerencentrum."})
    lost = reporter.post(reverse("signals:record_conversation", args=[signal.pk]),
                         {"version": seen, "note": "Mijn eigen verslag van het gesprek."})
    assert won.status_code == 302 and lost.status_code == 409
    page = lost.content.decode()
    assert "Mijn eigen verslag van het gesprek." in page and "Niet opgeslagen" in page
    assert Signal.objects.get(pk=signal.pk).conversation_note == "Gesprek gevoerd in het jongerencentrum."


def test_viewing_a_sensitive_signal_is_audited_and_an_ordinary_one_is_not(
    client_for, worker, manager, log_signal
):
    ordinary, serious = log_signal(worker), log_signal(worker, category="grooming")
    client = client_for(manager)
    client.get(reverse("signals:detail", args=[ordinary.pk]))
    client.get(reverse("signals:detail", args=[serious.pk]))
    viewed = AuditEvent.objects.filter(action="view", target_type="signals.signal")
    assert list(viewed.values_list("target_id", "actor")) == [(str(serious.pk), manager.pk)]


def test_the_signal_list_filters_and_needs_the_same_queries_for_more_signals(
    client_for, worker, log_signal, django_assert_max_num_queries, organisation, wijk_a
):
    youth = YouthFactory(organisation=organisation, neighbourhood=wijk_a, alias="filter_mij")
    for _ in range(3):
        log_signal(worker, youths=[youth])
    log_signal(worker, category="overlast")
    client = client_for(worker)
    overlast = Signal.objects.get(category__key="overlast")
    page = client.get(reverse("signals:index"), {"category": overlast.category_id}).content.decode()
    assert "1 signaal" in page
    page = client.get(reverse("signals:index"), {"youth": "filter_mij"}).content.decode()
    assert "3 signalen" in page
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("signals:index"))
    for _ in range(20):
        log_signal(worker, youths=[youth])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("signals:index"))


def test_the_signal_page_has_no_duplicate_ids_when_several_step_forms_show(client_for, worker, log_signal):
    import re
    from collections import Counter

    signal = log_signal(worker, severity="hoog")
    Signal.objects.filter(pk=signal.pk).update(step=Step.CONVERSATION)
    page = client_for(worker).get(reverse("signals:detail", args=[signal.pk]), {"open": "fast-path"}).content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert 'name="skipped_reason"' in page and 'name="reason"' in page
    assert [name for name, count in ids.items() if count > 1] == []


def test_selects_offer_their_empty_choice_in_dutch(client_for, worker, log_signal):
    signal = log_signal(worker)
    content = client_for(worker).get(reverse("signals:detail", args=[signal.pk]), {"open": "actions"}).content.decode()
    assert "- Kies een optie -" in content
    assert "Select an option" not in content


def test_the_form_starts_in_the_workers_own_neighbourhood(client_for, worker, safeguarding_officer, wijk_a):
    form = client_for(worker).get(reverse("signals:create")).context["form"]
    assert form["neighbourhood"].value() == wijk_a.pk
    # The officer works in the whole organisation and chooses each time.
    assert client_for(safeguarding_officer).get(reverse("signals:create")).context["form"]["neighbourhood"].value() is None
