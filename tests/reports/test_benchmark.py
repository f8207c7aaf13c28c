"""The reports benchmark runs at a tiny size and prints its figures (the figures themselves
are measured on PostgreSQL with the large organisations, not asserted here)."""

import io
import json

from django.core.management import call_command

from reports.models import Report


def test_the_reports_benchmark_runs_on_a_tiny_organisation(db):
    out = io.StringIO()
    call_command("reports_benchmark", "--build-tiny", "--runs", "2", "--json", stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["organisation"] == "Benchmark rapportages (demo)"
    assert figures["overview_ms"] > 0 and figures["bare_ms"] > 0
    for label in ("monthly", "funder"):
        assert figures[label]["seconds"] > 0 and figures[label]["heap_peak_mb"] > 0
    assert not Report.objects.exists(), "the benchmark's reports are deleted again"
