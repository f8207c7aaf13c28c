import uuid
from datetime import datetime, timedelta

import pytest
from django.utils import timezone, translation

from contacts.models import Character, InitiatedBy
from contacts.services import records
from contacts.services.settings import contact_settings_ensure
from jongerenwerk.core.models import Membership
from jongerenwerk.core.reporting import DUTCH_TIME, week_of
from policy.models import Draft
from policy.services import handbook


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


def amsterdam(day, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=DUTCH_TIME)


@pytest.fixture
def contact_settings(organisation):
    """Office hours Monday to Friday 09:00-17:00, as approval makes them."""
    return contact_settings_ensure(organisation)


@pytest.fixture
def log_contact(organisation, contact_settings):
    def log(worker, **fields):
        defaults = {
            "channel": "whatsapp", "started_at": timezone.now(), "duration_minutes": 10,
            "initiated_by": InitiatedBy.YOUTH, "character": Character.SUPPORTIVE,
        }
        if "youth" not in fields and "new_youth_alias" not in fields:
            defaults["anonymous"] = True
        contact, _ = records.contact_create(
            organisation=organisation, worker=worker, idempotency_key=uuid.uuid4(), **{**defaults, **fields}
        )
        return contact

    return log


@pytest.fixture
def tuesday_two_weeks_ago():
    """A working day inside the last four complete weeks."""
    return week_of(timezone.now()) - timedelta(weeks=2) + timedelta(days=1)


@pytest.fixture
def handbook_overdue(organisation, admin_member, personas):
    """Version 1 published 30 days ago, to acknowledge within 14 days; every member joined
    60 days ago, so whoever has not acknowledged it is overdue."""
    handbook.handbook_seed(organisation)
    draft = Draft.objects.get(organisation=organisation)
    version, _done = handbook.publication_request(
        draft=draft, by=admin_member, expected_revision=draft.revision, summary="Eerste versie.", is_material=True,
        acknowledge_within_days=14, effective_on=None, now=timezone.now() - timedelta(days=30),
    )
    Membership.objects.filter(organisation=organisation).update(created_at=timezone.now() - timedelta(days=60))
    return version
