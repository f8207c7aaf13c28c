"""The benchmark command runs end to end on tiny numbers (the real figures come from a run on
PostgreSQL; see the command's docstring)."""

import io

import pytest
from django.core.management import call_command

from trainings.models import Enrolment, Programme


@pytest.mark.django_db(transaction=True)
def test_the_benchmark_builds_and_measures_on_tiny_numbers(settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    out = io.StringIO()
    call_command("trainings_benchmark", build=True, sessions=2, organisations=3, enrolments=10, runs=2, stdout=out)
    text = out.getvalue()
    programme = Programme.objects.get(name="Benchmark trainingen")
    assert Enrolment.objects.filter(session__programme=programme).count() == 10
    assert "Built 2 sessions, 3 organisations and 10 enrolments" in text
    for page in ("programme page", "attendance list (one session)", "coverage (trainer)"):
        assert page in text
    # A second build replaces the data instead of adding to them.
    call_command("trainings_benchmark", build=True, sessions=2, organisations=3, enrolments=10, runs=1, stdout=out)
    assert Enrolment.objects.filter(session__programme__name="Benchmark trainingen").count() == 10


def test_the_sweeps_yardstick_writes_mails_of_the_same_shape(tmp_path):
    from trainings.management.commands.trainings_benchmark import Command

    per_mail = Command().mail_stack_alone(tmp_path, sample=3)
    (written,) = (tmp_path / "yardstick").iterdir()
    text = written.read_text()
    assert per_mail > 0
    assert text.count("To: trainings-bench") == 3 and text.count('filename="training.ics"') == 3


def test_the_sweep_counts_only_whole_mails_per_recipient(tmp_path):
    """A mail the kill cut off before its closing separator was never sent; a mail sent again
    is counted twice, with its Message-ID."""
    from trainings.management.commands.trainings_benchmark import Command

    separator = "\n" + "-" * 79 + "\n"
    whole = "To: {to}\nMessage-ID: <{id}@x>\nSubject: s\n\nJe training begint.\nTo: not-a-header\n"
    (tmp_path / "first.log").write_text(
        whole.format(to="a@x", id=1) + separator + whole.format(to="b@x", id=2) + separator + "To: c@x\nSubj")
    (tmp_path / "second.log").write_text(whole.format(to="b@x", id=2) + separator)
    recipients, ids = Command.delivered(tmp_path)
    assert sorted(recipients) == ["a@x", "b@x", "b@x"]
    assert sorted(ids) == ["<1@x>", "<2@x>", "<2@x>"]
