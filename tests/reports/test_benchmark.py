"""The reports benchmark runs at a tiny size and prints its figures (the figures themselves
are measured on PostgreSQL with the large organisations, not asserted here)."""

import io
import json

import pytest
from django.core.management import call_command

from contacts.models import Contact
from jongerenwerk.core.models import Organisation
from reports.models import Report
from signals.models import Signal
from trainings.models import Enrolment


def test_the_reports_benchmark_runs_on_a_tiny_organisation(db):
    out = io.StringIO()
    call_command("reports_benchmark", "--build-tiny", "--runs", "2", "--json", stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["organisation"] == "Benchmark rapportages (demo)"
    assert figures["overview_ms"] > 0 and figures["bare_ms"] > 0
    for label in ("monthly", "funder"):
        assert figures[label]["seconds"] > 0 and figures[label]["heap_peak_mb"] > 0
    assert not Report.objects.exists(), "the benchmark's reports are deleted again"


@pytest.mark.django_db(transaction=True)
def test_one_organisation_holds_every_apps_benchmark_data_for_the_reports(settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    shared = "Benchmark alles (demo)"
    out = io.StringIO()
    call_command("contacts_benchmark", "--build", "--contacts", "400", "--runs", "1", "--organisation", shared,
                 stdout=out)
    call_command("signals_benchmark", "--build", "--signals", "30", "--runs", "1", "--organisation", shared,
                 stdout=out)
    call_command("trainings_benchmark", build=True, sessions=2, organisations=3, enrolments=12, runs=1,
                 organisation=shared, stdout=out)
    organisation = Organisation.objects.get(name=shared)
    assert Contact.objects.filter(organisation=organisation).count() == 400
    assert Signal.objects.filter(organisation=organisation).count() == 30
    assert Enrolment.objects.filter(organisation=organisation).count() == 4  # its third of the participants
    assert not Organisation.objects.filter(name__in=["Benchmark (demo)", "Benchmark contacten (demo)"]).exists()
    out = io.StringIO()
    call_command("reports_benchmark", "--organisation", shared, "--runs", "2", "--json", stdout=out)
    assert json.loads(out.getvalue())["organisation"] == shared
