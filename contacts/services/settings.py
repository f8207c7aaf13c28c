"""What the organisation's admin changes: working hours, channels in use, the emergency page
and its help lines. And what every organisation gets when it is approved."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from contacts.channels import Channel
from contacts.defaults import ALL_CHANNELS, AVAILABILITY_EN, AVAILABILITY_NL, HELP_LINES
from contacts.hours import DEFAULT_HOURS, Hours, period_of
from contacts.models import ContactSettings, HelpLine, WorkerHours
from jongerenwerk.core import audit
from jongerenwerk.core.models import AuditEvent, Membership, Organisation, User

RESERVED_SLUGS = frozenset({"admin", "beheer", "static", "media"})


def _free_slug(name: str) -> str:
    base = slugify(name)[:50].strip("-") or "organisatie"
    slug, number = base, 1
    while slug in RESERVED_SLUGS or ContactSettings.objects.filter(emergency_slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def suggested_slug(organisation: Organisation) -> str:
    """A free address for the organisation's emergency page, from its name."""
    return _free_slug(organisation.name)


def contact_settings_ensure(organisation: Organisation) -> ContactSettings:
    """The organisation's settings, made with the defaults (office hours, every channel, the
    national help lines) the first time. Run when an organisation is approved; a rerun adds nothing."""
    existing = ContactSettings.objects.filter(organisation=organisation).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        settings = ContactSettings.objects.create(
            organisation=organisation, working_hours=dict(DEFAULT_HOURS), channels=list(ALL_CHANNELS),
            emergency_slug=_free_slug(organisation.name), availability_nl=AVAILABILITY_NL,
            availability_en=AVAILABILITY_EN,
        )
        if not HelpLine.objects.filter(organisation=organisation).exists():
            HelpLine.objects.bulk_create(
                HelpLine(organisation=organisation, name=name, phone=phone, url=url, text_nl=text_nl,
                         text_en=text_en, position=position * 10)
                for position, (name, phone, url, text_nl, text_en) in enumerate(HELP_LINES, start=1)
            )
    return settings


def _check_hours(hours: Hours) -> None:
    for day in range(7):
        period = period_of(hours, day)
        if period is not None and not period[0] < period[1]:
            raise ValidationError(_("A working day ends after it starts; leave both times empty for a day off."))


def contact_settings_update(
    *, organisation: Organisation, by: User, working_hours: Hours, channels: list[str]
) -> ContactSettings:
    _check_hours(working_hours)
    if not channels:
        raise ValidationError({"channels": _("Keep at least one channel in use.")})
    if set(channels) - set(Channel.values):
        raise ValidationError({"channels": _("Choose channels from the list.")})
    settings = contact_settings_ensure(organisation)
    with transaction.atomic():
        settings.working_hours = working_hours
        settings.channels = [channel for channel in Channel.values if channel in channels]
        settings.save(update_fields=["working_hours", "channels"])
        audit.record(by, AuditEvent.Action.UPDATE, settings, fields=["working_hours", "channels"])
    return settings


def worker_hours_set(*, membership: Membership, by: User, working_hours: Hours | None) -> None:
    """Give a worker their own hours, or (None) let the organisation's apply again."""
    with transaction.atomic():
        if working_hours is None:
            WorkerHours.objects.filter(membership=membership).delete()
        else:
            _check_hours(working_hours)
            WorkerHours.objects.update_or_create(membership=membership, defaults={"working_hours": working_hours})
        audit.record(by, AuditEvent.Action.UPDATE, membership, working_hours="own" if working_hours else "organisation")


def emergency_page_update(
    *, organisation: Organisation, by: User, emergency_slug: str, availability_nl: str, availability_en: str
) -> ContactSettings:
    slug = slugify(emergency_slug)
    if not slug or slug in RESERVED_SLUGS:
        raise ValidationError({"emergency_slug": _("Choose a short address of letters, digits and hyphens.")})
    settings = contact_settings_ensure(organisation)
    if ContactSettings.objects.filter(emergency_slug=slug).exclude(pk=settings.pk).exists():
        raise ValidationError({"emergency_slug": _("This address is taken; choose another.")})
    try:
        with transaction.atomic():
            settings.emergency_slug = slug
            settings.availability_nl = availability_nl.strip()
            settings.availability_en = availability_en.strip()
            settings.save(update_fields=["emergency_slug", "availability_nl", "availability_en"])
            audit.record(by, AuditEvent.Action.UPDATE, settings, fields=["emergency_page"])
    except IntegrityError:
        raise ValidationError({"emergency_slug": _("This address is taken; choose another.")}) from None
    return settings


HELP_LINE_FIELDS = ("name", "phone", "url", "text_nl", "text_en", "position")


def _check_help_line(fields: dict) -> None:
    if not fields.get("phone", "").strip() and not fields.get("url", "").strip():
        raise ValidationError(_("Give a phone number, a website or both."))


def help_line_create(*, organisation: Organisation, by: User, **fields) -> HelpLine:
    _check_help_line(fields)
    with transaction.atomic():
        line, created = HelpLine.objects.get_or_create(
            organisation=organisation, name=fields["name"].strip(),
            defaults={name: fields[name] for name in HELP_LINE_FIELDS if name != "name"},
        )
        if created:  # the same line sent twice is the first one
            audit.record(by, AuditEvent.Action.CREATE, line)
    return line


def help_line_update(*, line: HelpLine, by: User, **fields) -> HelpLine:
    _check_help_line(fields)
    with transaction.atomic():
        for name in HELP_LINE_FIELDS:
            setattr(line, name, fields[name])
        line.save(update_fields=list(HELP_LINE_FIELDS))
        audit.record(by, AuditEvent.Action.UPDATE, line)
    return line


def help_line_delete(*, line: HelpLine, by: User) -> None:
    with transaction.atomic():
        audit.record(by, AuditEvent.Action.DELETE, line, name=line.name)
        line.delete()
