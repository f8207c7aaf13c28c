"""Contacts from a spreadsheet (CSV or XLSX), one per row: organisations move from Excel.

A dry run (`import_check`) reads the file and says, per bad row, why in Dutch: an unknown
channel, a date in the future, an unknown young person's alias (which may be added to the
register), ... Storing (`import_store`) checks the file again against the register as it is
then and stores every row or none. The file itself is kept only until it is stored or
discarded (it may hold notes), and for at most a day (`contacts.services.retention`).
"""

import csv
import hashlib
import io
import re
import uuid
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from contacts import hours as working_hours
from contacts.channels import Channel, is_online, is_synchronous_by_default
from contacts.models import (
    MAX_DURATION_MINUTES,
    Character,
    Contact,
    ContactImport,
    FormOfWork,
    InitiatedBy,
    OfflineMeeting,
    Topic,
)
from contacts.selectors.settings import channels_in_use, hours_of
from contacts.services.records import CLOCK_SLACK
from contacts.services.rollup import first_contacts_mark, reach_rebuild, weeks_rebuild
from jongerenwerk.core import audit
from jongerenwerk.core import services as core_services
from jongerenwerk.core.models import AgeBand, AuditEvent, Membership, Neighbourhood, Organisation, User, Youth
from jongerenwerk.core.reporting import DUTCH_TIME
from jongerenwerk.core.roles import FIELD_WORKERS
from jongerenwerk.core.scope import role_of
from jongerenwerk.core.selectors import youths_visible_to

MAX_FILE_MB = 5
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
MAX_ROWS = 20_000
SHOWN_PROBLEMS = 100  # bad rows listed one by one; the rest are counted per reason
SHOWN_ROWS = 50  # rows that would be stored, shown as a sample
MAX_NOTE = 2000
NAMESPACE = uuid.UUID("0c7f5a0e-9d44-4b53-8a55-3a2f0c6f9e21")
REPEAT_WINDOW = timedelta(minutes=10)

# The column names a spreadsheet may use, Dutch and English, for each field.
COLUMNS = {
    "started_at": ["datum", "date", "start", "gestart", "begonnen", "tijdstip", "datum en tijd", "started at"],
    "time": ["tijd", "time", "begintijd", "starttijd"],
    "duration": ["duur", "duur (minuten)", "minuten", "duration", "duration (minutes)", "minutes"],
    "channel": ["kanaal", "platform", "channel"],
    "youth": ["jongere", "alias", "young person", "youth"],
    "age_band": ["leeftijd", "leeftijdsgroep", "age band", "age"],
    "neighbourhood": ["wijk", "neighbourhood"],
    "character": ["karakter", "aard", "character"],
    "initiated_by": ["initiatief", "wie begon", "gestart door", "who started it", "initiated by"],
    "forms_of_work": ["werkvormen", "werkvorm", "forms of work", "form of work"],
    "topics": ["onderwerpen", "onderwerp", "topics", "topic"],
    "offline_meeting": ["offline", "offline ontmoeting", "offline meeting"],
    "synchronous": ["synchroon", "tegelijk", "synchronous"],
    "note": ["notitie", "opmerking", "note"],
    "worker": ["jongerenwerker", "werker", "e-mail", "email", "youth worker", "worker"],
}
REQUIRED_COLUMNS = ("started_at", "duration", "channel", "character")
EXTRA_WORDS = {
    "channel": {
        "insta": Channel.INSTAGRAM, "instagram": Channel.INSTAGRAM, "facebook": Channel.MESSENGER,
        "fb": Channel.MESSENGER, "messenger": Channel.MESSENGER, "app": Channel.WHATSAPP, "whatsapp": Channel.WHATSAPP,
        "bellen": Channel.PHONE, "telefoon": Channel.PHONE, "telefonisch": Channel.PHONE, "gebeld": Channel.PHONE,
        "videobellen": Channel.VIDEO, "video": Channel.VIDEO, "facetime": Channel.VIDEO, "straat": Channel.STREET,
        "op straat": Channel.STREET, "jongerencentrum": Channel.YOUTH_CENTRE, "jc": Channel.YOUTH_CENTRE,
        "school": Channel.SCHOOL, "op school": Channel.SCHOOL, "huisbezoek": Channel.HOME_VISIT,
        "snap": Channel.SNAPCHAT, "tiktok": Channel.TIKTOK, "telegram": Channel.TELEGRAM, "discord": Channel.DISCORD,
        "online": Channel.OTHER_ONLINE, "anders online": Channel.OTHER_ONLINE,
    },
    "initiated_by": {"ik": InitiatedBy.WORKER, "jongerenwerker": InitiatedBy.WORKER, "werker": InitiatedBy.WORKER,
                     "worker": InitiatedBy.WORKER, "jongere": InitiatedBy.YOUTH, "young person": InitiatedBy.YOUTH},
    "offline_meeting": {"ja": OfflineMeeting.LED_TO, "leidde tot": OfflineMeeting.LED_TO,
                        "volgde op": OfflineMeeting.FOLLOWED, "nee": OfflineMeeting.NONE, "": OfflineMeeting.NONE},
    "synchronous": {"ja": True, "yes": True, "nee": False, "no": False},
}


