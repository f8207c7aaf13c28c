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
