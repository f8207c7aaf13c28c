"""Retention: a programme's enrolments are anonymised `TRAININGS_RETENTION_MONTHS` after its
last session (certificates keep their copied name and stay verifiable by code); interest
registrations are deleted once the programme has ended."""

from datetime import datetime

from django.conf import settings
from django.db.models import Max, QuerySet
from django.utils import timezone

from jongerenwerk.core.retention import RetentionRule, months_before
from trainings.models import Enrolment, Interest, Programme


def retention_months() -> int:
    return settings.TRAININGS_RETENTION_MONTHS


def ended_programmes(before: datetime) -> QuerySet[Programme]:
    return Programme.objects.annotate(last_end=Max("sessions__ends_at")).filter(last_end__lt=before)


def expired_enrolments(organisation_id: int, cutoff: datetime) -> QuerySet[Enrolment]:
    """The organisation's own cutoff does not apply: a training record follows the programme."""
    before = months_before(timezone.localtime(), retention_months())
    return Enrolment.objects.filter(organisation=organisation_id, anonymised_at=None,
                                    session__programme__in=ended_programmes(before).values("pk"))


def anonymise_enrolments(ids: list[int], now: datetime) -> None:
    Enrolment.objects.filter(pk__in=ids).update(user=None, enrolled_by=None, anonymised_at=now)


def interests_forget(*, now: datetime | None = None) -> int:
    deleted, _ = Interest.objects.filter(programme__in=ended_programmes(now or timezone.now()).values("pk")).delete()
    return deleted


RULE = RetentionRule(name="trainings.enrolments", model=Enrolment, expired=expired_enrolments,
                     anonymise=anonymise_enrolments)
