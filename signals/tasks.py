from celery import shared_task

from signals import services


@shared_task(name="signals.send_reminders")
def send_reminders() -> int:
    return services.reminders_send()
