"""A Redis cache that degrades instead of failing when Redis is unreachable.

The cache holds sign-in rate limits (allauth) and the public forms' limits. Without this, a
Redis outage turned every sign-in into a 500. Now a failed Redis call falls back to a cache
in this process's memory and trips a breaker: for `RETRY_AFTER` seconds no call waits on
Redis, then it is tried again. Rate limits keep working during an outage, per process instead
of shared (a web process still refuses the sixth wrong password for an account it has seen),
and a warning is logged once per outage; they are shared again as soon as Redis answers.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_AFTER = 30.0  # seconds during which Redis is not asked again after a failure


class _ClientPerPool(RedisCacheClient):
    """Django's client makes a new redis.Redis object on every call, which costs about 0.3 ms
    with redis-py 8: as much as the call itself. One per connection pool does the same work
    (redis.Redis is safe to share between threads; the pool hands out the connections)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """Django's Redis cache without a new client object per call."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ClientPerPool


class FailSafeRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        # One memory per process (LocMemCache shares it by name between threads).
        self._fallback = LocMemCache(f"fail-safe:{server}", {"OPTIONS": {"MAX_ENTRIES": 10000}})
        self._down_until = 0.0
        self._lock = threading.Lock()

    def _call(self, name: str, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return getattr(self._fallback, name)(*args, **kwargs)
        try:
            return getattr(super(), name)(*args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError, OSError) as error:
            with self._lock:
                if time.monotonic() >= self._down_until:
                    logger.warning(
                        "Redis cache unreachable (%r); using this process's memory for %ss.", error, RETRY_AFTER
                    )
                self._down_until = time.monotonic() + RETRY_AFTER
            return getattr(self._fallback, name)(*args, **kwargs)

    @property
    def is_degraded(self) -> bool:
        return time.monotonic() < self._down_until

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def clear(self):
        return self._call("clear")
