import pytest
from django.core.exceptions import ValidationError

from jongerenwerk.core.models import Notification, OutboxMessage
from signals.models import Outcome, Share, Signal, Step, Transition
from signals.selectors import records
from signals.services import handling, intake, shares


def test_logging_twice_with_the_same_key_stores_one_signal(worker, log_signal, organisation, categories):
    signal = log_signal(worker)
    again, is_new = intake.signal_create(
        organisation=organisation, reporter=worker, idempotency_key=signal.idempotency_key,
        category=categories["vechtpartij"], source="snapchat", observed_at=signal.observed_at,
        neighbourhood=None, severity="middel", facts="iets anders",
    )
    assert (again, is_new) == (signal, False)
    assert Signal.objects.count() == 1


def test_the_reporter_cannot_weigh_their_own_signal(worker, log_signal):
    signal = log_signal(worker)
    with pytest.raises(ValidationError):
        handling.consultation_add(signal=signal, author=worker, weighing="ik zelf")


def test_a_colleague_weighs_and_the_protocol_leads_to_the_weighing(worker, colleague, log_signal):
    signal = log_signal(worker, severity="middel")  # standard protocol: consultation, weighing, decision
    with pytest.raises(ValidationError):
        handling.consultation_complete(signal=signal, by=worker, expected_version=signal.version)
    handling.consultation_add(signal=signal, author=colleague, weighing="Bekende groep, vaker bluf.")
    signal = handling.consultation_complete(signal=signal, by=worker, expected_version=signal.version)
    assert signal.step == Step.WEIGHING
    assert list(signal.transitions.values_list("to_step", flat=True)) == [Step.CONSULTATION, Step.WEIGHING]


def test_a_serious_signal_needs_the_safeguarding_officer_in_the_consultation(
    worker, colleague, safeguarding_officer, log_signal
):
    signal = log_signal(worker, severity="hoog")
    handling.consultation_add(signal=signal, author=colleague, weighing="Zorgelijk.")
    with pytest.raises(ValidationError, match="aandachtsfunctionaris|safeguarding officer"):
        handling.consultation_complete(signal=signal, by=worker, expected_version=signal.version)
    handling.consultation_add(signal=signal, author=safeguarding_officer, weighing="Eens, doorpakken.")
    signal = handling.consultation_complete(signal=signal, by=worker, expected_version=signal.version)
    assert signal.step == Step.CONVERSATION


def test_a_positive_signal_closes_after_consultation_as_monitoring(worker, colleague, log_signal):
    signal = log_signal(worker, category="positief", severity="laag")
    handling.consultation_add(signal=signal, author=colleague, weighing="Mooi talent, koppelen aan studio.")
    signal = handling.consultation_complete(signal=signal, by=worker, expected_version=signal.version)
    assert (signal.step, signal.outcome) == (Step.CLOSED, Outcome.MONITORING)
    assert signal.closed_at is not None


def test_the_conversation_is_recorded_or_skipped_with_a_reason(worker, safeguarding_officer, log_signal):
    signal = log_signal(worker, severity="hoog")
    Signal.objects.filter(pk=signal.pk).update(step=Step.CONVERSATION)
    signal.refresh_from_db()
    with pytest.raises(ValidationError):
        handling.conversation_record(signal=signal, by=worker, expected_version=signal.version)
    signal = handling.conversation_record(
        signal=signal, by=worker, expected_version=signal.version, skipped_reason="Zou het contact breken."
    )
    assert signal.step == Step.WEIGHING
    assert Transition.objects.filter(signal=signal, to_step=Step.WEIGHING, reason="Zou het contact breken.").exists()


def test_two_people_advancing_at_once_one_wins_and_the_other_is_told(worker, colleague, log_signal):
    signal = log_signal(worker)
    handling.consultation_add(signal=signal, author=colleague, weighing="Ok.")
    seen_version = signal.version
    handling.consultation_complete(signal=signal, by=worker, expected_version=seen_version)
    stale = Signal.objects.get(pk=signal.pk)
    stale.step = Step.CONSULTATION  # what the second person's page still shows
    with pytest.raises(handling.SignalChanged):
        handling.consultation_complete(signal=stale, by=colleague, expected_version=seen_version)
    assert Signal.objects.get(pk=signal.pk).transitions.filter(to_step=Step.WEIGHING).count() == 1


