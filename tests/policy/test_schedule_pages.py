"""Withdrawing a scheduled version, as the admin does it from the draft page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from policy.models import Version
from tests.access import Page, expect, matrix_tests
from tests.policy.conftest import edit, publish

PAGES = [
    Page("withdraw a scheduled version", ("policy:withdraw", lambda o: [o["scheduled"].pk]),
         expect(403, admin_member=302, outsider_admin=404), method="post"),
]


@pytest.fixture
def objects(personas, draft, admin_member):
    publish(draft, admin_member, summary="Eerste versie.")
    edit(draft, admin_member, append=" Volgende week.")
    scheduled = publish(draft, admin_member, summary="Vanaf volgende week.",
                        effective_on=timezone.localdate() + timedelta(days=7))
    return {"scheduled": scheduled}


test_schedule_access_matrix, test_the_wrong_method_is_refused, test_a_repeated_write_changes_nothing = matrix_tests(
    PAGES
)


def test_the_admin_schedules_a_version_sees_it_and_withdraws_it(draft, admin_member, worker, client_for):
    publish(draft, admin_member, summary="Eerste versie.")
    edit(draft, admin_member, append=" Volgende week.")
    draft.refresh_from_db()
    admin = client_for(admin_member)
    next_week = timezone.localdate() + timedelta(days=7)
    response = admin.post(reverse("policy:publish"), {
        "revision": draft.revision, "summary": "Vanaf volgende week.", "is_material": "ja",
        "acknowledge_within_days": 14, "effective_on": next_week.isoformat(),
    })
    scheduled = Version.objects.get(number=2)
    assert response["Location"] == reverse("policy:version", args=[scheduled.pk])
    worker_page = client_for(worker).get(reverse("policy:index")).content.decode()
    assert "Versie 2 is ingepland: die geldt vanaf" in worker_page
    assert "Handboek, versie 1" not in worker_page and "Versie 1</span>" in worker_page
    draft_page = admin.get(reverse("policy:draft")).content.decode()
    assert "Versie 2 is ingepland voor" in draft_page
    admin.post(reverse("policy:withdraw", args=[scheduled.pk]))
    assert Version.objects.get(pk=scheduled.pk).withdrawn_at is not None
    assert "ingepland" not in client_for(worker).get(reverse("policy:index")).content.decode()
