"""Notifying many people at once costs a few queries, not a few per person, and still tells
each person once per key, their mails in batches of MAIL_BATCH per task in the outbox."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from jongerenwerk.core import reminders
from jongerenwerk.core.models import Notification, OutboxMessage, Role
from tests.factories import MembershipFactory


def members(organisation, n):
    return [MembershipFactory(organisation=organisation, role=Role.JONGERENWERKER).user for _ in range(n)]


def test_many_people_are_notified_in_a_fixed_number_of_queries(organisation, django_assert_max_num_queries):
    few, many = members(organisation, 3), members(organisation, 60)
    with django_assert_max_num_queries(8):
        assert len(reminders.notify(users=few, message="m", url="/", key="batch:few")) == 3
    with django_assert_max_num_queries(8):
        assert len(reminders.notify(users=many, message="m", url="/", key="batch:many")) == 60
    batches = [message.args[0] for message in OutboxMessage.objects.filter(task_name="core.send_notification_emails")]
    assert sorted(len(batch) for batch in batches) == [3, 60]


def test_a_rerun_and_a_repeated_person_tell_nobody_twice(organisation, worker):
    people = members(organisation, 4)
    reminders.notify(users=people[:2], message="m", url="/", key="batch:k")
    again = reminders.notify(users=people + [people[3]], message="m", url="/", key="batch:k")
    assert sorted(n.user_id for n in again) == sorted(p.pk for p in people[2:])
    assert Notification.objects.filter(key="batch:k").count() == 4
    batches = [message.args[0] for message in OutboxMessage.objects.filter(task_name="core.send_notification_emails")]
    assert sorted(pk for batch in batches for pk in batch) == sorted(
        Notification.objects.filter(key="batch:k").values_list("pk", flat=True))


@pytest.mark.django_db(transaction=True)
def test_the_mails_wait_in_the_outbox_while_the_broker_is_down(broker_down, organisation):
    people = members(organisation, 5)
    reminders.notify(users=people, message="m", url="/", key="batch:down")
    (waiting,) = OutboxMessage.objects.filter(task_name="core.send_notification_emails", published_at=None)
    assert len(waiting.args[0]) == 5


def test_a_batch_goes_over_one_connection_each_mail_once_and_a_big_one_in_several_tasks(
    organisation, monkeypatch, django_assert_max_num_queries
):
    from django.core import mail

    people = members(organisation, 7)
    monkeypatch.setattr(reminders, "MAIL_BATCH", 3)
    made = reminders.notify(users=people, message="m", url="/", key="batch:mail")
    batches = [message.args[0] for message in OutboxMessage.objects.filter(task_name="core.send_notification_emails")]
    assert sorted(len(batch) for batch in batches) == [1, 3, 3]
    ids = [notification.pk for notification in made]
    assert reminders.notifications_send_emails(ids=ids[:5]) == 5
    assert reminders.notifications_send_emails(ids=ids) == 2  # a retry skips what went already
    assert sorted(message.to[0] for message in mail.outbox) == sorted(person.email for person in people)
    assert not Notification.objects.filter(key="batch:mail", emailed_at=None).exists()
    assert set(Notification.objects.filter(key="batch:mail").values_list("email_attempts", flat=True)) == {1}


def test_a_failing_mail_stops_its_batch_and_releases_only_itself(organisation, settings):
    from django.core import mail

    people = members(organisation, 3)
    made = reminders.notify(users=people, message="m", url="/", key="batch:fail")
    settings.MAILERS = {"default": {"BACKEND": "tests.core.test_notify_batches.RefuseSecond"}}
    RefuseSecond.calls = 0
    with pytest.raises(OSError):
        reminders.notifications_send_emails(ids=[n.pk for n in made])
    first, second, third = (Notification.objects.get(pk=n.pk) for n in made)
    assert first.emailed_at is not None
    assert second.emailed_at is None and second.email_claimed_at is None and second.email_attempts == 1
    assert third.emailed_at is None and third.email_claimed_at is None and third.email_attempts == 0
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    assert reminders.notifications_send_emails(ids=[n.pk for n in made]) == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted(person.email for person in people)  # once each


def test_a_batch_another_worker_holds_waits_until_its_claim_lapses(organisation):
    """A worker killed after claiming its batch sent part of it: the rest goes once, after
    the claim's lease, and what it sent never goes again."""
    from django.core import mail

    people = members(organisation, 4)
    made = reminders.notify(users=people, message="m", url="/", key="batch:claimed")
    ids = [n.pk for n in made]
    claimed = timezone.now() - timedelta(minutes=1)
    Notification.objects.filter(pk__in=ids).update(email_claimed_at=claimed, email_attempts=1)
    Notification.objects.filter(pk=ids[0]).update(emailed_at=claimed)  # it went before the worker died
    assert reminders.notifications_send_emails(ids=ids) == 0  # still held by the dead worker
    Notification.objects.filter(pk__in=ids).update(email_claimed_at=claimed - reminders.SEND_LEASE)
    assert reminders.notifications_send_emails(ids=ids) == 3
    assert sorted(message.to[0] for message in mail.outbox) == sorted(person.email for person in people[1:])
    assert set(Notification.objects.filter(pk__in=ids[1:]).values_list("email_attempts", flat=True)) == {2}


