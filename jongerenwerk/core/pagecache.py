"""Rendered pages kept per session, for as long as nothing they were made of has changed.

A page a view marks with `cached_page` is rendered once per session, address, language and
minute; the same person asking again gets the stored page without a query, as long as no
table the page read has been written since. Nobody gets a page made for another session.

What a page was made of is not declared but observed: while a page renders, every SELECT's
tables are noted (`_observe`). Every INSERT, UPDATE or DELETE, by any process (web, Celery,
commands), gives its table a new random version in the shared cache, at once and again when
the transaction commits; a stored page is served only while all its tables keep the versions
they had before it was rendered. Data that reach a page through the cache instead of SQL are
declared with `depends_on` (the menu's unread count).

What must be new in every response is put in afresh on every hit: the CSRF token (masked anew,
which keeps Django's BREACH mitigation), the CSP nonce, and the values a view declares with
`fresh_uuid` (a form's idempotency key: two forms must never share one). A sensitive record's
view is audited on every hit as on the first (`replay_on_hit`).

A page is not stored when rendering it wrote anything but the audit trail and the session or
read either of them (their writes version nothing), set a cookie, left a message, changed the
session, or when a write happened anywhere while it was rendered. It lives at most until the minute ends, so relative times ("3 minutes ago") and a
version lost to a Redis outage are at most a minute old. The cache is the `pages` cache alias,
which settings define only on a shared Redis: without one (SQLite, `make run`), pages are
always rendered. When Redis fails, pages are rendered and no page is stored for a while.
"""

import contextvars
import hashlib
import logging
import re
import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.core.cache import caches
from django.db import transaction
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.urls import Resolver404, resolve
from django.utils import translation

logger = logging.getLogger(__name__)

ALIAS = "pages"
SECONDS = 60  # a stored page is used within the minute it was made in, at most
RETRY_AFTER = 30.0  # seconds without the page cache after Redis failed
# Tables whose writes version nothing: the session (part of the key, and touched once a minute)
# and the audit trail (written on every view of a sensitive record). A page that reads one of
# them is never stored.
AUDIT_TABLE = "core_auditevent"
UNVERSIONED = frozenset({"django_session", AUDIT_TABLE})
ANY_TABLE = "*"  # bumped by statements whose tables cannot be told (DDL, COPY): every page depends on it
WRITE_SEEN = "+"  # bumped by every write: a page rendered while it changed is not stored

_READ = re.compile(r'\b(?:FROM|JOIN)\s+"?([A-Za-z_][\w$]*)"?', re.I)
_WRITE = re.compile(r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?|REPLACE\s+INTO)\s+"?([A-Za-z_][\w$]*)"?', re.I)
_HARMLESS = re.compile(r"^\s*(?:SELECT|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|SET|RESET|SHOW|PRAGMA|EXPLAIN|VALUES)\b", re.I)
_MODIFIES = re.compile(r"\b(?:INSERT|UPDATE|DELETE)\b", re.I)
_CSRF_CANDIDATE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")

_down_until = 0.0


def cached_page(view: Callable) -> Callable:
    """Mark a GET view whose page may be kept per session (see the module's docstring). Put it
    outermost, above the view's permission decorator: a hit skips the view altogether."""
    view.cached_page = True
    return view


@dataclass
class _Recording:
    reads: set[str] = field(default_factory=set)
    writes: set[str] = field(default_factory=set)
    fresh: list[str] = field(default_factory=list)
    replays: list[tuple[Callable[..., object], dict]] = field(default_factory=list)
    audit_entries: int = 0  # INSERTs into the audit trail, each to be matched by a replay


_recording: contextvars.ContextVar[_Recording | None] = contextvars.ContextVar("page_recording", default=None)


def fresh_uuid() -> uuid.UUID:
    """A new UUID for this response, and a new one in every cached copy of the page."""
    value = uuid.uuid4()
    recording = _recording.get()
    if recording is not None:
        recording.fresh.append(str(value))
    return value


def depends_on(*tables: str) -> None:
    """Declare that the page being rendered shows data of `tables` read from somewhere other
    than SQL (a cached count)."""
    recording = _recording.get()
    if recording is not None:
        recording.reads.update(tables)


def replay_on_hit(function: Callable[..., object], /, **arguments) -> None:
    """Call `function(**arguments)` again whenever the page being rendered is served from the
    cache (an audit entry for a sensitive record's view). `function` is a module's function and
    `arguments` plain values: both are stored with the page."""
    recording = _recording.get()
    if recording is not None:
        recording.replays.append((function, arguments))


def enabled() -> bool:
    return ALIAS in settings.CACHES and time.monotonic() >= _down_until


def _cache():
    return caches[ALIAS]


# The same shared Redis for other per-session copies (core.sessions): a failure makes a miss.


