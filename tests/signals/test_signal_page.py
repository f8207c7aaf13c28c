"""The signal page as a guided next step, with a record that shows what was decided."""

import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from signals.models import Outcome, Signal, Step
from signals.services import handling
from tests.factories import YouthFactory


def at_weighing(signal: Signal) -> Signal:
    Signal.objects.filter(pk=signal.pk).update(step=Step.WEIGHING)
    signal.refresh_from_db()
    return signal


@pytest.fixture
def decided(worker, colleague, safeguarding_officer, log_signal):
    """A signal taken through every step: the conversation skipped with a reason, the weighing,
    a decision to report and then, with a reason, a changed decision."""
    signal = log_signal(worker, category="thuissituatie", severity="hoog")
    handling.consultation_add(signal=signal, author=colleague, weighing="Herken het patroon van eerder.")
    handling.consultation_add(signal=signal, author=safeguarding_officer, weighing="Zorgelijk; verder wegen.")
    signal = handling.consultation_complete(signal=signal, by=worker, expected_version=signal.version)
    signal = handling.conversation_record(signal=signal, by=worker, expected_version=signal.version,
                                          skipped_reason="Een gesprek zou de jongere thuis in gevaar brengen.")
    signal = handling.weighing_record(signal=signal, by=safeguarding_officer, expected_version=signal.version,
                                      q1=True, q2=False)
    signal = handling.decision_record(signal=signal, by=safeguarding_officer, expected_version=signal.version,
                                      outcome=Outcome.REPORT, q3=True, q4=False, q5=True,
                                      reasoning="De ouders weigeren hulp.")
    return signal


def test_the_record_shows_each_step_in_the_order_of_the_reporting_code(decided, client_for, safeguarding_officer):
    page = client_for(safeguarding_officer).get(reverse("signals:detail", args=[decided.pk])).content.decode()
    record = page.split('id="record"', 1)[1].split("</details>", 1)[0]
    steps = ["Signalen in kaart brengen", "Collegiale consultatie", "Gesprek met de jongere",
             "Weging (afwegingskader)", "Besluit"]
    assert [record.index(step) for step in steps] == sorted(record.index(step) for step in steps)
    assert "Herken het patroon van eerder." in record and "Zorgelijk; verder wegen." in record
    assert "Overgeslagen, omdat" in record and "Een gesprek zou de jongere thuis in gevaar brengen." in record
    assert "1. Is er een vermoeden van onveiligheid of schade?</dt><dd>ja" in record
    assert "2. Is er sprake van acute of structurele onveiligheid?</dt><dd>nee" in record
    assert "4. Aanvaarden de betrokkenen de hulp?</dt><dd>nee" in record
    assert "melden bij Veilig Thuis" in record and "De ouders weigeren hulp." in record


def test_the_skip_reason_is_said_as_such_in_the_history_not_as_the_weighing(decided, client_for, worker):
    page = client_for(worker).get(reverse("signals:detail", args=[decided.pk])).content.decode()
    history = page.split('id="history"', 1)[1].split("</details>", 1)[0]
    assert "gesprek overgeslagen, omdat: Een gesprek zou de jongere thuis in gevaar brengen." in history


def test_a_recorded_decision_waits_for_the_report_which_the_page_offers_with_veilig_thuis_set(
    decided, client_for, safeguarding_officer
):
    page = client_for(safeguarding_officer).get(reverse("signals:detail", args=[decided.pk])).content.decode()
    next_step = page.split('class="card next-step"', 1)[1].split("</section>", 1)[0]
    assert "Besloten: melden bij Veilig Thuis" in next_step
    assert 'action="/signalen/%d/beslissen/"' % decided.pk not in page  # no second decision form
    assert '<option value="veilig_thuis" selected>' in next_step
    assert re.search(r'<input type="radio" name="legal_basis" value="meldrecht"[^>]* checked>', next_step)
    assert "Besluit veranderen" in next_step


def test_recording_the_report_closes_the_signal_and_the_record_shows_both(decided, client_for, safeguarding_officer):
    client = client_for(safeguarding_officer)
    response = client.post(reverse("signals:record_share", args=[decided.pk]), {
        "as": "report", "recipient": "veilig_thuis", "recipient_name": "Veilig Thuis Zuid",
        "legal_basis": "meldrecht", "fields": ["category", "date", "pseudonym"],
    })
    assert response.status_code == 302
    decided.refresh_from_db()
    assert decided.step == Step.CLOSED
    page = client.get(reverse("signals:detail", args=[decided.pk])).content.decode()
    assert "Melding bij Veilig Thuis</dt><dd>Veilig Thuis Zuid" in page


