"""Thin tasks: take keys, call a service. A report's failure is retried by the sweep, which
finds it failed or its claim lapsed; the task itself retries only what can heal."""

from celery import shared_task
from django.db import OperationalError

from reports.models import Kind
from reports.services import making


@shared_task(name="reports.make", autoretry_for=(OperationalError, OSError), retry_backoff=30, max_retries=3,
             soft_time_limit=240, time_limit=300)
def make(report_id: int) -> bool:
    return making.report_make(report_id=report_id)


@shared_task(name="reports.weekly")
def weekly() -> int:
    return making.scheduled_reports_request(Kind.WEEKLY)


@shared_task(name="reports.monthly")
def monthly() -> int:
    return making.scheduled_reports_request(Kind.MONTHLY)


@shared_task(name="reports.quarterly")
def quarterly() -> int:
    return making.scheduled_reports_request(Kind.FUNDER)


@shared_task(name="reports.sweep")
def sweep() -> int:
    return making.reports_sweep()
