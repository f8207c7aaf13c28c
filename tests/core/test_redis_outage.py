"""Signing in and out while Redis is really stopped: the cache degrades to each process's memory,
and the rate limits keep counting there."""

import time

import pytest
from django.core.cache import caches
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = [pytest.mark.redis]

LOGIN = "/accounts/login/"
TOO_MANY = "Te veel inlogpogingen. Probeer het later nogmaals."


@pytest.fixture
def redis_cache(settings, redis_server):
    settings.CACHES = {
        "default": {
            "BACKEND": "jongerenwerk.core.cache.FailSafeRedisCache",
            "LOCATION": redis_server.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
    yield redis_server
    caches["default"].clear()


def test_a_worker_signs_in_and_out_while_redis_is_stopped(redis_cache, client, worker):
    assert client.get(LOGIN).status_code == 200
    redis_cache.stop()
    response = client.post(LOGIN, {"login": worker.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert caches["default"].is_degraded
    assert client.post(reverse("account_logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_failed_sign_ins_are_still_limited_while_redis_is_stopped(redis_cache, client, worker):
    redis_cache.stop()
    pages = [client.post(LOGIN, {"login": worker.email, "password": "fout"}).content.decode() for _ in range(6)]
    assert not any(TOO_MANY in page for page in pages[:5])
    assert TOO_MANY in pages[5]


def test_the_shared_cache_returns_when_redis_is_back(redis_cache, client, worker, monkeypatch):
    import redis

    from jongerenwerk.core import cache as fail_safe

    monkeypatch.setattr(fail_safe, "RETRY_AFTER", 0.2)
    redis_cache.stop()
    client.post(LOGIN, {"login": worker.email, "password": "fout"})
    assert caches["default"].is_degraded
    redis_cache.start()
    time.sleep(0.3)
    caches["default"].set("gedeeld", 7)
    assert not caches["default"].is_degraded
    # In Redis itself, so every web process sees it.
    assert redis.Redis.from_url(redis_cache.url).keys("*gedeeld*")
