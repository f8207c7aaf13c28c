import uuid

import pytest
from django.utils import timezone

from signals.defaults import categories_seed
from signals.models import Category
from signals.services import intake


@pytest.fixture
def categories(organisation):
    categories_seed(organisation)
    return {c.key: c for c in Category.objects.filter(organisation=organisation)}


@pytest.fixture
def log_signal(organisation, categories, wijk_a):
    """Log a signal as `reporter` (default: the worker), in wijk A unless told otherwise."""

    def log(reporter, category="vechtpartij", severity="middel", **fields):
        defaults = {
            "source": "snapchat", "observed_at": timezone.now(), "neighbourhood": wijk_a,
            "facts": "In een Snapchat-story wordt een vechtpartij bij het winkelcentrum aangekondigd.",
        }
        signal, _ = intake.signal_create(
            organisation=organisation, reporter=reporter, idempotency_key=uuid.uuid4(),
            category=categories[category], severity=severity, **{**defaults, **fields},
        )
        return signal

    return log
