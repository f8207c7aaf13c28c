"""Acknowledgement: material changes ask everyone again and show the diff since the version
each person last acknowledged; editorial changes keep acknowledgements; due dates; new members;
the manager's overview with a fixed number of queries."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jongerenwerk.core.models import AuditEvent, Role
from policy.models import Acknowledgement, SectionKey
from policy.selectors.acknowledgements import overview_of, standing_of
from policy.services import acknowledgements
from tests.factories import MembershipFactory
from tests.policy.conftest import edit, publish


def acknowledge(user, version, now=None):
    return acknowledgements.acknowledgement_record(user=user, membership=user.membership, version=version, now=now)


def test_a_member_acknowledges_the_version_in_force_once(published, worker):
    _, second = published
    first_click, is_new = acknowledge(worker, second)
    again, is_new_again = acknowledge(worker, second)
    assert is_new and not is_new_again and again.pk == first_click.pk
    assert Acknowledgement.objects.count() == 1
    event = AuditEvent.objects.get(target_type="policy.acknowledgement")
    assert event.actor == worker and event.detail == {"version": 2}
    assert standing_of(worker, worker.membership).is_acknowledged


def test_only_the_version_in_force_can_be_acknowledged(published, worker, other_draft, outsider_admin):
    first, _ = published
    with pytest.raises(ValidationError):
        acknowledge(worker, first)
    theirs = publish(other_draft, outsider_admin)
    with pytest.raises(ValidationError):
        acknowledge(worker, theirs)


def test_a_material_change_asks_again_and_shows_the_diff_since_the_last_acknowledged(draft, admin_member, worker):
    first = publish(draft, admin_member, now=timezone.now() - timedelta(days=20))
    acknowledge(worker, first, now=timezone.now() - timedelta(days=19))
    assert standing_of(worker, worker.membership).is_acknowledged
    edit(draft, admin_member, append="\n\nNieuwe regel over appen na 22.00 uur.")
    second = publish(draft, admin_member, material=True)
    standing = standing_of(worker, worker.membership)
    assert standing.is_asked and standing.diff_from == first and standing.current == second


def test_an_editorial_change_keeps_acknowledgements(draft, admin_member, worker):
    first = publish(draft, admin_member, now=timezone.now() - timedelta(days=20))
    acknowledge(worker, first, now=timezone.now() - timedelta(days=19))
    edit(draft, admin_member, append=" (typfout hersteld)")
    second = publish(draft, admin_member, material=False)
    standing = standing_of(worker, worker.membership)
    assert standing.is_acknowledged and standing.current == second and standing.required == first
    assert not standing.has_acknowledged_current


def test_after_an_editorial_version_the_diff_reaches_back_to_the_version_acknowledged(draft, admin_member, worker):
    first = publish(draft, admin_member, now=timezone.now() - timedelta(days=30))
    acknowledge(worker, first, now=timezone.now() - timedelta(days=29))
    edit(draft, admin_member, append=" Typfout.")
    publish(draft, admin_member, material=False, now=timezone.now() - timedelta(days=10))
    edit(draft, admin_member, key=SectionKey.PRIVACY, append="\n\nNieuw: geen screenshots bewaren.")
    third = publish(draft, admin_member, material=True)
    standing = standing_of(worker, worker.membership)
    assert standing.diff_from == first and standing.current == third


def test_the_due_date_follows_the_publication_and_a_member_who_joins_later_gets_the_same_time(
    draft, admin_member, worker, organisation
):
    now = timezone.now()
    publish(draft, admin_member, days=14, now=now - timedelta(days=20))
    standing = standing_of(worker, worker.membership)
    # The worker was a member before the publication: due 14 days after it, so overdue now...
    worker.membership.created_at = now - timedelta(days=100)
    worker.membership.save(update_fields=["created_at"])
    standing = standing_of(worker, worker.membership)
    assert standing.due_on == timezone.localdate(now - timedelta(days=6)) and standing.is_overdue
    # ...while someone who joins today has 14 days from today.
    newcomer = MembershipFactory(organisation=organisation, role=Role.JONGERENWERKER)
    standing = standing_of(newcomer.user, newcomer)
    assert standing.due_on == timezone.localdate(now) + timedelta(days=14) and standing.is_asked
    assert not standing.is_overdue and standing.diff_from is None


def test_a_new_member_is_asked_at_their_first_sign_in(published, organisation, client_for):
    newcomer = MembershipFactory(organisation=organisation, role=Role.JONGERENWERKER).user
    home = client_for(newcomer).get(reverse("home")).content.decode()
    assert "Lees versie 2 van het handboek en bevestig uiterlijk" in home
    assert f'href="{reverse("policy:index")}"' in home


def test_the_overview_shows_each_member_with_version_pending_or_overdue(
    published, worker, colleague, manager, admin_member, organisation
):
    first, second = published
    for member in (worker, colleague, manager, admin_member):
        member.membership.created_at = timezone.now() - timedelta(days=60)
        member.membership.save(update_fields=["created_at"])
    Acknowledgement.objects.create(organisation=organisation, user=colleague, version=first)
    acknowledge(worker, second)
    overview = overview_of(organisation)
    by_email = {row.membership.user.email: row for row in overview.rows}
    assert by_email[worker.email].is_acknowledged and by_email[worker.email].acknowledged_number == 2
    assert by_email[colleague.email].is_pending and by_email[colleague.email].acknowledged_number == 1
    assert (overview.acknowledged, overview.pending, overview.overdue) == (1, 3, 0)
    later = timezone.now() + timedelta(days=15)
    assert overview_of(organisation, now=later).overdue == 3


def test_the_overview_takes_the_same_queries_for_5_and_60_members(
    published, organisation, manager, client_for, django_assert_max_num_queries
):
    client = client_for(manager)
    url = reverse("policy:acknowledgements")
    for _ in range(4):
        MembershipFactory(organisation=organisation, role=Role.JONGERENWERKER)
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    for _ in range(55):
        MembershipFactory(organisation=organisation, role=Role.JONGERENWERKER)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("nog open, uiterlijk") == 61  # the manager, the admin and 59 workers
