"""Two contacts of one worker stored at the same moment both count: the week's roll-up and the
young person's first contact are kept under row locks.

PostgreSQL only: the test database of SQLite lives in shared-cache memory, where a second
writer fails at once with "table is locked" instead of waiting; SQLite serialises all writes
anyway, so the race these tests look for cannot happen there. CI runs the suite on PostgreSQL.
"""

import threading
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from contacts.models import Contact, ContactWeek, WorkerYouth
from contacts.services import records
from contacts.services.settings import contact_settings_ensure
from tests.contacts.conftest import amsterdam
from tests.factories import YouthFactory

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (see above)")


@pytest.mark.django_db(transaction=True)
def test_contacts_stored_at_once_are_all_counted(organisation, worker, colleague, wijk_a):
    contact_settings_ensure(organisation)
    youth = YouthFactory(organisation=organisation, neighbourhood=wijk_a)
    start = threading.Barrier(4)
    errors = []

    def store(person, hour):
        try:
            start.wait(timeout=10)
            records.contact_create(
                organisation=organisation, worker=person, idempotency_key=uuid.uuid4(), youth=youth,
                channel="whatsapp", started_at=amsterdam(2026, 3, 10, hour, 0), duration_minutes=5,
                initiated_by="jongere", character="steunend",
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=store, args=(person, hour))
               for person, hour in ((worker, 10), (worker, 11), (colleague, 9), (colleague, 12))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert dict(ContactWeek.objects.values_list("worker", "contacts")) == {worker.pk: 2, colleague.pk: 2}
    assert WorkerYouth.objects.count() == 2
    first = Contact.objects.get(is_first=True)
    assert (first.worker, timezone.localtime(first.started_at).hour) == (colleague, 9)


@pytest.mark.django_db(transaction=True)
def test_a_double_tap_racing_stores_one_contact(organisation, worker):
    contact_settings_ensure(organisation)
    key = uuid.uuid4()
    start = threading.Barrier(2)
    results = []

    def store():
        try:
            start.wait(timeout=10)
            results.append(records.contact_create(
                organisation=organisation, worker=worker, idempotency_key=key, anonymous=True, channel="straat",
                started_at=timezone.now(), duration_minutes=5, initiated_by="werker", character="steunend",
            ))
        finally:
            connection.close()

    threads = [threading.Thread(target=store) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert Contact.objects.count() == 1
    assert sorted(created for _, created in results) == [False, True]
    assert ContactWeek.objects.get().contacts == 1
