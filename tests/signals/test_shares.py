"""Shares with partners: the redacted summary, the share log on the signal page; and the
legal hold that keeps a signal from anonymisation."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from jongerenwerk.core.models import AuditEvent
from signals.models import Share, Signal, Step
from signals.services import retention, shares
from tests.access import Page, expect, matrix_tests
from tests.factories import YouthFactory

FACTS = "Op Snapchat wordt een vechtpartij bij het winkelcentrum aangekondigd."


def dutch(message: str) -> str:
    """The message as the (Dutch) page shows it, escaped as in HTML."""
    with translation.override("nl"):
        return escape(translation.gettext(message))


def decided(signal: Signal) -> Signal:
    """A signal with a decision taken, from which sharing is possible."""
    Signal.objects.filter(pk=signal.pk).update(outcome="hulp", q1_suspicion=True, q2_acute_or_structural=False)
    signal.refresh_from_db()
    return signal


def share(signal: Signal, by, fields=("category", "date", "neighbourhood", "pseudonym")) -> Share:
    return shares.share_record(signal=signal, by=by, recipient="school", recipient_name="Het Testwijk College",
                                 legal_basis="toestemming_jongere", fields=list(fields))


def summary_url(share: Share) -> str:
    return reverse("signals:share_summary", args=[share.signal_id, share.pk])


def hold_url(signal: Signal) -> str:
    return reverse("signals:legal_hold", args=[signal.pk])


SEES = expect(200, other_team_worker=404, outsider=404, admin_member=403, trainer=403, outsider_admin=403)
PAGES = [
    Page("share summary", ("signals:share_summary", lambda o: [o["share"].signal_id, o["share"].pk]),
         {**SEES, "worker": 403}),
    Page("legal hold", ("signals:legal_hold", lambda o: [o["signal"].pk]),
         {**SEES, "worker": 403, "safeguarding_officer": 302, "manager": 403}, method="post",
         data={"hold": "ja", "reason": "Politieonderzoek loopt."}),
]


@pytest.fixture
def objects(personas, log_signal):
    signal = decided(log_signal(personas.worker))
    return {"signal": signal, "share": share(signal, personas.safeguarding_officer)}


test_access_matrix, test_the_wrong_method_is_refused, test_a_repeated_write_changes_nothing = matrix_tests(PAGES)


def test_the_summary_and_the_hold_refuse_other_methods(objects, safeguarding_officer, client_for):
    client = client_for(safeguarding_officer)
    assert client.post(summary_url(objects["share"])).status_code == 405
    assert client.get(hold_url(objects["signal"])).status_code == 405


@pytest.fixture
def signal_with_youth(worker, log_signal, organisation, wijk_a):
    youth = YouthFactory(organisation=organisation, neighbourhood=wijk_a, alias="snap_sam")
    return decided(log_signal(worker, youths=[youth], facts=FACTS, interpretation="Lijkt op een afrekening."))


@pytest.mark.parametrize(
    "fields, shown, hidden",
    [
        (["category", "date"], ["Vechtpartij"], ["Wijk A", "snap_sam", FACTS]),
        (["category", "date", "neighbourhood", "pseudonym"], ["Vechtpartij", "Wijk A", "snap_sam"], [FACTS]),
        (["neighbourhood", "facts"], ["Wijk A", FACTS], ["Vechtpartij", "snap_sam"]),
    ],
)
def test_the_summary_shows_only_the_fields_that_were_shared(
    fields, shown, hidden, signal_with_youth, safeguarding_officer, client_for
):
    shared = share(signal_with_youth, safeguarding_officer, fields)
    page = client_for(safeguarding_officer).get(summary_url(shared)).content.decode()

    for text in ["Het Testwijk College", dutch("consent of the young person"), "Jongerenwerk Testwijk",
                 safeguarding_officer.get_full_name(), dutch("Print or save as PDF"), *shown]:
        assert escape(text) in page, text
    for text in [*hidden, "Lijkt op een afrekening."]:
        assert escape(text) not in page, text
    assert (f"<dt>{dutch('Date of the signal')}</dt>" in page) is ("date" in fields)
    assert (f"<dt>{dutch('Pseudonym')}</dt>" in page) is ("pseudonym" in fields)


def test_opening_a_summary_is_audited_as_a_view(signal_with_youth, safeguarding_officer, manager, client_for):
    shared = share(signal_with_youth, safeguarding_officer)
    client_for(manager).get(summary_url(shared))
    entry = AuditEvent.objects.get(action=AuditEvent.Action.VIEW)
    assert (entry.actor, entry.target_type, entry.target_id, entry.detail) == (
        manager, "signals.signal", str(signal_with_youth.pk), {"share": shared.pk}
    )


def test_the_print_button_runs_a_script_with_the_pages_nonce(signal_with_youth, safeguarding_officer, client_for):
    response = client_for(safeguarding_officer).get(summary_url(share(signal_with_youth, safeguarding_officer)))
    page = response.content.decode()
    nonce = page.split('<script nonce="', 1)[1].split('"', 1)[0]
    assert nonce and f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    assert "window.print()" in page


def test_a_share_of_another_signal_is_not_found(worker, safeguarding_officer, log_signal, client_for):
    first, second = decided(log_signal(worker)), decided(log_signal(worker))
    shared = share(first, safeguarding_officer)
    response = client_for(safeguarding_officer).get(reverse("signals:share_summary", args=[second.pk, shared.pk]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).exists()


def test_after_sharing_the_officer_sees_the_share_with_a_link_to_its_summary(
    signal_with_youth, safeguarding_officer, client_for
):
    client = client_for(safeguarding_officer)
    response = client.post(
        reverse("signals:record_share", args=[signal_with_youth.pk]),
        {"recipient": "school", "recipient_name": "Het Testwijk College", "legal_basis": "toestemming_jongere",
         "fields": ["category", "date"]}, follow=True,
    )
    shared = Share.objects.get()
    assert response.redirect_chain == [(reverse("signals:detail", args=[signal_with_youth.pk]), 302)]
    page = response.content.decode()
    assert "Het Testwijk College" in page
    assert f'href="{summary_url(shared)}"' in page


def test_the_share_log_is_visible_to_a_colleague_without_the_form_or_the_summary(
    signal_with_youth, colleague, safeguarding_officer, client_for
):
    shared = share(signal_with_youth, safeguarding_officer)
    page = client_for(colleague).get(reverse("signals:detail", args=[signal_with_youth.pk])).content.decode()
    assert 'id="share-heading"' in page
    assert "Het Testwijk College" in page and dutch("consent of the young person") in page
    assert safeguarding_officer.get_full_name() in page
    assert 'name="recipient_name"' not in page
    assert summary_url(shared) not in page


def test_the_manager_sees_the_link_to_the_summary(signal_with_youth, manager, safeguarding_officer, client_for):
    shared = share(signal_with_youth, safeguarding_officer)
    page = client_for(manager).get(reverse("signals:detail", args=[signal_with_youth.pk])).content.decode()
    assert f'href="{summary_url(shared)}"' in page and 'name="recipient_name"' not in page


# Legal hold ------------------------------------------------------------------------------------


def close_long_ago(signal: Signal) -> None:
    Signal.objects.filter(pk=signal.pk).update(
        step=Step.CLOSED, closed_at=timezone.now() - timedelta(days=365 * 3), outcome="geen_vermoeden"
    )


def test_a_hold_placed_on_the_page_keeps_the_signal_from_anonymisation_until_lifted(
    worker, safeguarding_officer, log_signal, client_for
):
    signal = log_signal(worker, facts=FACTS)
    client = client_for(safeguarding_officer)

    response = client.post(hold_url(signal), {"hold": "ja", "reason": "Politieonderzoek loopt."})
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.legal_hold
    entry = AuditEvent.objects.filter(detail__legal_hold=True).get()
    assert (entry.actor, entry.target_id, entry.detail["reason"]) == (
        safeguarding_officer, str(signal.pk), "Politieonderzoek loopt."
    )
    page = client.get(reverse("signals:detail", args=[signal.pk])).content.decode()
    assert dutch("Legal hold: this signal is not anonymised until the hold is lifted.") in page
    assert dutch("Lift the legal hold") in page

    close_long_ago(signal)
    assert retention.signals_anonymise_expired() == 0
    signal.refresh_from_db()
    assert signal.facts == FACTS and signal.anonymised_at is None

    client.post(hold_url(signal), {"hold": "nee", "reason": "Onderzoek afgerond."})
    signal.refresh_from_db()
    assert not signal.legal_hold
    assert AuditEvent.objects.filter(detail__legal_hold=False, detail__reason="Onderzoek afgerond.").exists()
    assert retention.signals_anonymise_expired() == 1


def test_a_hold_needs_a_reason(worker, safeguarding_officer, log_signal, client_for):
    signal = log_signal(worker)
    response = client_for(safeguarding_officer).post(hold_url(signal), {"hold": "ja", "reason": "  "})
    assert response.status_code == 422
    hold_section = response.content.decode().split('id="hold-heading"', 1)[1]
    assert dutch("This field is required.") in hold_section
    assert 'name="hold" value="ja"' in hold_section and dutch("Place a legal hold") in hold_section
    signal.refresh_from_db()
    assert not signal.legal_hold
    assert not AuditEvent.objects.filter(detail__has_key="legal_hold").exists()


def test_placing_a_hold_twice_changes_nothing_the_second_time(worker, safeguarding_officer, log_signal):
    signal = log_signal(worker)
    assert retention.legal_hold_set(signal=signal, by=safeguarding_officer, hold=True, reason="Onderzoek.")
    assert not retention.legal_hold_set(signal=signal, by=safeguarding_officer, hold=True, reason="Onderzoek.")
    assert AuditEvent.objects.filter(detail__legal_hold=True).count() == 1


def test_an_anonymised_signal_cannot_be_put_on_hold(worker, safeguarding_officer, log_signal):
    signal = log_signal(worker)
    close_long_ago(signal)
    retention.signals_anonymise_expired()
    signal.refresh_from_db()
    with pytest.raises(ValidationError):
        retention.legal_hold_set(signal=signal, by=safeguarding_officer, hold=True, reason="Te laat.")
    signal.refresh_from_db()
    assert not signal.legal_hold
