"""Build a national programme of benchmark size and measure the trainings pages and the
reminder sweep.

    manage.py trainings_benchmark --build      # 50 sessions, 400 organisations, 10,000 enrolments
    manage.py trainings_benchmark              # pages: median, p95, query counts, against a bare view
    manage.py trainings_benchmark --sweep      # the reminder sweep and its mails, with a kill halfway

Run it on PostgreSQL (DATABASE_URL) for meaningful figures. The data are invented and live in
a programme and organisations of their own ("Benchmark trainingen"); --build refuses when
HTTPS=true. Pages are served through the whole middleware stack by the test client; the
yardstick is core's bare view (a template of the same size, no queries), measured in turns
with each page because the machines are shared and absolute figures drift.

The sweep: every session starts in six days, so each enrolled person is due the reminder a
week before. `core.reminders.reminders_send` (what the periodic task runs) creates the 10,000
notifications; then one mail worker (`--mail-worker`, running the same service as the
`core.send_notification_emails` task, a batch at a time, on a pool of forked processes, one
per CPU as a Celery worker's default pool; `--processes 1` for a single process) is killed
with SIGKILL halfway, pool and all, and started again; the mails are written to files and the
whole ones counted per recipient and per Message-ID. The broker is
left out (the outbox breaker is held open) so no benchmark task reaches a real queue. The
yardstick, in the same run: Django alone building and writing mails of the same shape through
the same backend, without a database or composing; the sweep's time per mail is printed
beside it, since the machines differ several times over in speed.
"""

import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.mail import EmailMessage, mailers
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from jongerenwerk.core import outbox, reminders
from jongerenwerk.core.benchmark.timing import FRESH, Timing
from jongerenwerk.core.models import (
    Membership,
    Notification,
    Organisation,
    OutboxMessage,
    Province,
    Role,
    User,
)
from trainings.models import Enrolment, Programme, Session

PROGRAMME = "Benchmark trainingen"
PREFIX = "trainings-bench"


