"""Build a large organisation and measure the signal pages and the trends board.

    manage.py signals_benchmark --build   # 200,000 signals over five years, 30 neighbourhoods, 80 workers
    manage.py signals_benchmark           # measure: median and 95th percentile, query counts

Run it on PostgreSQL (DATABASE_URL) for meaningful figures. The data are invented and live
in an organisation of their own ("Benchmark (demo)"); --build refuses when HTTPS=true.
"""

import random
import time
import uuid
from datetime import timedelta
from urllib.parse import quote

from django.db import connection, transaction
from django.utils import timezone

from jongerenwerk.core.benchmark.timing import BenchmarkCommand, Table, member, page
from jongerenwerk.core.models import (
    Neighbourhood,
    Organisation,
    Province,
    Role,
    User,
    Youth,
)
from signals.defaults import categories_seed
from signals.models import Category, Severity, Signal, Source, Step, Trend

ORGANISATION = "Benchmark (demo)"


class Command(BenchmarkCommand):
    help = "Build a large data set (--build) and measure the signal list, filters, a signal page and the trends board."

    organisation = ORGANISATION
    records, default_count = "signals", 200_000

    def build(self, count: int) -> None:
        started = time.perf_counter()
        random.seed(20211125)
        with transaction.atomic():
            old = Organisation.objects.filter(name=self.organisation).first()
            if old is not None:
                Signal.objects.filter(organisation=old).delete()
                Trend.objects.filter(organisation=old).delete()
        organisation, _ = Organisation.objects.get_or_create(
            name=self.organisation, defaults={"province": Province.UTRECHT, "status": Organisation.Status.APPROVED}
        )
        categories_seed(organisation)
        categories = list(Category.objects.filter(organisation=organisation))
        areas = [Neighbourhood.objects.get_or_create(organisation=organisation, name=f"Wijk {n:02d}")[0] for n in range(30)]
        workers = []
        for n in range(80):
            user = member(f"bench{n}@benchmark.test", f"Werker {n}", organisation, Role.JONGERENWERKER)
            user.membership.neighbourhoods.set(random.sample(areas, 2))
            workers.append(user)
        member("bench-af@benchmark.test", "Aandacht Functionaris", organisation, Role.AANDACHTSFUNCTIONARIS)
        youths = [
            Youth.objects.get_or_create(organisation=organisation, alias=f"bench_{n}", defaults={"neighbourhood": random.choice(areas)})[0]
            for n in range(2000)
        ]
        # A few named trends, each grouping some of the signals, for the trends board.
        named_trends = [
            Trend.objects.create(organisation=organisation, name=name, interpretation="Uitgevonden duiding.",
                                 approach="Uitgevonden aanpak.")
            for name in ("Uitdagingsvideo", "Lachgasballonnen", "Exposeaccount", "Nieuwe lean-variant", "Nepwinacties")
        ]
        now = timezone.now()
        steps = [Step.CLOSED] * 8 + [Step.CONSULTATION, Step.WEIGHING, Step.DECISION]
        batch, links = [], []
        through = Signal.youths.through
        for index in range(count):
            step = random.choice(steps)
            observed = now - timedelta(minutes=random.randint(0, 5 * 365 * 24 * 60))
            batch.append(Signal(
                organisation=organisation, category=random.choice(categories), source=random.choice(Source.values),
                observed_at=observed, neighbourhood=random.choice(areas), severity=random.choice(Severity.values),
                reporter=random.choice(workers), facts="Uitgevonden feitenbeschrijving voor de benchmark.",
                step=step, idempotency_key=uuid.uuid4(), closed_at=observed + timedelta(days=3) if step == Step.CLOSED else None,
                trend=random.choice(named_trends) if random.random() < 0.02 else None,
            ))
            if len(batch) == 5000 or index == count - 1:
                created = Signal.objects.bulk_create(batch)
                links = [through(signal_id=s.pk, youth_id=random.choice(youths).pk) for s in created if random.random() < 0.4]
                through.objects.bulk_create(links)
                batch = []
        if connection.vendor == "postgresql":
            # What autovacuum does soon after a bulk load in production: statistics for the
            # planner, and a visibility map so counts can be index-only scans.
            with connection.cursor() as cursor:
                for table in ("signals_signal", "signals_signal_youths"):
                    cursor.execute(f"VACUUM ANALYZE {table}")
        self.stdout.write(f"Built {count:,} signals in {time.perf_counter() - started:.0f}s.")

    def measure(self, organisation: Organisation, runs: int) -> None:
        officer = User.objects.get(email="bench-af@benchmark.test")
        worker = User.objects.get(email="bench0@benchmark.test")
        signal = Signal.objects.filter(organisation=organisation).order_by("-observed_at").first()
        category = Category.objects.get(organisation=organisation, key="vechtpartij")
        area = Neighbourhood.objects.filter(organisation=organisation).first()
        ordered = Signal.objects.filter(organisation=organisation).order_by("-observed_at", "-id")
        deep = ordered[min(ordered.count() - 1, 25 * 200)]
        deep_page = f"/signalen/?after={quote(f'{deep.observed_at.isoformat()}~{deep.pk}')}"
        pages = [
            ("signal list (officer, whole organisation)", officer, "/signalen/"),
            ("signal list, about page 200", officer, deep_page),
            ("filtered list (category, severity, period)", officer,
             f"/signalen/?category={category.pk}&severity=hoog&since={(timezone.now() - timedelta(days=365)).date()}"),
            ("signal list (worker, own neighbourhoods)", worker, "/signalen/?scope=wijken"),
            ("signal page", officer, f"/signalen/{signal.pk}/"),
            ("trends board (officer, whole organisation)", officer, "/signalen/trends/"),
            ("trends board (officer, one neighbourhood)", officer, f"/signalen/trends/?neighbourhood={area.pk}"),
            ("trends board (worker)", worker, "/signalen/trends/"),
        ]
        total = Signal.objects.filter(organisation=organisation).count()
        self.stdout.write(f"{connection.vendor}, {total:,} signals, {runs} runs per page")
        table = Table(self.stdout)
        for name, user, url in pages:
            table.time(name, runs, page(user, url))
