"""Serve the portal with gunicorn and measure how many requests a second each page serves,
side by side with a bare Django view of the same size.

    manage.py signals_benchmark --build --signals 200000   # build the benchmark organisation first
    manage.py throughput_benchmark --seconds 10 --rounds 3

Gunicorn runs with production settings (DEBUG off; `jongerenwerk.core.benchmark.settings`,
which adds the bare view's URL) on the database this command uses, with two workers. Each
app contributes its pages (`registry.add_benchmark_pages`), each seen by a member of the
benchmark organisation with the page's role. Sessions are made the way the test client's
`force_login` makes them. For every page, the bare view (a template of the page's size
rendered through base.html, no queries) is loaded first and then the page, in turns, each for
`--seconds` with `--connections` open connections, by wrk when it is installed (Debian package
wrk) or else by a small Python client; only 127.0.0.1 is ever asked. The machines are shared
and absolute figures drift, so the ratio to the bare view, measured in the same minute, is
the figure to read. Browsers' Accept-Encoding is sent, so compression is part of the cost.
With REDIS_URL set, pages are served from the page cache after their first request (as a
person reloading or coming back to a page is); PAGE_CACHE=false measures every request rendered.
"""

import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from shutil import which

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError

from jongerenwerk.core.middleware import MFA_CHECKED
from jongerenwerk.core.models import Membership, Organisation
from jongerenwerk.core.registry import BenchmarkPage, registry

HEADERS = {"Accept-Encoding": "gzip", "Accept": "text/html"}


@dataclass
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wrk(url: str, cookie: str | None, seconds: float, connections: int) -> Load:
    headers = [f"{name}: {value}" for name, value in HEADERS.items()]
    if cookie:
        headers.append(f"Cookie: {cookie}")
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{max(1, round(seconds))}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + 30).stdout

    def latency(percent: str) -> float:
        value, unit = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return Load(rps=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)), p50_ms=latency("50"),
                p99_ms=latency("99"), errors=int(errors.group(1)) if errors else 0)


def _python_load(url: str, cookie: str | None, seconds: float, connections: int) -> Load:
    """The fallback without wrk: `connections` threads, each on one kept-alive connection."""
    match = re.match(r"http://127\.0\.0\.1:(\d+)(/.*)", url)
    port, path = int(match.group(1)), match.group(2)
    headers = {**HEADERS, **({"Cookie": cookie} if cookie else {})}
    deadline = time.perf_counter() + seconds
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def run() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        own = []
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            own.append((time.perf_counter() - started) * 1000)
            if response.status >= 400:
                with lock:
                    errors[0] += 1
        connection.close()
        with lock:
            latencies.extend(own)

    threads = [threading.Thread(target=run) for _ in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies) or [0.0]
    return Load(rps=len(latencies) / elapsed, p50_ms=ordered[len(ordered) // 2],
                p99_ms=ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], errors=errors[0])


