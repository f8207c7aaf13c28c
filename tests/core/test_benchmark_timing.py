"""The timing the benchmark commands share: the figures they print are the right ones."""

from io import StringIO

from django.core.management.base import OutputWrapper

from jongerenwerk.core.benchmark.timing import Table, Timing, member, page
from jongerenwerk.core.models import Role


def test_the_median_and_95th_percentile_of_the_runs():
    timing = Timing.of([float(n) for n in range(20, 0, -1)], queries=4)
    assert (timing.median, timing.p95, timing.queries) == (10.5, 19.0, 4)
    assert Timing.of([3.0, 1.0], queries=0).p95 == 3.0  # few runs: the slowest, never the fastest


def test_a_benchmark_member_has_the_second_factor_their_role_needs(db, organisation):
    manager = member("m@benchmark.test", "Leiding", organisation, Role.LEIDINGGEVENDE)
    worker = member("w@benchmark.test", "Werker", organisation, Role.JONGERENWERKER)
    assert manager.authenticator_set.filter(type="totp").exists()
    assert not worker.authenticator_set.exists() and worker.membership.role == Role.JONGERENWERKER
    assert member("w@benchmark.test", "Werker", organisation, Role.JONGERENWERKER) == worker  # made once


def test_a_row_per_timed_page_with_its_queries(db, organisation):
    worker = member("w@benchmark.test", "Werker", organisation, Role.JONGERENWERKER)
    output = StringIO()
    table = Table(OutputWrapper(output), width=20)
    timing = table.time("home", 3, page(worker, "/"))
    header, row = output.getvalue().splitlines()
    assert header.split() == ["page", "median", "ms", "p95", "ms", "queries"]
    assert row.split()[0] == "home" and int(row.split()[-1]) == timing.queries > 0


def test_a_benchmark_command_builds_nothing_in_production_and_asks_for_its_data(db, settings):
    import pytest
    from django.core.management import CommandError, call_command

    settings.HTTPS = True
    with pytest.raises(CommandError, match="never go into production"):
        call_command("signals_benchmark", "--build", "--signals", "10")
    with pytest.raises(CommandError, match="never go into production"):
        call_command("contacts_benchmark", "--build", "--contacts", "10")
    settings.HTTPS = False
    with pytest.raises(CommandError, match="run with --build first"):
        call_command("signals_benchmark", "--runs", "1")
