from datetime import datetime, timedelta

import pytest
from django.utils import timezone, translation

from policy.models import Draft, PolicySettings, SectionKey
from policy.services import handbook
from signals.defaults import categories_seed


@pytest.fixture(autouse=True)
def _dutch():
    """Messages made outside a request (services, the conformity check) in the interface's
    first language, whatever an earlier test left active."""
    with translation.override("nl"):
        yield


@pytest.fixture
def draft(organisation) -> Draft:
    """The organisation's default handbook, as an approved organisation gets it."""
    handbook.handbook_seed(organisation)
    return Draft.objects.get(organisation=organisation)


@pytest.fixture
def other_draft(other_organisation) -> Draft:
    handbook.handbook_seed(other_organisation)
    return Draft.objects.get(organisation=other_organisation)


@pytest.fixture
def categories(organisation):
    categories_seed(organisation)


def edit(draft: Draft, by, key: str = SectionKey.AVAILABILITY, body: str | None = None, append: str = ""):
    """Change one section of the draft through the service, as the admin's form does."""
    section = draft.sections.get(key=key)
    return handbook.section_update(
        section=section, by=by, title=section.title,
        body=body if body is not None else section.body + append, expected_revision=section.revision,
    )


def publish(draft: Draft, by, *, material: bool = True, summary: str = "Wijziging.", days: int = 14,
            effective_on=None, now: datetime | None = None):
    """Publish the draft as it is now; returns the version (None while it waits for approval)."""
    draft.refresh_from_db()
    version, _done = handbook.publication_request(
        draft=draft, by=by, expected_revision=draft.revision, summary=summary, is_material=material,
        acknowledge_within_days=days, effective_on=effective_on, now=now,
    )
    return version


@pytest.fixture
def published(draft, admin_member):
    """Version 1, published 30 days ago, then a material version 2 published now."""
    first = publish(draft, admin_member, summary="Eerste versie.", now=timezone.now() - timedelta(days=30))
    edit(draft, admin_member, append="\n\nNa 22.00 uur reageer je niet meer.")
    second = publish(draft, admin_member, summary="Bereikbaarheid aangescherpt.")
    return first, second


def four_eyes(organisation) -> None:
    PolicySettings.objects.filter(organisation=organisation).update(four_eyes=True)