def test_the_acute_fast_path_skips_to_weighing_and_alerts_officer_and_manager_at_once(
    worker, safeguarding_officer, manager, log_signal
):
    signal = log_signal(worker, severity="hoog")
    with pytest.raises(ValidationError):
        handling.acute_fast_path(signal=signal, by=worker, expected_version=signal.version, reason=" ")
    signal = handling.acute_fast_path(
        signal=signal, by=worker, expected_version=signal.version, reason="Afspraak om vanavond te vechten."
    )
    assert (signal.step, signal.is_acute_path) == (Step.WEIGHING, True)
    alerted = set(Notification.objects.filter(key__endswith="fast-path").values_list("user", flat=True))
    assert alerted == {safeguarding_officer.pk, manager.pk}
    (mails,) = OutboxMessage.objects.filter(task_name="core.send_notification_emails")  # one batch
    assert len(mails.args[0]) == 2


def test_an_acute_signal_alerts_officer_and_manager_when_logged_without_content(
    worker, safeguarding_officer, manager, log_signal
):
    signal = log_signal(worker, severity="acuut", facts="Geheim detail over een jongere")
    notifications = Notification.objects.filter(key=f"signal:{signal.pk}:acute")
    assert {n.user_id for n in notifications} == {safeguarding_officer.pk, manager.pk}
    assert all("Geheim" not in n.text for n in notifications)


def test_a_crime_signal_tells_the_manager_within_24_hours(worker, manager, log_signal):
    signal = log_signal(worker, category="criminaliteit")
    notification = Notification.objects.get(user=manager, key=f"signal:{signal.pk}:inform:leidinggevende")
    assert "24" in notification.text


def weigh_and_decide(signal, officer, *, q1, q2, q3=None, q4=None, q5=None, outcome):
    Signal.objects.filter(pk=signal.pk).update(step=Step.WEIGHING)
    signal.refresh_from_db()
    signal = handling.weighing_record(signal=signal, by=officer, expected_version=signal.version, q1=q1, q2=q2)
    return handling.decision_record(
        signal=signal, by=officer, expected_version=signal.version, outcome=outcome, q3=q3, q4=q4, q5=q5,
        reasoning="Afgewogen in het team.",
    )


def test_a_signal_with_acute_unsafety_cannot_close_before_a_report_is_recorded(
    worker, safeguarding_officer, log_signal
):
    signal = log_signal(worker, category="thuissituatie", severity="hoog")
    with pytest.raises(ValidationError):
        weigh_and_decide(signal, safeguarding_officer, q1=True, q2=True, q3=True, q4=True, q5=True,
                         outcome=Outcome.MONITORING)
    signal.refresh_from_db()
    signal = handling.decision_record(
        signal=signal, by=safeguarding_officer, expected_version=signal.version, outcome=Outcome.REPORT,
        q3=True, q4=True, q5=True, reasoning="Afgewogen in het team.",
    )
    assert signal.step == Step.DECISION and not records.may_close(signal)
    shares.share_record(
        signal=signal, by=safeguarding_officer, recipient=Share.Recipient.VEILIG_THUIS,
        recipient_name="Veilig Thuis Zuid-Holland", legal_basis=Share.LegalBasis.RIGHT_TO_REPORT,
        fields=["category", "date", "neighbourhood", "pseudonym"],
    )
    signal.refresh_from_db()
    assert signal.step == Step.CLOSED


def test_no_suspicion_closes_at_once(worker, safeguarding_officer, log_signal):
    signal = weigh_and_decide(log_signal(worker), safeguarding_officer, q1=False, q2=False,
                              outcome=Outcome.NO_SUSPICION)
    assert (signal.step, signal.outcome) == (Step.CLOSED, Outcome.NO_SUSPICION)


def test_sharing_is_refused_before_a_decision(worker, safeguarding_officer, log_signal):
    signal = log_signal(worker)
    with pytest.raises(ValidationError):
        shares.share_record(signal=signal, by=safeguarding_officer, recipient="school", recipient_name="X",
                              legal_basis="meldrecht", fields=["category"])


