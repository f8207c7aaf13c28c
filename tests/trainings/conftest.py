import itertools
from datetime import time, timedelta

import pytest
from django.utils import timezone

from jongerenwerk.core.models import Province, Role
from tests.factories import MembershipFactory
from trainings.models import Session
from trainings.services import programmes


@pytest.fixture
def programme(trainer):
    """Next autumn's programme: a province session on every Thursday for three weeks from a
    month from now, and one open Wednesday."""
    first = timezone.localdate() + timedelta(days=30)
    return programmes.programme_create_from_rule(
        name="#Awareness volgend najaar", weekday=3, first=first, last=first + timedelta(days=20), start=time(14),
        end=time(16), capacity=20, trainer=trainer, meeting_url="https://meet.example.test/awareness",
        extras=[programmes.Extra(first + timedelta(days=((2 - first.weekday()) % 7) + 7))],
    )


@pytest.fixture
def session(programme):
    """The first Thursday, given to Zuid-Holland (the test organisation's province)."""
    session = programme.sessions.filter(kind=Session.Kind.PROVINCE).first()
    session.province = Province.ZUID_HOLLAND
    session.save(update_fields=["province"])
    return session


@pytest.fixture
def open_session(programme):
    return programme.sessions.get(kind=Session.Kind.OPEN)


@pytest.fixture
def team_of(organisation):
    """`n` more youth workers of the organisation, named Werker 1 .. n."""

    made = itertools.count(1)

    def make(n: int, org=None):
        people = []
        for _ in range(n):
            i = next(made)
            people.append(MembershipFactory(organisation=org or organisation, role=Role.JONGERENWERKER,
                                            user__email=f"team{i}@{(org or organisation).pk}.test",
                                            user__full_name=f"Werker {i}").user)
        return people

    return make


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The public interest form counts requests in the cache; each test starts afresh."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