class Command(BaseCommand):
    help = "Measure each page's requests per second under gunicorn against a bare Django view of the same size."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", default="Benchmark (demo)")
        parser.add_argument("--seconds", type=float, default=10)
        parser.add_argument("--rounds", type=int, default=3)
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--python-client", action="store_true", help="Use the Python client even if wrk is there.")
        parser.add_argument("--only", default="", help="Measure only the pages whose name contains this.")

    def handle(self, *args, organisation: str, seconds: float, rounds: int, connections: int, workers: int,
               python_client: bool, only: str, **options) -> None:
        if settings.HTTPS:
            raise CommandError("The benchmark serves plain HTTP on 127.0.0.1; run it without HTTPS=true.")
        target = Organisation.objects.filter(name=organisation).first()
        if target is None:
            raise CommandError(f"No organisation {organisation!r}: build the benchmark data first.")
        pages = [page for contribute in registry.benchmark_pages for page in contribute(target) if only in page.name]
        cookies = {role: self._session_cookie(target, role) for role in {page.role for page in pages}}
        load = _python_load if python_client or not which("wrk") else _wrk
        port = _free_port()
        server = self._serve(port, workers)
        try:
            base = f"http://127.0.0.1:{port}"
            sizes = {page.name: self._size(base + page.path, cookies[page.role]) for page in pages}
            self.stdout.write(f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, gunicorn x{workers}, "
                              f"{connections} connections, {seconds:g}s per measurement, "
                              f"{'wrk' if load is _wrk else 'Python client'}, "
                              f"page cache {'on' if 'pages' in settings.CACHES else 'off'}")
            results: dict[str, list[tuple[Load, Load]]] = {page.name: [] for page in pages}
            for round_number in range(1, rounds + 1):
                self.stdout.write(f"\nround {round_number}")
                self._header()
                for page in pages:
                    bare = load(f"{base}/__bare__/?size={sizes[page.name]}", None, seconds, connections)
                    measured = load(base + page.path, cookies[page.role], seconds, connections)
                    results[page.name].append((bare, measured))
                    self._row(page, sizes[page.name], bare, measured)
            self.stdout.write("\nmedian over the rounds")
            self._header()
            for page in pages:
                pairs = results[page.name]
                self._row(page, sizes[page.name], *self._median(pairs))
        finally:
            server.terminate()
            server.wait(timeout=30)

    def _session_cookie(self, organisation: Organisation, role: str) -> str:
        membership = (
            Membership.objects.filter(organisation=organisation, role=role, is_active=True)
            .exclude(neighbourhoods=None).select_related("user").first()
            or Membership.objects.filter(organisation=organisation, role=role, is_active=True)
            .select_related("user").first()
        )
        if membership is None:
            raise CommandError(f"The benchmark organisation has no member with the role {role}.")
        user = membership.user
        # What the test client's force_login stores, and the second factor as checked.
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[MFA_CHECKED] = user.pk
        session["_touched"] = int(time.time()) + 24 * 3600  # not written again during the run
        session.create()
        return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"

    def _serve(self, port: int, workers: int) -> subprocess.Popen:
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "jongerenwerk.core.benchmark.settings",
                       "DEBUG": "false"}
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "jongerenwerk.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--no-control-socket", "--log-level", "warning"],
            cwd=Path(settings.BASE_DIR), env=environment,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/__bare__/?size=100")
                if connection.getresponse().status == 200:
                    return server
            except OSError:
                time.sleep(0.2)
        server.terminate()
        raise CommandError("gunicorn did not start within a minute.")

    def _size(self, url: str, cookie: str) -> int:
        match = re.match(r"http://127\.0\.0\.1:(\d+)(/.*)", url)
        connection = http.client.HTTPConnection("127.0.0.1", int(match.group(1)), timeout=60)
        connection.request("GET", match.group(2), headers={"Cookie": cookie, "Accept": "text/html"})
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise CommandError(f"{match.group(2)} answered {response.status}, not 200.")
        return len(body)

    def _header(self) -> None:
        self.stdout.write(f"{'page':44} {'KB':>5} {'bare req/s':>10} {'page req/s':>10} {'p50 ms':>7} "
                          f"{'p99 ms':>7} {'ratio':>6}")

    def _row(self, page: BenchmarkPage, size: int, bare: Load, measured: Load) -> None:
        ratio = measured.rps / bare.rps if bare.rps else 0
        errors = f"  ({measured.errors} errors)" if measured.errors else ""
        self.stdout.write(f"{page.name[:44]:44} {size / 1024:5.0f} {bare.rps:10.1f} {measured.rps:10.1f} "
                          f"{measured.p50_ms:7.1f} {measured.p99_ms:7.1f} {ratio:6.0%}{errors}")

    @staticmethod
    def _median(pairs: list[tuple[Load, Load]]) -> tuple[Load, Load]:
        def middle(loads: list[Load]) -> Load:
            return Load(rps=statistics.median(load.rps for load in loads),
                        p50_ms=statistics.median(load.p50_ms for load in loads),
                        p99_ms=statistics.median(load.p99_ms for load in loads),
                        errors=sum(load.errors for load in loads))

        ratios = [measured.rps / bare.rps for bare, measured in pairs if bare.rps]
        bare, measured = middle([b for b, _ in pairs]), middle([m for _, m in pairs])
        # The median ratio of the rounds, carried by the page's figure against the median bare view.
        measured.rps = statistics.median(ratios) * bare.rps if ratios else measured.rps
        return bare, measured
