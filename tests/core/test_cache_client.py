"""Core's Redis cache asks through one client per connection pool, not a new one per call."""

from jongerenwerk.core.cache import FailSafeRedisCache, RedisCache


def test_every_call_uses_the_same_client_and_pool():
    for backend in (RedisCache, FailSafeRedisCache):
        cache = backend("redis://127.0.0.1:1/0", {})
        first, second = cache._cache.get_client("a"), cache._cache.get_client("b", write=True)
        assert first is second
        assert first.connection_pool is cache._cache._get_connection_pool(write=False)
