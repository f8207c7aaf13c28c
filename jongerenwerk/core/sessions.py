"""Sessions kept in the database, read through a copy in Redis that lives half a minute.

Every signed-in request read its session from PostgreSQL: a query as costly as a whole page
served from the page cache. The copy spares it. The database stays the record: every save and
delete goes there first, then to the copy. The copy lives at most `SECONDS`, so even when
Redis fails to take a delete (at sign-out during an outage), the ended session cannot be
read back from it for longer than that; and while Redis fails, sessions are read from the
database (after a failure, Redis is not asked again for a while, as for the page cache). The
copy is kept in the page cache's Redis (a plain one that every process shares: a copy in one
process's memory would outlive a sign-out done in another). Settings use this engine only
when that cache is configured.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.utils import timezone

from jongerenwerk.core import pagecache

SECONDS = 30


class SessionStore(DatabaseStore):
    cache_key_prefix = "session:"

    def load(self):
        key = self._copy_key(self.session_key)
        data = pagecache.shared_get(key) if key else None
        if data is None:
            stored = self._get_session_from_db()
            data = self.decode(stored.session_data) if stored else {}
            if stored:  # the copy never outlives the session
                left = int((stored.expire_date - timezone.now()).total_seconds())
                pagecache.shared_set(key, data, min(SECONDS, left))
        return data

    def save(self, must_create=False):
        super().save(must_create)
        pagecache.shared_set(self._copy_key(self.session_key), self._session, min(SECONDS, self.get_expiry_age()))

    def delete(self, session_key=None):
        key = self._copy_key(session_key or self.session_key)
        if key:
            pagecache.shared_delete(key)
        super().delete(session_key)
        if key:
            pagecache.shared_delete(key)  # a request that read the database in between made a copy

    def _copy_key(self, session_key: str | None) -> str | None:
        return f"{self.cache_key_prefix}{session_key}" if session_key else None
