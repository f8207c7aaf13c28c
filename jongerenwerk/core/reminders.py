"""Notifications and reminders: one mechanism for every app.

A notification tells one person that something waits for them. Its message is stored as a
message id with parameters and translated when it is shown or mailed, in the recipient's
language. Each (person, key) is notified once, ever: the key names the occasion.

A reminder is registered by an app (`registry.add_reminder`) and says what is due, for whom,
with which message and link. The periodic task `core.send_reminders` runs every reminder;
because keys are claimed, a rerun sends nothing twice. A reminder's mail says only that
something waits, with the link, unless the reminder is declared to carry content (a training's
meeting link may be mailed; nothing about a young person ever is) and composes its own mail.
"""

from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core import mail as django_mail
from django.core.mail.utils import DNS_NAME
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from jongerenwerk.core import outbox, pagecache
from jongerenwerk.core.mail import EmailMessage
from jongerenwerk.core.models import Notification, User
from jongerenwerk.core.registry import registry


@dataclass(frozen=True)
class Occasion:
    """One thing that is due: who is told, under which key, with which link and parameters."""

    users: Sequence[User]
    key: str
    url: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Mail:
    subject: str
    body: str
    attachments: Sequence[tuple[str, bytes | str, str]] = ()  # (file name, content, MIME type)


@dataclass(frozen=True)
class Reminder:
    name: str
    message: str  # an English message id (gettext_noop), with %(name)s parameters
    due: Callable[[datetime], Iterable[Occasion]]
    # Whether its mail may say more than "something waits for you": never for anything about
    # a young person; a training's time and meeting link may be mailed.
    carries_content: bool = False
    compose: Callable[[Notification], Mail] | None = None
    # Fetches at once what `compose` needs for a batch of this reminder's notifications (and
    # keeps it on them), so that mailing a thousand costs no query per mail for it.
    prepare: Callable[[list[Notification]], None] | None = None

    def __post_init__(self) -> None:
        if self.compose is not None and not self.carries_content:
            raise ValueError(f"{self.name}: only a reminder declared to carry content composes its own mail")


def notify(
    *, users: Iterable[User], message: str, url: str, key: str, params: dict | None = None, reminder: str = ""
) -> list[Notification]:
    """Tell people there is something to do; each (person, key) is notified once, ever.
    `message` is a message id: it is translated for each recipient when shown or mailed."""
    # In batches: one query for who already has the key, one insert for the rest, one for their
    # mails' outbox messages, so a sweep of thousands costs a few queries per occasion.
    users = list({user.pk: user for user in users}.values())
    defaults = {"message": message, "params": params or {}, "url": url, "reminder": reminder}
    created = []
    with transaction.atomic():
        known = set(Notification.objects.filter(key=key, user__in=users).values_list("user_id", flat=True))
        fresh = [Notification(user=user, key=key, **defaults) for user in users if user.pk not in known]
        try:
            with transaction.atomic():
                created = Notification.objects.bulk_create(fresh)
        except IntegrityError:
            # Another run made some of them meanwhile: one at a time, each claimed by its key.
            for notification in fresh:
                made, is_new = Notification.objects.get_or_create(user=notification.user, key=key,
                                                                  defaults=defaults)
                if is_new:
                    created.append(made)
        _enqueue_mails([notification.pk for notification in created])
    if created:
        _forget_unread({notification.user_id for notification in created})
    return created


UNREAD_CACHE_SECONDS = 60


def _unread_key(user_id: int) -> str:
    return f"unread-notifications:{user_id}"


def unread_count(user: User) -> int:
    """The menu's badge: how many notifications wait unread, counted at most once a minute."""
    pagecache.depends_on(Notification._meta.db_table)
    count = cache.get(_unread_key(user.pk))
    if count is None:
        count = Notification.objects.filter(user=user, read_at=None).count()
        cache.set(_unread_key(user.pk), count, UNREAD_CACHE_SECONDS)
    return count


def _forget_unread(user_ids) -> None:
    cache.delete_many([_unread_key(pk) for pk in user_ids])


def reminders_send(*, now: datetime | None = None) -> int:
    """Run every registered reminder; returns how many notifications were new."""
    now = now or timezone.now()
    sent = 0
    for reminder in registry.reminders.values():
        for occasion in reminder.due(now):
            sent += len(notify(
                users=occasion.users, message=reminder.message, url=occasion.url, key=occasion.key,
                params=occasion.params, reminder=reminder.name,
            ))
    return sent


# Mail ---------------------------------------------------------------------------------------

# A claim to send a mail lapses after this long, so a worker killed while sending leaves the
# mail to a later attempt instead of blocking it for ever.
SEND_LEASE = timedelta(minutes=10)
# A mail that keeps failing is tried again by the sweep until this many attempts.
MAX_MAIL_ATTEMPTS = 20


def send_once(row, *, done: str, claim: str, send: Callable[[], None], count: str = "") -> bool:
    """Send a mail for one row at most once: claim it, send, then mark it done.

    `row` is a queryset of the one row; `done` and `claim` name its datetime fields, `count`
    (if given) a field that counts the attempts, raised with the claim. A failed send releases
    the claim and re-raises, so a retry really sends; a rerun after success finds the row done
    and sends nothing. Returns whether this call sent it.
    """
    now = timezone.now()
    unclaimed = Q(**{claim: None}) | Q(**{f"{claim}__lt": now - SEND_LEASE})
    attempts = {count: F(count) + 1} if count else {}
    if not row.filter(unclaimed, **{done: None}).update(**{claim: now}, **attempts):
        return False
    try:
        send()
    except BaseException:
        row.filter(**{claim: now}).update(**{claim: None})
        raise
    row.update(**{done: timezone.now()})
    return True


