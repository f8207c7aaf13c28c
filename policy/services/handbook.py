"""The handbook as the admin edits and publishes it, and the manager approves it.

- Sections are edited one at a time with optimistic concurrency: the form carries the
  section's revision, and a save over someone else's newer save is refused (`SectionChanged`)
  so the editor can keep what they typed and decide.
- Publishing copies the draft into a new numbered `Version`, immutable from then on. The
  draft row is locked, and the version remembers the draft revision it was made from (unique
  per organisation): a second click on publish finds that revision published and returns the
  same version.
- With four eyes, publishing asks a manager instead; the manager's approval publishes exactly
  what was asked (summary, material or not, due days and date), or a rejection with a comment
  sends the draft back. Any edit in between withdraws the request.
- A version may be scheduled for a later date: it is numbered and fixed at once, and becomes
  the current version at the start of that day. Until then it may be withdrawn.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jongerenwerk.core import audit, reminders
from jongerenwerk.core.models import AuditEvent, Organisation, Role, User
from jongerenwerk.core.reporting import start_of
from policy import markdown
from policy.conformity import handle_part
from policy.defaults import SECTIONS
from policy.models import Draft, DraftSection, PolicySettings, Version, VersionSection

MAX_TITLE = 200
MAX_BODY = 400_000  # characters per section: far beyond a long handbook (60 pages in all is ~200,000)
MAX_SUMMARY = 2_000
MAX_DAYS = 90


class SectionChanged(Exception):
    """Someone else saved the section since the form was loaded."""

    def __init__(self, current: DraftSection):
        super().__init__("The section changed meanwhile.")
        self.current = current


class DraftChanged(Exception):
    """The draft changed since the page that publishes or reviews it was loaded."""


# Setting up --------------------------------------------------------------------------------


@transaction.atomic
def handbook_seed(organisation: Organisation) -> None:
    """An approved organisation's settings and its default handbook as a draft (see
    `policy.defaults`), for its admin to adapt and publish. A rerun adds nothing."""
    PolicySettings.objects.get_or_create(
        organisation=organisation, defaults={"handle_name": handle_part(organisation.name)[:40]}
    )
    draft, created = Draft.objects.get_or_create(organisation=organisation)
    if created:
        DraftSection.objects.bulk_create(
            DraftSection(draft=draft, key=key, position=position, title=title, body=body)
            for position, (key, title, body) in enumerate(SECTIONS)
        )


def draft_of(organisation: Organisation) -> Draft:
    """The organisation's draft, seeded first for an organisation approved before this app."""
    draft = Draft.objects.filter(organisation=organisation).first()
    if draft is None:
        handbook_seed(organisation)
        draft = Draft.objects.get(organisation=organisation)
    return draft


def settings_of(organisation: Organisation) -> PolicySettings:
    found = PolicySettings.objects.filter(organisation=organisation).first()
    if found is None:
        handbook_seed(organisation)
        found = PolicySettings.objects.get(organisation=organisation)
    return found


def settings_update(
    *, organisation: Organisation, by: User, four_eyes: bool, acknowledge_within_days: int, handle_name: str
) -> PolicySettings:
    handle_name = handle_name.strip().lower()
    if handle_name and handle_part(handle_name) != handle_name:
        raise ValidationError({"handle_name": _("Use lower-case letters and digits only.")})
    if not 1 <= acknowledge_within_days <= MAX_DAYS:
        raise ValidationError({"acknowledge_within_days": _("Give a number of days from 1 to 90.")})
    with transaction.atomic():
        current = PolicySettings.objects.select_for_update().get(pk=settings_of(organisation).pk)
        fields = {"four_eyes": four_eyes, "acknowledge_within_days": acknowledge_within_days,
                  "handle_name": handle_name}
        changed = sorted(name for name, value in fields.items() if getattr(current, name) != value)
        if changed:
            for name in changed:
                setattr(current, name, fields[name])
            current.save(update_fields=changed)
            audit.record(by, AuditEvent.Action.UPDATE, current, organisation_id=organisation.pk, changed=changed)
    return current


# Editing -----------------------------------------------------------------------------------


