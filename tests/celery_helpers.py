"""A real Celery worker (and beat) inside the test process, on the configured broker.

On the embedded default the file-system broker gets folders of its own in a temporary
directory, so a portal running beside the tests never takes their messages; on Redis the
test queue is emptied first (CI gives each run a queue of its own with CELERY_QUEUE).
"""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import kombu.pools
from celery.beat import EmbeddedService
from celery.contrib.testing.worker import start_worker
from django.db import OperationalError

from jongerenwerk.celery import app


def _reset_pools() -> None:
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def private_broker_folders(folder: Path) -> Iterator[None]:
    if not app.conf.broker_url.startswith("filesystem"):
        yield
        return
    original = app.conf.broker_transport_options
    for name in ("in", "processed", "control"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    app.conf.broker_transport_options = {
        **original,
        "data_folder_in": str(folder / "in"),
        "data_folder_out": str(folder / "in"),
        "processed_folder": str(folder / "processed"),
        "control_folder": str(folder / "control"),
    }
    _reset_pools()
    try:
        yield
    finally:
        app.conf.broker_transport_options = original
        _reset_pools()


@contextmanager
def running_worker() -> Iterator[None]:
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30, loglevel="WARNING"):
        yield


@contextmanager
def running_beat(schedule: dict, schedule_file: Path) -> Iterator[None]:
    original = app.conf.beat_schedule
    app.conf.beat_schedule = schedule
    beat = EmbeddedService(app, max_interval=0.5, schedule_filename=str(schedule_file), thread=True)
    beat.start()
    try:
        yield
    finally:
        beat.stop()
        app.conf.beat_schedule = original


def wait_for(condition: Callable[[], bool], *, timeout: float = 30, what: str = "the worker") -> None:
    """Poll `condition` until it holds. On SQLite's shared in-memory test database a poll can
    meet a table the worker's thread is writing ("database table is locked", which waits for
    no timeout): that poll counts as "not yet"."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OperationalError as error:
            if "locked" not in str(error):
                raise
        time.sleep(0.2)
    raise AssertionError(f"Timed out after {timeout}s waiting for {what}.")