from django.core.mail.backends.locmem import EmailBackend as _Locmem  # noqa: E402


class RefuseSecond(_Locmem):
    """A mail server that refuses the second message it is given, as a busy one does."""

    calls = 0

    def send_messages(self, messages):
        RefuseSecond.calls += 1
        if RefuseSecond.calls == 2:
            raise OSError("451 try again later")
        return super().send_messages(messages)


def _synchronous_commit() -> str:
    from django.db import connection

    if connection.vendor != "postgresql":
        return "on"  # SQLite has no such setting; the batch leaves nothing to put back there
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_batch_outside_a_transaction_marks_every_mail_and_leaves_the_connection_as_it_was(organisation):
    """The marks are committed one by one without waiting for the disk (on PostgreSQL); after
    the batch, and after a failing one, the connection waits for the disk again."""
    from django.core import mail

    people = members(organisation, 3)
    made = reminders.notify(users=people, message="m", url="/", key="batch:committed")
    assert reminders.notifications_send_emails(ids=[n.pk for n in made]) == 3
    assert not Notification.objects.filter(key="batch:committed", emailed_at=None).exists()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(person.email for person in people)
    assert _synchronous_commit() == "on"
    more = reminders.notify(users=members(organisation, 2), message="m", url="/", key="batch:refused")
    with override_settings(MAILERS={"default": {"BACKEND": "tests.core.test_notify_batches.RefuseSecond"}}):
        RefuseSecond.calls = 0
        with pytest.raises(OSError):
            reminders.notifications_send_emails(ids=[n.pk for n in more])
    assert _synchronous_commit() == "on"


def test_a_mail_sent_again_after_its_worker_died_is_the_same_message(organisation):
    """Only a worker that dies between sending a mail and marking it sent makes the mail go
    again: then it carries the same Message-ID, so mail programs show it once."""
    from django.core import mail

    people = members(organisation, 2)
    made = reminders.notify(users=people, message="m", url="/", key="batch:again")
    ids = [n.pk for n in made]
    assert reminders.notifications_send_emails(ids=ids) == 2
    Notification.objects.filter(pk__in=ids).update(emailed_at=None, email_claimed_at=None)  # the marks never came
    assert reminders.notifications_send_emails(ids=ids) == 2
    first, second = ({m.to[0]: m.extra_headers["Message-ID"] for m in mail.outbox[start:start + 2]} for start in (0, 2))
    assert first == second
    assert len(set(first.values())) == 2 and all(v.startswith("<") and v.endswith(">") for v in first.values())