def shared_get(key: str):
    if not enabled():
        return None
    try:
        return _cache().get(key)
    except Exception as error:  # noqa: BLE001
        _failed(error)
        return None


def shared_set(key: str, value, seconds: int) -> None:
    if not enabled() or seconds <= 0:
        return
    try:
        _cache().set(key, value, seconds)
    except Exception as error:  # noqa: BLE001
        _failed(error)


def shared_delete(key: str) -> None:
    if not enabled():
        return
    try:
        _cache().delete(key)
    except Exception as error:  # noqa: BLE001
        _failed(error)


def _failed(error: Exception) -> None:
    global _down_until
    if time.monotonic() >= _down_until:
        logger.warning("Page cache unreachable (%r); pages are rendered without it for %ss.", error, RETRY_AFTER)
    _down_until = time.monotonic() + RETRY_AFTER


def _version_key(table: str) -> str:
    return f"v:{table}"


# Versions: every write gives its tables a new random version --------------------------------


def bump(tables: set[str]) -> None:
    """Give `tables` new versions, and the write sentinel, so that pages that read them are
    stale and no page being rendered meanwhile is stored."""
    if not enabled():
        return
    token = secrets.token_hex(6)
    try:
        _cache().set_many({_version_key(table): token for table in tables | {WRITE_SEEN}}, timeout=None)
    except Exception as error:  # noqa: BLE001 (a page cache failure never fails a write)
        _failed(error)


