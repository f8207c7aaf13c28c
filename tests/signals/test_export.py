import csv
import io
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from jongerenwerk.core.models import AuditEvent, Role
from signals.defaults import categories_seed
from signals.models import Category
from signals.services import intake
from tests.access import PERSONAS, Page, check_access, expect
from tests.factories import MembershipFactory, YouthFactory, with_totp

HEADER = ["Nummer", "Waargenomen op", "Categorie", "Bron", "Wijk", "Ernst", "Stap", "Uitkomst", "Jongeren (aliassen)"]
FACTS = "Filmpje waarin Sam uit de Dahliastraat wordt bedreigd."


def download(client, **filters) -> list[list[str]]:
    response = client.get(reverse("signals:export"), filters)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="signalen-{timezone.localdate():%Y-%m-%d}.csv"'
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # so that Excel reads it as UTF-8
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_officer_and_the_manager_may_export(persona, personas, client_for):
    row = Page("export", "signals:export", expect(403, safeguarding_officer=200, manager=200))
    check_access(row, persona, client_for(personas.get(persona)), {})


def test_the_officer_downloads_pseudonymised_rows_without_facts_or_reporters(
    client_for, worker, safeguarding_officer, log_signal, organisation, wijk_a
):
    sam, kim = (YouthFactory(organisation=organisation, neighbourhood=wijk_a, alias=a) for a in ("snap_sam", "kim_k"))
    signal = log_signal(worker, severity="hoog", youths=[sam, kim], facts=FACTS, interpretation="Afrekening.")
    other = log_signal(worker, category="overlast", neighbourhood=None, source="straat")

    rows = download(client_for(safeguarding_officer))

    assert rows[0] == HEADER
    by_id = {row[0]: row for row in rows[1:]}
    assert set(by_id) == {str(signal.pk), str(other.pk)}
    assert by_id[str(signal.pk)] == [
        str(signal.pk), timezone.localtime(signal.observed_at).strftime("%d-%m-%Y"), "Vechtpartij of dreiging daarvan",
        "Snapchat", "Wijk A", "hoog", "collegiale consultatie", "", "kim_k, snap_sam",
    ]
    assert by_id[str(other.pk)][3:5] == ["straat", ""]
    content = repr(rows)
    for secret in filter(None, (FACTS, "Afrekening", worker.email, worker.full_name)):
        assert secret not in content


def test_the_export_follows_the_filters_of_the_list(client_for, worker, manager, log_signal, categories):
    log_signal(worker, severity="laag")
    wanted = log_signal(worker, severity="hoog", category="overlast")
    log_signal(worker, severity="hoog")

    rows = download(client_for(manager), severity="hoog", category=categories["overlast"].pk)

    assert [row[0] for row in rows[1:]] == [str(wanted.pk)]


def test_the_export_is_audited_with_its_filters_and_row_count(
    client_for, worker, safeguarding_officer, log_signal, organisation
):
    for _ in range(2):
        log_signal(worker, severity="hoog")
    log_signal(worker)

    download(client_for(safeguarding_officer), severity="hoog", since="2020-01-01")

    entry = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert (entry.actor, entry.organisation, entry.target_type, entry.target_id) == (
        safeguarding_officer, organisation, "core.organisation", str(organisation.pk)
    )
    assert entry.detail == {"what": "signals", "filters": {"severity": "hoog", "since": "2020-01-01"}, "rows": 2}


def test_an_officer_of_another_organisation_exports_only_their_own_signals(
    client_for, worker, outsider, other_organisation, log_signal
):
    log_signal(worker, facts=FACTS)
    categories_seed(other_organisation)
    theirs, _ = intake.signal_create(
        organisation=other_organisation, reporter=outsider, idempotency_key=uuid.uuid4(),
        category=Category.objects.get(organisation=other_organisation, key="vechtpartij"), source="straat",
        observed_at=timezone.now(), neighbourhood=None, severity="middel", facts="Elders gezien.",
    )
    their_officer = with_totp(MembershipFactory(
        organisation=other_organisation, role=Role.AANDACHTSFUNCTIONARIS, user__email="af@elders.test"
    ).user)

    rows = download(client_for(their_officer))

    assert [row[0] for row in rows[1:]] == [str(theirs.pk)]
    assert AuditEvent.objects.get(action=AuditEvent.Action.EXPORT).organisation == other_organisation


def test_the_list_offers_the_export_with_its_filters_only_to_the_officer_and_manager(
    client_for, worker, safeguarding_officer, manager, log_signal
):
    log_signal(worker)
    link = f'href="{reverse("signals:export")}?severity=hoog"'
    for user in (safeguarding_officer, manager):
        page = client_for(user).get(reverse("signals:index"), {"severity": "hoog"}).content.decode()
        assert "Exporteren (CSV)" in page and link in page
    page = client_for(worker).get(reverse("signals:index")).content.decode()
    assert "Exporteren (CSV)" not in page


def test_an_export_needs_the_same_queries_for_more_rows(
    client_for, worker, manager, log_signal, organisation, wijk_a, django_assert_max_num_queries
):
    youth = YouthFactory(organisation=organisation, neighbourhood=wijk_a, alias="telt_mee")
    for _ in range(3):
        log_signal(worker, youths=[youth])
    client = client_for(manager)
    with django_assert_max_num_queries(20) as few:
        assert len(download(client)) == 4
    for _ in range(30):
        log_signal(worker, youths=[youth])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(download(client)) == 34


def test_an_alias_that_looks_like_a_formula_is_exported_as_text(
    client_for, worker, safeguarding_officer, log_signal, organisation, wijk_a
):
    youth = YouthFactory(organisation=organisation, neighbourhood=wijk_a, alias='=HYPERLINK("http://x.test","klik")')
    log_signal(worker, youths=[youth])
    (row,) = download(client_for(safeguarding_officer))[1:]
    assert row[-1] == "'=HYPERLINK(\"http://x.test\",\"klik\")"
