from celery import shared_task

from signals.services import trends


@shared_task(name="signals.detect_rises")
def detect_rises() -> int:
    return len(trends.rises_detect())
