"""What the signal page offers follows the person's part in the signal and where it is."""

import pytest
from django.utils import timezone

from signals.models import Signal, Step
from signals.permissions import abilities

OFFERED = ("consult", "complete_consultation", "record_conversation", "fast_path", "weigh", "decide", "share",
           "hold", "plan", "add", "attach", "read_shares")


def offered(user, signal) -> set[str]:
    can = abilities(user, signal)
    return {name for name in OFFERED if getattr(can, name)}


def at(signal: Signal, step: str, **fields) -> Signal:
    Signal.objects.filter(pk=signal.pk).update(step=step, **fields)
    signal.refresh_from_db()
    return signal


@pytest.mark.parametrize(
    "step, reporter, officer",
    [
        (Step.CONSULTATION, {"complete_consultation", "fast_path"}, {"consult", "complete_consultation", "fast_path"}),
        (Step.CONVERSATION, {"record_conversation", "fast_path"}, {"consult", "record_conversation", "fast_path"}),
        (Step.WEIGHING, {"weigh"}, {"consult", "weigh"}),
        (Step.DECISION, {"decide"}, {"consult", "decide"}),
        (Step.CLOSED, set(), set()),
    ],
)
def test_each_step_offers_its_own_action(step, reporter, officer, worker, safeguarding_officer, log_signal):
    signal = at(log_signal(worker), step)
    always_reporter = {"plan", "add", "attach"}
    always_officer = {"plan", "add", "attach", "hold", "read_shares"}
    assert offered(worker, signal) == reporter | always_reporter
    assert offered(safeguarding_officer, signal) == officer | always_officer


def test_the_reporter_does_not_decide_a_sensitive_signal(worker, safeguarding_officer, log_signal):
    signal = at(log_signal(worker, severity="hoog"), Step.WEIGHING)
    assert "weigh" not in offered(worker, signal)
    assert "weigh" in offered(safeguarding_officer, signal)


def test_a_crime_signal_is_sensitive_at_any_severity(worker, log_signal, categories):
    categories["vechtpartij"].is_crime = True
    categories["vechtpartij"].save(update_fields=["is_crime"])
    signal = at(log_signal(worker, severity="laag"), Step.DECISION)
    assert "decide" not in offered(worker, signal)


def test_sharing_opens_once_a_decision_is_taken(worker, safeguarding_officer, log_signal):
    signal = at(log_signal(worker), Step.DECISION)
    assert "share" not in offered(safeguarding_officer, signal)
    signal = at(signal, Step.DECISION, outcome="hulp")
    assert "share" in offered(safeguarding_officer, signal)
    assert "share" not in offered(worker, signal)


def test_an_anonymised_signal_takes_nothing_more(worker, safeguarding_officer, log_signal):
    signal = at(log_signal(worker), Step.CLOSED, anonymised_at=timezone.now(), outcome="monitoren")
    assert offered(worker, signal) == set()
    assert offered(safeguarding_officer, signal) == {"read_shares"}


def test_a_category_that_refuses_images_takes_no_files(worker, log_signal):
    signal = log_signal(worker, category="sexting")
    assert "add" in offered(worker, signal) and "attach" not in offered(worker, signal)


def test_a_colleague_weighs_but_does_not_handle(colleague, manager, log_signal, worker):
    signal = log_signal(worker)
    assert offered(colleague, signal) == {"consult"}
    assert offered(manager, signal) == {"consult", "read_shares"}