def compose(notification: Notification) -> Mail:
    """The mail for a notification, in the active language: the reminder's own when it is
    declared to carry content, otherwise only that something waits, with the link."""
    reminder = registry.reminders.get(notification.reminder)
    if reminder is not None and reminder.compose is not None:
        return reminder.compose(notification)
    body = render_to_string(
        "core/email/notification.txt",
        {"message": notification.text, "link": settings.SITE_URL + notification.url},
    )
    return Mail(subject=_("Something waits for you in the youth-work portal"), body=body)


def _message_id(notification: Notification) -> str:
    """The same Message-ID every time this notification is mailed. A mail can go again only
    when its worker died between sending it and marking it sent; mail programs show such a
    second delivery of one Message-ID once. Keyed with the secret, so it gives away no count."""
    digest = salted_hmac("notification-mail", str(notification.pk), algorithm="sha256").hexdigest()
    return f"<{digest[:32]}@{DNS_NAME}>"


def _message(notification: Notification) -> EmailMessage:
    """The mail of one notification, in its recipient's language."""
    with translation.override(notification.user.language or settings.LANGUAGE_CODE):
        mail = compose(notification)
    message = EmailMessage(mail.subject, mail.body, None, [notification.user.email],
                           headers={"Message-ID": _message_id(notification)})
    for name, content, mimetype in mail.attachments:
        message.attach(name, content, mimetype)
    return message


def notification_send_email(*, notification: Notification) -> bool:
    """Mail one notification in its recipient's language; at most once, retried until it goes."""
    return send_once(Notification.objects.filter(pk=notification.pk), done="emailed_at", claim="email_claimed_at",
                     count="email_attempts", send=lambda: _message(notification).send())


# Mails go in batches: one task, one mail connection and a few queries for up to this many.
MAIL_BATCH = 100


def _enqueue_mails(ids: list[int]) -> None:
    outbox.enqueue_many("core.send_notification_emails",
                        [[ids[start:start + MAIL_BATCH]] for start in range(0, len(ids), MAIL_BATCH)])


@contextmanager
def _marks_without_waiting_for_disk():
    """On PostgreSQL, commit the "mailed" marks without waiting for the disk flush.

    Each mail is marked on its own, so that a worker killed halfway sends nothing twice; waiting
    for the write-ahead log to reach the disk at every mark cost about 0.1 ms a mail. The
    mark still survives the worker's death at once (it is in the server's log): only a crash of
    the database server itself could lose the last fraction of a second of marks, so that a
    few mails would go again, the same risk as a crash between sending and marking."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def notifications_send_emails(*, ids: Sequence[int]) -> int:
    """Mail a batch of notifications over one mail connection; returns how many this call sent.

    The batch is claimed in one update (the claim's time is its token), then each mail is sent
    and marked done on its own, so a worker killed halfway leaves the rest to be sent once
    (when their claim lapses) and nothing twice. A failing mail stops the batch and raises: its
    claim is released, and the mails not yet tried are released without counting an attempt
    (the task is retried and skips what went already)."""
    now = timezone.now()
    unclaimed = Q(email_claimed_at=None) | Q(email_claimed_at__lt=now - SEND_LEASE)
    batch = Notification.objects.filter(pk__in=list(ids), emailed_at=None)
    if not batch.filter(unclaimed).update(email_claimed_at=now, email_attempts=F("email_attempts") + 1):
        return 0
    notifications = list(batch.filter(email_claimed_at=now).select_related("user").order_by("pk"))
    by_reminder: dict[str, list[Notification]] = {}
    for notification in notifications:
        by_reminder.setdefault(notification.reminder, []).append(notification)
    sent = 0
    try:
        for name, some in by_reminder.items():
            reminder = registry.reminders.get(name)
            if reminder is not None and reminder.prepare is not None:
                reminder.prepare(some)
        with django_mail.mailers.default as connection, _marks_without_waiting_for_disk():
            for notification in notifications:
                connection.send_messages([_message(notification)])
                Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
                sent += 1
    except BaseException:
        failed, untried = notifications[sent:sent + 1], notifications[sent + 1:]
        Notification.objects.filter(pk__in=[n.pk for n in failed], email_claimed_at=now).update(email_claimed_at=None)
        Notification.objects.filter(pk__in=[n.pk for n in untried], email_claimed_at=now).update(
            email_claimed_at=None, email_attempts=F("email_attempts") - 1)
        raise
    return sent


def notifications_mail_unsent(*, now: datetime | None = None) -> int:
    """Enqueue the mails that failed beyond their task's retries or whose worker died while
    sending; returns how many. Each is claimed again when it is sent, so nothing goes twice."""
    now = now or timezone.now()
    waiting = Notification.objects.filter(
        Q(email_claimed_at=None) | Q(email_claimed_at__lt=now - SEND_LEASE),
        emailed_at=None, created_at__lt=now - SEND_LEASE, email_attempts__lt=MAX_MAIL_ATTEMPTS,
    ).values_list("pk", flat=True)
    ids = list(waiting[:1000])
    with transaction.atomic():
        _enqueue_mails(ids)
    return len(ids)


def notifications_mark_read(*, user: User) -> int:
    marked = Notification.objects.filter(user=user, read_at=None).update(read_at=timezone.now())
    _forget_unread([user.pk])
    return marked
