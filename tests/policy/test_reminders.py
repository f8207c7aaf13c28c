"""Reminders to acknowledge the handbook: at publication, 7 days before the due date, on the
due date and weekly while overdue, each once; and the re-check of work profiles."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import OperationalError
from django.utils import timezone

from jongerenwerk.celery import app
from jongerenwerk.core import reminders
from jongerenwerk.core import tasks as core_tasks
from jongerenwerk.core.models import Notification, Role
from jongerenwerk.core.reporting import start_of
from policy.models import Acknowledgement, WorkProfile
from policy.reminders import occasion_of
from policy.services import profiles
from tests.celery_helpers import private_broker_folders, running_worker, wait_for
from tests.factories import MembershipFactory
from tests.policy.conftest import edit, publish

DAY = timedelta(days=1)


def keys_of(user) -> list[str]:
    return sorted(Notification.objects.filter(user=user, key__startswith="policy:ack").values_list("key", flat=True))


@pytest.fixture
def members_since_long(worker, colleague, admin_member):
    for member in (worker, colleague, admin_member):
        member.membership.created_at = timezone.now() - timedelta(days=365)
        member.membership.save(update_fields=["created_at"])


def test_the_occasions_follow_the_due_date():
    published = start_of(timezone.localdate()) + timedelta(hours=10)
    due = timezone.localdate(published) + timedelta(days=14)
    assert occasion_of(published, due, published - timedelta(minutes=1)) is None
    assert occasion_of(published, due, published) == "published"
    assert occasion_of(published, due, start_of(due - 7 * DAY) - timedelta(minutes=1)) == "published"
    assert occasion_of(published, due, start_of(due - 7 * DAY)) == "due-soon"
    assert occasion_of(published, due, start_of(due)) == "due"
    assert occasion_of(published, due, start_of(due + 6 * DAY)) == "due"
    assert occasion_of(published, due, start_of(due + 7 * DAY)) == "overdue:1"
    assert occasion_of(published, due, start_of(due + 15 * DAY)) == "overdue:2"
    # With a week or less to acknowledge, there is no separate "a week before".
    short = timezone.localdate(published) + timedelta(days=5)
    assert occasion_of(published, short, published + 2 * DAY) == "published"


def test_each_occasion_is_sent_once_to_those_who_have_not_acknowledged(
    draft, admin_member, worker, colleague, members_since_long
):
    version = publish(draft, admin_member, days=14)
    Acknowledgement.objects.create(organisation=version.organisation, user=colleague, version=version)
    due = timezone.localdate(version.effective_at) + timedelta(days=14)
    moments = [version.effective_at + timedelta(minutes=5), start_of(due - 7 * DAY) + timedelta(hours=1),
               start_of(due) + timedelta(hours=1), start_of(due + 7 * DAY) + timedelta(hours=1),
               start_of(due + 14 * DAY) + timedelta(hours=1)]
    for moment in moments:
        assert reminders.reminders_send(now=moment) == 2  # the worker and the admin who published it
        assert reminders.reminders_send(now=moment) == 0
        assert reminders.reminders_send(now=moment + timedelta(hours=2)) == 0
    prefix = f"policy:ack:{version.pk}"
    assert keys_of(worker) == sorted(
        f"{prefix}:{occasion}" for occasion in ("published", "due-soon", "due", "overdue:1", "overdue:2")
    )
    assert keys_of(colleague) == []
    texts = [n.text for n in Notification.objects.filter(user=worker).order_by("created_at")]
    assert texts[0] == "Versie 1 van het handboek vraagt je het te lezen en te bevestigen."
    assert texts[-1] == "Je bevestiging van versie 1 van het handboek is te laat."


def test_a_late_run_sends_only_the_latest_occasion(draft, admin_member, worker, members_since_long):
    version = publish(draft, admin_member, days=14)
    due = timezone.localdate(version.effective_at) + timedelta(days=14)
    reminders.reminders_send(now=start_of(due) + timedelta(hours=1))
    assert keys_of(worker) == [f"policy:ack:{version.pk}:due"]


def test_an_editorial_version_asks_nobody_again(draft, admin_member, worker, members_since_long):
    first = publish(draft, admin_member, now=timezone.now() - timedelta(days=3))
    Acknowledgement.objects.create(organisation=first.organisation, user=worker, version=first)
    edit(draft, admin_member, append=" Typfout.")
    publish(draft, admin_member, material=False)
    reminders.reminders_send()
    assert keys_of(worker) == []


def test_a_material_version_asks_again_with_its_own_keys(draft, admin_member, worker, members_since_long):
    first = publish(draft, admin_member, now=timezone.now() - timedelta(days=3))
    Acknowledgement.objects.create(organisation=first.organisation, user=worker, version=first)
    edit(draft, admin_member, append="\n\nNieuwe regel.")
    second = publish(draft, admin_member, material=True)
    reminders.reminders_send()
    assert keys_of(worker) == [f"policy:ack:{second.pk}:published"]


def test_a_scheduled_version_is_announced_on_its_day(draft, admin_member, worker, members_since_long):
    publish(draft, admin_member, now=timezone.now() - timedelta(days=30))
    edit(draft, admin_member, append="\n\nVanaf volgende week.")
    day = timezone.localdate() + timedelta(days=7)
    scheduled = publish(draft, admin_member, effective_on=day)
    Notification.objects.all().delete()
    reminders.reminders_send(now=start_of(day) - timedelta(minutes=1))
    assert f"policy:ack:{scheduled.pk}:published" not in keys_of(worker)
    reminders.reminders_send(now=start_of(day) + timedelta(minutes=15))
    assert f"policy:ack:{scheduled.pk}:published" in keys_of(worker)


def test_a_new_member_gets_the_time_from_when_they_joined(draft, admin_member, organisation, members_since_long):
    version = publish(draft, admin_member, now=timezone.now() - timedelta(days=30))
    newcomer = MembershipFactory(organisation=organisation, role=Role.JONGERENWERKER).user
    reminders.reminders_send()
    # Everyone else is overdue by now; the newcomer is only asked.
    assert keys_of(newcomer) == [f"policy:ack:{version.pk}:published"]


def test_a_profile_is_reminded_once_when_its_recheck_is_due(worker, organisation):
    from policy.models import ProfileRule

    ProfileRule.objects.create(organisation=organisation, platform="instagram", recheck_months=6)
    profile, _ = profiles.profile_create(
        user=worker, membership=worker.membership, platform="instagram", handle="jw.werker", bio="",
        is_closed=True, uses_logo=True, link="", now=timezone.now() - timedelta(days=200),
    )
    assert reminders.reminders_send() == 1
    assert reminders.reminders_send() == 0
    notification = Notification.objects.get(user=worker, key__startswith="policy:profile")
    assert notification.text == "Controleer of je werkprofiel op Instagram nog de regels volgt, en bevestig het."
    # Confirming starts a new interval, with its own reminder later.
    profiles.profile_confirm(profile=profile, by=worker, seen=profile.confirmed_at)
    assert reminders.reminders_send() == 0
    later = WorkProfile.objects.get(pk=profile.pk).confirmed_at + timedelta(days=190)
    assert reminders.reminders_send(now=later) == 1


@pytest.fixture
def broker(tmp_path):
    with private_broker_folders(tmp_path / "broker"):
        yield app.conf.broker_url


def _count(queryset) -> int | None:
    try:
        return queryset.count()
    except OperationalError:  # SQLite: the worker thread holds the table; look again
        return None


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_each_reminder_and_its_mail_once(
    broker, draft, admin_member, worker, colleague, members_since_long
):
    publish(draft, admin_member)
    with running_worker():
        core_tasks.send_reminders.delay()
        wait_for(lambda: len(mail.outbox) == 3, what=f"the reminder mails on {broker.split(':')[0]}")
        core_tasks.send_reminders.delay()
        wait_for(lambda: _count(Notification.objects.filter(emailed_at__isnull=False)) == 3, what="the mails marked")


        time.sleep(1)  # a duplicate would have arrived by now
    assert sorted(m.to[0] for m in mail.outbox) == sorted([worker.email, colleague.email, admin_member.email])
    assert all("/beleid/" in m.body for m in mail.outbox)
    assert Notification.objects.filter(key__startswith="policy:ack").count() == 3


def test_a_suspended_organisation_is_not_reminded(draft, admin_member, worker, organisation, members_since_long):
    from jongerenwerk.core.models import Organisation

    publish(draft, admin_member)
    Organisation.objects.filter(pk=organisation.pk).update(status=Organisation.Status.SUSPENDED)
    assert reminders.reminders_send() == 0
