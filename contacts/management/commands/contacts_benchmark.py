"""Build a large organisation and measure the contact pages, the dashboards and the raw aggregate.

    manage.py contacts_benchmark --build   # 1,000,000 contacts over three years, 80 workers, 30 neighbourhoods
    manage.py contacts_benchmark           # measure: median and 95th percentile, query counts

Run it on PostgreSQL (DATABASE_URL) for meaningful figures: the contacts are loaded with COPY
there (bulk inserts elsewhere). The data are invented and live in an organisation of their own
("Benchmark contacten (demo)"); --build refuses when HTTPS=true.

Besides the pages it times, in the same run, the raw SQL that computes the team dashboard's
figures straight from the contacts table (the figures per worker for the last four weeks, the
organisation's reach, and the 52-week trend): the team dashboard reads a weekly roll-up per
worker and channel instead, and should not take more than twice as long as that aggregate.
"""

import json
import random
import time
import uuid
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.db import connection, transaction
from django.utils import timezone

from contacts import hours as working_hours
from contacts.channels import CHANNELS, Channel
from contacts.hours import DEFAULT_HOURS
from contacts.models import (
    SUPPORTIVE_CHARACTERS,
    Character,
    Contact,
    ContactSignal,
    ContactWeek,
    FormOfWork,
    Topic,
    WorkerYouth,
)
from contacts.selectors.dashboards import periods_at
from contacts.services.rollup import reach_rebuild, weeks_rebuild
from contacts.services.settings import contact_settings_ensure
from jongerenwerk.core.benchmark.timing import BenchmarkCommand, Table, Timing, member, page
from jongerenwerk.core.models import (
    AgeBand,
    Neighbourhood,
    Organisation,
    Province,
    Role,
    User,
    Youth,
)
from jongerenwerk.core.reporting import DUTCH_TIME

ORGANISATION = "Benchmark contacten (demo)"
WORKERS, NEIGHBOURHOODS, YOUTHS, DAYS = 80, 30, 3000, 3 * 365
COLUMNS = (
    "organisation_id", "worker_id", "youth_id", "age_band", "neighbourhood_id", "channel", "is_online",
    "is_synchronous", "started_at", "duration_minutes", "initiated_by", "character", "forms_of_work", "topics",
    "offline_meeting", "note", "out_of_hours", "is_first", "idempotency_key", "created_at",
)
ONLINE = [Channel.WHATSAPP, Channel.INSTAGRAM, Channel.SNAPCHAT, Channel.TIKTOK, Channel.PHONE, Channel.MESSENGER]
OFFLINE = [Channel.STREET, Channel.YOUTH_CENTRE, Channel.SCHOOL, Channel.HOME_VISIT]
CHARACTERS = [Character.SUPPORTIVE] * 12 + [Character.INFORMATIVE] * 5 + [Character.WARNING] * 2 + [Character.REPRESSIVE]

RAW_PER_WORKER = """
SELECT worker_id, count(*), count(*) FILTER (WHERE is_online),
       count(*) FILTER (WHERE "character" = ANY(%(supportive)s)), count(*) FILTER (WHERE out_of_hours),
       count(*) FILTER (WHERE youth_id IS NULL), coalesce(sum(duration_minutes) FILTER (WHERE is_online), 0),
       count(DISTINCT channel), count(DISTINCT youth_id),
       count(DISTINCT youth_id) FILTER (WHERE youth_id IN (
           SELECT youth_id FROM contacts_contact
           WHERE organisation_id = %(organisation)s AND is_first AND started_at >= %(start)s AND started_at < %(end)s))
FROM contacts_contact
WHERE organisation_id = %(organisation)s AND started_at >= %(start)s AND started_at < %(end)s
GROUP BY worker_id
"""
RAW_ORGANISATION = """
SELECT count(*), count(*) FILTER (WHERE is_online), count(*) FILTER (WHERE "character" = ANY(%(supportive)s)),
       count(DISTINCT youth_id),
       count(DISTINCT youth_id) FILTER (WHERE youth_id IN (
           SELECT youth_id FROM contacts_contact
           WHERE organisation_id = %(organisation)s AND is_first AND started_at >= %(start)s AND started_at < %(end)s))
FROM contacts_contact
WHERE organisation_id = %(organisation)s AND started_at >= %(start)s AND started_at < %(end)s
"""
RAW_TREND = """
SELECT date_trunc('week', started_at AT TIME ZONE 'Europe/Amsterdam') AS week, count(*),
       count(*) FILTER (WHERE is_online), count(*) FILTER (WHERE "character" = ANY(%(supportive)s)),
       count(*) FILTER (WHERE out_of_hours)
FROM contacts_contact
WHERE organisation_id = %(organisation)s AND started_at >= %(year_start)s AND started_at < %(year_end)s
GROUP BY 1
"""


