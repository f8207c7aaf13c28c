"""Two requests at the same moment: a double click on publish makes one version, two editors
saving the same section are serialised by the row lock and the second is told. Runs on
SQLite and on PostgreSQL (where the row locks are real)."""

import threading
import time

import pytest
from django.db import OperationalError, close_old_connections, connection

from policy.models import Acknowledgement, DraftSection, SectionKey, Version
from policy.services import acknowledgements, handbook
from tests.policy.conftest import publish

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(*calls) -> list:
    """Run the calls in threads released together; each returns its result or its exception."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            for _ in range(50):
                try:
                    results[index] = call()
                    return
                except OperationalError as error:
                    # SQLite's shared in-memory test database reports a lock at once instead of
                    # waiting for it, as a file database does: try again, as a waiting writer would.
                    if connection.vendor != "sqlite" or "locked" not in str(error):
                        raise
                    time.sleep(0.05)
            raise AssertionError("the database stayed locked")
        except Exception as error:  # noqa: BLE001 - handed back to the test
            results[index] = error
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_publications_of_the_same_revision_at_once_make_one_version(draft, admin_member):
    draft.refresh_from_db()

    def click():
        return handbook.publication_request(
            draft=draft, by=admin_member, expected_revision=draft.revision, summary="Eerste versie.",
            is_material=True, acknowledge_within_days=14,
        )

    results = at_once(click, click)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Version.objects.count() == 1
    assert {version.pk for version, _made in results} == {Version.objects.get().pk}
    assert sorted(made for _version, made in results) == [False, True]


def test_two_editors_saving_the_same_section_at_once_are_told_one_after_the_other(draft, admin_member):
    section = draft.sections.get(key=SectionKey.VISION)

    def save(text):
        return lambda: handbook.section_update(section=section, by=admin_member, title=section.title, body=text,
                                               expected_revision=section.revision)

    results = at_once(save("Tekst van de eerste."), save("Tekst van de tweede."))
    saved = [r for r in results if isinstance(r, DraftSection)]
    refused = [r for r in results if isinstance(r, handbook.SectionChanged)]
    assert len(saved) == 1 and len(refused) == 1, results
    assert DraftSection.objects.get(pk=section.pk).body == saved[0].body
    assert refused[0].current.body == saved[0].body


def test_two_acknowledgements_at_once_are_one(draft, admin_member, worker):
    version = publish(draft, admin_member)

    def click():
        return acknowledgements.acknowledgement_record(user=worker, membership=worker.membership, version=version)

    results = at_once(click, click)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Acknowledgement.objects.count() == 1
