"""The production configuration: Django's deploy checks, /health/ and strict settings.

Settings are read once per process, so every test of a configuration runs Python in
a subprocess with an environment built from scratch: nothing of the caller's environment
that the settings read (DATABASE_URL, REDIS_URL in CI, ...) leaks into it.
"""

import os
import secrets
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from kombu.exceptions import OperationalError

from jongerenwerk.celery import app

BASE_DIR = Path(__file__).resolve().parents[2]

# Every variable jongerenwerk/settings.py reads (each also as NAME_FILE, see env.read).
SETTINGS_VARIABLES = {
    "DEBUG", "HTTPS", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "SITE_URL",
    "DATABASE_URL", "REDIS_URL", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD", "EMAIL_USE_TLS", "DEFAULT_FROM_EMAIL", "BEHIND_PROXY", "MEDIA_ROOT",
    "VAR_DIR", "STATIC_MANIFEST", "DEMO_DATA", "SESSION_IDLE_MINUTES", "INVITATION_VALID_DAYS",
    "CELERY_QUEUE", "CELERY_DATA_DIR", "LOG_LEVEL", "ADMIN_EMAILS", "CACHE_KEY_PREFIX", "PAGE_CACHE",
}  # fmt: skip


def production_env(**overrides: str) -> dict[str, str]:
    """What a production deployment sets (compare docker-compose.yml)."""
    return {
        "HTTPS": "true",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),  # 86 random characters
        "ALLOWED_HOSTS": "portal.example.org",
        # Django 6.1's deploy check mail.E001 refuses the console mail backend, which
        # the settings use when no SMTP server is configured.
        "EMAIL_HOST": "smtp.example.org",
        **overrides,
    }


def run_python(tmp_path: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """`python *args` in the project with only `env` (and a private VAR_DIR) configured."""
    clean = {
        name: value
        for name, value in os.environ.items()
        if name.removesuffix("_FILE") not in SETTINGS_VARIABLES
        # Celery's own variables, and Django's: other tests set DJANGO_ALLOW_ASYNC_UNSAFE
        # in this process, which the deploy checks rightly refuse (async.E001).
        and not name.startswith(("CELERY_", "DJANGO_"))
    }
    clean |= {"DJANGO_SETTINGS_MODULE": "jongerenwerk.settings", "VAR_DIR": str(tmp_path / "var")}
    clean |= env
    return subprocess.run(
        [sys.executable, *args],
        check=False,
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


# Django's deploy checks --------------------------------------------------------------------


@pytest.mark.parametrize(
    "services",
    [
        pytest.param({}, id="embedded-default"),
        pytest.param(
            {
                # Never contacted by the check: hosts that cannot resolve prove it.
                "DATABASE_URL": "postgres://portal:secret@postgres.invalid:5432/portal",
                "REDIS_URL": "redis://redis.invalid:6379/0",
                "BEHIND_PROXY": "true",
                "SITE_URL": "https://portal.example.org",
            },
            id="postgres-redis-behind-proxy",
        ),
    ],
)
def test_the_deploy_checks_pass_with_production_settings(tmp_path, services):
    result = run_python(
        tmp_path,
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=production_env(**services),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_checks_refuse_production_without_a_mail_server(tmp_path):
    # docker-compose.yml runs `check --deploy` before migrating: this stops that start-up.
    result = run_python(
        tmp_path, "manage.py", "check", "--deploy", env=production_env(EMAIL_HOST="")
    )

    assert result.returncode != 0
    assert "mail.E001" in result.stderr


def test_the_local_default_serves_plain_http(tmp_path):
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS)"
    )
    result = run_python(tmp_path, "-c", script, env={})

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "False", "False", "0"]


@pytest.mark.parametrize(("env", "on"), [
    ({}, False),  # no shared cache: every process would keep its own pages
    ({"REDIS_URL": "redis://redis.invalid:6379/0"}, True),
    ({"REDIS_URL": "redis://redis.invalid:6379/0", "PAGE_CACHE": "false"}, False),
])
def test_the_page_cache_is_on_only_with_a_shared_redis(tmp_path, env, on):
    script = "import django; django.setup(); from django.conf import settings as s; print('pages' in s.CACHES)"
    result = run_python(tmp_path, "-c", script, env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(on)]


def test_behind_a_proxy_the_rate_limits_see_the_client_address(tmp_path):
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_PROXY_SSL_HEADER, s.ALLAUTH_TRUSTED_PROXY_COUNT)"
    )
    result = run_python(tmp_path, "-c", script, env=production_env(BEHIND_PROXY="true"))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https') 1"


# Settings refuse to start on a wrong environment ------------------------------------------


def test_https_without_a_secret_key_refuses_to_start(tmp_path):
    env = production_env()
    del env["SECRET_KEY"]

    result = run_python(tmp_path, "manage.py", "check", env=env)

    assert result.returncode != 0
    assert "SECRET_KEY (or SECRET_KEY_FILE) must be set when HTTPS=true." in result.stderr


def test_the_secret_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text(secrets.token_urlsafe(64) + "\n")
    env = production_env(SECRET_KEY_FILE=str(key_file))
    del env["SECRET_KEY"]

    result = run_python(
        tmp_path, "manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env
    )

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be true or false, not 'maybe'."),
        ("HTTPS", "sometimes", "HTTPS must be true or false, not 'sometimes'."),
        (
            "SESSION_IDLE_MINUTES",
            "thirty",
            "SESSION_IDLE_MINUTES must be a whole number, not 'thirty'.",
        ),
    ],
)
def test_a_malformed_value_stops_start_up_with_a_clear_message(tmp_path, name, value, message):
    result = run_python(tmp_path, "manage.py", "check", env={name: value})

    assert result.returncode != 0
    assert f"ImproperlyConfigured: {message}" in result.stderr


# /health/ ----------------------------------------------------------------------------------


def test_health_answers_ok_when_database_and_broker_answer(client, db):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_health_answers_503_quickly_when_the_broker_is_down(client, db, broker_down):
    started = time.monotonic()
    response = client.get("/health/")
    elapsed = time.monotonic() - started

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "broker": "unavailable"}
    assert elapsed < 3


@contextmanager
def deadline(seconds: float):
    """Fail (instead of hanging the suite) when the block is not done in time."""

    def expire(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_health_does_not_hang_on_a_broker_that_never_answers(client, db, broker_hung):
    started = time.monotonic()
    with deadline(15):
        response = client.get("/health/")
    elapsed = time.monotonic() - started

    assert response.status_code == 503
    assert response.json()["broker"] == "unavailable"
    assert elapsed < 5


# The broker fixtures themselves ------------------------------------------------------------


def test_switching_the_broker_reaches_the_pools_and_is_undone(use_broker):
    original = app.conf.broker_url
    app.producer_pool  # noqa: B018 - made before the switch, as after any earlier publish

    with use_broker("redis://127.0.0.1:9/0"), pytest.raises(OperationalError):
        app.send_task("core.sweep_outbox", retry=False)

    assert app.conf.broker_url == original
    # The pools work again (no "Acquire on closed pool"), with the original broker.
    with app.pool.acquire(block=True, timeout=2) as connection:
        connection.ensure_connection(max_retries=0)
        assert connection.as_uri() == app.connection_for_write().as_uri()
    with app.producer_pool.acquire(block=True, timeout=2) as producer:
        assert producer.connection.as_uri() == app.connection_for_write().as_uri()
