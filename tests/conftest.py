"""Personas shared by every test: two organisations and every role.

`organisation` has two neighbourhoods: the worker and the colleague work in `wijk_a`,
the worker of another team in `wijk_b`. `other_organisation` has its own worker (the
outsider) and admin (the outside admin).
Roles that must use MFA have a TOTP authenticator, as they would after their first sign-in.
"""

import itertools
import uuid
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from jongerenwerk.core import outbox
from jongerenwerk.core.models import Organisation, Role, User
from signals.defaults import categories_seed
from signals.models import Category
from signals.services import intake
from tests.factories import (
    MembershipFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
    UserFactory,
    with_totp,
)

pytest_plugins = ["tests.brokers"]


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Every persona has a password; the production hasher would spend seconds per test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A broker failure in an earlier test must not keep this one from publishing.
    outbox.reset_breaker()


@pytest.fixture
def organisation(db) -> Organisation:
    return OrganisationFactory(name="Jongerenwerk Testwijk")


@pytest.fixture
def other_organisation(db) -> Organisation:
    return OrganisationFactory(name="Jongerenwerk Elders")


@pytest.fixture
def wijk_a(organisation):
    return NeighbourhoodFactory(organisation=organisation, name="Wijk A")


@pytest.fixture
def wijk_b(organisation):
    return NeighbourhoodFactory(organisation=organisation, name="Wijk B")


def _member(organisation, role, email, neighbourhoods=()) -> User:
    membership = MembershipFactory(
        organisation=organisation, role=role, user__email=email, neighbourhoods=list(neighbourhoods)
    )
    return membership.user


@pytest.fixture
def worker(organisation, wijk_a) -> User:
    return _member(organisation, Role.JONGERENWERKER, "werker@test.test", [wijk_a])


@pytest.fixture
def colleague(organisation, wijk_a) -> User:
    return _member(organisation, Role.JONGERENWERKER, "collega@test.test", [wijk_a])


@pytest.fixture
def other_team_worker(organisation, wijk_b) -> User:
    return _member(organisation, Role.JONGERENWERKER, "andere-wijk@test.test", [wijk_b])


@pytest.fixture
def safeguarding_officer(organisation) -> User:
    return with_totp(_member(organisation, Role.AANDACHTSFUNCTIONARIS, "af@test.test"))


@pytest.fixture
def manager(organisation) -> User:
    return with_totp(_member(organisation, Role.LEIDINGGEVENDE, "leiding@test.test"))


@pytest.fixture
def admin_member(organisation) -> User:
    return with_totp(_member(organisation, Role.BEHEERDER, "beheer@test.test"))


@pytest.fixture
def trainer(db) -> User:
    return UserFactory(email="trainer@test.test", is_trainer=True)


@pytest.fixture
def outsider(other_organisation) -> User:
    neighbourhood = NeighbourhoodFactory(organisation=other_organisation, name="Elders-wijk")
    return _member(other_organisation, Role.JONGERENWERKER, "buiten@test.test", [neighbourhood])


@pytest.fixture
def outsider_admin(other_organisation) -> User:
    return with_totp(_member(other_organisation, Role.BEHEERDER, "beheer@elders.test"))


@dataclass
class Personas:
    worker: User
    colleague: User
    other_team_worker: User
    safeguarding_officer: User
    manager: User
    admin_member: User
    trainer: User
    outsider: User
    outsider_admin: User

    def get(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


@pytest.fixture
def personas(
    worker, colleague, other_team_worker, safeguarding_officer, manager, admin_member, trainer, outsider, outsider_admin
) -> Personas:
    return Personas(
        worker, colleague, other_team_worker, safeguarding_officer, manager, admin_member, trainer, outsider,
        outsider_admin,
    )


@pytest.fixture
def client_for():
    """A test client signed in as the given user (or anonymous for None)."""

    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


# Signals, for every app's tests that need one ------------------------------------------


@pytest.fixture
def categories(organisation):
    categories_seed(organisation)
    return {c.key: c for c in Category.objects.filter(organisation=organisation)}


@pytest.fixture
def log_signal(organisation, categories, wijk_a):
    """Log a signal as `reporter` (default: the worker), in wijk A unless told otherwise."""
    counter = itertools.count(1)

    def log(reporter, category="vechtpartij", severity="middel", **fields):
        # Each signal its own facts: the same facts again within minutes are one signal sent twice.
        number = next(counter)
        defaults = {
            "source": "snapchat", "observed_at": timezone.now(), "neighbourhood": wijk_a,
            "facts": f"In een Snapchat-story wordt een vechtpartij bij het winkelcentrum aangekondigd ({number}).",
        }
        signal, _ = intake.signal_create(
            organisation=organisation, reporter=reporter, idempotency_key=uuid.uuid4(),
            category=categories[category], severity=severity, **{**defaults, **fields},
        )
        return signal

    return log
