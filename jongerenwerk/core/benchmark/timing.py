"""What the apps' benchmark commands share: members of a benchmark organisation, and timing a
page or a call a number of times after a warm-up, printed as one row of a table (median and
95th percentile in milliseconds, and the queries of the last run)."""

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jongerenwerk.core.models import ROLES_REQUIRING_MFA, Membership, Organisation, User


def member(email: str, name: str, organisation: Organisation, role: str) -> User:
    """A member of the benchmark organisation with `role` (made once; a second factor where the
    role requires one, so that their pages answer as they do in use)."""
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email=email, password=None, full_name=name
    )
    Membership.objects.update_or_create(user=user, defaults={"organisation": organisation, "role": role,
                                                             "is_active": True})
    if role in ROLES_REQUIRING_MFA and not Authenticator.objects.filter(user=user, type="totp").exists():
        TOTP.activate(user, generate_totp_secret())
    return user


@dataclass(frozen=True)
class Timing:
    median: float
    p95: float
    queries: int

    @classmethod
    def of(cls, timings: list[float], queries: int) -> "Timing":
        ordered = sorted(timings)
        return cls(statistics.median(ordered), ordered[math.ceil(len(ordered) * 0.95) - 1], queries)


def timed(call: Callable[[], object], runs: int) -> Timing:
    """`call` run once to warm up, then `runs` times."""
    call()
    timings, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            call()
            timings.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
    return Timing.of(timings, queries)


# Sent by the benchmarks that time rendering: a page made anew, never one the page cache kept.
FRESH = {"Cache-Control": "no-cache"}


def page(user: User, url: str) -> Callable[[], None]:
    """A call that asks `url` as `user` (signed in as the test client does) and expects a 200.
    It asks for the page made anew, as a hard reload does: these benchmarks time the rendering,
    never a page served again from the page cache (the throughput benchmark measures those)."""
    client = Client()
    client.force_login(user)

    def get() -> None:
        response = client.get(url, headers=FRESH)
        assert response.status_code == 200, (url, response.status_code)

    return get


class Table:
    """The rows of a benchmark's output, under one header."""

    def __init__(self, stdout: OutputWrapper, first: str = "page", width: int = 48):
        self.stdout, self.width = stdout, width
        stdout.write(f"{first:{width}} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")

    def row(self, name: str, timing: Timing) -> Timing:
        self.stdout.write(f"{name:{self.width}} {timing.median:10.1f} {timing.p95:8.1f} {timing.queries:8d}")
        return timing

    def time(self, name: str, runs: int, call: Callable[[], object]) -> Timing:
        return self.row(name, timed(call, runs))


class BenchmarkCommand(BaseCommand):
    """An app's benchmark command: `--build` makes the benchmark organisation with `--<records>`
    records (never where HTTPS is on: benchmark data stay out of production), then `measure`
    times its pages; without `--build` it measures an organisation built before. With
    `--organisation NAME` it builds into (and measures) that organisation instead of its own,
    so that one organisation can hold every app's data (the reports benchmark reads them all)."""

    organisation: str  # the benchmark organisation's name
    records: str  # what `--<records>` counts ("signals", "contacts")
    default_count: int

    def add_arguments(self, parser):
        parser.add_argument("--build", action="store_true", help="(Re)build the benchmark organisation first.")
        parser.add_argument(f"--{self.records}", type=int, default=self.default_count, dest="count")
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--organisation", default="", help="Build into and measure this organisation.")

    def handle(self, *args, build: bool, count: int, runs: int, organisation: str = "", **options) -> None:
        self.organisation = organisation or self.organisation
        if build:
            if settings.HTTPS:
                raise CommandError("Benchmark data never go into production (HTTPS=true).")
            self.build(count)
        measured = Organisation.objects.filter(name=self.organisation).first()
        if measured is None:
            raise CommandError("No benchmark data: run with --build first.")
        self.measure(measured, runs)

    def build(self, count: int) -> None:
        raise NotImplementedError

    def measure(self, organisation: Organisation, runs: int) -> None:
        raise NotImplementedError
