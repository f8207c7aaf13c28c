"""Signal categories and their protocols, as the organisation's admin changes them.

A protocol says which handling steps apply at each severity, who must be informed within
how many hours, and how many hours each step may take. A change applies to signals logged
from then on and to the steps taken from then on: a signal keeps the step it is at.

Categories are never deleted (signals point at them); they are taken out of use.
"""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from jongerenwerk.core import audit
from jongerenwerk.core.models import AuditEvent, Organisation, User
from signals.defaults import DEADLINES, STANDARD
from signals.models import HANDLING_STEPS, Category, Severity
from signals.rules import INFORM_ROLES, MAX_HOURS, protocol_errors

# What the admin edits; the fingerprint of these tells whether someone else saved meanwhile.
EDITABLE_FIELDS = (
    "name", "kind", "refuses_images", "is_crime", "is_active", "position",
    "steps_by_severity", "inform", "step_deadline_hours",
)


class CategoryChanged(Exception):
    """Someone else saved the category since the form was loaded."""


def fingerprint(category: Category) -> str:
    """A hash of the editable fields, carried by the form in place of a version number."""
    state = {field: getattr(category, field) for field in EDITABLE_FIELDS}
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()[:32]


def _validate(*, organisation: Organisation, category: Category | None, fields: dict) -> None:
    name = fields["name"]
    if not name:
        raise ValidationError({"name": _("Give the category a name.")})
    others = Category.objects.filter(organisation=organisation, name__iexact=name)
    if category is not None:
        others = others.exclude(pk=category.pk)
    if others.exists():
        raise ValidationError({"name": _("Your organisation already has a category with this name.")})
    if fields["kind"] not in Category.Kind.values:
        raise ValidationError({"kind": _("Choose a kind.")})
    steps = fields["steps_by_severity"]
    if set(steps) - set(Severity.values) or any(set(s) - set(HANDLING_STEPS) for s in steps.values()):
        raise ValidationError({"steps_by_severity": _("Choose steps of the reporting code.")})
    errors = protocol_errors(kind=fields["kind"], is_crime=fields["is_crime"], steps_by_severity=steps)
    if errors:
        raise ValidationError({"steps_by_severity": list(errors.values())})
    deadlines = fields["step_deadline_hours"]
    if set(deadlines) - set(HANDLING_STEPS) or not all(_is_hours(h, minimum=1) for h in deadlines.values()):
        raise ValidationError({"step_deadline_hours": _("Give each deadline as a whole number of hours from 1 to 720.")})
    roles = [rule.get("role") for rule in fields["inform"]]
    if set(roles) - set(INFORM_ROLES) or len(set(roles)) != len(roles):
        raise ValidationError({"inform": _("Name each role to inform once.")})
    if not all(_is_hours(rule.get("hours"), minimum=0) for rule in fields["inform"]):
        raise ValidationError({"inform": _("Give the hours to inform within as a whole number from 0 to 720.")})


def _is_hours(value, *, minimum: int) -> bool:
    return type(value) is int and minimum <= value <= MAX_HOURS


def _unique_key(organisation: Organisation, name: str) -> str:
    base = slugify(name)[:36] or "categorie"
    taken = set(Category.objects.filter(organisation=organisation, key__startswith=base).values_list("key", flat=True))
    key, suffix = base, 2
    while key in taken:
        key, suffix = f"{base}-{suffix}", suffix + 1
    return key


def category_draft(organisation: Organisation) -> Category:
    """An unsaved category to start a new one from: the standard protocol, placed last."""
    last = Category.objects.filter(organisation=organisation).aggregate(last=Max("position"))["last"]
    return Category(
        organisation=organisation, steps_by_severity=STANDARD, step_deadline_hours=DEADLINES,
        position=0 if last is None else last + 1,
    )


def category_create(
    *,
    organisation: Organisation,
    by: User,
    name: str,
    kind: str,
    refuses_images: bool,
    is_crime: bool,
    is_active: bool,
    position: int,
    steps_by_severity: dict[str, list[str]],
    inform: list[dict],
    step_deadline_hours: dict[str, int],
) -> Category:
    fields = {
        "name": name.strip(), "kind": kind, "refuses_images": refuses_images, "is_crime": is_crime,
        "is_active": is_active, "position": position, "steps_by_severity": steps_by_severity,
        "inform": inform, "step_deadline_hours": step_deadline_hours,
    }
    _validate(organisation=organisation, category=None, fields=fields)
    with transaction.atomic():
        category = Category.objects.create(
            organisation=organisation, key=_unique_key(organisation, fields["name"]), **fields
        )
        audit.record(by, AuditEvent.Action.CREATE, category, changed=sorted(fields))
    return category


def category_update(*, category: Category, by: User, fingerprint_loaded: str, **fields) -> Category:
    """Save the admin's changes, unless someone else saved since `fingerprint_loaded` was taken."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    if "name" in fields:
        fields["name"] = fields["name"].strip()
    with transaction.atomic():
        # Locked, so that two admins saving at once are checked one after the other.
        current = Category.objects.select_for_update().get(pk=category.pk)
        if fingerprint(current) != fingerprint_loaded:
            raise CategoryChanged
        changed = sorted(field for field, value in fields.items() if getattr(current, field) != value)
        if not changed:
            return current
        _validate(
            organisation=current.organisation,
            category=current,
            fields={field: fields.get(field, getattr(current, field)) for field in EDITABLE_FIELDS},
        )
        for field in changed:
            setattr(current, field, fields[field])
        current.save(update_fields=changed)
        audit.record(by, AuditEvent.Action.UPDATE, current, changed=changed)
    return current
