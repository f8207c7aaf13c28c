"""Who someone is, which organisation and team they belong to, and what their role lets them see.

Also the pseudonymous youth register, the append-only audit log and the task outbox that
every part of the portal builds on.
"""

import secrets
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Province(models.TextChoices):
    DRENTHE = "DR", "Drenthe"
    FLEVOLAND = "FL", "Flevoland"
    FRIESLAND = "FR", "Friesland"
    GELDERLAND = "GE", "Gelderland"
    GRONINGEN = "GR", "Groningen"
    LIMBURG = "LI", "Limburg"
    NOORD_BRABANT = "NB", "Noord-Brabant"
    NOORD_HOLLAND = "NH", "Noord-Holland"
    OVERIJSSEL = "OV", "Overijssel"
    UTRECHT = "UT", "Utrecht"
    ZEELAND = "ZE", "Zeeland"
    ZUID_HOLLAND = "ZH", "Zuid-Holland"


class Role(models.TextChoices):
    JONGERENWERKER = "jongerenwerker", _("youth worker")
    AANDACHTSFUNCTIONARIS = "aandachtsfunctionaris", _("safeguarding officer")
    LEIDINGGEVENDE = "leidinggevende", _("manager")
    BEHEERDER = "beheerder", _("administrator")


# Roles that reach sensitive data or manage people: they must use a second factor.
ROLES_REQUIRING_MFA = frozenset({Role.AANDACHTSFUNCTIONARIS, Role.LEIDINGGEVENDE, Role.BEHEERDER})


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address; no usernames."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("name"), max_length=150, blank=True)
    is_staff = models.BooleanField(
        _("platform staff"), default=False, help_text=_("May use the Django admin.")
    )
    is_trainer = models.BooleanField(
        _("trainer / programme admin"),
        default=False,
        help_text=_("Runs the national training programme; not tied to an organisation."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # The language of the person's mails and notifications; the last one they chose in the portal.
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="nl")
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Organisation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting approval")
        APPROVED = "approved", _("approved")
        SUSPENDED = "suspended", _("suspended")

    name = models.CharField(_("name"), max_length=200, unique=True)
    province = models.CharField(_("province"), max_length=2, choices=Province.choices)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    online_share_target = models.PositiveSmallIntegerField(
        _("target online share of contacts (%)"), default=25, validators=[MaxValueValidator(100)]
    )
    supportive_share_target = models.PositiveSmallIntegerField(
        _("target supportive share of contacts (%)"), default=85, validators=[MaxValueValidator(100)]
    )
    online_hours_per_week = models.DecimalField(
        _("online hours per worker per week"), max_digits=4, decimal_places=1, default=8
    )
    retention_months = models.PositiveSmallIntegerField(
        _("retention of closed records (months)"),
        default=24,
        help_text=_("Closed records are anonymised after this many months."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(online_share_target__lte=100, supportive_share_target__lte=100),
                name="organisation_targets_are_percentages",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class Neighbourhood(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="neighbourhoods")
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_neighbourhood_per_organisation")
        ]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("name"), max_length=120)
    neighbourhoods = models.ManyToManyField(Neighbourhood, blank=True, related_name="teams", verbose_name=_("neighbourhoods"))

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="unique_team_per_organisation")]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's place in one organisation: their role, teams and neighbourhoods."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="membership")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    teams = models.ManyToManyField(Team, blank=True, related_name="members", verbose_name=_("teams"))
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, blank=True, related_name="workers", verbose_name=_("neighbourhoods")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"


