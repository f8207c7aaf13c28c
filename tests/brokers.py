"""Fixtures for every test: a Celery broker that is down, hung, or a real Redis that stops.

`broker_down`  the broker refuses connections (redis://127.0.0.1:9/0: nothing listens on
               port 9, so a connection is refused at once). Use it for anything that must
               survive a broker outage: /health/ answers 503, the outbox keeps a message
               waiting, `app.send_task(..., retry=False)` raises OperationalError.
`broker_hung`  the broker accepts connections but never answers (a local socket that is
               never read), as a Redis that froze or a half-open connection would.
`redis_server` a private, real Redis server on a free port that the test can stop and start
               again (needs `redis-server` on PATH; tests using it are marked `redis`).
`use_broker`   the building block: `with use_broker(url): ...` points the Celery app at
               another broker for the duration of the block.

All three undo themselves, so later tests publish to the real broker again. They work on
both setups the suite runs on: the embedded default (file-system broker) and Redis.

Why it takes more than setting `broker_url`: Celery keeps the broker connection pool
(`app.pool`) and the producer pool (`app.amqp.producer_pool`) once made, and kombu keeps
one pool per broker URL in a process-wide registry (`kombu.pools`). Closing the app's pool
with `force_close_all()` leaves a *closed* pool in that registry, and switching back hands
it out again ("RuntimeError: Acquire on closed pool") in every later test that publishes.
So a switch closes and forgets every pooled connection (`kombu.pools.reset()`) and makes
the app build both pools afresh from the new URL.
"""

import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import kombu.pools
import pytest
from django.conf import settings

from jongerenwerk.celery import app
from jongerenwerk.core import outbox

DEAD_BROKER_URL = "redis://127.0.0.1:9/0"

# Environment variables that Celery reads before its configuration, which would win.
_BROKER_URL_VARIABLES = ("CELERY_BROKER_URL", "CELERY_BROKER_WRITE_URL", "CELERY_BROKER_READ_URL")


def _point_app_at(url: str, transport_options: dict) -> None:
    outbox.reset_breaker()  # a new broker starts without the last one's failures
    app.conf.broker_url = url
    app.conf.broker_transport_options = transport_options
    kombu.pools.reset()  # closes every pooled broker connection and empties the registry
    app._pool = None  # the app's connection pool is rebuilt for the new URL on next use
    app.amqp._producer_pool = None  # likewise the producer pool that sits on top of it


@pytest.fixture
def use_broker(monkeypatch) -> Callable[[str], AbstractContextManager[str]]:
    """`with use_broker(url):` the Celery app publishes to (and checks) `url` instead."""
    for name in _BROKER_URL_VARIABLES:
        monkeypatch.delenv(name, raising=False)

    @contextmanager
    def switch(url: str) -> Iterator[str]:
        original, original_options = app.conf.broker_url, app.conf.broker_transport_options
        # A Redis broker gets the bounded waits production gives it (see settings).
        options = settings.REDIS_TRANSPORT_OPTIONS if url.startswith("redis") else original_options
        try:
            _point_app_at(url, options)
            assert app.conf.broker_write_url == url, (
                "a broker_write_url setting overrides broker_url"
            )
            yield url
        finally:
            _point_app_at(original, original_options)

    return switch


@pytest.fixture
def broker_down(use_broker) -> Iterator[str]:
    """The Celery broker refuses connections for this test; yields its URL."""
    with use_broker(DEAD_BROKER_URL) as url:
        yield url


@pytest.fixture
def broker_hung_url() -> Iterator[str]:
    """The URL of a broker that accepts connections but never answers (not switched to)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)  # the kernel completes the handshakes; nobody ever reads or replies
    try:
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    finally:
        listener.close()


@pytest.fixture
def broker_hung(use_broker, broker_hung_url) -> Iterator[str]:
    """The Celery broker accepts connections but never answers for this test; yields its URL."""
    with use_broker(broker_hung_url) as url:
        yield url


class RedisServer:
    """A redis-server process of the test's own, so stopping it touches nobody else's Redis."""

    def __init__(self, folder):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.folder = folder
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        executable = shutil.which("redis-server")
        assert executable, "redis-server is not installed; .ci/run installs it (Debian package redis-server)"
        self.process = subprocess.Popen(
            [executable, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as connection:
                    connection.sendall(b"PING\r\n")
                    if connection.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise AssertionError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def redis_server(tmp_path) -> Iterator[RedisServer]:
    """A running private Redis; `.stop()` and `.start()` it again within the test."""
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()