def _words(choices) -> dict[str, str]:
    """Every way to write a choice: its value, and its label in Dutch and in English."""
    words = {}
    for value, label in choices:
        words[str(value).lower()] = value
        for language in ("nl", "en"):
            with translation.override(language):
                words[str(label).lower()] = value
    return words


class FileRefused(Exception):
    """The file as a whole cannot be read; the message says why, in the user's language."""


@dataclass
class Row:
    number: int  # as the spreadsheet numbers it (the header is row 1)
    values: dict[str, str | datetime | float | None]
    problems: list[tuple[str, str]] = field(default_factory=list)  # (kind, reason)
    fields: dict = field(default_factory=dict)  # what would be stored


@dataclass
class Check:
    rows: list[Row]
    unknown_aliases: list[str]

    @property
    def good(self) -> list[Row]:
        return [row for row in self.rows if not row.problems]

    @property
    def bad(self) -> list[Row]:
        return [row for row in self.rows if row.problems]

    def summary(self) -> dict:
        kinds = _reason_kinds()
        counts = Counter(kind for row in self.bad for kind, _reason in row.problems)
        examples = {}
        for row in self.bad:
            for kind, reason in row.problems:
                examples.setdefault(kind, reason)
        return {
            "total": len(self.rows),
            "good": len(self.good),
            "bad": len(self.bad),
            "sample": [_display(row) for row in self.good[:SHOWN_ROWS]],
            "problems": [{"row": row.number, "reasons": [reason for _kind, reason in row.problems]}
                         for row in self.bad[:SHOWN_PROBLEMS]],
            "reasons": [{"reason": kinds.get(kind, kind), "rows": count, "example": examples[kind]}
                        for kind, count in counts.most_common()],
            "unknown_aliases": self.unknown_aliases[:20],
            "unknown_alias_count": len(self.unknown_aliases),
        }


def _display(row: Row) -> dict:
    fields = row.fields
    local = timezone.localtime(fields["started_at"], DUTCH_TIME)
    return {
        "row": row.number,
        "started_at": date_format(local, "j F Y H:i"),
        "channel": str(Channel(fields["channel"]).label),
        "youth": fields.get("youth_alias") or "",
        "duration": fields["duration_minutes"],
        "character": str(Character(fields["character"]).label),
        "worker": fields["worker_email"],
        "has_note": bool(fields["note"]),
    }


