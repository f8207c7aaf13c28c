"""Every change to organisations, people, invitations and the youth register."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jongerenwerk.core import audit, outbox
from jongerenwerk.core.models import (
    AuditEvent,
    Invitation,
    Membership,
    Neighbourhood,
    Organisation,
    Role,
    Team,
    User,
    Youth,
)
from jongerenwerk.core.registry import registry
from jongerenwerk.core.reminders import send_once
from jongerenwerk.core.scope import Scope
from jongerenwerk.core.selectors import youths_visible_to

# Invitations -------------------------------------------------------------------------------


def invitation_create(
    *, organisation: Organisation, email: str, role: str, by: User | None, send: bool = True
) -> Invitation:
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Someone with this e-mail address already has an account.")})
    if Invitation.objects.filter(email__iexact=email, status=Invitation.Status.PENDING).exists():
        raise ValidationError({"email": _("This e-mail address already has an open invitation.")})
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a valid role.")})
    with transaction.atomic():
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=role,
            invited_by=by,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        audit.record(by, AuditEvent.Action.INVITE, invitation, role=role)
        if send:
            outbox.enqueue("core.send_invitation", invitation.pk)
    return invitation


def invitation_send(*, invitation: Invitation) -> bool:
    """Mail the invitation link once; False when it was already sent or is no longer usable.
    A failed send raises and leaves the invitation unsent, so the task's retry sends it."""
    if not invitation.is_usable:
        return False

    def send() -> None:
        link = settings.SITE_URL + reverse("core:invitation_accept", args=[invitation.token])
        # The invitee has no account yet, so no language of their own: the portal's.
        with translation.override(settings.LANGUAGE_CODE):
            context = {"invitation": invitation, "link": link, "role": invitation.get_role_display()}
            subject = _("Invitation to the youth-work portal of %(organisation)s") % {
                "organisation": invitation.organisation.name
            }
            body = render_to_string("core/email/invitation.txt", context)
        send_mail(subject, body, None, [invitation.email])

    return send_once(Invitation.objects.filter(pk=invitation.pk), done="sent_at", claim="send_claimed_at", send=send)


def invitation_accept(*, invitation: Invitation, full_name: str, password: str) -> User:
    if not invitation.is_usable:
        raise ValidationError(_("This invitation can no longer be used."))
    user = User(email=invitation.email, full_name=full_name.strip())
    validate_password(password, user)
    with transaction.atomic():
        # Claim the invitation first: a second submit of the same form finds it accepted.
        claimed = Invitation.objects.filter(pk=invitation.pk, status=Invitation.Status.PENDING).update(
            status=Invitation.Status.ACCEPTED, accepted_at=timezone.now()
        )
        if not claimed:
            raise ValidationError(_("This invitation can no longer be used."))
        user.set_password(password)
        user.save()
        # The invitation reached this address, which verifies it.
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        membership = Membership.objects.create(user=user, organisation=invitation.organisation, role=invitation.role)
        audit.record(user, AuditEvent.Action.CREATE, membership, via="invitation", role=invitation.role)
    return user


def invitation_revoke(*, invitation: Invitation, by: User) -> None:
    updated = Invitation.objects.filter(pk=invitation.pk, status=Invitation.Status.PENDING).update(
        status=Invitation.Status.REVOKED
    )
    if updated:
        audit.record(by, AuditEvent.Action.UPDATE, invitation, status="revoked")


def invitations_expire(*, now=None) -> int:
    """Mark pending invitations past their date as expired; a rerun changes nothing."""
    now = now or timezone.now()
    return Invitation.objects.filter(status=Invitation.Status.PENDING, expires_at__lte=now).update(
        status=Invitation.Status.EXPIRED
    )


# Organisations ----------------------------------------------------------------------------


def organisation_register(*, name: str, province: str, contact_name: str, contact_email: str) -> Organisation:
    """A request for a new organisation; platform staff approve it before anyone can sign in."""
    with transaction.atomic():
        organisation = Organisation.objects.create(name=name.strip(), province=province)
        invitation_create(
            organisation=organisation, email=contact_email, role=Role.BEHEERDER, by=None, send=False
        )
        audit.record(None, AuditEvent.Action.CREATE, organisation, contact_name=contact_name.strip())
    return organisation


def organisation_approve(*, organisation: Organisation, by: User) -> bool:
    with transaction.atomic():
        approved = Organisation.objects.filter(pk=organisation.pk, status=Organisation.Status.PENDING).update(
            status=Organisation.Status.APPROVED, approved_at=timezone.now()
        )
        if not approved:
            return False
        # The apps give the new organisation what it starts with (protocols, a handbook).
        registry.organisation_approved(organisation)
        for invitation in Invitation.objects.filter(
            organisation=organisation, status=Invitation.Status.PENDING, sent_at=None
        ):
            # The request may have waited a while: give the first admin a fresh term.
            invitation.expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
            invitation.save(update_fields=["expires_at"])
            outbox.enqueue("core.send_invitation", invitation.pk)
        audit.record(by, AuditEvent.Action.APPROVE, organisation)
    return True


def organisation_update(*, organisation: Organisation, by: User, **fields) -> Organisation:
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    with transaction.atomic():
        organisation.save(update_fields=list(fields))
        audit.record(by, AuditEvent.Action.UPDATE, organisation, fields=sorted(fields))
    return organisation


