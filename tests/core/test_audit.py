import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse

from jongerenwerk.core import audit, reminders
from jongerenwerk.core.models import AuditEvent
from tests.factories import YouthFactory


def test_the_audit_log_cannot_be_changed_or_deleted_through_the_application(worker, organisation):
    youth = YouthFactory(organisation=organisation)
    event = audit.viewed(worker, youth)
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(actor_label="iemand anders")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).actor_label == worker.email


def test_the_database_refuses_changes_to_the_audit_log_too(worker, organisation):
    event = audit.viewed(worker, YouthFactory(organisation=organisation))
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET actor_label = 'x' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).actor_label == worker.email


def test_opening_a_young_persons_record_is_audited_without_its_contents(client_for, worker, organisation, wijk_a):
    youth = YouthFactory(organisation=organisation, neighbourhood=wijk_a, notes="geheime notitie")
    client_for(worker).get(reverse("core:youth_detail", args=[youth.pk]))
    event = AuditEvent.objects.get(action="view")
    assert (event.actor, event.target_type, event.target_id) == (worker, "core.youth", str(youth.pk))
    assert event.organisation == organisation
    assert "geheime" not in str(event.detail) + event.target_label
    assert youth.alias not in event.target_label


def test_the_admin_sees_the_audit_log_of_their_own_organisation_only(client_for, admin_member, worker, outsider):
    audit.viewed(worker, YouthFactory(organisation=worker.membership.organisation))
    audit.viewed(outsider, YouthFactory(organisation=outsider.membership.organisation))
    page = client_for(admin_member).get(reverse("core:audit_log")).content.decode()
    assert worker.email in page
    assert outsider.email not in page


def test_a_person_sees_their_own_notifications_and_marks_them_read(client_for, worker, colleague):
    reminders.notify(users=[worker], message="Er wacht iets op je.", url="/signalen/", key="k1")
    reminders.notify(users=[colleague], message="Niet voor de werker.", url="/signalen/", key="k1")
    client = client_for(worker)
    page = client.get(reverse("core:notification_list")).content.decode()
    assert "Er wacht iets op je." in page and "Niet voor de werker." not in page
    client.post(reverse("core:notification_list"))
    assert not worker.notifications.filter(read_at=None).exists()
    assert colleague.notifications.filter(read_at=None).exists()