def _reason_kinds() -> dict[str, str]:
    return {
        "date": _("date missing, unreadable or in the future"),
        "duration": _("duration missing or not from 1 to 720 minutes"),
        "channel": _("unknown channel"),
        "character": _("unknown character"),
        "youth": _("unknown young person's alias"),
        "alias": _("alias that cannot be used here"),
        "worker": _("unknown youth worker"),
        "choice": _("unknown form of work, topic or other choice"),
        "neighbourhood": _("unknown neighbourhood"),
        "note": _("note too long"),
        "duplicate": _("already stored"),
    }


# Reading the file ----------------------------------------------------------------------------


def read_table(filename: str, content: bytes) -> list[list]:
    """The file's rows (the first is the header), or FileRefused with a readable reason."""
    if len(content) > MAX_FILE_BYTES:
        raise FileRefused(_("The file is larger than %(size)s MB. Split it into smaller files.") % {"size": MAX_FILE_MB})
    name = filename.lower()
    if name.endswith(".xlsx") or content[:2] == b"PK":
        rows = _read_xlsx(content)
    elif name.endswith((".csv", ".txt")):
        rows = _read_csv(content)
    else:
        raise FileRefused(_("This is not a CSV or XLSX file. Save the spreadsheet as CSV or as an Excel workbook (.xlsx)."))
    rows = [row for row in rows if any(cell not in (None, "") for cell in row)]
    if not rows:
        raise FileRefused(_("The file is empty."))
    if len(rows) - 1 > MAX_ROWS:
        raise FileRefused(_("The file holds more than %(rows)s contacts. Split it into smaller files.")
                          % {"rows": f"{MAX_ROWS:,}".replace(",", ".")})
    return rows


