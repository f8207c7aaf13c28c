import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from jongerenwerk.core import retention as core_retention
from jongerenwerk.core import tasks as core_tasks
from jongerenwerk.core.models import AuditEvent
from signals.models import Addendum, Consultation, FollowUpAction, Signal, Step
from signals.services import handling, intake, retention
from tests.factories import YouthFactory


def close(signal: Signal, *, closed_at) -> Signal:
    Signal.objects.filter(pk=signal.pk).update(step=Step.CLOSED, closed_at=closed_at, outcome="geen_vermoeden")
    signal.refresh_from_db()
    return signal


def months_ago(months: int, **extra):
    return core_retention.months_before(timezone.localtime(), months) - timedelta(**extra)


@pytest.fixture
def full_signal(worker, colleague, log_signal, organisation, wijk_a):
    """A signal with everything retention must clear: texts, young people, addenda, a weighing."""
    youth = YouthFactory(organisation=organisation, neighbourhood=wijk_a, alias="snap_sam")

    def make(**fields):
        signal = log_signal(
            worker, youths=[youth], interpretation="Lijkt op een afrekening.", counter_signals="Vaak bluf.",
            group_description="De groep van het plein", **fields,
        )
        handling.consultation_add(signal=signal, author=colleague, weighing="Ken Sam van het plein.")
        intake.addendum_add(signal=signal, author=worker, text="Sam woont bij zijn oom.")
        FollowUpAction.objects.create(signal=signal, description="Oom van Sam bellen", owner=worker,
                                      due_on=timezone.localdate())
        Signal.objects.filter(pk=signal.pk).update(conversation_note="Sam vertelde over thuis.")
        return signal

    return make


def test_a_closed_signal_past_retention_loses_its_texts_and_young_people_but_keeps_its_audit_trail(full_signal):
    signal = close(full_signal(), closed_at=months_ago(24, days=1))
    trail_before = list(AuditEvent.objects.values("pk", "action", "actor", "detail"))

    assert core_tasks.apply_retention()["signals.signal"] == 1

    signal.refresh_from_db()
    assert signal.facts == retention.ANONYMISED
    assert signal.interpretation == signal.counter_signals == signal.group_description == ""
    assert signal.conversation_note == ""
    assert signal.anonymised_at is not None
    assert not signal.youths.exists()
    assert list(Addendum.objects.filter(signal=signal).values_list("text", flat=True)) == [""]
    assert list(Consultation.objects.filter(signal=signal).values_list("weighing", flat=True)) == [""]
    assert "Sam" not in FollowUpAction.objects.get(signal=signal).description
    # What the figures need stays.
    assert (signal.category.key, signal.step, signal.outcome) == ("vechtpartij", Step.CLOSED, "geen_vermoeden")

    entry = AuditEvent.objects.get(action=AuditEvent.Action.ANONYMISE)
    assert (entry.target_type, entry.target_id, entry.actor, entry.actor_label) == (
        "signals.signal", str(signal.pk), None, "system"
    )
    assert entry.organisation_id == signal.organisation_id
    assert list(AuditEvent.objects.exclude(pk=entry.pk).values("pk", "action", "actor", "detail")) == trail_before


def test_open_and_recently_closed_signals_are_left_alone(full_signal):
    open_signal = full_signal(observed_at=timezone.now() - timedelta(days=1000))
    recent = close(full_signal(), closed_at=months_ago(24) + timedelta(hours=1))

    assert retention.signals_anonymise_expired() == 0

    for signal in (open_signal, recent):
        signal.refresh_from_db()
        assert signal.anonymised_at is None
        assert "vechtpartij" in signal.facts
        assert [y.alias for y in signal.youths.all()] == ["snap_sam"]
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ANONYMISE).exists()


def test_a_signal_under_legal_hold_is_kept(full_signal):
    held = close(full_signal(), closed_at=months_ago(36))
    Signal.objects.filter(pk=held.pk).update(legal_hold=True)

    assert retention.signals_anonymise_expired() == 0

    held.refresh_from_db()
    assert held.anonymised_at is None and held.interpretation == "Lijkt op een afrekening."
    assert held.youths.count() == 1


def test_a_rerun_changes_nothing(full_signal):
    signal = close(full_signal(), closed_at=months_ago(30))
    assert retention.signals_anonymise_expired() == 1
    signal.refresh_from_db()

    assert retention.signals_anonymise_expired(now=timezone.now() + timedelta(days=1)) == 0

    again = Signal.objects.get(pk=signal.pk)
    assert (again.anonymised_at, again.version) == (signal.anonymised_at, signal.version)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ANONYMISE).count() == 1


def test_each_organisation_keeps_closed_signals_for_its_own_period(
    full_signal, organisation, other_organisation, outsider
):
    from signals.defaults import categories_seed
    from signals.models import Category

    organisation.retention_months = 6
    organisation.save(update_fields=["retention_months"])
    ours = close(full_signal(), closed_at=months_ago(7))
    categories_seed(other_organisation)
    theirs, _ = intake.signal_create(
        organisation=other_organisation, reporter=outsider, idempotency_key=uuid.uuid4(),
        category=Category.objects.get(organisation=other_organisation, key="vechtpartij"), source="straat",
        observed_at=timezone.now(), neighbourhood=None, severity="middel", facts="Elders gezien.",
    )
    theirs = close(theirs, closed_at=months_ago(7))

    assert retention.signals_anonymise_expired() == 1

    assert Signal.objects.get(pk=ours.pk).anonymised_at is not None
    assert Signal.objects.get(pk=theirs.pk).facts == "Elders gezien."


def test_months_are_calendar_months():
    moment = timezone.localtime().replace(year=2025, month=5, day=31, hour=12)
    assert core_retention.months_before(moment, 3).date().isoformat() == "2025-02-28"
    assert core_retention.months_before(moment, 24).date().isoformat() == "2023-05-31"
    assert core_retention.months_before(moment, 17).date().isoformat() == "2023-12-31"


def test_one_run_needs_the_same_queries_for_ten_times_the_signals(full_signal, django_assert_max_num_queries):
    for _ in range(3):
        close(full_signal(), closed_at=months_ago(25))
    with django_assert_max_num_queries(30) as few:
        assert retention.signals_anonymise_expired() == 3

    for _ in range(30):
        close(full_signal(), closed_at=months_ago(25))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert retention.signals_anonymise_expired() == 30
    assert not Signal.objects.filter(anonymised_at=None).exists()
