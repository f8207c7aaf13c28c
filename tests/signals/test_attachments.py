"""Evidence on a signal: what is accepted, who may add and open it, how it is served and forgotten."""

import html
import io
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from jongerenwerk.core import retention as core_retention
from jongerenwerk.core.models import AuditEvent
from signals.models import Attachment, Signal, Step
from signals.services import evidence, retention
from signals.services.evidence import attachments_add
from tests.access import Page, expect, matrix_tests


def _pdf(*, script: bool = False, attachment: bool = False) -> bytes:
    """A real one-page PDF made by pypdf, optionally with a script that runs on opening or an
    embedded file."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if script:
        writer.add_open_action(JavaScript("app.alert(1);"))
    if attachment:
        writer.add_attachment("meer.txt", b"verborgen")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF = _pdf()


def image(name: str = "bewijs.png", kind: str = "PNG", *, pad: int = 0) -> SimpleUploadedFile:
    """A small real image made by Pillow, optionally padded with trailing bytes."""
    buffer = io.BytesIO()
    Image.new("RGB", (12, 8), "orange").save(buffer, kind)
    return SimpleUploadedFile(name, buffer.getvalue() + b"\0" * pad, content_type=f"image/{kind.lower()}")


def pdf(name: str = "verslag.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def stored_files() -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def dutch(message) -> str:
    with translation.override("nl"):
        return str(translation.gettext(message))


def shown(response) -> str:
    return html.unescape(response.content.decode())


def form_data(categories, wijk_a, category="vechtpartij", **overrides):
    return {
        "idempotency_key": str(uuid.uuid4()), "category": categories[category].pk, "source": "snapchat",
        "observed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "neighbourhood": wijk_a.pk,
        "severity": "middel", "facts": "Op een story staat een dreigement met een mes.",
        "interpretation": "Lijkt een afrekening.", **overrides,
    }


# Logging with evidence


def test_a_worker_logs_a_signal_with_a_screenshot_and_a_pdf(client_for, worker, categories, wijk_a):
    data = form_data(categories, wijk_a, attachments=[image("story.png"), pdf()])
    response = client_for(worker).post(reverse("signals:create"), data)

    signal = Signal.objects.get()
    assert response["Location"] == reverse("signals:detail", args=[signal.pk])
    evidence = list(signal.attachments.order_by("original_name"))
    assert [(a.original_name, a.content_type, a.uploaded_by) for a in evidence] == [
        ("story.png", "image/png", worker), ("verslag.pdf", "application/pdf", worker),
    ]
    assert len(stored_files()) == 2
    # Stored under a random name: the original name may identify someone.
    assert all("story" not in a.file.name and "verslag" not in a.file.name for a in evidence)
    update = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, target_id=str(signal.pk))
    assert sorted(update.detail["attachments"]) == sorted(a.pk for a in evidence)


def test_a_double_submit_with_files_stores_one_signal_and_one_set_of_files(client_for, worker, categories, wijk_a):
    client, key = client_for(worker), str(uuid.uuid4())
    first = client.post(reverse("signals:create"), form_data(categories, wijk_a, idempotency_key=key,
                                                            attachments=[image()]))
    second = client.post(reverse("signals:create"), form_data(categories, wijk_a, idempotency_key=key,
                                                             attachments=[image()]))
    assert first["Location"] == second["Location"]
    assert Signal.objects.count() == 1
    assert Attachment.objects.count() == 1
    assert len(stored_files()) == 1


REFUSED = {
    "text renamed .png": lambda: SimpleUploadedFile("notitie.png", b"Gewoon tekst.", content_type="image/png"),
    "an .exe": lambda: SimpleUploadedFile("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\0" * 64,
                                          content_type="application/octet-stream"),
    "an SVG": lambda: SimpleUploadedFile(
        "logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        content_type="image/svg+xml",
    ),
    "a BMP named .png": lambda: image("scan.png", "BMP"),
}


@pytest.mark.parametrize("kind", REFUSED)
def test_a_refused_type_rerenders_the_form_naming_the_file_and_keeping_what_was_typed(
    kind, client_for, worker, categories, wijk_a
):
    upload = REFUSED[kind]()
    data = form_data(categories, wijk_a, attachments=[image("goed.png"), upload])
    response = client_for(worker).post(reverse("signals:create"), data)

    page = shown(response)
    assert response.status_code == 200
    assert f"“{upload.name}”" in page and "“goed.png”" not in page
    assert "Op een story staat een dreigement met een mes." in page and "Lijkt een afrekening." in page
    assert data["idempotency_key"] in page
    assert dutch("Choose your files again: the browser does not keep them when the form comes back.") in page
    assert not Signal.objects.exists() and not Attachment.objects.exists() and not stored_files()


def test_a_file_over_the_size_limit_is_refused(client_for, worker, categories, wijk_a):
    too_big = image("groot.png", pad=evidence.MAX_SIZE)
    response = client_for(worker).post(reverse("signals:create"), form_data(categories, wijk_a, attachments=[too_big]))

    assert response.status_code == 200
    assert "“groot.png”" in shown(response)
    assert not Signal.objects.exists() and not stored_files()


def test_more_than_five_files_at_once_are_refused(client_for, worker, categories, wijk_a):
    files = [image(f"scherm-{n}.png") for n in range(evidence.MAX_FILES + 1)]
    response = client_for(worker).post(reverse("signals:create"), form_data(categories, wijk_a, attachments=files))

    assert response.status_code == 200
    assert dutch("Add at most %(count)s files at once.") % {"count": 5} in shown(response)
    assert not Signal.objects.exists() and not stored_files()


@pytest.mark.parametrize("category", ["sexting", "grooming"])
def test_sexting_and_grooming_refuse_every_file_and_ask_for_a_description(
    category, client_for, worker, categories, wijk_a
):
    client = client_for(worker)
    form = shown(client.get(reverse("signals:create")))
    assert categories[category].name in form  # the field's help says which categories take no files

    data = form_data(categories, wijk_a, category=category, attachments=[image("chat.png")])
    response = client.post(reverse("signals:create"), data)

    page = shown(response)
    assert response.status_code == 200
    assert dutch(evidence.REFUSED_FOR_CATEGORY) in page
    assert "Op een story staat een dreigement met een mes." in page and data["idempotency_key"] in page
    assert not Signal.objects.exists() and not stored_files()


def test_sexting_refuses_files_added_later_too(client_for, worker, log_signal):
    signal = log_signal(worker, category="sexting")
    response = client_for(worker).post(reverse("signals:add_attachments", args=[signal.pk]),
                                       {"attachments": [pdf()]})
    assert response.status_code == 422
    page = shown(response)
    assert dutch("Files cannot be added to signals of this category: possessing such images can be illegal. "
                 "Describe what you saw in an addition instead.") in page
    assert 'name="attachments"' not in page  # the page offers no upload for this category
    assert not Attachment.objects.exists() and not stored_files()


# Adding later


@pytest.mark.parametrize("kind", ["JPEG", "WEBP", "GIF"])
def test_the_reporter_adds_evidence_later_on_the_signal_page(kind, client_for, worker, log_signal):
    signal = log_signal(worker)
    client = client_for(worker)
    response = client.post(reverse("signals:add_attachments", args=[signal.pk]),
                           {"attachments": [image(f"later.{kind.lower()}", kind)]})

    assert response["Location"] == reverse("signals:detail", args=[signal.pk])
    evidence = Attachment.objects.get(signal=signal)
    assert evidence.content_type == f"image/{kind.lower()}"
    entry = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, target_id=str(signal.pk)).latest("pk")
    assert (entry.actor, entry.detail) == (worker, {"attachments": [evidence.pk]})
    page = client.get(response["Location"]).content.decode()
    assert reverse("signals:attachment", args=[signal.pk, evidence.pk]) in page
    assert f"later.{kind.lower()}" in page and worker.get_full_name() in page


def test_adding_without_a_file_says_so(client_for, worker, log_signal):
    signal = log_signal(worker)
    response = client_for(worker).post(reverse("signals:add_attachments", args=[signal.pk]), {})
    assert response.status_code == 422
    assert "errorlist" in response.content.decode()


def test_nothing_is_added_to_an_anonymised_signal(client_for, worker, log_signal):
    signal = log_signal(worker)
    Signal.objects.filter(pk=signal.pk).update(anonymised_at=timezone.now())
    response = client_for(worker).post(reverse("signals:add_attachments", args=[signal.pk]),
                                       {"attachments": [image()]})
    assert response.status_code == 422
    assert not Attachment.objects.exists() and not stored_files()


def test_the_upload_and_the_file_accept_only_their_method(client_for, worker, log_signal):
    signal = log_signal(worker)
    evidence, = attachments_add(signal=signal, by=worker, files=[image()])
    client = client_for(worker)
    assert client.get(reverse("signals:add_attachments", args=[signal.pk])).status_code == 405
    assert client.post(reverse("signals:attachment", args=[signal.pk, evidence.pk])).status_code == 405


# Serving


def test_evidence_is_served_privately_with_safe_headers(client_for, worker, log_signal):
    signal = log_signal(worker)
    upload = image("story.png")
    evidence, = attachments_add(signal=signal, by=worker, files=[upload])

    response = client_for(worker).get(reverse("signals:attachment", args=[signal.pk, evidence.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == upload.open().read()
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="story.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == "sandbox"
    # The stored file is not reachable under the media URL, by any name.
    assert client_for(worker).get(settings.MEDIA_URL + evidence.file.name).status_code == 404


def test_a_pdf_is_downloaded_not_shown_in_the_portal(client_for, worker, log_signal):
    signal = log_signal(worker)
    evidence, = attachments_add(signal=signal, by=worker, files=[pdf("verslag.pdf")])
    response = client_for(worker).get(reverse("signals:attachment", args=[signal.pk, evidence.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="verslag.pdf"'
    assert response["Content-Security-Policy"] == "sandbox"
    assert b"".join(response.streaming_content) == PDF


def test_a_non_ascii_name_is_sent_encoded(client_for, worker, log_signal):
    signal = log_signal(worker)
    evidence, = attachments_add(signal=signal, by=worker, files=[image('scherm "één".png')])
    response = client_for(worker).get(reverse("signals:attachment", args=[signal.pk, evidence.pk]))
    assert response["Content-Disposition"] == "inline; filename*=utf-8''scherm%20%22%C3%A9%C3%A9n%22.png"


def test_every_view_of_evidence_is_audited(client_for, worker, manager, log_signal):
    signal = log_signal(worker)  # an ordinary signal: opening its page is not audited, its evidence is
    evidence, = attachments_add(signal=signal, by=worker, files=[image()])
    client = client_for(manager)
    url = reverse("signals:attachment", args=[signal.pk, evidence.pk])
    client.get(url)
    client.get(url)

    views = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW)
    assert list(views.values_list("actor", "target_type", "target_id", "detail")) == [
        (manager.pk, "signals.signal", str(signal.pk), {"attachment": evidence.pk}),
    ] * 2


def test_another_signals_evidence_is_not_found_under_this_signal(client_for, worker, log_signal):
    mine, other = log_signal(worker), log_signal(worker)
    evidence, = attachments_add(signal=other, by=worker, files=[image()])
    response = client_for(worker).get(reverse("signals:attachment", args=[mine.pk, evidence.pk]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).exists()


def test_the_signal_page_needs_the_same_queries_for_more_evidence(
    client_for, worker, log_signal, django_assert_max_num_queries
):
    signal = log_signal(worker)
    attachments_add(signal=signal, by=worker, files=[image()])
    client, url = client_for(worker), reverse("signals:detail", args=[signal.pk])
    client.get(url)  # a session's first request does once what later ones do not
    with django_assert_max_num_queries(40) as few:
        client.get(url, {"open": "evidence"})
    attachments_add(signal=signal, by=worker, files=[image(f"meer-{n}.png") for n in range(4)])
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url, {"open": "evidence"}).content.decode()
    assert page.count(f"/signalen/{signal.pk}/bijlagen/") == 5 + 1  # five links and the upload form


# Access


SERVE = expect(200, other_team_worker=404, outsider=404, admin_member=403, trainer=403, outsider_admin=403)
UPLOAD = {**SERVE, "worker": 302, "safeguarding_officer": 302, "manager": 403}


PAGES = [
    Page("open evidence", ("signals:attachment", lambda o: [o["signal"].pk, o["evidence"].pk]), SERVE),
    # An upload's file is read once, so each request gets its own.
    Page("add evidence", ("signals:add_attachments", lambda o: [o["signal"].pk]), UPLOAD,
         method="post", data=lambda o: {"attachments": [image()]}),
]


@pytest.fixture
def objects(personas, log_signal):
    signal = log_signal(personas.worker)
    evidence, = attachments_add(signal=signal, by=personas.worker, files=[image()])
    return {"signal": signal, "evidence": evidence}


test_access_matrix, test_the_wrong_method_is_refused, test_a_repeated_write_changes_nothing = matrix_tests(PAGES)


# Retention


def test_anonymising_deletes_the_evidence_and_its_files_but_a_legal_hold_keeps_them(
    worker, log_signal, django_capture_on_commit_callbacks
):
    expired, held = log_signal(worker), log_signal(worker)
    for signal in (expired, held):
        attachments_add(signal=signal, by=worker, files=[image(), pdf()])
    long_ago = core_retention.months_before(timezone.localtime(), 30)
    Signal.objects.filter(pk__in=[expired.pk, held.pk]).update(step=Step.CLOSED, closed_at=long_ago)
    Signal.objects.filter(pk=held.pk).update(legal_hold=True)
    held_files = {Path(settings.MEDIA_ROOT) / a.file.name for a in held.attachments.all()}
    assert len(stored_files()) == 4

    with django_capture_on_commit_callbacks(execute=True):
        assert retention.signals_anonymise_expired() == 1

    assert not Attachment.objects.filter(signal=expired).exists()
    assert Attachment.objects.filter(signal=held).count() == 2
    assert set(stored_files()) == held_files


# What a file must be -------------------------------------------------------------------------


def upload(name: str, content: bytes, kind: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=kind)


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("nep.pdf", b"%PDF-1.7\n<script>alert(1)</script>", "is geen PDF-bestand dat te lezen is"),
        ("script.pdf", _pdf(script=True), "bevat scripts of ingesloten bestanden"),
        ("bijlage.pdf", _pdf(attachment=True), "bevat scripts of ingesloten bestanden"),
    ],
)
def test_a_pdf_that_does_not_parse_or_carries_script_or_files_is_refused(name, content, reason, worker, log_signal):
    signal = log_signal(worker)
    with pytest.raises(ValidationError) as refused:
        attachments_add(signal=signal, by=worker, files=[upload(name, content)])
    assert reason in " ".join(refused.value.message_dict["attachments"])
    assert not Attachment.objects.exists() and stored_files() == []


def test_a_huge_picture_is_refused_before_it_is_decoded(worker, log_signal):
    buffer = io.BytesIO()
    Image.new("1", (12000, 12000)).save(buffer, "PNG")  # 144 megapixels in a small file
    assert len(buffer.getvalue()) < 1024 * 1024
    with pytest.raises(ValidationError) as refused:
        attachments_add(signal=log_signal(worker), by=worker, files=[upload("groot.png", buffer.getvalue(), "image/png")])
    assert "meer dan 40 megapixels" in " ".join(refused.value.message_dict["attachments"])


def test_a_photo_is_stored_without_its_gps_position_or_other_metadata(worker, log_signal):
    exif = Image.Exif()
    exif[0x010F] = "Telefoonmerk"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (52.0, 21.0, 3.0), "E", (4.0, 53.0, 40.0)
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, "JPEG", exif=exif, comment=b"thuisadres")
    assert Image.open(io.BytesIO(buffer.getvalue())).getexif().get_ifd(0x8825)

    (stored,) = attachments_add(signal=log_signal(worker), by=worker,
                                files=[upload("foto.jpg", buffer.getvalue(), "image/jpeg")])
    with stored.file.open("rb") as handle:
        content = handle.read()
    with Image.open(io.BytesIO(content)) as image:
        assert image.size == (40, 30)
        assert not image.getexif() and not image.getexif().get_ifd(0x8825)
        assert "comment" not in image.info and "exif" not in image.info
    assert b"thuisadres" not in content and b"Telefoonmerk" not in content
    assert stored.size == len(content)