def test_a_changed_decision_keeps_the_first_in_the_record(decided, client_for, safeguarding_officer):
    client = client_for(safeguarding_officer)
    response = client.post(reverse("signals:revise_decision", args=[decided.pk]), {
        "version": decided.version, "q3": "ja", "q4": "ja", "q5": "ja", "outcome": "hulp",
        "reasoning": "Hulp via de wijkcoach is aanvaard.", "revision_reason": "De ouders stemden toch in.",
    })
    assert response.status_code == 302
    page = client.get(reverse("signals:detail", args=[decided.pk])).content.decode()
    assert "Eerder besluit, inmiddels veranderd" in page
    assert "Veranderd, omdat</dt><dd>De ouders stemden toch in." in page
    assert page.index("De ouders weigeren hulp.") < page.index("Hulp via de wijkcoach is aanvaard.")


def test_the_complete_button_is_offered_only_when_the_consultation_may_complete(client_for, worker, colleague,
                                                                               log_signal):
    signal = log_signal(worker)
    client = client_for(worker)
    page = client.get(reverse("signals:detail", args=[signal.pk])).content.decode()
    assert "Collegiale consultatie afronden" not in page
    assert "Minstens één andere collega dan de melder moet een weging vastleggen." in page
    handling.consultation_add(signal=signal, author=colleague, weighing="Bluf, denk ik.")
    page = client.get(reverse("signals:detail", args=[signal.pk])).content.decode()
    assert "Collegiale consultatie afronden" in page


# The logging form ------------------------------------------------------------------------------


def form_data(categories, wijk_a, **extra):
    return {"idempotency_key": str(uuid.uuid4()), "category": categories["overlast"].pk, "source": "straat",
            "observed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "neighbourhood": wijk_a.pk,
            "severity": "laag", "facts": "Groep bij het speelveld.", **extra}


def test_searching_a_young_person_without_javascript_keeps_the_form_and_stores_nothing(
    client_for, worker, organisation, categories, wijk_a
):
    YouthFactory(organisation=organisation, alias="skate_mo", neighbourhood=wijk_a)
    data = form_data(categories, wijk_a, youths_q="skate", search_youths="1", interpretation="Mijn duiding.")
    page = client_for(worker).post(reverse("signals:create"), data).content.decode()
    assert "skate_mo" in page and "Mijn duiding." in page and data["idempotency_key"] in page
    assert "Controleer deze velden" not in page
    assert not Signal.objects.exists()


def test_the_same_signal_sent_again_with_a_new_form_is_stored_once(client_for, worker, categories, wijk_a):
    client = client_for(worker)
    first = client.post(reverse("signals:create"), form_data(categories, wijk_a))
    again = client.post(reverse("signals:create"), form_data(categories, wijk_a), follow=True)
    assert Signal.objects.count() == 1
    assert again.redirect_chain[-1][0] == first["Location"]
    assert "Dit signaal was al vastgelegd" in again.content.decode()


def test_an_error_summary_links_to_each_field_with_an_error(client_for, worker, categories, wijk_a):
    page = client_for(worker).post(reverse("signals:create"), form_data(categories, wijk_a, severity="", facts=""))
    text = page.content.decode()
    summary = text.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'href="#id_severity"' in summary and 'href="#id_facts"' in summary


def test_severity_has_no_default_and_the_source_is_the_workers_last_choice(client_for, worker, log_signal):
    client = client_for(worker)
    page = client.get(reverse("signals:create")).content.decode()
    assert 'name="severity" value="middel" checked' not in page and "checked" not in page.split('name="severity"')[1][:60]
    log_signal(worker, source="tiktok")
    page = client.get(reverse("signals:create")).content.decode()
    assert '<option value="tiktok" selected>' in page and "Ingevuld met je keuze van de vorige keer." in page


def test_the_officers_form_stays_small_with_two_thousand_young_people(
    client_for, safeguarding_officer, organisation, wijk_a, categories
):
    YouthFactory.create_batch(2000, organisation=organisation, neighbourhood=wijk_a)
    response = client_for(safeguarding_officer).get(reverse("signals:create"))
    assert len(response.content) < 50 * 1024, len(response.content)


def test_a_folded_sections_form_comes_when_asked_for(client_for, safeguarding_officer, worker, log_signal):
    signal = log_signal(worker)
    client, url = client_for(safeguarding_officer), reverse("signals:detail", args=[signal.pk])
    page = client.get(url).content.decode()
    assert 'name="description"' not in page and 'href="?open=actions#actions"' in page
    fragment = client.get(url, {"part": "actions"}, headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<div id="form-actions">') and 'name="description"' in fragment
    assert "<html" not in fragment
