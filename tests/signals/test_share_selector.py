"""What leaves the organisation in a share summary is decided by one selector: exactly the
fields the share recorded, in a fixed order, and nothing else of the signal."""

import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from signals import rules
from signals.models import Share, Signal
from signals.selectors.shares import shared_field_names, shared_fields
from tests.factories import YouthFactory

VALUES = {
    "category": "Vechtpartij of dreiging daarvan",
    "date": "14 maart 2026",
    "neighbourhood": "Wijk A",
    "pseudonym": "skatejay_test",
    "facts": "Filmpje met een afspraak om te vechten.",
}
COMBINATIONS = [
    list(fields)
    for size in range(1, len(rules.SHAREABLE_FIELDS) + 1)
    for fields in itertools.combinations(rules.SHAREABLE_FIELDS, size)
]


@pytest.fixture
def signal(log_signal, worker, organisation, wijk_a) -> Signal:
    signal = log_signal(worker, facts=VALUES["facts"],
                        observed_at=datetime(2026, 3, 14, 22, 30, tzinfo=ZoneInfo("Europe/Amsterdam")))
    signal.youths.set([YouthFactory(organisation=organisation, alias=VALUES["pseudonym"], neighbourhood=wijk_a)])
    return signal


@pytest.mark.parametrize("fields", COMBINATIONS, ids="+".join)
def test_the_summary_holds_exactly_the_shared_fields(fields, signal, safeguarding_officer):
    # Stored in a scrambled order: the summary keeps the reporting order.
    share = Share.objects.create(signal=signal, recipient="school", recipient_name="College", shared_by=safeguarding_officer,
                                 legal_basis="toestemming_jongere", fields=list(reversed(fields)))
    rows = shared_fields(share)
    assert [row.name for row in rows] == fields
    assert {row.name: row.value for row in rows} == {name: VALUES[name] for name in fields}
    assert len(shared_field_names(share)) == len(fields)


def test_a_share_without_young_people_says_none_were_registered(log_signal, worker, safeguarding_officer):
    share = Share.objects.create(signal=log_signal(worker), recipient="school", recipient_name="College",
                                 legal_basis="toestemming_jongere", fields=["pseudonym"], shared_by=safeguarding_officer)
    assert [row.value for row in shared_fields(share)] == ["geen geregistreerd"]
