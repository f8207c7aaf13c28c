"""Evidence attached to a signal: which files are accepted, and storing them.

A file's type is read from its own bytes (Pillow for images, the header for PDF), never from
its name or the type the browser declares: a script renamed to .png is refused. Categories
that refuse images (sexting, sextortion, grooming) take no files at all, because possessing
such images can be illegal; the worker describes what they saw instead.
"""

from collections.abc import Sequence
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

from jongerenwerk.core import audit
from jongerenwerk.core.models import AuditEvent, User
from signals import rules
from signals.models import Attachment, Category, Signal

MAX_SIZE_MB = 10
MAX_SIZE = MAX_SIZE_MB * 1024 * 1024
MAX_FILES = 5
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
PDF_TYPE = "application/pdf"
ACCEPT = ",".join([*IMAGE_TYPES.values(), PDF_TYPE])  # a hint for the phone's file picker only

REFUSED_FOR_CATEGORY = gettext_lazy(
    "Files cannot be added to signals of this category: possessing such images can be illegal. "
    "Describe what you saw in the facts instead."
)


def detect_content_type(file: UploadedFile) -> str | None:
    """The file's type judged by its content, or None when it is not an accepted type."""
    file.seek(0)
    try:
        if file.read(5) == b"%PDF-":
            return PDF_TYPE
        file.seek(0)
        try:
            with Image.open(file) as image:
                kind = image.format
                image.verify()
        except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
            return None
        return IMAGE_TYPES.get(kind)
    finally:
        file.seek(0)


def attachments_check(
    *, category: Category, files: Sequence[UploadedFile]
) -> list[tuple[UploadedFile, str]]:
    """Each file with its content type; raises one error naming every refused file."""
    if not files:
        return []
    if category.refuses_images:
        raise ValidationError({"attachments": str(REFUSED_FOR_CATEGORY)})
    if len(files) > MAX_FILES:
        raise ValidationError({"attachments": _("Add at most %(count)s files at once.") % {"count": MAX_FILES}})
    accepted, errors = [], []
    for file in files:
        name = {"name": file.name, "limit": MAX_SIZE_MB}
        if file.size > MAX_SIZE:
            errors.append(_("“%(name)s” is larger than %(limit)s MB.") % name)
        elif (content_type := detect_content_type(file)) is None:
            errors.append(_("“%(name)s” is not a JPEG, PNG, WebP or GIF image or a PDF file.") % name)
        else:
            accepted.append((file, content_type))
    if errors:
        raise ValidationError({"attachments": errors})
    return accepted


def _display_name(name: str) -> str:
    """The name as uploaded, without any folder, shortened to fit while keeping its extension."""
    name = "".join(c for c in PurePath(name.replace("\\", "/")).name if c.isprintable()) or "bijlage"
    limit = Attachment._meta.get_field("original_name").max_length
    if len(name) <= limit:
        return name
    suffix = PurePath(name).suffix[:10]
    return name[: limit - len(suffix)] + suffix


def attachments_add(*, signal: Signal, by: User, files: Sequence[UploadedFile]) -> list[Attachment]:
    """Store evidence on a signal: all files or, when one is refused, none."""
    if signal.anonymised_at is not None:
        raise ValidationError(_("This signal is anonymised; nothing can be added to it."))
    accepted = attachments_check(category=signal.category, files=files)
    if not accepted:
        raise ValidationError({"attachments": _("Choose one or more files.")})
    # The same files sent again soon after (a double tap, the Back button) are stored once.
    recent = set(signal.attachments.filter(
        uploaded_by=by, uploaded_at__gte=timezone.now() - rules.REPEAT_WINDOW
    ).values_list("original_name", "size"))
    new = [(file, kind) for file, kind in accepted if (_display_name(file.name), file.size) not in recent]
    return attachments_store(signal=signal, by=by, accepted=new) if new else []


def attachments_store(*, signal: Signal, by: User, accepted: list[tuple[UploadedFile, str]]) -> list[Attachment]:
    """Store files that `attachments_check` accepted, with the content types it found."""
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            for file, content_type in accepted:
                attachment = Attachment(
                    signal=signal, original_name=_display_name(file.name), content_type=content_type,
                    size=file.size, uploaded_by=by,
                )
                attachment.file.save("bijlage", file, save=False)  # upload_to gives it a random name
                stored.append(attachment)
                attachment.save()
            audit.record(by, AuditEvent.Action.UPDATE, signal, attachments=[a.pk for a in stored])
    except BaseException:
        # The rows are rolled back; the files written so far must not stay behind without them.
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    return stored