def _read_xlsx(content: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise FileRefused(_("The workbook cannot be read. Save it again as .xlsx, or as CSV.")) from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def _read_csv(content: bytes) -> list[list]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if "\x00" in text:
        raise FileRefused(_("This is not a CSV or XLSX file. Save the spreadsheet as CSV or as an Excel workbook (.xlsx)."))
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error:
        raise FileRefused(_("The CSV file cannot be read. Save it again as CSV (semicolon separated).")) from None


def _columns(header: list) -> dict[str, int]:
    found = {}
    names = {name: key for key, names in COLUMNS.items() for name in names}
    for index, cell in enumerate(header):
        key = names.get(str(cell or "").strip().lower())
        if key is not None and key not in found:
            found[key] = index
    missing = [key for key in REQUIRED_COLUMNS if key not in found]
    if missing:
        raise FileRefused(_(
            "The first row must name the columns. Missing: %(columns)s. See the example below for the column names."
        ) % {"columns": ", ".join(COLUMNS[key][0] for key in missing)})
    return found


# Checking the rows ---------------------------------------------------------------------------


@dataclass
class Register:
    """What the rows are checked against, read once for the whole file."""

    organisation: Organisation
    importer: User
    visible: dict[str, Youth]  # lower-case alias -> young person the importer may see
    neighbourhoods: dict[str, Neighbourhood]
    workers: dict[str, Membership]  # e-mail -> field worker's membership
    channels: set[str]
    words: dict[str, dict[str, str]]

    @classmethod
    def of(cls, organisation: Organisation, importer: User) -> "Register":
        members = Membership.objects.filter(organisation=organisation, role__in=FIELD_WORKERS, is_active=True)
        if role_of(importer) in FIELD_WORKERS:
            members = members.filter(user=importer)  # a worker imports their own contacts only
        return cls(
            organisation=organisation, importer=importer,
            visible={youth.alias.lower(): youth for youth in youths_visible_to(importer)},
            neighbourhoods={n.name.lower(): n for n in Neighbourhood.objects.filter(organisation=organisation)},
            workers={m.user.email.lower(): m for m in members.select_related("user")},
            channels=set(channels_in_use(organisation)),
            words={
                "channel": {**_words(Channel.choices), **EXTRA_WORDS["channel"]},
                "character": _words(Character.choices),
                "initiated_by": {**_words(InitiatedBy.choices), **EXTRA_WORDS["initiated_by"]},
                "forms_of_work": _words(FormOfWork.choices),
                "topics": _words(Topic.choices),
                "offline_meeting": {**_words(OfflineMeeting.choices), **EXTRA_WORDS["offline_meeting"]},
                "age_band": _words(AgeBand.choices),
            },
        )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d")
TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%H.%M")


def _moment(value, time_value) -> datetime | None:
    """A date and time from a cell (or two), as Dutch time; None when it cannot be read."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time.min)
        if time_value in (None, ""):
            return None
    else:
        text = _text(value).replace("T", " ")
        if not text:
            return None
        parts = text.split()
        day = None
        for fmt in DATE_FORMATS:
            try:
                day = datetime.strptime(parts[0], fmt).date()
                break
            except ValueError:
                continue
        if day is None:
            return None
        clock = parts[1] if len(parts) > 1 else None
        if clock is None:
            if time_value in (None, ""):
                return None
            moment = datetime.combine(day, time.min)
        else:
            parsed = _clock(clock)
            if parsed is None:
                return None
            moment = datetime.combine(day, parsed)
    if time_value not in (None, "") and moment.time() == time.min:
        parsed = time_value if isinstance(time_value, time) else _clock(_text(time_value))
        if isinstance(time_value, datetime):
            parsed = time_value.time()
        if parsed is None:
            return None
        moment = datetime.combine(moment.date(), parsed)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=DUTCH_TIME)
    return moment.replace(second=0, microsecond=0)


def _clock(text: str) -> time | None:
    for fmt in TIME_FORMATS:
        try:
            return datetime.strptime(text, fmt).time()
        except ValueError:
            continue
    return None


def _split(value) -> list[str]:
    return [part.strip().lower() for part in re.split(r"[;,/|]", _text(value)) if part.strip()]


def check_row(row: Row, register: Register, *, add_unknown: bool, now: datetime) -> None:
    """Fill `row.fields`, or `row.problems` with a Dutch reason per problem."""
    values, problems = row.values, row.problems
    words = register.words

    def problem(kind: str, reason: str) -> None:
        problems.append((kind, reason))

    started_at = _moment(values.get("started_at"), values.get("time"))
    if started_at is None:
        problem("date", _("The date and time are missing or cannot be read (use 2026-03-14 15:30 or 14-03-2026 15:30)."))
    elif started_at > now + CLOCK_SLACK:
        problem("date", _("The date lies in the future."))
    duration_text = _text(values.get("duration"))
    duration = int(duration_text) if re.fullmatch(r"\d{1,5}", duration_text) else None
    if duration is None or not 1 <= duration <= MAX_DURATION_MINUTES:
        problem("duration", _("The duration must be a whole number of minutes from 1 to 720."))
    channel_text = _text(values.get("channel"))
    channel = words["channel"].get(channel_text.lower())
    if channel is None or channel not in register.channels:
        problem("channel", _("Unknown channel “%(value)s”.") % {"value": channel_text})
    character_text = _text(values.get("character"))
    character = words["character"].get(character_text.lower())
    if character is None:
        problem("character", _("Unknown character “%(value)s”: use steunend, informerend, waarschuwend or repressief.")
                % {"value": character_text})
    initiated_text = _text(values.get("initiated_by"))
    initiated_by = words["initiated_by"].get(initiated_text.lower()) if initiated_text else InitiatedBy.WORKER
    if initiated_by is None:
        problem("choice", _("Unknown value “%(value)s” for who started it: use jongere or jongerenwerker.")
                % {"value": initiated_text})
    chosen = {}
    for name in ("forms_of_work", "topics"):
        parts = _split(values.get(name))
        unknown = [part for part in parts if part not in words[name]]
        if unknown:
            problem("choice", _("Unknown %(column)s: %(values)s.") % {
                "column": _("forms of work") if name == "forms_of_work" else _("topics"), "values": ", ".join(unknown)})
        chosen[name] = sorted({words[name][part] for part in parts if part in words[name]})
    offline_text = _text(values.get("offline_meeting")).lower()
    offline_meeting = words["offline_meeting"].get(offline_text)
    if offline_meeting is None:
        problem("choice", _("Unknown offline meeting “%(value)s”: use leidde tot, volgde op or leave it empty.")
                % {"value": offline_text})
    synchronous_text = _text(values.get("synchronous")).lower()
    synchronous = EXTRA_WORDS["synchronous"].get(synchronous_text) if synchronous_text else None
    if synchronous_text and synchronous is None:
        problem("choice", _("Unknown value “%(value)s” for synchronous: use ja or nee.") % {"value": synchronous_text})
    neighbourhood_text = _text(values.get("neighbourhood"))
    neighbourhood = register.neighbourhoods.get(neighbourhood_text.lower()) if neighbourhood_text else None
    if neighbourhood_text and neighbourhood is None:
        problem("neighbourhood", _("Unknown neighbourhood “%(value)s”.") % {"value": neighbourhood_text})
    age_text = _text(values.get("age_band"))
    age_band = words["age_band"].get(age_text.lower()) if age_text else ""
    if age_text and age_band is None:
        problem("choice", _("Unknown age band “%(value)s”.") % {"value": age_text})
    note = _text(values.get("note"))
    if len(note) > MAX_NOTE:
        problem("note", _("The note is longer than %(count)s characters.") % {"count": MAX_NOTE})
    worker_text = _text(values.get("worker")).lower()
    if not worker_text and role_of(register.importer) in FIELD_WORKERS:
        worker_text = register.importer.email.lower()
    member = register.workers.get(worker_text)
    if member is None:
        if role_of(register.importer) in FIELD_WORKERS:
            problem("worker", _("You can import your own contacts only; leave the youth worker column empty."))
        else:
            problem("worker", _("Unknown youth worker “%(value)s”: give the e-mail address of a youth worker of "
                                "the organisation.") % {"value": worker_text})
    alias = _text(values.get("youth"))
    youth, new_alias = None, ""
    if alias:
        youth = register.visible.get(alias.lower())
        if youth is None and not add_unknown:
            problem("youth", _("Unknown young person “%(value)s”: add them to the register (tick the box below) or "
                               "correct the alias.") % {"value": alias})
        elif youth is None:
            new_alias = alias
    if problems:
        return
    row.fields = {
        "started_at": started_at, "duration_minutes": duration, "channel": channel, "character": character,
        "initiated_by": initiated_by, "forms_of_work": chosen["forms_of_work"], "topics": chosen["topics"],
        "offline_meeting": offline_meeting, "synchronous": synchronous, "neighbourhood": neighbourhood,
        "age_band": age_band if youth is None and not new_alias else "", "note": note, "member": member,
        "worker_email": member.user.email, "youth": youth, "new_alias": new_alias,
        "youth_alias": youth.alias if youth is not None else new_alias,
    }


def _check(contact_import: ContactImport, *, now: datetime) -> Check:
    table = read_table(contact_import.filename, bytes(contact_import.content))
    columns = _columns(table[0])
    register = Register.of(contact_import.organisation, contact_import.by)
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        values = {key: (cells[index] if index < len(cells) else None) for key, index in columns.items()}
        row = Row(number, values)
        check_row(row, register, add_unknown=contact_import.add_unknown_youths, now=now)
        rows.append(row)
    _mark_duplicates(rows, contact_import.organisation)
    unknown = sorted({row.values.get("youth") and _text(row.values["youth"]) for row in rows
                      if any(kind == "youth" for kind, _reason in row.problems)} - {None, ""})
    return Check(rows, unknown)


def _mark_duplicates(rows: list[Row], organisation: Organisation) -> None:
    """A row that is already stored (same worker, moment, channel and young person) is refused,
    so a file imported twice adds nothing the second time."""
    good = [row for row in rows if not row.problems]
    if not good:
        return
    moments = [row.fields["started_at"] for row in good]
    stored = set(
        Contact.objects.filter(
            organisation=organisation, started_at__gte=min(moments), started_at__lte=max(moments),
            worker__in={row.fields["member"].user_id for row in good},
        ).values_list("worker_id", "started_at", "channel", "youth__alias")
    )
    stored = {(worker, moment, channel, (alias or "").lower()) for worker, moment, channel, alias in stored}
    for row in good:
        fields = row.fields
        key = (fields["member"].user_id, fields["started_at"], fields["channel"], fields["youth_alias"].lower())
        if key in stored:
            row.problems.append(("duplicate", _("This contact is already stored.")))
            row.fields = {}


# The services --------------------------------------------------------------------------------


def import_create(*, organisation: Organisation, by: User, filename: str, content: bytes,
                  add_unknown_youths: bool = False) -> ContactImport:
    """Keep the file and run the dry run. A file that cannot be read is refused as a whole
    (ValidationError with the reason); nothing is kept then. The same file sent again soon
    after (a double tap) is the first import."""
    digest = hashlib.sha256(content).hexdigest()
    repeated = ContactImport.objects.filter(
        organisation=organisation, by=by, digest=digest, status=ContactImport.Status.CHECKED,
        add_unknown_youths=add_unknown_youths, created_at__gte=timezone.now() - REPEAT_WINDOW,
    ).first()
    if repeated is not None:
        return repeated
    contact_import = ContactImport(organisation=organisation, by=by, filename=filename[:200], content=content,
                                   digest=digest, add_unknown_youths=add_unknown_youths)
    try:
        check = _check(contact_import, now=timezone.now())
    except FileRefused as refusal:
        raise ValidationError({"file": str(refusal)}) from None
    contact_import.summary = check.summary()
    contact_import.save()
    return contact_import


def import_recheck(*, contact_import: ContactImport, add_unknown_youths: bool) -> ContactImport:
    """Run the dry run again, e.g. with the offer to add unknown young people accepted."""
    if contact_import.status != ContactImport.Status.CHECKED:
        return contact_import
    contact_import.add_unknown_youths = add_unknown_youths
    try:
        check = _check(contact_import, now=timezone.now())
    except FileRefused as refusal:
        raise ValidationError(str(refusal)) from None
    contact_import.summary = check.summary()
    contact_import.save(update_fields=["add_unknown_youths", "summary"])
    return contact_import


def import_store(*, contact_import: ContactImport, by: User) -> int:
    """Store every row of the file, or none: the rows are checked again first, and one bad row
    (the register may have changed since the dry run) stores nothing. Returns how many were
    stored; storing again stores nothing more."""
    with transaction.atomic():
        claimed = ContactImport.objects.filter(pk=contact_import.pk, status=ContactImport.Status.CHECKED).update(
            status=ContactImport.Status.STORED, stored_at=timezone.now()
        )
        if not claimed:
            return 0
        now = timezone.now()
        try:
            check = _check(contact_import, now=now)
        except FileRefused as refusal:
            raise ValidationError(str(refusal)) from None
        if check.bad:
            raise ValidationError(_(
                "%(count)s rows have a problem, so nothing is stored. Correct the file and check it again."
            ) % {"count": len(check.bad)})
        organisation = contact_import.organisation
        youths = _add_youths(check, organisation=organisation, by=by)
        entries = []
        for row in check.good:
            fields = dict(row.fields)
            fields["youth"] = fields["youth"] or youths.get(fields["new_alias"].lower())
            fields["idempotency_key"] = uuid.uuid5(NAMESPACE, f"{contact_import.pk}:{row.number}")
            entries.append(fields)
        contacts = contacts_bulk_create(organisation=organisation, entries=entries)
        ContactImport.objects.filter(pk=contact_import.pk).update(content=b"", stored_count=len(contacts))
        audit.record(by, AuditEvent.Action.CREATE, contact_import, contacts=len(contacts),
                     youths_added=len(youths))
    return len(contacts)


BULK_FIELDS = ("started_at", "duration_minutes", "channel", "character", "initiated_by", "forms_of_work", "topics",
               "offline_meeting", "note", "age_band", "idempotency_key")


def contacts_bulk_create(*, organisation: Organisation, entries: list[dict]) -> list[Contact]:
    """Store many contacts at once (an import, the demo data), inside the caller's transaction:
    out of hours from each worker's hours, then the first-contact marks and the weekly roll-up
    of the weeks they fall in. Each entry names its `member` (a field worker's membership), its
    `youth` or none, and the contact's fields; the caller has checked them."""
    hours = {}
    contacts = []
    for entry in entries:
        member = entry["member"]
        if member.pk not in hours:
            hours[member.pk] = hours_of(member)
        youth, channel, synchronous = entry["youth"], entry["channel"], entry.get("synchronous")
        contacts.append(Contact(
            organisation=organisation, worker_id=member.user_id, youth=youth,
            neighbourhood=youth.neighbourhood if youth is not None else entry.get("neighbourhood"),
            is_online=is_online(channel),
            is_synchronous=is_synchronous_by_default(channel) if synchronous is None else synchronous,
            out_of_hours=not working_hours.is_within(hours[member.pk], entry["started_at"]),
            **{name: entry[name] for name in BULK_FIELDS if name in entry},
        ))
    if not contacts:
        return []
    Contact.objects.bulk_create(contacts, batch_size=1000)
    youths = {contact.youth_id for contact in contacts if contact.youth_id}
    first_contacts_mark(youth_ids=youths)
    reach_rebuild(organisation_id=organisation.pk, workers={contact.worker_id for contact in contacts}, youths=youths)
    moments = [contact.started_at for contact in contacts]
    weeks_rebuild(organisation_id=organisation.pk, workers={contact.worker_id for contact in contacts},
                  since=timezone.localtime(min(moments), DUTCH_TIME).date(),
                  until=timezone.localtime(max(moments), DUTCH_TIME).date())
    return contacts


def _add_youths(check: Check, *, organisation: Organisation, by: User) -> dict[str, Youth]:
    added = {}
    for row in check.good:
        alias = row.fields["new_alias"]
        if alias and alias.lower() not in added:
            try:
                added[alias.lower()] = core_services.youth_for_alias(
                    organisation=organisation, alias=alias, age_band=row.fields["age_band"] or AgeBand.UNKNOWN,
                    neighbourhood=row.fields["neighbourhood"], by=by,
                )
            except ValidationError:
                raise ValidationError(_("The alias “%(value)s” cannot be used here. Choose another alias, or ask "
                                        "a colleague. Nothing is stored.") % {"value": alias}) from None
    return added


def import_discard(*, contact_import: ContactImport, by: User) -> bool:
    """Throw away a checked file that was not stored; a repeat does nothing."""
    discarded = ContactImport.objects.filter(pk=contact_import.pk, status=ContactImport.Status.CHECKED).update(
        status=ContactImport.Status.DISCARDED, content=b""
    )
    return bool(discarded)


def example_rows() -> list[list[str]]:
    """An example spreadsheet's first rows, for the import page."""
    return [
        ["datum", "duur", "kanaal", "jongere", "karakter", "werkvormen", "onderwerpen", "initiatief", "offline",
         "notitie", "jongerenwerker"],
        ["2026-03-14 15:30", "10", "WhatsApp", "skater_012", "steunend", "1-op-1 begeleiding", "school, werk en stage",
         "jongere", "", "", "werker@voorbeeld.nl"],
        ["14-03-2026 20:15", "25", "op straat", "", "waarschuwend", "signaleren", "middelen", "jongerenwerker",
         "", "", "werker@voorbeeld.nl"],
    ]