class Invitation(models.Model):
    """An e-mailed invitation to join an organisation with a role; accepting it creates the account."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        EXPIRED = "expired", _("expired")
        REVOKED = "revoked", _("revoked")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    invited_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    send_claimed_at = models.DateTimeField(null=True, blank=True)  # see `reminders.send_once`
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=models.Q(status="pending"),
                name="one_pending_invitation_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_usable(self) -> bool:
        return self.status == self.Status.PENDING and self.expires_at > timezone.now()


class AgeBand(models.TextChoices):
    UNDER_12 = "-12", _("under 12")
    AGE_12_15 = "12-15", _("12 to 15")
    AGE_16_17 = "16-17", _("16 to 17")
    AGE_18_21 = "18-21", _("18 to 21")
    AGE_22_27 = "22-27", _("22 to 27")
    UNKNOWN = "?", _("unknown")


class Youth(models.Model):
    """A young person in the pseudonymous register: an alias or handle, never a required real name."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="youths")
    alias = models.CharField(
        _("alias or handle"), max_length=80, help_text=_("A nickname or platform handle; no real name.")
    )
    age_band = models.CharField(_("age band"), max_length=5, choices=AgeBand.choices, default=AgeBand.UNKNOWN)
    neighbourhood = models.ForeignKey(
        Neighbourhood, null=True, blank=True, on_delete=models.SET_NULL, related_name="youths",
        verbose_name=_("neighbourhood"),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        verbose_name = _("young person")
        verbose_name_plural = _("young people")
        ordering = [Lower("alias")]
        # An alias is unique per neighbourhood, and among the young people without one
        # (see `services.youth_create`). NULL never equals NULL, hence two constraints.
        constraints = [
            models.UniqueConstraint(
                "organisation", "neighbourhood", Lower("alias"), condition=models.Q(neighbourhood__isnull=False),
                name="unique_youth_alias_per_neighbourhood",
            ),
            models.UniqueConstraint(
                "organisation", Lower("alias"), condition=models.Q(neighbourhood__isnull=True),
                name="unique_youth_alias_without_neighbourhood",
            ),
        ]

    def __str__(self) -> str:
        return self.alias


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only.")

    def delete(self):
        raise PermissionError("The audit log is append-only.")


class AuditEvent(models.Model):
    """Who did what to which record, and who viewed which sensitive record. Append-only."""

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        EXPORT = "export", _("exported")
        SHARE = "share", _("shared")
        ANONYMISE = "anonymise", _("anonymised")
        INVITE = "invite", _("invited")
        APPROVE = "approve", _("approved")
        LOGIN_FAILED = "login_failed", _("failed sign-in")
        LOCKOUT = "lockout", _("locked out")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # PROTECT: the trail outlives nobody it names; people are deactivated, not deleted.
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("who")
    )
    actor_label = models.CharField(_("who (as recorded)"), max_length=254, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    target_type = models.CharField(_("record type"), max_length=100)
    target_id = models.CharField(_("record id"), max_length=64)
    # A label that identifies the record without its contents (never facts about a young person).
    target_label = models.CharField(_("record"), max_length=200, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"]), models.Index(fields=["organisation", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_type}#{self.target_id}"

    def save(self, *args, **kwargs):
        # Integrity, not a domain rule: an audit entry is written once and never rewritten.
        if not self._state.adding:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")


class OutboxMessage(models.Model):
    """A task to hand to the broker, stored in the same transaction as the change that wants it.

    If the broker is down when the change commits, the row waits and the outbox sweep
    publishes it once the broker is back, so a save never fails and no task is lost.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.task_name} ({'published' if self.published_at else 'waiting'})"


class Notification(models.Model):
    """Something for a person to do, shown in the portal and mailed (see `core.reminders`).

    The message names the kind of work only ("a signal waits for your consultation"), never
    anything about a young person. It is stored as a message id with parameters and translated
    when shown, in the reader's language. `key` makes a rerun of the same reminder a no-op.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    message = models.CharField(_("message"), max_length=200)  # an English message id
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300)
    key = models.CharField(max_length=120)
    # The registered reminder that made it, if any: it may compose a mail with content.
    reminder = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_notification_per_key")]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The message in the active language."""
        text = gettext(self.message)
        return text % self.params if self.params else text
