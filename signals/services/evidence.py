"""Evidence attached to a signal: which files are accepted, and storing them.

A file's type is read from its own bytes, never from its name or the type the browser
declares: a script renamed to .png is refused. A PDF must parse (pypdf) and carry no script,
embedded files or launch actions. An image may have at most 40 megapixels, judged from its
header before decoding, and is stored encoded anew: a phone photo's EXIF can hold the GPS
position of a young person's home, so no metadata is kept. Categories that refuse images
(sexting, sextortion, grooming) take no files at all, because possessing such images can be
illegal; the worker describes what they saw instead.
"""

import io
from collections.abc import Sequence
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from jongerenwerk.core import audit
from jongerenwerk.core.models import AuditEvent, User
from signals import rules
from signals.models import Attachment, Category, Signal

MAX_SIZE_MB = 10
MAX_SIZE = MAX_SIZE_MB * 1024 * 1024
MAX_FILES = 5
MAX_PIXELS = 40_000_000  # checked from the header, before any pixel is decoded
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
PDF_TYPE = "application/pdf"
ACCEPT = ",".join([*IMAGE_TYPES.values(), PDF_TYPE])  # a hint for the phone's file picker only

NOT_ACCEPTED = gettext_lazy("“%(name)s” is not a JPEG, PNG, WebP or GIF image or a PDF file.")
REFUSED_FOR_CATEGORY = gettext_lazy(
    "Files cannot be added to signals of this category: possessing such images can be illegal. "
    "Describe what you saw in the facts instead."
)


class Refused(Exception):
    """Why a file is not accepted, in words for the person who sent it."""


# Names in a PDF's object graph that carry script or other files. A PDF that has any of them is
# refused: evidence is a page to read, never something that runs or unpacks.
PDF_ACTIVE_CONTENT = {"/JS", "/JavaScript", "/EmbeddedFile", "/EmbeddedFiles", "/Launch", "/RichMedia",
                      "/XFA", "/SubmitForm", "/ImportData"}
PDF_MAX_OBJECTS = 50_000  # more than evidence ever holds; bounds the walk below


def _pdf_is_clean(content: bytes) -> None:
    """Parse the PDF with pypdf and walk every object reachable from its trailer."""
    # Imported here: pypdf takes a third of a second to import, which every process (a worker,
    # each management command) paid at start-up for the few that check an attachment.
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        seen, stack, count = set(), [reader.trailer], 0
        while stack:
            node = stack.pop()
            if isinstance(node, IndirectObject):
                key = (node.idnum, node.generation)
                if key in seen:
                    continue
                seen.add(key)
                node = node.get_object()
            count += 1
            if count > PDF_MAX_OBJECTS:
                raise Refused(_("“%(name)s” is not a PDF file that can be read."))
            if isinstance(node, DictionaryObject):
                if PDF_ACTIVE_CONTENT & set(node.keys()) or node.get("/S") in ("/JavaScript", "/Launch"):
                    raise Refused(_("“%(name)s” contains scripts or embedded files; such PDF files are refused."))
                stack.extend(node.values())
            elif isinstance(node, ArrayObject):
                stack.extend(node)
        if len(reader.pages) < 1:
            raise Refused(_("“%(name)s” is not a PDF file that can be read."))
    except Refused:
        raise
    except Exception:  # pypdf raises many kinds of errors on a broken file; all mean "refused"
        raise Refused(_("“%(name)s” is not a PDF file that can be read.")) from None


def _image_without_metadata(content: bytes) -> tuple[str, bytes]:
    """The image's type and its pixels encoded anew: EXIF (with any GPS position), comments and
    other metadata are not carried over. The size is checked from the header before decoding."""
    try:
        with Image.open(io.BytesIO(content)) as image:
            kind = image.format
            if kind not in IMAGE_TYPES:
                raise Refused(NOT_ACCEPTED)
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise Refused(_("“%(name)s” has more than 40 megapixels; send a smaller picture."))
            frames = [ImageOps.exif_transpose(frame.copy()) for frame in ImageSequence.Iterator(image)]
            duration = image.info.get("duration")
    except Refused:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise Refused(NOT_ACCEPTED) from None
    for frame in frames:
        frame.info = {}  # Pillow would write a JPEG comment or PNG text that was kept here
    first = frames[0]
    if kind == "JPEG" and first.mode not in ("RGB", "L"):
        first = first.convert("RGB")
    output = io.BytesIO()
    options = {"save_all": True, "append_images": frames[1:], "duration": duration} if len(frames) > 1 else {}
    first.save(output, kind, **({"quality": 90} if kind == "JPEG" else {}), **options)
    return IMAGE_TYPES[kind], output.getvalue()


def inspect(file: UploadedFile) -> tuple[str, bytes]:
    """The file's type judged by its content, and the bytes to store; raises Refused."""
    if file.size > MAX_SIZE:
        raise Refused(_("“%(name)s” is larger than %(limit)s MB."))
    file.seek(0)
    content = file.read()
    file.seek(0)
    if content.startswith(b"%PDF-"):
        _pdf_is_clean(content)
        return PDF_TYPE, content
    return _image_without_metadata(content)


def attachments_check(
    *, category: Category, files: Sequence[UploadedFile]
) -> list[tuple[UploadedFile, str, bytes]]:
    """Each file with its content type and the bytes to store; raises one error naming every
    refused file."""
    if not files:
        return []
    if category.refuses_images:
        raise ValidationError({"attachments": str(REFUSED_FOR_CATEGORY)})
    if len(files) > MAX_FILES:
        raise ValidationError({"attachments": _("Add at most %(count)s files at once.") % {"count": MAX_FILES}})
    accepted, errors = [], []
    for file in files:
        try:
            content_type, content = inspect(file)
        except Refused as refusal:
            errors.append(str(refusal.args[0]) % {"name": file.name, "limit": MAX_SIZE_MB})
        else:
            accepted.append((file, content_type, content))
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
    new = [entry for entry in accepted if (_display_name(entry[0].name), len(entry[2])) not in recent]
    return attachments_store(signal=signal, by=by, accepted=new) if new else []


def attachments_store(
    *, signal: Signal, by: User, accepted: list[tuple[UploadedFile, str, bytes]]
) -> list[Attachment]:
    """Store files that `attachments_check` accepted, as it cleaned them."""
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            for file, content_type, content in accepted:
                attachment = Attachment(
                    signal=signal, original_name=_display_name(file.name), content_type=content_type,
                    size=len(content), uploaded_by=by,
                )
                # upload_to gives it a random name
                attachment.file.save("bijlage", ContentFile(content), save=False)
                stored.append(attachment)
                attachment.save()
            audit.record(by, AuditEvent.Action.UPDATE, signal, attachments=[a.pk for a in stored])
    except BaseException:
        # The rows are rolled back; the files written so far must not stay behind without them.
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    return stored
