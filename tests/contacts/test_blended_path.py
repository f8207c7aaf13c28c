"""The four steps of blended work (seed 003) from a young person's contacts of the last three months."""

from datetime import timedelta

import pytest
from django.utils import timezone

from contacts.selectors.records import BlendedPath, blended_path, blended_paths
from contacts.models import Contact
from tests.contacts.conftest import amsterdam
from tests.factories import YouthFactory

T1, T2 = amsterdam(2026, 3, 2, 10, 0), amsterdam(2026, 3, 9, 10, 0)


@pytest.mark.parametrize("seen, path", [
    ({}, BlendedPath.NONE),
    ({"first_offline": T1}, BlendedPath.OFFLINE_ONLY),
    ({"first_online": T1}, BlendedPath.ONLINE_ONLY),
    ({"first_offline": T1, "first_online": T2}, BlendedPath.OFFLINE_TO_ONLINE),
    ({"first_online": T1, "first_offline": T2}, BlendedPath.ONLINE_TO_OFFLINE),
    # An online contact that led to an offline meeting: online came first, offline followed.
    ({"first_online": T1, "led_to_meeting": 1}, BlendedPath.ONLINE_TO_OFFLINE),
    # An online contact that followed an offline meeting: offline came first.
    ({"first_online": T1, "first_followed": T1}, BlendedPath.OFFLINE_TO_ONLINE),
])
def test_the_path_follows_what_came_first(seen, path):
    figures = {"first_online": None, "first_offline": None, "first_followed": None, "led_to_meeting": 0, **seen}
    assert blended_path(**figures) == path


def test_the_paths_are_counted_over_the_last_three_months_only(log_contact, worker, organisation, wijk_a):
    youth = YouthFactory(organisation=organisation, neighbourhood=wijk_a)
    now = timezone.now()
    log_contact(worker, youth=youth, channel="straat", started_at=now - timedelta(days=120))  # too long ago
    log_contact(worker, youth=youth, channel="whatsapp", started_at=now - timedelta(days=30))
    log_contact(worker, youth=youth, channel="jongerencentrum", started_at=now - timedelta(days=3))
    paths = blended_paths(Contact.objects.all(), since=now - timedelta(days=91))
    assert paths == {youth.pk: BlendedPath.ONLINE_TO_OFFLINE}