def test_a_young_person_typed_inline_is_added_once_even_when_the_form_is_sent_twice(
    worker, organisation, categories, wijk_a
):
    import uuid

    from django.utils import timezone

    from jongerenwerk.core.models import Youth

    key = uuid.uuid4()
    for _ in range(2):
        signal, _ = intake.signal_create(
            organisation=organisation, reporter=worker, idempotency_key=key, category=categories["vechtpartij"],
            source="tiktok", observed_at=timezone.now(), neighbourhood=wijk_a, severity="middel",
            facts="Uitdaging in een filmpje.", new_youth_alias="Nieuw_Talent", new_youth_age_band="16-17",
        )
    youth = Youth.objects.get(organisation=organisation)
    assert (youth.alias, youth.age_band, youth.neighbourhood) == ("Nieuw_Talent", "16-17", wijk_a)
    assert list(signal.youths.all()) == [youth]
    intake.signal_create(
        organisation=organisation, reporter=worker, idempotency_key=uuid.uuid4(), category=categories["vechtpartij"],
        source="tiktok", observed_at=timezone.now(), neighbourhood=wijk_a, severity="middel",
        facts="Nog een.", new_youth_alias="nieuw_talent",
    )
    assert Youth.objects.filter(organisation=organisation).count() == 1


# A decision is never silently replaced ---------------------------------------------------------


@pytest.fixture
def awaiting_report(worker, safeguarding_officer, log_signal):
    """Q2 no, but the help is not accepted: a report to Veilig Thuis is decided and not yet recorded."""
    return weigh_and_decide(log_signal(worker, category="thuissituatie", severity="hoog"), safeguarding_officer,
                            q1=True, q2=False, q3=True, q4=False, q5=True, outcome=Outcome.REPORT)


def test_a_recorded_decision_is_not_replaced_by_deciding_again(awaiting_report, safeguarding_officer):
    assert awaiting_report.step == Step.DECISION and awaiting_report.outcome == Outcome.REPORT
    with pytest.raises(ValidationError, match="al een besluit"):
        handling.decision_record(signal=awaiting_report, by=safeguarding_officer,
                                 expected_version=awaiting_report.version, outcome=Outcome.ORGANISE_HELP,
                                 q3=True, q4=True, q5=True, reasoning="Toch hulp.")
    awaiting_report.refresh_from_db()
    assert awaiting_report.outcome == Outcome.REPORT and awaiting_report.decisions.count() == 1


def test_changing_a_decision_needs_a_reason_and_keeps_the_first(awaiting_report, safeguarding_officer):
    with pytest.raises(ValidationError, match="waarom"):
        handling.decision_revise(signal=awaiting_report, by=safeguarding_officer,
                                 expected_version=awaiting_report.version, outcome=Outcome.ORGANISE_HELP,
                                 q3=True, q4=True, q5=True, reasoning="Hulp is nu aanvaard.", revision_reason=" ")
    signal = handling.decision_revise(
        signal=awaiting_report, by=safeguarding_officer, expected_version=awaiting_report.version,
        outcome=Outcome.ORGANISE_HELP, q3=True, q4=True, q5=True, reasoning="Hulp is nu aanvaard.",
        revision_reason="De ouders stemden na een tweede gesprek in met hulp.",
    )
    assert (signal.step, signal.outcome) == (Step.CLOSED, Outcome.ORGANISE_HELP)
    first, second = signal.decisions.all()
    assert (first.outcome, first.revision_reason) == (Outcome.REPORT, "")
    assert (second.outcome, second.revision_reason) == (
        Outcome.ORGANISE_HELP, "De ouders stemden na een tweede gesprek in met hulp.")


def test_a_decision_needs_its_reasoning(worker, safeguarding_officer, log_signal):
    signal = log_signal(worker)
    Signal.objects.filter(pk=signal.pk).update(step=Step.DECISION, q1_suspicion=False, q2_acute_or_structural=False)
    signal.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        handling.decision_record(signal=signal, by=safeguarding_officer, expected_version=signal.version,
                                 outcome=Outcome.NO_SUSPICION, reasoning="  ")
    assert "reasoning" in refused.value.message_dict