def section_update(
    *, section: DraftSection, by: User, title: str, body: str, expected_revision: int
) -> DraftSection:
    """Save a section, unless someone else saved it since `expected_revision` was loaded."""
    title, body = title.strip(), body.replace("\r\n", "\n")
    if not title:
        raise ValidationError({"title": _("Give the section a title.")})
    if len(title) > MAX_TITLE:
        raise ValidationError({"title": _("A title has at most 200 characters.")})
    if len(body) > MAX_BODY:
        raise ValidationError({"body": _("This text is too long for one section; split it up.")})
    with transaction.atomic():
        # The draft first, then the section: the same order as publishing, so they never deadlock.
        draft = Draft.objects.select_for_update().get(pk=section.draft_id)
        current = DraftSection.objects.select_for_update().get(pk=section.pk)
        if current.revision != expected_revision:
            raise SectionChanged(current)
        changed = [name for name, value in (("title", title), ("body", body)) if getattr(current, name) != value]
        if not changed:
            return current
        current.title, current.body, current.updated_by = title, body, by
        current.revision += 1
        current.save(update_fields=[*changed, "revision", "updated_by", "updated_at"])
        draft_fields = ["revision", "updated_at"]
        draft.revision = F("revision") + 1
        if draft.is_submitted:
            # The manager was asked to approve other text: the request lapses.
            draft.state = Draft.State.EDITING
            draft_fields.append("state")
        draft.save(update_fields=draft_fields)
        audit.record(by, AuditEvent.Action.UPDATE, current, organisation_id=draft.organisation_id,
                     changed=changed, section=current.key)
    return current


# Publishing --------------------------------------------------------------------------------


def _latest(organisation_id: int) -> Version | None:
    """The newest version that is not withdrawn (in force or scheduled)."""
    return Version.objects.filter(organisation=organisation_id, withdrawn_at=None).order_by("-number").first()


def _unchanged(draft: Draft, latest: Version | None) -> bool:
    if latest is None:
        return False
    published = {(s.key, s.title, s.body) for s in latest.sections.all()}
    return published == {(s.key, s.title, s.body) for s in draft.sections.all()}


def _validate_publication(*, summary: str, acknowledge_within_days: int, effective_on: date | None, today: date) -> None:
    errors = {}
    if not summary:
        errors["summary"] = _("Say in a sentence or two what changed.")
    elif len(summary) > MAX_SUMMARY:
        errors["summary"] = _("Keep the summary under 2,000 characters.")
    if not 1 <= acknowledge_within_days <= MAX_DAYS:
        errors["acknowledge_within_days"] = _("Give a number of days from 1 to 90.")
    if effective_on is not None and effective_on < today:
        errors["effective_on"] = _("Choose today or a later date.")
    if errors:
        raise ValidationError(errors)


def _check_publishable(draft: Draft, now: datetime) -> Version | None:
    latest = _latest(draft.organisation_id)
    if latest is not None and latest.effective_at > now:
        raise ValidationError(_(
            "Version %(number)s is scheduled for %(date)s. Withdraw it first, or wait until it is in force."
        ) % {"number": latest.number, "date": date_format(timezone.localdate(latest.effective_at), "j F Y")})
    if _unchanged(draft, latest):
        raise ValidationError(_("Nothing changed since version %(number)s.") % {"number": latest.number})
    return latest


def _publish(
    *, draft: Draft, by: User | None, approved_by: User | None, summary: str, is_material: bool,
    acknowledge_within_days: int, effective_on: date | None, now: datetime,
) -> Version:
    """Make the next version from the locked draft."""
    last = Version.objects.filter(organisation=draft.organisation_id).aggregate(last=Max("number"))["last"] or 0
    effective_at = now if effective_on is None or effective_on <= timezone.localdate(now) else start_of(effective_on)
    version = Version.objects.create(
        organisation_id=draft.organisation_id, number=last + 1, draft_revision=draft.revision, summary=summary,
        # The first version asks everyone: nobody has acknowledged anything before it.
        is_material=is_material or last == 0, acknowledge_within_days=acknowledge_within_days,
        effective_at=effective_at, published_by=by, approved_by=approved_by, created_at=now,
    )
    VersionSection.objects.bulk_create(
        VersionSection(version=version, key=s.key, position=s.position, title=s.title, body=s.body,
                       html=markdown.render(s.body))
        for s in draft.sections.all()
    )
    draft.published_revision = draft.revision
    draft.state = Draft.State.EDITING
    draft.submitted_revision = None
    draft.pending_summary, draft.pending_material, draft.pending_days, draft.pending_effective_on = "", None, None, None
    draft.save(update_fields=[
        "published_revision", "state", "submitted_revision", "pending_summary", "pending_material", "pending_days",
        "pending_effective_on", "updated_at",
    ])
    audit.record(
        by, AuditEvent.Action.CREATE, version, number=version.number, material=version.is_material,
        effective_at=version.effective_at.isoformat(), approved_by=approved_by.email if approved_by else None,
    )
    return version