class Command(BenchmarkCommand):
    help = "Build a large data set (--build) and measure the contact pages, both dashboards and the raw aggregate."

    organisation = ORGANISATION
    records, default_count = "contacts", 1_000_000

    # Building ---------------------------------------------------------------------------------

    def build(self, count: int) -> None:
        started = time.perf_counter()
        rng = random.Random(20260314)
        organisation, _ = Organisation.objects.get_or_create(
            name=self.organisation, defaults={"province": Province.UTRECHT, "status": Organisation.Status.APPROVED}
        )
        with transaction.atomic():
            ContactWeek.objects.filter(organisation=organisation).delete()
            WorkerYouth.objects.filter(organisation=organisation).delete()
            ContactSignal.objects.filter(contact__organisation=organisation).delete()
            # A million rows: deleted in one statement, not collected one by one.
            Contact.objects.filter(organisation=organisation)._raw_delete(connection.alias)
        contact_settings_ensure(organisation)
        areas = [Neighbourhood.objects.get_or_create(organisation=organisation, name=f"Wijk {n:02d}")[0]
                 for n in range(NEIGHBOURHOODS)]
        workers = []
        for n in range(WORKERS):
            user = member(f"contacts-bench{n}@benchmark.test", f"Werker {n:02d}", organisation, Role.JONGERENWERKER)
            user.membership.neighbourhoods.set([areas[n % NEIGHBOURHOODS], areas[(n * 7 + 3) % NEIGHBOURHOODS]])
            workers.append((user.pk, [areas[n % NEIGHBOURHOODS].pk, areas[(n * 7 + 3) % NEIGHBOURHOODS].pk]))
        member("contacts-bench-manager@benchmark.test", "Leiding Gevende", organisation, Role.LEIDINGGEVENDE)
        existing = Youth.objects.filter(organisation=organisation).count()
        Youth.objects.bulk_create(
            Youth(organisation=organisation, alias=f"contacts_bench_{n}", neighbourhood=areas[n % NEIGHBOURHOODS],
                  age_band=rng.choice(AgeBand.values[1:5]))
            for n in range(existing, YOUTHS)
        )
        youths_by_area: dict[int, list[int]] = {}
        for pk, area in Youth.objects.filter(organisation=organisation).values_list("pk", "neighbourhood"):
            youths_by_area.setdefault(area, []).append(pk)
        self.load(organisation, workers, youths_by_area, count, rng)
        self.stdout.write(f"Loaded {count:,} contacts in {time.perf_counter() - started:.0f}s; rolling up weeks.")
        rows = weeks_rebuild(organisation_id=organisation.pk)
        pairs = reach_rebuild(organisation_id=organisation.pk)
        if connection.vendor == "postgresql":
            # What autovacuum does soon after a bulk load in production: planner statistics and a
            # visibility map, so counts can be index-only scans.
            with connection.cursor() as cursor:
                for table in ("contacts_contact", "contacts_contactweek", "contacts_workeryouth"):
                    cursor.execute(f"VACUUM ANALYZE {table}")
        self.stdout.write(f"Built {count:,} contacts ({rows:,} week rows, {pairs:,} worker-youth pairs) "
                          f"in {time.perf_counter() - started:.0f}s.")

    def load(self, organisation, workers, youths_by_area, count, rng) -> None:
        """The contacts in time order (so the first contact of each young person is known while
        generating), written with COPY on PostgreSQL and in bulk elsewhere."""
        now = timezone.now()
        first_day = timezone.localdate() - timedelta(days=DAYS)
        per_day, extra = divmod(count, DAYS)
        seen: set[int] = set()
        batch, written = [], 0
        for offset in range(DAYS):
            day = first_day + timedelta(days=offset)
            for moment in sorted(self.moment(day, rng) for _ in range(per_day + (offset < extra))):
                worker, areas = workers[rng.randrange(WORKERS)]
                area = rng.choice(areas)
                youth = rng.choice(youths_by_area[area]) if rng.random() < 0.7 else None
                online = rng.random() < 0.27
                channel = rng.choice(ONLINE if online else OFFLINE)
                is_first = youth is not None and youth not in seen
                if youth is not None:
                    seen.add(youth)
                batch.append((
                    organisation.pk, worker, youth, "" if youth else rng.choice(AgeBand.values[1:5]), area, channel,
                    online, CHANNELS[channel].synchronous, moment,
                    rng.randint(5, 60) if online else rng.randint(10, 90), rng.choice(["werker", "jongere"]),
                    rng.choice(CHARACTERS), [rng.choice(FormOfWork.values)], [rng.choice(Topic.values)], "",
                    "Uitgevonden notitie." if rng.random() < 0.05 else "",
                    not working_hours.is_within(DEFAULT_HOURS, moment), is_first, uuid.uuid4(), now,
                ))
                if len(batch) == 20_000:
                    written += self.write(batch)
                    batch = []
        written += self.write(batch)
        assert written == count, (written, count)

    @staticmethod
    def moment(day: date, rng: random.Random) -> datetime:
        """A start on `day`: mostly in office hours on working days, the rest at any time."""
        if day.weekday() < 5 and rng.random() < 0.8:
            start = clock(rng.randint(9, 16), rng.randint(0, 59))
        else:
            start = clock(rng.randint(0, 23), rng.randint(0, 59))
        return datetime.combine(day, start, tzinfo=DUTCH_TIME)

    def write(self, rows: list[tuple]) -> int:
        if not rows:
            return 0
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor, cursor.copy(
                f"COPY contacts_contact ({', '.join(COLUMNS)}) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row([json.dumps(value) if isinstance(value, list) else value for value in row])
            return len(rows)
        Contact.objects.bulk_create([Contact(**dict(zip(COLUMNS, row, strict=True))) for row in rows], batch_size=2000)
        return len(rows)

    # Measuring --------------------------------------------------------------------------------

    def measure(self, organisation: Organisation, runs: int) -> None:
        worker = User.objects.get(email="contacts-bench0@benchmark.test")
        manager = User.objects.get(email="contacts-bench-manager@benchmark.test")
        youth = (
            Contact.objects.filter(organisation=organisation, worker=worker, youth__isnull=False)
            .order_by("-started_at").values_list("youth", flat=True).first()
        )
        pages = [
            # The portal's home: what any page costs (middleware, session, menu), for scale on a
            # shared machine whose absolute figures drift.
            ("home page (baseline)", worker, "/"),
            ("contact form (worker)", worker, "/contacten/nieuw/"),
            ("worker dashboard", worker, "/contacten/dashboard/"),
            ("team dashboard (last 4 weeks)", manager, "/contacten/team/"),
            ("team dashboard (last 12 months)", manager, "/contacten/team/?periode=12m"),
            ("a young person's timeline (worker)", worker, f"/contacten/jongere/{youth}/"),
            ("a young person's timeline (manager)", manager, f"/contacten/jongere/{youth}/"),
            ("contact list (worker, own)", worker, "/contacten/"),
            ("contact list (manager, organisation)", manager, "/contacten/"),
        ]
        total = Contact.objects.filter(organisation=organisation).count()
        self.stdout.write(f"{connection.vendor}, {total:,} contacts, {runs} runs per page")
        table = Table(self.stdout, width=44)
        results = {name: table.time(name, runs, page(user, url)).median for name, user, url in pages}
        if connection.vendor != "postgresql":
            self.stdout.write("The raw SQL aggregate is written for PostgreSQL; skipped.")
            return
        raw = table.row("raw SQL aggregate of the team dashboard",
                        Timing.of(self.raw_timings(organisation, runs), queries=3)).median
        team = results["team dashboard (last 4 weeks)"]
        self.stdout.write(f"team dashboard / raw SQL aggregate (medians): {team / raw:.2f}")

    def raw_timings(self, organisation: Organisation, runs: int) -> list[float]:
        week, four, year = periods_at(timezone.now())
        params = {
            "organisation": organisation.pk, "start": four.start, "end": four.end, "year_start": year.start,
            "year_end": year.end, "supportive": sorted(SUPPORTIVE_CHARACTERS),
        }
        timings = []
        with connection.cursor() as cursor:
            for run in range(runs + 1):
                started = time.perf_counter()
                for statement in (RAW_PER_WORKER, RAW_ORGANISATION, RAW_TREND):
                    cursor.execute(statement, params)
                    cursor.fetchall()
                if run:  # the first run warms up, as the pages' does
                    timings.append((time.perf_counter() - started) * 1000)
        return timings

