from datetime import UTC, timedelta

from django.core import mail
from django.utils import timezone

from jongerenwerk.core import reminders
from jongerenwerk.core import tasks as core_tasks
from jongerenwerk.core.models import Notification
from signals.models import FollowUpAction, Signal


def test_reminders_fire_once_and_carry_nothing_about_the_young_person(
    worker, colleague, safeguarding_officer, log_signal
):
    signal = log_signal(worker, facts="Naam en details die nooit in een mail mogen")
    Signal.objects.filter(pk=signal.pk).update(created_at=timezone.now() - timedelta(hours=49),
                                               step_due_at=timezone.now() - timedelta(hours=1))
    FollowUpAction.objects.create(signal=signal, description="Bellen met school", owner=colleague,
                                  due_on=timezone.localdate() - timedelta(days=1))
    first = core_tasks.send_reminders()
    assert first == 4  # reporter + officer (waiting), reporter (deadline), owner (action)
    assert core_tasks.send_reminders() == 0

    for notification in Notification.objects.all():
        core_tasks.send_notification_email(notification.pk)
        core_tasks.send_notification_email(notification.pk)
    assert len(mail.outbox) == 4
    for message in mail.outbox:
        assert "Naam" not in message.body and "school" not in message.body
        assert f"/signalen/{signal.pk}/" in message.body
    assert {m.to[0] for m in mail.outbox} == {worker.email, safeguarding_officer.email, colleague.email}


def test_nothing_is_reminded_before_it_is_due(worker, log_signal):
    log_signal(worker)
    assert core_tasks.send_reminders() == 0


def test_an_action_is_overdue_from_local_midnight_as_on_its_page(worker, colleague, log_signal):
    signal = log_signal(worker)
    # 00:30 tomorrow in Amsterdam, which is still today in UTC; the action was due today.
    just_after_midnight = (timezone.localtime() + timedelta(days=1)).replace(hour=0, minute=30)
    assert just_after_midnight.astimezone(UTC).date() < just_after_midnight.date()
    action = FollowUpAction.objects.create(signal=signal, description="Bellen", owner=colleague,
                                           due_on=just_after_midnight.date() - timedelta(days=1))
    assert reminders.reminders_send(now=just_after_midnight) == 1
    assert Notification.objects.get(key=f"action:{action.pk}:overdue").user == colleague
