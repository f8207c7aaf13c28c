"""Thin tasks: fetch again by primary key, return quietly if the row is gone, call a service."""

from celery import shared_task

from trainings.models import Interest, Session
from trainings.services import enrolments, interest as interest_services

RETRYABLE = (ConnectionError, TimeoutError, OSError)
RETRY = {"autoretry_for": RETRYABLE, "retry_backoff": True, "retry_backoff_max": 600, "max_retries": 8}


@shared_task(name="trainings.send_interest_confirmation", **RETRY)
def send_interest_confirmation(interest_id: int) -> None:
    interest = Interest.objects.filter(pk=interest_id).first()
    if interest is not None:
        interest_services.interest_send_confirmation(interest=interest)


@shared_task(name="trainings.send_interest_notice", **RETRY)
def send_interest_notice(interest_id: int, session_id: int) -> None:
    interest = Interest.objects.filter(pk=interest_id).first()
    session = Session.objects.filter(pk=session_id).first()
    if interest is not None and session is not None:
        interest_services.interest_send_notice(interest=interest, session=session)


@shared_task(name="trainings.expire_offers")
def expire_offers() -> int:
    return enrolments.offers_expire()


@shared_task(name="trainings.forget_interest")
def forget_interest() -> int:
    from trainings.services.retention import interests_forget

    return interests_forget()