class Command(BaseCommand):
    help = "Build a benchmark programme (--build), measure its pages, and the reminder sweep (--sweep)."

    def add_arguments(self, parser):
        parser.add_argument("--build", action="store_true")
        parser.add_argument("--sweep", action="store_true")
        parser.add_argument("--mail-worker", action="store_true", help=argparse_hidden())
        parser.add_argument("--mail-dir", default="")
        parser.add_argument("--processes", type=int, default=os.cpu_count() or 1,
                            help="The mail worker's pool (default: one per CPU, as a Celery worker's).")
        parser.add_argument("--sessions", type=int, default=50)
        parser.add_argument("--organisations", type=int, default=400)
        parser.add_argument("--enrolments", type=int, default=10_000)
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--organisation", default="",
                            help="Let this existing organisation take the place of one of the built ones.")

    def handle(self, *args, build, sweep, mail_worker, mail_dir, processes, sessions, organisations, enrolments,
               runs, organisation, **options):
        if mail_worker:
            return self.mail_worker(mail_dir, processes)
        if build:
            if settings.HTTPS:
                raise CommandError("Benchmark data never go into production (HTTPS=true).")
            self.build(sessions, organisations, enrolments, organisation)
        programme = Programme.objects.filter(name=PROGRAMME).first()
        if programme is None:
            raise CommandError("No benchmark data: run with --build first.")
        self.measure(programme, runs)
        if sweep:
            self.sweep(programme, processes)

    # Building ---------------------------------------------------------------------------------

    def build(self, session_count: int, organisation_count: int, enrolment_count: int, named: str = "") -> None:
        started = time.perf_counter()
        self.clear()
        provinces = Province.values
        with transaction.atomic():
            organisations = Organisation.objects.bulk_create(
                Organisation(name=f"{PROGRAMME} organisatie {n:03d}", province=provinces[n % len(provinces)],
                             status=Organisation.Status.APPROVED) for n in range(organisation_count))
            if named:  # its share of the participants joins it (the reports benchmark reads them)
                organisations[0] = Organisation.objects.get(name=named)
            password = make_password(None)
            users = User.objects.bulk_create(
                User(email=f"{PREFIX}{n}@benchmark.test", full_name=f"Deelnemer {n:05d}", password=password)
                for n in range(enrolment_count))
            Membership.objects.bulk_create(
                Membership(user=user, organisation=organisations[n % organisation_count],
                           role=Role.LEIDINGGEVENDE if n < organisation_count else Role.JONGERENWERKER)
                for n, user in enumerate(users))
            trainer = User.objects.filter(email=f"{PREFIX}-trainer@benchmark.test").first() or \
                User.objects.create_user(email=f"{PREFIX}-trainer@benchmark.test", full_name="Bench Trainer",
                                         is_trainer=True)
            programme = Programme.objects.create(name=PROGRAMME)
            # Every session starts in six days: each enrolled person is due the week reminder.
            start = timezone.now() + timedelta(days=6)
            per_session = -(-enrolment_count // session_count)
            sessions = Session.objects.bulk_create(
                Session(programme=programme, starts_at=start + timedelta(minutes=n), ends_at=start + timedelta(hours=2),
                        kind=Session.Kind.OPEN, allows_individuals=True, capacity=per_session, trainer=trainer,
                        meeting_url="https://meet.example.test/bench") for n in range(session_count))
            long_ago = timezone.now() - timedelta(days=30)
            Enrolment.objects.bulk_create(
                Enrolment(session=sessions[n % session_count], user=user,
                          organisation=organisations[n % organisation_count],
                          status=Enrolment.Status.ENROLLED,
                          position=n) for n, user in enumerate(users))
            Enrolment.objects.filter(session__programme=programme).update(created_at=long_ago)
            for session in sessions:
                Session.objects.filter(pk=session.pk).update(seats_taken=session.enrolments.count())
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in ("trainings_enrolment", "trainings_session", "core_user", "core_membership",
                              "core_organisation"):
                    cursor.execute(f"VACUUM ANALYZE {table}")
        self.stdout.write(f"Built {session_count} sessions, {organisation_count} organisations and "
                          f"{enrolment_count:,} enrolments in {time.perf_counter() - started:.1f}s.")

    def clear(self) -> None:
        with transaction.atomic():
            Notification.objects.filter(user__email__startswith=PREFIX).delete()
            Programme.objects.filter(name=PROGRAMME).delete()
            Membership.objects.filter(organisation__name__startswith=PROGRAMME).delete()
            User.objects.filter(email__startswith=PREFIX).exclude(email__contains="-trainer").delete()
            Organisation.objects.filter(name__startswith=PROGRAMME).delete()

    # Pages ------------------------------------------------------------------------------------

    def measure(self, programme: Programme, runs: int) -> None:
        trainer = User.objects.get(email=f"{PREFIX}-trainer@benchmark.test")
        session = programme.sessions.order_by("starts_at").first()
        pages = [
            ("programme page", f"/trainingen/programma/{programme.pk}/"),
            ("attendance list (one session)", f"/trainingen/sessie/{session.pk}/aanwezigheid/"),
            ("coverage (trainer)", f"/trainingen/programma/{programme.pk}/dekking/"),
        ]
        total = Enrolment.objects.filter(session__programme=programme).count()
        self.stdout.write(f"{connection.vendor}, {programme.sessions.count()} sessions, {total:,} enrolments, "
                          f"{runs} runs per page")
        self.stdout.write(f"{'page':34} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'bare ms':>8} {'ratio':>6}")
        with override_settings(ROOT_URLCONF="jongerenwerk.core.benchmark.urls"):
            client, bare_client = Client(HTTP_HOST="localhost"), Client(HTTP_HOST="localhost")
            client.force_login(trainer)
            for name, url in pages:
                size = len(client.get(url, headers=FRESH).content)
                bare_url = f"/__bare__/?size={size}"
                bare_client.get(bare_url)
                timings, bare_timings, queries = [], [], 0
                for _ in range(runs):
                    started = time.perf_counter()
                    bare_client.get(bare_url)
                    bare_timings.append((time.perf_counter() - started) * 1000)
                    with CaptureQueriesContext(connection) as captured:
                        started = time.perf_counter()
                        response = client.get(url, headers=FRESH)
                        timings.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, (url, response.status_code)
                    queries = len(captured)
                page, bare = Timing.of(timings, queries), Timing.of(bare_timings, 0)
                self.stdout.write(f"{name:34} {page.median:10.1f} {page.p95:8.1f} {queries:8d} {bare.median:8.1f} "
                                  f"{page.median / bare.median:6.1f}")

    # The reminder sweep -----------------------------------------------------------------------

    def sweep(self, programme: Programme, processes: int) -> None:
        Notification.objects.filter(user__email__startswith=PREFIX).delete()
        outbox._broker_failed()  # keep the mails' tasks in the outbox: no benchmark task reaches a queue
        started = time.perf_counter()
        made = reminders.reminders_send()
        swept = time.perf_counter() - started
        self.stdout.write(f"reminder sweep: {made:,} notifications in {swept:.1f}s")
        folder = Path(tempfile.mkdtemp(prefix="trainings-bench-mail-"))
        command = [sys.executable, "manage.py", "trainings_benchmark", "--mail-worker", "--mail-dir", str(folder),
                   "--processes", str(processes)]
        unsent = Notification.objects.filter(user__email__startswith=PREFIX, emailed_at=None)
        started = time.perf_counter()
        # Its own process group, so that the kill takes the worker and its pool at once.
        worker = subprocess.Popen(command, cwd=settings.BASE_DIR, env=os.environ.copy(), start_new_session=True)
        while unsent.count() > made // 2 and worker.poll() is None:
            time.sleep(0.2)
        os.killpg(worker.pid, signal.SIGKILL)  # halfway: the worker dies without any chance to clean up
        worker.wait()
        left = unsent.count()
        # A mail claimed by the killed worker waits out its lease; the restarted worker takes
        # it when the lease has passed (here: at once, the lease is shortened for the run).
        worker = subprocess.Popen(command, cwd=settings.BASE_DIR, env={**os.environ, "TRAININGS_BENCH_LEASE": "0"})
        worker.wait()
        mailed = time.perf_counter() - started
        recipients, ids = self.delivered(folder)
        twice = len(recipients) - len(set(recipients))
        same = len(ids) - len(set(ids))
        pool = "one process" if processes == 1 else f"a pool of {processes} processes"
        self.stdout.write(f"mails: {len(recipients):,} sent by one worker ({pool}) in {mailed:.1f}s, killed with "
                          f"{left:,} left and restarted; {twice} sent twice ({same} of them the same message "
                          f"again, by Message-ID); {unsent.count()} unsent; sweep + mails {swept + mailed:.1f}s")
        OutboxMessage.objects.filter(task_name="core.send_notification_emails", published_at=None).delete()
        outbox.reset_breaker()
        floor = self.mail_stack_alone(folder, sample=min(2000, max(1, len(recipients))))
        per_mail = mailed * 1000 / max(1, len(recipients))
        self.stdout.write(f"per mail: {per_mail:.2f} ms in the sweep; {floor:.2f} ms for Django's mail stack alone "
                          f"in one process (the yardstick, same run); {per_mail / floor:.1f} times the yardstick")

    @staticmethod
    def delivered(folder: Path) -> tuple[list[str], list[str]]:
        """The recipient and Message-ID of every whole mail the file backend wrote: a mail cut
        off by the kill (no closing separator) was never sent."""
        recipients, ids = [], []
        separator = "\n" + "-" * 79 + "\n"
        for path in folder.iterdir():
            if path.is_dir():
                continue
            for mail in path.read_text().split(separator)[:-1]:
                headers = mail.split("\n\n", 1)[0].splitlines()
                recipients += [line[4:].strip() for line in headers if line.startswith("To: ")]
                ids += [line[12:].strip() for line in headers if line.lower().startswith("message-id: ")]
        return recipients, ids

    def mail_stack_alone(self, folder: Path, sample: int) -> float:
        """The yardstick, measured in the same run because the machines differ: milliseconds
        per mail for Django alone to build and write `sample` mails of the same shape (a short
        text and a calendar file of the same size) through the same file backend, with no
        database and no composing."""
        attachment = b"BEGIN:VCALENDAR\r\n" + (b"X-FILLER:" + b"x" * 60 + b"\r\n") * 30 + b"END:VCALENDAR\r\n"
        body = "Je training begint over een week. " * 12
        target = folder / "yardstick"
        target.mkdir()
        with override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                                                    "OPTIONS": {"file_path": str(target)}}}):
            started = time.perf_counter()
            with mailers.default as connection:
                for n in range(sample):
                    message = EmailMessage("#Awareness training: 3 december 2026 19:00", body, None,
                                           [f"{PREFIX}{n}@benchmark.test"])
                    message.attach("training.ics", attachment, "text/calendar")
                    connection.send_messages([message])
            return (time.perf_counter() - started) * 1000 / sample

    def mail_worker(self, folder: str, processes: int) -> None:
        """One worker: the unsent benchmark notifications' mails, in the batches the
        `core.send_notification_emails` task gets, through the service that task runs, on a
        pool of `processes` forked processes (a Celery worker's default pool has one per CPU)."""
        if os.environ.get("TRAININGS_BENCH_LEASE") == "0":
            reminders.SEND_LEASE = timedelta(0)
        mailers = {"default": {"BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                               "OPTIONS": {"file_path": folder}}}
        with override_settings(MAILERS=mailers, EMAIL_FILE_PATH=folder):
            pending = list(Notification.objects.filter(user__email__startswith=PREFIX, emailed_at=None)
                           .order_by("pk").values_list("pk", flat=True))
            batches = [pending[start:start + reminders.MAIL_BATCH]
                       for start in range(0, len(pending), reminders.MAIL_BATCH)]
            if processes <= 1:
                for batch in batches:
                    _send_batch(batch)
                return
            connections.close_all()  # each process of the pool opens its own connection
            with multiprocessing.get_context("fork").Pool(processes) as pool:
                for _ in pool.imap_unordered(_send_batch, batches):
                    pass


def _send_batch(ids: list[int]) -> int:
    return reminders.notifications_send_emails(ids=ids)


def argparse_hidden():
    import argparse

    return argparse.SUPPRESS