def neighbourhood_create(*, organisation: Organisation, name: str, by: User) -> Neighbourhood:
    name = name.strip()
    if Neighbourhood.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise ValidationError({"name": _("This neighbourhood already exists.")})
    with transaction.atomic():
        neighbourhood = Neighbourhood.objects.create(organisation=organisation, name=name)
        audit.record(by, AuditEvent.Action.CREATE, neighbourhood)
    return neighbourhood


def team_create(*, organisation: Organisation, name: str, neighbourhoods, by: User) -> Team:
    name = name.strip()
    if Team.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise ValidationError({"name": _("This team already exists.")})
    with transaction.atomic():
        team = Team.objects.create(organisation=organisation, name=name)
        team.neighbourhoods.set(neighbourhoods)
        audit.record(by, AuditEvent.Action.CREATE, team)
    return team


def membership_update(
    *, membership: Membership, role: str, neighbourhoods, teams, is_active: bool, by: User
) -> Membership:
    if membership.user_id == by.pk and (role != Role.BEHEERDER or not is_active):
        raise ValidationError(_("You cannot take away your own administrator role."))
    with transaction.atomic():
        membership.role = role
        membership.is_active = is_active
        membership.save(update_fields=["role", "is_active"])
        membership.neighbourhoods.set(neighbourhoods)
        membership.teams.set(teams)
        audit.record(by, AuditEvent.Action.UPDATE, membership, role=role, active=is_active)
    return membership


# The youth register -----------------------------------------------------------------------
#
# An alias is a nickname or handle, not an identity: two young people in two neighbourhoods
# can use the same one. Aliases are unique per neighbourhood (and among young people without
# one), and a field worker registers young people in their own neighbourhoods only. So every
# duplicate a worker can run into is one they may see, and the register never confirms that
# an alias exists where they may not look. The overseeing roles see both entries, each with
# its neighbourhood.


def _same_alias(organisation_id: int, alias: str, neighbourhood: Neighbourhood | None):
    return Youth.objects.filter(organisation_id=organisation_id, alias__iexact=alias, neighbourhood=neighbourhood)


def _check_place(*, organisation_id: int, neighbourhood: Neighbourhood | None, by: User, current=None) -> None:
    if neighbourhood is None or neighbourhood.pk == current:
        return
    if neighbourhood.organisation_id != organisation_id:
        raise ValidationError({"neighbourhood": _("Choose a neighbourhood of your organisation.")})
    scope = Scope.of(by)
    if not scope.organisation_wide and neighbourhood.pk not in scope.neighbourhood_ids:
        raise ValidationError({"neighbourhood": _("Choose one of the neighbourhoods you work in, or none.")})


def youth_create(
    *, organisation: Organisation, alias: str, age_band: str, neighbourhood: Neighbourhood | None,
    notes: str = "", by: User,
) -> Youth:
    alias = alias.strip()
    _check_place(organisation_id=organisation.pk, neighbourhood=neighbourhood, by=by)
    if _same_alias(organisation.pk, alias, neighbourhood).exists():
        raise ValidationError({"alias": _("A young person with this alias is already registered.")})
    with transaction.atomic():
        youth = Youth.objects.create(
            organisation=organisation, alias=alias, age_band=age_band, neighbourhood=neighbourhood,
            notes=notes.strip(), created_by=by,
        )
        audit.record(by, AuditEvent.Action.CREATE, youth)
    return youth


def youth_update(
    *, youth: Youth, alias: str, age_band: str, neighbourhood: Neighbourhood | None, notes: str, by: User
) -> Youth:
    alias = alias.strip()
    _check_place(organisation_id=youth.organisation_id, neighbourhood=neighbourhood, by=by,
                 current=youth.neighbourhood_id)
    if _same_alias(youth.organisation_id, alias, neighbourhood).exclude(pk=youth.pk).exists():
        raise ValidationError({"alias": _("A young person with this alias is already registered.")})
    with transaction.atomic():
        youth.alias, youth.age_band, youth.neighbourhood, youth.notes = alias, age_band, neighbourhood, notes.strip()
        youth.save(update_fields=["alias", "age_band", "neighbourhood", "notes"])
        audit.record(by, AuditEvent.Action.UPDATE, youth)
    return youth


def youth_for_alias(
    *, organisation: Organisation, alias: str, age_band: str, neighbourhood: Neighbourhood | None, by: User
) -> Youth:
    """The young person a worker means by an alias typed in a form: one they may see (in
    `neighbourhood` first), else a new entry, placed in `neighbourhood` if they work there.
    An alias that exists only where the worker may not look is neither linked nor revealed."""
    visible = youths_visible_to(by).filter(alias__iexact=alias.strip())
    existing = visible.filter(neighbourhood=neighbourhood).first() or visible.order_by("pk").first()
    if existing is not None:
        return existing
    scope = Scope.of(by)
    if neighbourhood is not None and not scope.organisation_wide and neighbourhood.pk not in scope.neighbourhood_ids:
        neighbourhood = None
    return youth_create(organisation=organisation, alias=alias, age_band=age_band or "?", neighbourhood=neighbourhood,
                        by=by)


def user_language_set(*, user: User, language: str) -> None:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
