"""Measure the manager's overview and the making of the monthly organisation report and the
quarterly funders' report on a benchmark organisation.

    manage.py contacts_benchmark --build            # 1,000,000 contacts (its own organisation)
    manage.py reports_benchmark --organisation "Benchmark contacten (demo)" --runs 30
    manage.py reports_benchmark --build-tiny        # a tiny organisation of its own, for a smoke test

The overview is requested through Django's test client (the whole middleware stack, signed in
as the organisation's manager) alternately with the bare view of the throughput benchmark (a
template of the same size, no queries), and the medians and their ratio are printed: the
machines are shared, so the ratio measured in the same minute is the figure to read. Each
report is made in this process as a worker makes it (`report_make`): first timed on its own,
then once more under tracemalloc for the peak of Python's heap; the process's peak resident
size (ru_maxrss) is printed beside it. Reports made here are deleted again with their files.
"""

import json as json_module
import resource
import statistics
import time
import tracemalloc
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client, override_settings
from django.utils import timezone

from jongerenwerk.core.benchmark.timing import FRESH, member
from jongerenwerk.core.models import Membership, Neighbourhood, Organisation, Province, Role, User
from reports.models import Kind, Report
from reports.periods import previous_span
from reports.services import making
from reports.services.documents import reports_root

TINY = "Benchmark rapportages (demo)"


class Command(BaseCommand):
    help = "Time the overview (against a bare view) and the monthly and funders' reports."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", default="Benchmark contacten (demo)")
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--build-tiny", action="store_true", help="Build and use a tiny organisation.")
        parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")

    def handle(self, *args, organisation: str, runs: int, build_tiny: bool, json: bool, **options) -> None:
        target = self.tiny() if build_tiny else Organisation.objects.filter(name=organisation).first()
        if target is None:
            raise CommandError(f"No organisation named {organisation!r}: build it first (see --help).")
        # The manager sees every panel; the signals benchmark's organisation has only a
        # safeguarding officer, who sees the signal panel.
        members = Membership.objects.filter(organisation=target, is_active=True)
        reader = (members.filter(role=Role.LEIDINGGEVENDE).first()
                  or members.filter(role=Role.AANDACHTSFUNCTIONARIS).first())
        if reader is None:
            raise CommandError("The benchmark organisation has no manager or safeguarding officer.")
        figures = {"organisation": target.name, "reader": reader.role, **self.overview(reader.user, runs)}
        for label, kind in (("monthly", Kind.MONTHLY), ("funder", Kind.FUNDER)):
            figures[label] = self.report(target, kind)
        if json:
            self.stdout.write(json_module.dumps(figures))
            return
        self.stdout.write(f"Organisation: {target.name} (overview as {reader.role})")
        self.stdout.write(f"Overview: median {figures['overview_ms']:.1f} ms, bare view {figures['bare_ms']:.1f} ms, "
                          f"ratio {figures['ratio']:.1f} ({runs} runs each, alternating)")
        for label in ("monthly", "funder"):
            made = figures[label]
            self.stdout.write(f"{label.capitalize()} report: {made['seconds']:.2f} s; peak Python heap "
                              f"{made['heap_peak_mb']:.1f} MB (tracemalloc); process peak RSS "
                              f"{made['max_rss_mb']:.0f} MB (ru_maxrss)")

    def overview(self, user: User, runs: int) -> dict:
        client = Client()
        client.force_login(user)
        session = client.session
        # A benchmark member has passed the second step, as after signing in with their code.
        from jongerenwerk.core.middleware import MFA_CHECKED

        session[MFA_CHECKED] = user.pk
        session.save()
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            size = len(client.get("/rapportages/overzicht/", headers=FRESH).content)
        page, bare = [], []
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        with override_settings(ROOT_URLCONF="jongerenwerk.core.benchmark.urls", ALLOWED_HOSTS=hosts):
            for _ in range(runs):
                for times, path in ((bare, f"/__bare__/?size={size}"), (page, "/rapportages/overzicht/")):
                    started = time.perf_counter()
                    response = client.get(path, headers=FRESH) if path.startswith("/rap") else Client().get(path)
                    times.append((time.perf_counter() - started) * 1000)
                    if response.status_code != 200:
                        raise CommandError(f"{path} answered {response.status_code}")
        overview_ms, bare_ms = statistics.median(page), statistics.median(bare)
        return {"overview_ms": overview_ms, "bare_ms": bare_ms, "ratio": overview_ms / bare_ms}

    def report(self, organisation: Organisation, kind: str) -> dict:
        span = previous_span(kind)
        if kind == Kind.MONTHLY:
            # A twin of the monthly report, so that the organisation's own is left alone.
            kind = Kind.ON_DEMAND
        results = {}
        for traced in (False, True):
            Report.objects.filter(organisation=organisation, kind=kind, first_day=span.first_day,
                                  last_day=span.last_day).delete()
            report, _new = making.report_request(organisation=organisation, kind=kind, first_day=span.first_day,
                                                 last_day=span.last_day)
            if traced:
                tracemalloc.start()
            started = time.perf_counter()
            making.report_make(report_id=report.pk)
            seconds = time.perf_counter() - started
            if traced:
                results["heap_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
            else:
                results["seconds"] = seconds
            for stored in report.files.all():
                (reports_root() / stored.path).unlink(missing_ok=True)
            report.delete()
        results["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return results

    def tiny(self) -> Organisation:
        """A few neighbourhoods, workers, contacts and signals: enough for every part to show."""
        import uuid

        from contacts.services import records
        from contacts.services.settings import contact_settings_ensure
        from signals.defaults import categories_seed
        from signals.models import Category
        from signals.services import intake

        organisation, created = Organisation.objects.get_or_create(
            name=TINY, defaults={"province": Province.UTRECHT, "status": Organisation.Status.APPROVED})
        if not created:
            return organisation
        contact_settings_ensure(organisation)
        categories_seed(organisation)
        areas = [Neighbourhood.objects.create(organisation=organisation, name=f"Wijk {n}") for n in range(3)]
        member("bench-reports-manager@benchmark.test", "Leiding Benchmark", organisation, Role.LEIDINGGEVENDE)
        category = Category.objects.filter(organisation=organisation).first()
        month = previous_span(Kind.MONTHLY)
        for n in range(4):
            user = User.objects.create_user(email=f"bench-reports-{n}@benchmark.test", password=None,
                                            full_name=f"Werker {n}")
            membership = Membership.objects.create(user=user, organisation=organisation, role=Role.JONGERENWERKER)
            membership.neighbourhoods.add(areas[n % 3])
            for day in range(6):
                moment = timezone.make_aware(timezone.datetime.combine(
                    month.first_day + timedelta(days=day * 4), timezone.datetime.min.time())) + timedelta(hours=10)
                records.contact_create(organisation=organisation, worker=user, idempotency_key=uuid.uuid4(),
                                       channel="whatsapp" if day % 3 else "straat", started_at=moment,
                                       duration_minutes=15, initiated_by="jongere", character="steunend",
                                       anonymous=True)
                intake.signal_create(organisation=organisation, reporter=user, idempotency_key=uuid.uuid4(),
                                     category=category, severity="middel", source="snapchat", observed_at=moment,
                                     neighbourhood=areas[n % 3], facts=f"Uitgevonden signaal {n}-{day}.")
        return organisation