class _Observer:
    """A connection's execute wrapper: notes the tables a page reads, versions the tables
    that are written (now, and again when the transaction commits)."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.pending: set[str] = set()

    def __call__(self, execute, sql, params, many, context):
        if ALIAS in settings.CACHES:
            self._observe(sql)
        return execute(sql, params, many, context)

    def _observe(self, sql: str) -> None:
        recording = _recording.get()
        if _HARMLESS.match(sql) or (sql.lstrip()[:4].upper() == "WITH" and not _MODIFIES.search(sql)):
            if recording is not None:
                recording.reads.update(_READ.findall(sql))
            return
        written = _WRITE.match(sql)
        table = written.group(1) if written else ANY_TABLE
        if recording is not None:
            recording.writes.add(table)
            recording.audit_entries += table == AUDIT_TABLE
        if table in UNVERSIONED:
            return
        # At once (a test's transaction never commits, and its own pages must show its writes),
        # and again after the commit: a page rendered in between may still show the old state.
        bump({table})
        if self.connection.in_atomic_block:
            self.pending.add(table)
            if not any(callback == self._commit for _, callback, _ in self.connection.run_on_commit):
                transaction.on_commit(self._commit, using=self.connection.alias, robust=True)

    def _commit(self) -> None:
        tables, self.pending = self.pending, set()
        if tables:
            bump(tables)


@receiver(connection_created)
def _observe_connection(sender, connection, **kwargs) -> None:
    if not any(isinstance(wrapper, _Observer) for wrapper in connection.execute_wrappers):
        connection.execute_wrappers.append(_Observer(connection))


# Pages -------------------------------------------------------------------------------------------------


@dataclass
class _Entry:
    parts: list[bytes]  # the body, cut where a fresh value goes
    slots: list[str]  # between the parts: "csrf", "nonce" or "fresh:<n>"
    status: int
    headers: list[tuple[str, str]]
    versions: dict[str, str | None]
    replays: list[tuple[Callable[..., object], dict]]


class PageCacheMiddleware:
    """Serve a `cached_page` from the cache when its session asks for it again, unchanged.
    It sits after the session, CSRF, authentication and messages middleware and before the
    ones it stands in for on a hit: the session's time-out is moved on and the second factor
    checked as `SessionTouchMiddleware` and `RequireMfaMiddleware` do, and the headers of the
    ones after it are stored with the page."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = self._key(request)
        if key is None:
            return self.get_response(request)
        try:
            # One round trip: the page, the write sentinel, and the versions of the tables this
            # process saw the page depend on last time (asked again if they are others now).
            cache = _cache()
            tables = _tables_of.get(key, ())
            found = cache.get_many([key, _version_key(WRITE_SEEN), *map(_version_key, tables)])
            entry = found.get(key)
            if entry is not None:
                if tuple(entry.versions) != tables:
                    found |= cache.get_many(list(map(_version_key, entry.versions)))
                    _remember(key, entry)
                if all(found.get(_version_key(table)) == version for table, version in entry.versions.items()):
                    return self._hit(request, entry)
            started = found.get(_version_key(WRITE_SEEN))
        except Exception as error:  # noqa: BLE001 (Redis down: render as if there were no cache)
            _failed(error)
            return self.get_response(request)
        return self._miss(request, key, started)

    def _key(self, request: HttpRequest) -> str | None:
        if request.method != "GET" or not enabled() or _asks_fresh(request):
            return None
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return None
        if not getattr(match.func, "cached_page", False):
            return None
        from jongerenwerk.core.middleware import MFA_CHECKED

        session = request.session
        user_id = session.get(SESSION_KEY)
        if (
            user_id is None
            or session.get(MFA_CHECKED) != _pk(user_id)
            or "_messages" in session
            or "messages" in request.COOKIES
        ):
            return None
        htmx = sorted((name, value) for name, value in request.headers.items() if name.lower().startswith("hx-"))
        minute = int(time.time()) // SECONDS
        parts = [session.session_key, str(user_id), session.get(HASH_SESSION_KEY, ""), request.get_host(),
                 request.get_full_path(), translation.get_language() or "", repr(htmx), str(minute)]
        return "page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    def _hit(self, request: HttpRequest, entry: _Entry) -> HttpResponse:
        from jongerenwerk.core.middleware import touch_session

        touch_session(request.session)
        for action, arguments in entry.replays:
            action(**arguments)
        values: dict[str, bytes] = {}
        body = [entry.parts[0]]
        for slot, part in zip(entry.slots, entry.parts[1:], strict=True):
            if slot not in values:
                if slot == "csrf":
                    values[slot] = get_token(request).encode()
                elif slot == "nonce":
                    values[slot] = str(request._csp_nonce).encode()
                else:
                    values[slot] = str(uuid.uuid4()).encode()
            body += (values[slot], part)
        response = HttpResponse(b"".join(body), status=entry.status)
        for name, value in entry.headers:
            response[name] = value
        return response

    def _miss(self, request: HttpRequest, key: str, started: str | None) -> HttpResponse:
        recording = _Recording()
        session_before = dict(request.session)
        token = _recording.set(recording)
        try:
            response = self.get_response(request)
        finally:
            _recording.reset(token)
        if self._storable(request, response, recording, session_before):
            self._store(request, response, recording, key, started)
        return response

    @staticmethod
    def _storable(request: HttpRequest, response: HttpResponse, recording: _Recording, session_before: dict) -> bool:
        from jongerenwerk.core.middleware import SESSION_TOUCHED

        session_after = dict(request.session)
        session_before.pop(SESSION_TOUCHED, None)
        session_after.pop(SESSION_TOUCHED, None)
        messages = getattr(request, "_messages", None)
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and recording.writes <= UNVERSIONED
            and not (recording.reads & UNVERSIONED)
            and recording.audit_entries == len(recording.replays)  # every audit entry is written again on a hit
            and session_after == session_before
            and not (messages is not None and getattr(messages, "added_new", False))
        )

    def _store(self, request: HttpRequest, response: HttpResponse, recording: _Recording, key: str,
               started: str | None) -> None:
        fresh: dict[bytes, str] = {}
        secret = request.META.get("CSRF_COOKIE")
        if secret:
            for candidate in set(_CSRF_CANDIDATE.findall(response.content)):
                if _unmask_cipher_token(candidate.decode()) == secret:
                    fresh[candidate] = "csrf"
        nonce = getattr(request, "_csp_nonce", None)
        if nonce:
            fresh[str(nonce).encode()] = "nonce"
        for number, value in enumerate(recording.fresh):
            fresh[value.encode()] = f"fresh:{number}"
        parts, slots = [response.content], []
        if fresh:
            pieces = re.split(b"(" + b"|".join(re.escape(value) for value in fresh) + b")", response.content)
            parts, slots = pieces[0::2], [fresh[value] for value in pieces[1::2]]
        tables = recording.reads | {ANY_TABLE}
        try:
            cache = _cache()
            versions = cache.get_many([_version_key(table) for table in [*tables, WRITE_SEEN]])
            if versions.get(_version_key(WRITE_SEEN)) != started:
                return  # something was written while the page was made: it may show either state
            entry = _Entry(
                parts=parts, slots=slots, status=response.status_code,
                headers=[(name, value) for name, value in response.items() if name.lower() != "content-length"],
                versions={table: versions.get(_version_key(table)) for table in tables},
                replays=recording.replays,
            )
            cache.set(key, entry, SECONDS)
            _remember(key, entry)
        except Exception as error:  # noqa: BLE001
            _failed(error)


# Which tables each page key depended on, as this process last saw: a hit then asks for the page
# and its versions at once. A guess only (checked against the page), so it may be forgotten.
_tables_of: dict[str, tuple[str, ...]] = {}
REMEMBERED = 10_000


def _remember(key: str, entry: _Entry) -> None:
    if len(_tables_of) >= REMEMBERED:
        _tables_of.clear()
    _tables_of[key] = tuple(entry.versions)


def _asks_fresh(request: HttpRequest) -> bool:
    """A hard reload (and the benchmarks that time rendering) asks for the page made anew."""
    return "no-cache" in request.headers.get("Cache-Control", "") or request.headers.get("Pragma") == "no-cache"


def _pk(value: str) -> int | str:
    return int(value) if str(value).isdigit() else value