def publication_request(
    *, draft: Draft, by: User, expected_revision: int, summary: str, is_material: bool,
    acknowledge_within_days: int, effective_on: date | None = None, now: datetime | None = None,
) -> tuple[Version | None, bool]:
    """Publish the draft, or with four eyes ask a manager to approve it.

    Returns (the version, or None while it waits for approval; whether anything was done).
    Publishing a revision that is already published (a double click) returns its version.
    """
    now = now or timezone.now()
    summary = summary.strip()
    _validate_publication(summary=summary, acknowledge_within_days=acknowledge_within_days,
                          effective_on=effective_on, today=timezone.localdate(now))
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        if locked.published_revision == expected_revision:
            return Version.objects.get(organisation=locked.organisation_id, draft_revision=expected_revision), False
        if locked.revision != expected_revision:
            raise DraftChanged
        four_eyes = settings_of(locked.organisation).four_eyes
        if four_eyes and locked.is_submitted and locked.submitted_revision == expected_revision:
            return None, False
        _check_publishable(locked, now)
        if not four_eyes:
            return _publish(draft=locked, by=by, approved_by=None, summary=summary, is_material=is_material,
                            acknowledge_within_days=acknowledge_within_days, effective_on=effective_on, now=now), True
        locked.state = Draft.State.SUBMITTED
        locked.submitted_revision, locked.submitted_by, locked.submitted_at = locked.revision, by, now
        locked.pending_summary, locked.pending_material = summary, is_material
        locked.pending_days, locked.pending_effective_on = acknowledge_within_days, effective_on
        locked.save(update_fields=[
            "state", "submitted_revision", "submitted_by", "submitted_at", "pending_summary", "pending_material",
            "pending_days", "pending_effective_on", "updated_at",
        ])
        audit.record(by, AuditEvent.Action.UPDATE, locked, submitted_for_approval=locked.revision)
        managers = User.objects.filter(
            membership__organisation=locked.organisation_id, membership__role=Role.LEIDINGGEVENDE,
            membership__is_active=True,
        )
        reminders.notify(
            users=managers, message=gettext_noop("A new version of the handbook waits for your approval."),
            url=reverse("policy:review"), key=f"policy:review:{locked.pk}:{locked.revision}",
        )
    return None, True


def draft_approve(*, draft: Draft, by: User, expected_revision: int, comment: str = "",
                  now: datetime | None = None) -> Version:
    """The manager approves the requested publication: it is published as it was asked."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        if locked.published_revision == expected_revision:
            return Version.objects.get(organisation=locked.organisation_id, draft_revision=expected_revision)
        if not locked.is_submitted:
            raise ValidationError(_("No version of the handbook waits for approval."))
        if locked.submitted_revision != expected_revision or locked.revision != expected_revision:
            raise DraftChanged
        _check_publishable(locked, now)
        version = _publish(
            draft=locked, by=locked.submitted_by, approved_by=by, summary=locked.pending_summary,
            is_material=bool(locked.pending_material), acknowledge_within_days=locked.pending_days or 14,
            effective_on=locked.pending_effective_on, now=now,
        )
        locked.reviewed_by, locked.reviewed_at, locked.review_comment = by, now, comment.strip()
        locked.review_approved = True
        locked.save(update_fields=["reviewed_by", "reviewed_at", "review_comment", "review_approved"])
        audit.record(by, AuditEvent.Action.APPROVE, locked, version=version.number, revision=expected_revision)
    return version


def draft_reject(*, draft: Draft, by: User, expected_revision: int, comment: str, now: datetime | None = None) -> Draft:
    """The manager sends the draft back with a comment; the admin sees it on the draft."""
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("Say why, so the administrator knows what to change.")})
    now = now or timezone.now()
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        if not locked.is_submitted:
            raise ValidationError(_("No version of the handbook waits for approval."))
        if locked.submitted_revision != expected_revision:
            raise DraftChanged
        locked.state = Draft.State.EDITING
        locked.reviewed_by, locked.reviewed_at, locked.review_comment = by, now, comment
        locked.review_approved = False
        locked.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_comment", "review_approved",
                                   "updated_at"])
        audit.record(by, AuditEvent.Action.UPDATE, locked, rejected=expected_revision)
        if locked.submitted_by is not None:
            reminders.notify(
                users=[locked.submitted_by], url=reverse("policy:draft"),
                message=gettext_noop("The manager did not approve the new version of the handbook; see the comment."),
                key=f"policy:review:{locked.pk}:{expected_revision}:rejected",
            )
    return locked


def version_withdraw(*, version: Version, by: User, now: datetime | None = None) -> bool:
    """Withdraw a version scheduled for a later date, before it is in force. Returns whether
    this call withdrew it (a repeat changes nothing)."""
    now = now or timezone.now()
    if version.withdrawn_at is not None:
        return False
    if version.effective_at <= now:
        raise ValidationError(_("This version is in force and cannot be withdrawn; publish a new version instead."))
    with transaction.atomic():
        draft = Draft.objects.select_for_update().get(organisation=version.organisation_id)
        withdrawn = Version.objects.filter(pk=version.pk, withdrawn_at=None, effective_at__gt=now).update(
            withdrawn_at=now
        )
        if not withdrawn:
            return False
        # The draft moves on, so that its text can be published again as a new version.
        Draft.objects.filter(pk=draft.pk).update(revision=F("revision") + 1, updated_at=now)
        audit.record(by, AuditEvent.Action.UPDATE, version, withdrawn=version.number)
    return True
