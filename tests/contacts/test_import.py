"""Importing contacts from a spreadsheet: a dry run with a Dutch reason per bad row, then all
rows or none."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from contacts.models import Contact, ContactImport, ContactWeek
from contacts.services import imports
from jongerenwerk.core.models import Youth
from tests.contacts.conftest import amsterdam
from tests.factories import YouthFactory

HEADER = "datum;duur;kanaal;jongere;karakter;werkvormen;onderwerpen;initiatief;notitie"


def csv_file(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def check(organisation, user, content: bytes, name: str = "contacten.csv", **options) -> ContactImport:
    return imports.import_create(organisation=organisation, by=user, filename=name, content=content, **options)


@pytest.fixture
def known(organisation, wijk_a):
    return YouthFactory(organisation=organisation, alias="bekende_b", neighbourhood=wijk_a)


def test_a_dry_run_stores_nothing_and_says_per_bad_row_why_in_dutch(organisation, worker, contact_settings, known):
    future = (timezone.localtime() + timedelta(days=3)).strftime("%d-%m-%Y %H:%M")
    content = csv_file(
        "2026-03-09 10:00;15;WhatsApp;bekende_b;steunend;1-op-1 begeleiding;school, werk en stage;jongere;",
        "09-03-2026 20:15;30;op straat;;waarschuwend;signaleren;middelen;ik;Groepje bij het speelveld.",
        "2026-03-10 10:00;15;MySpace;;steunend;;;;",
        f"{future};15;WhatsApp;;steunend;;;;",
        "2026-03-10 11:00;15;WhatsApp;onbekende_o;steunend;;;;",
        "2026-03-10 12:00;900;WhatsApp;;boos;;;;",
    )
    contact_import = check(organisation, worker, content)
    summary = contact_import.summary
    assert (summary["total"], summary["good"], summary["bad"]) == (6, 2, 4)
    reasons = {problem["row"]: " ".join(problem["reasons"]) for problem in summary["problems"]}
    assert reasons[4] == "Onbekend kanaal “MySpace”."
    assert reasons[5] == "De datum ligt in de toekomst."
    assert "Onbekende jongere “onbekende_o”" in reasons[6] and "register" in reasons[6]
    assert "720" in reasons[7] and "Onbekend karakter “boos”" in reasons[7]
    assert summary["unknown_aliases"] == ["onbekende_o"]
    assert [row["youth"] for row in summary["sample"]] == ["bekende_b", ""]
    assert not Contact.objects.exists()


def test_storing_is_all_or_nothing(organisation, worker, contact_settings, known):
    content = csv_file("2026-03-09 10:00;15;WhatsApp;;steunend;;;;", "2026-03-10 10:00;15;MySpace;;steunend;;;;")
    contact_import = check(organisation, worker, content)
    with pytest.raises(ValidationError) as refused:
        imports.import_store(contact_import=contact_import, by=worker)
    assert "1 rijen hebben een probleem, dus er is niets opgeslagen" in refused.value.messages[0]
    assert not Contact.objects.exists()
    assert ContactImport.objects.get().status == ContactImport.Status.CHECKED


def test_a_good_file_is_stored_whole_counted_and_stored_once(organisation, worker, contact_settings, known):
    content = csv_file(
        "2026-03-09 10:00;15;WhatsApp;bekende_b;steunend;1-op-1 begeleiding;school, werk en stage;jongere;",
        "09-03-2026 20:15;30;op straat;;waarschuwend;signaleren;middelen;ik;Groepje bij het speelveld.",
    )
    contact_import = check(organisation, worker, content)
    assert imports.import_store(contact_import=contact_import, by=worker) == 2
    assert imports.import_store(contact_import=contact_import, by=worker) == 0
    first, second = Contact.objects.order_by("started_at")
    assert (first.youth, first.channel, first.topics, first.forms_of_work, first.initiated_by, first.out_of_hours) == (
        known, "whatsapp", ["school", "werk"], ["begeleiding"], "jongere", False)
    assert (second.youth, second.channel, second.character, second.note, second.out_of_hours) == (
        None, "straat", "waarschuwend", "Groepje bij het speelveld.", True)
    assert first.is_first
    assert sum(ContactWeek.objects.values_list("contacts", flat=True)) == 2
    contact_import.refresh_from_db()
    assert (contact_import.status, bytes(contact_import.content), contact_import.stored_count) == ("opgeslagen", b"", 2)


def test_the_same_file_again_adds_nothing(organisation, worker, contact_settings):
    content = csv_file("2026-03-09 10:00;15;WhatsApp;;steunend;;;;")
    imports.import_store(contact_import=check(organisation, worker, content), by=worker)
    again = check(organisation, worker, content)
    assert again.summary["bad"] == 1 and "al opgeslagen" in again.summary["problems"][0]["reasons"][0]


def test_unknown_young_people_are_added_when_the_offer_is_taken(organisation, worker, contact_settings, wijk_a):
    content = csv_file("2026-03-09 10:00;15;WhatsApp;nieuw_n;steunend;;;;")
    contact_import = check(organisation, worker, content)
    assert contact_import.summary["unknown_alias_count"] == 1
    imports.import_recheck(contact_import=contact_import, add_unknown_youths=True)
    assert contact_import.summary["bad"] == 0
    imports.import_store(contact_import=contact_import, by=worker)
    youth = Youth.objects.get(alias="nieuw_n")
    assert Contact.objects.get().youth == youth and youth.created_by == worker


def test_an_alias_outside_the_importers_scope_is_neither_linked_nor_added(
    organisation, worker, contact_settings, wijk_b
):
    hidden = YouthFactory(organisation=organisation, alias="andere_a", neighbourhood=wijk_b)
    content = csv_file("2026-03-09 10:00;15;WhatsApp;andere_a;steunend;;;;")
    contact_import = check(organisation, worker, content, add_unknown_youths=True)
    # To this importer the alias is unknown, as any other: offered to add, and added as a new entry.
    assert contact_import.summary["bad"] == 0
    imports.import_store(contact_import=contact_import, by=worker)
    added = Contact.objects.get().youth
    assert added != hidden and added.alias == "andere_a" and added.created_by == worker
    assert not hidden.contacts.exists()


def test_a_worker_imports_only_their_own_contacts_and_the_manager_names_the_worker(
    organisation, worker, colleague, manager, contact_settings
):
    header = HEADER + ";jongerenwerker"
    row = f"2026-03-09 10:00;15;WhatsApp;;steunend;;;;;{colleague.email}"
    assert "alleen je eigen" in check(organisation, worker, csv_file(row, header=header)).summary["problems"][0]["reasons"][0]
    by_manager = check(organisation, manager, csv_file(row, header=header))
    imports.import_store(contact_import=by_manager, by=manager)
    assert Contact.objects.get().worker == colleague


def test_an_xlsx_workbook_is_read_with_real_dates(organisation, worker, contact_settings):
    book = Workbook()
    sheet = book.active
    sheet.append(["Datum", "Duur", "Kanaal", "Jongere", "Karakter"])
    sheet.append([amsterdam(2026, 3, 9, 14, 30).replace(tzinfo=None), 20, "Snapchat", None, "informerend"])
    buffer = io.BytesIO()
    book.save(buffer)
    contact_import = check(organisation, worker, buffer.getvalue(), name="contacten.xlsx")
    imports.import_store(contact_import=contact_import, by=worker)
    contact = Contact.objects.get()
    assert (contact.started_at, contact.channel, contact.duration_minutes) == (amsterdam(2026, 3, 9, 14, 30), "snapchat", 20)


@pytest.mark.parametrize("name, content, message", [
    ("foto.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "geen CSV- of XLSX-bestand"),
    ("contacten.csv", b"", "leeg"),
    ("contacten.xlsx", b"PK\x03\x04 kapot", "werkmap is niet te lezen"),
    ("contacten.csv", b"naam;leeftijd\nx;12\n", "Ontbreekt: datum, duur, kanaal, karakter"),
    ("contacten.csv", b"x" * (5 * 1024 * 1024 + 1), "groter dan 5 MB"),
])
def test_a_file_that_cannot_be_imported_is_refused_with_a_readable_reason(
    name, content, message, organisation, worker, contact_settings
):
    with pytest.raises(ValidationError) as refused:
        check(organisation, worker, content, name=name)
    assert message in " ".join(refused.value.message_dict["file"])
    assert not ContactImport.objects.exists()


def test_ten_thousand_bad_rows_get_a_summary_not_an_error(client_for, worker, contact_settings):
    rows = [f"2026-03-09 10:{n % 60:02d};15;Fax;;steunend;;;;" for n in range(10_000)]
    upload = SimpleUploadedFile("veel.csv", csv_file(*rows), "text/csv")
    client = client_for(worker)
    response = client.post(reverse("contacts:import_start"), {"file": upload}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "10000 rijen: 0 kunnen worden opgeslagen, 10000 hebben een probleem." in page
    assert "Onbekend kanaal “Fax”." in page
    assert "De eerste 100 van 10000 rijen met een probleem staan hier" in page
    assert len(page) < 200_000


def test_the_upload_page_refuses_a_bad_file_in_dutch_and_a_double_upload_is_one_import(
    client_for, worker, contact_settings
):
    client = client_for(worker)
    response = client.post(reverse("contacts:import_start"),
                           {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4", "application/pdf")})
    assert response.status_code == 422 and "geen CSV- of XLSX-bestand" in response.content.decode()
    content = csv_file("2026-03-09 10:00;15;WhatsApp;;steunend;;;;")
    for _ in range(2):
        client.post(reverse("contacts:import_start"), {"file": SimpleUploadedFile("c.csv", content, "text/csv")})
    assert ContactImport.objects.count() == 1


def test_someone_elses_import_is_not_found(client_for, worker, colleague, contact_settings, organisation):
    contact_import = check(organisation, worker, csv_file("2026-03-09 10:00;15;WhatsApp;;steunend;;;;"))
    assert client_for(colleague).get(reverse("contacts:import_detail", args=[contact_import.pk])).status_code == 404
    client_for(colleague).post(reverse("contacts:import_store", args=[contact_import.pk]))
    assert not Contact.objects.exists()
