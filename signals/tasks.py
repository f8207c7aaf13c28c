from celery import shared_task

from signals import retention, trends


# Generous limits: a first run over years of backlog works in committed batches, and a run
# cut short by the limit simply leaves the rest for the next day.
@shared_task(name="signals.anonymise_expired", time_limit=3600, soft_time_limit=3540)
def anonymise_expired() -> int:
    return retention.signals_anonymise_expired()


@shared_task(name="signals.detect_rises")
def detect_rises() -> int:
    return len(trends.rises_detect())
