"""The youth register's retention: a young person without activity in any app for the
organisation's retention period is anonymised, unless a record under a legal hold links them."""


import pytest
from django.utils import timezone

from jongerenwerk.core import retention
from jongerenwerk.core.models import AuditEvent, Youth
from signals.defaults import categories_seed
from signals.models import Signal, Step
from signals.services import intake
from tests.factories import YouthFactory


def months_ago(months: int):
    return retention.months_before(timezone.localtime(), months)


@pytest.fixture
def old_youth(organisation, wijk_a):
    youth = YouthFactory(organisation=organisation, alias="oude_bekende", neighbourhood=wijk_a, notes="Woont bij oma.")
    Youth.objects.filter(pk=youth.pk).update(created_at=months_ago(30))
    return youth


def link_signal(youth, worker, *, observed_months_ago: int, closed_months_ago: int | None, legal_hold=False):
    import uuid

    categories_seed(youth.organisation)
    category = youth.organisation.signal_categories.get(key="overlast")
    signal, _ = intake.signal_create(
        organisation=youth.organisation, reporter=worker, idempotency_key=uuid.uuid4(), category=category,
        source="straat", observed_at=months_ago(observed_months_ago), neighbourhood=youth.neighbourhood,
        severity="laag", facts="Groep bij het speelveld.", youths=[youth],
    )
    fields = {"legal_hold": legal_hold}
    if closed_months_ago is not None:
        fields.update(step=Step.CLOSED, closed_at=months_ago(closed_months_ago))
    Signal.objects.filter(pk=signal.pk).update(**fields)
    return signal


def test_a_young_person_without_activity_is_anonymised_once(old_youth):
    assert retention.apply(retention.YOUTH_RULE) == 1
    old_youth.refresh_from_db()
    assert old_youth.alias == f"geanonimiseerd-{old_youth.pk}" and old_youth.notes == ""
    assert old_youth.anonymised_at is not None and old_youth.neighbourhood_id is not None
    assert AuditEvent.objects.filter(action="anonymise", target_type="core.youth", target_id=str(old_youth.pk)).count() == 1
    assert retention.apply(retention.YOUTH_RULE) == 0


def test_a_recent_signal_keeps_the_young_person(old_youth, worker):
    link_signal(old_youth, worker, observed_months_ago=3, closed_months_ago=2)
    assert retention.apply(retention.YOUTH_RULE) == 0


def test_an_open_signal_keeps_the_young_person_however_old(old_youth, worker):
    link_signal(old_youth, worker, observed_months_ago=30, closed_months_ago=None)
    assert retention.apply(retention.YOUTH_RULE) == 0


def _signals_and_youths(anonymised: dict[str, int]) -> dict[str, int]:
    """What the rules of signals and the register did (other apps' rules run too)."""
    return {name: anonymised[name] for name in ("signals.signal", "core.youth")}


def test_a_legal_hold_keeps_the_young_person_and_the_signal(old_youth, worker):
    signal = link_signal(old_youth, worker, observed_months_ago=30, closed_months_ago=28, legal_hold=True)
    assert _signals_and_youths(retention.apply_all()) == {"signals.signal": 0, "core.youth": 0}
    old_youth.refresh_from_db()
    assert old_youth.alias == "oude_bekende"
    assert list(Signal.objects.get(pk=signal.pk).youths.all()) == [old_youth]


def test_without_a_hold_the_old_signal_goes_first_then_the_young_person(old_youth, worker):
    link_signal(old_youth, worker, observed_months_ago=30, closed_months_ago=28)
    assert _signals_and_youths(retention.apply_all()) == {"signals.signal": 1, "core.youth": 1}


def test_a_young_person_registered_recently_is_kept(organisation):
    YouthFactory(organisation=organisation, alias="nieuw")
    assert retention.apply(retention.YOUTH_RULE) == 0


def test_each_organisation_keeps_its_register_for_its_own_period(old_youth, organisation):
    organisation.retention_months = 36
    organisation.save(update_fields=["retention_months"])
    assert retention.apply(retention.YOUTH_RULE) == 0
