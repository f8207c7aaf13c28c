"""Notifying many people at once costs a few queries, not a few per person, and still tells
each person once per key, with one mail task each in the outbox."""

import pytest

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
    assert OutboxMessage.objects.filter(task_name="core.send_notification_email").count() == 63


def test_a_rerun_and_a_repeated_person_tell_nobody_twice(organisation, worker):
    people = members(organisation, 4)
    reminders.notify(users=people[:2], message="m", url="/", key="batch:k")
    again = reminders.notify(users=people + [people[3]], message="m", url="/", key="batch:k")
    assert sorted(n.user_id for n in again) == sorted(p.pk for p in people[2:])
    assert Notification.objects.filter(key="batch:k").count() == 4
    assert OutboxMessage.objects.filter(task_name="core.send_notification_email").count() == 4


@pytest.mark.django_db(transaction=True)
def test_the_mails_wait_in_the_outbox_while_the_broker_is_down(broker_down, organisation):
    people = members(organisation, 5)
    reminders.notify(users=people, message="m", url="/", key="batch:down")
    assert OutboxMessage.objects.filter(task_name="core.send_notification_email", published_at=None).count() == 5
