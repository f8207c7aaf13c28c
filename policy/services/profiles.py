"""The uniform-profile rules (the admin's) and the work profiles (each worker's own)."""

import re
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jongerenwerk.core import audit
from jongerenwerk.core.models import AuditEvent, Membership, Organisation, User
from policy.conformity import BIO_PLACEHOLDERS, HANDLE_PLACEHOLDERS
from policy.models import Platform, ProfileRule, WorkProfile

ANY_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
HANDLE = re.compile(r"[A-Za-z0-9._\-]+")
RULE_FIELDS = ("handle_pattern", "bio_template", "emergency_link", "must_be_closed", "must_use_logo", "recheck_months")
PROFILE_FIELDS = ("handle", "bio", "is_closed", "uses_logo", "link")
web_link = URLValidator(schemes=["http", "https"])


def _check_link(field: str, url: str, errors: dict) -> None:
    if url:
        try:
            web_link(url)
        except ValidationError:
            errors[field] = _("Give a web address that starts with https:// or http://.")


def _unknown(text: str, known: set[str]) -> list[str]:
    return sorted({name for name in ANY_PLACEHOLDER.findall(text) if name not in known})


def _validate_rule(fields: dict) -> None:
    errors = {}
    unknown = _unknown(fields["handle_pattern"], HANDLE_PLACEHOLDERS)
    if unknown:
        errors["handle_pattern"] = _(
            "Unknown placeholder {%(name)s}; a handle pattern can use {voornaam}, {achternaam} and {organisatie}."
        ) % {"name": unknown[0]}
    unknown = _unknown(fields["bio_template"], BIO_PLACEHOLDERS)
    if unknown:
        errors["bio_template"] = _(
            "Unknown placeholder {%(name)s}; a bio template can use {organisatie}, {voornaam}, {achternaam}, "
            "{werktijden} and {noodlink}."
        ) % {"name": unknown[0]}
    elif "{noodlink}" in fields["bio_template"] and not fields["emergency_link"]:
        errors["emergency_link"] = _("The bio template asks for {noodlink}: give the link to the emergency page.")
    _check_link("emergency_link", fields["emergency_link"], errors)
    if not 1 <= fields["recheck_months"] <= 24:
        errors["recheck_months"] = _("Give a number of months from 1 to 24.")
    if errors:
        raise ValidationError(errors)


def rule_create(*, organisation: Organisation, by: User, platform: str, **fields) -> ProfileRule:
    if platform not in Platform.values:
        raise ValidationError({"platform": _("Choose a platform.")})
    fields = {name: fields[name] for name in RULE_FIELDS}
    fields["handle_pattern"], fields["bio_template"] = fields["handle_pattern"].strip(), fields["bio_template"].strip()
    _validate_rule(fields)
    if ProfileRule.objects.filter(organisation=organisation, platform=platform).exists():
        raise ValidationError({"platform": _("There are rules for this platform already; change those.")})
    try:
        with transaction.atomic():
            rule = ProfileRule.objects.create(organisation=organisation, platform=platform, **fields)
            audit.record(by, AuditEvent.Action.CREATE, rule, platform=platform)
    except IntegrityError:
        raise ValidationError({"platform": _("There are rules for this platform already; change those.")}) from None
    return rule


def rule_update(*, rule: ProfileRule, by: User, **fields) -> ProfileRule:
    fields = {name: fields[name] for name in RULE_FIELDS}
    fields["handle_pattern"], fields["bio_template"] = fields["handle_pattern"].strip(), fields["bio_template"].strip()
    _validate_rule(fields)
    with transaction.atomic():
        current = ProfileRule.objects.select_for_update().get(pk=rule.pk)
        changed = sorted(name for name, value in fields.items() if getattr(current, name) != value)
        if changed:
            for name in changed:
                setattr(current, name, fields[name])
            current.save(update_fields=[*changed, "updated_at"])
            audit.record(by, AuditEvent.Action.UPDATE, current, platform=current.platform, changed=changed)
    return current


def _clean_profile(fields: dict) -> dict:
    fields = {name: fields[name] for name in PROFILE_FIELDS}
    fields["handle"] = fields["handle"].strip().lstrip("@")
    fields["bio"] = fields["bio"].replace("\r\n", "\n").strip()
    fields["link"] = fields["link"].strip()
    errors = {}
    if not fields["handle"]:
        errors["handle"] = _("Give the profile's handle, as it is on the platform.")
    elif not HANDLE.fullmatch(fields["handle"]) or len(fields["handle"]) > 100:
        errors["handle"] = _("A handle has letters, digits, dots, dashes and underscores, without spaces.")
    if len(fields["bio"]) > 500:
        errors["bio"] = _("A bio has at most 500 characters.")
    _check_link("link", fields["link"], errors)
    if errors:
        raise ValidationError(errors)
    return fields


def profile_create(
    *, user: User, membership: Membership, platform: str, now: datetime | None = None, **fields
) -> tuple[WorkProfile, bool]:
    """Register a work profile. The same profile sent twice (a double click) is stored once."""
    if platform not in Platform.values:
        raise ValidationError({"platform": _("Choose a platform.")})
    fields = _clean_profile(fields)
    existing = WorkProfile.objects.filter(owner=user, platform=platform).first()
    if existing is not None:
        if all(getattr(existing, name) == value for name, value in fields.items()):
            return existing, False
        raise ValidationError({"platform": _("You have registered a profile on this platform already; change that one.")})
    now = now or timezone.now()
    try:
        with transaction.atomic():
            profile = WorkProfile.objects.create(
                organisation_id=membership.organisation_id, owner=user, platform=platform, confirmed_at=now, **fields
            )
            audit.record(user, AuditEvent.Action.CREATE, profile, platform=platform)
    except IntegrityError:
        return WorkProfile.objects.get(owner=user, platform=platform), False
    return profile, True


def profile_update(*, profile: WorkProfile, by: User, now: datetime | None = None, **fields) -> WorkProfile:
    """Save the worker's changes; saving the profile also confirms that it is as described."""
    fields = _clean_profile(fields)
    with transaction.atomic():
        current = WorkProfile.objects.select_for_update().get(pk=profile.pk)
        changed = sorted(name for name, value in fields.items() if getattr(current, name) != value)
        if not changed:
            return current
        for name in changed:
            setattr(current, name, fields[name])
        current.confirmed_at = now or timezone.now()
        current.save(update_fields=[*changed, "confirmed_at", "updated_at"])
        audit.record(by, AuditEvent.Action.UPDATE, current, platform=current.platform, changed=changed)
    return current


def profile_confirm(*, profile: WorkProfile, by: User, seen: datetime, now: datetime | None = None) -> bool:
    """The worker confirms the profile is still as registered. `seen` is the confirmation the
    page showed: a repeat of the same click finds it moved on and confirms nothing again."""
    now = now or timezone.now()
    with transaction.atomic():
        confirmed = WorkProfile.objects.filter(pk=profile.pk, confirmed_at=seen).update(confirmed_at=now)
        if confirmed:
            audit.record(by, AuditEvent.Action.UPDATE, profile, platform=profile.platform, confirmed=True)
    return bool(confirmed)


def profile_delete(*, profile: WorkProfile, by: User) -> None:
    with transaction.atomic():
        audit.record(by, AuditEvent.Action.DELETE, profile, platform=profile.platform, handle=profile.handle)
        profile.delete()
