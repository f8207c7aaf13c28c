import uuid
from datetime import datetime

import pytest
from django.utils import timezone

from contacts.models import Character, InitiatedBy
from contacts.services import records
from contacts.services.settings import contact_settings_ensure
from jongerenwerk.core.reporting import DUTCH_TIME
from signals.defaults import categories_seed
from signals.models import Category


@pytest.fixture
def contact_settings(organisation):
    """The organisation's contact settings as approval makes them: office hours Monday to
    Friday 09:00-17:00, every channel, the national help lines."""
    return contact_settings_ensure(organisation)


@pytest.fixture
def categories(organisation):
    categories_seed(organisation)
    return {c.key: c for c in Category.objects.filter(organisation=organisation)}


def amsterdam(*args) -> datetime:
    """A moment in Dutch time: amsterdam(2026, 3, 9, 14, 30)."""
    return datetime(*args, tzinfo=DUTCH_TIME)


@pytest.fixture
def log_contact(organisation, contact_settings):
    """Log a contact through the service, as `worker`; anonymous unless a young person is given."""

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
