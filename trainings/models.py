"""The national training programme: programmes, their sessions, enrolments with a waiting list,
interest per province, certificates and each member's private calendar feed.

A session's `seats_taken` counts the enrolled people plus the outstanding offers: a seat is
claimed by a conditional update on it (never a count followed by an insert), and a database
constraint keeps it within the capacity, so concurrent enrolments can never overbook.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jongerenwerk.core.models import Organisation, Province


def _token() -> str:
    return secrets.token_urlsafe(32)


def _code() -> str:
    # Twelve characters without look-alikes, grouped for reading aloud: "K7QM-4XPA-9TRD".
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class Programme(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # When its enrolments were anonymised by retention (certificates stay verifiable).
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    class Kind(models.TextChoices):
        PROVINCE = "province", _("province session")
        OPEN = "open", _("open session")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PROVINCE)
    # Empty on a province session: the province is announced later.
    province = models.CharField(_("province"), max_length=2, choices=Province.choices, blank=True)
    allows_individuals = models.BooleanField(_("individuals may enrol"), default=False)
    capacity = models.PositiveIntegerField(_("capacity"), default=30)
    seats_taken = models.PositiveIntegerField(default=0)  # enrolled + outstanding offers
    meeting_url = models.URLField(_("meeting link"), blank=True)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("trainer"),
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(seats_taken__lte=models.F("capacity")),
                                   name="session_never_overbooked"),
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                   name="session_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.starts_at:%Y-%m-%d}"

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.seats_taken, 0)

    @property
    def province_pending(self) -> bool:
        return self.kind == self.Kind.PROVINCE and not self.province


class Enrolment(models.Model):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("enrolled")
        WAITING = "waiting", _("on the waiting list")
        OFFERED = "offered", _("offered a seat")
        CANCELLED = "cancelled", _("cancelled")
        ATTENDED = "attended", _("attended")

    ACTIVE = (Status.ENROLLED, Status.WAITING, Status.OFFERED, Status.ATTENDED)
    HOLDS_SEAT = (Status.ENROLLED, Status.OFFERED, Status.ATTENDED)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="enrolments")
    # Empty once retention anonymised the enrolment.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="enrolments")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="enrolments")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # The waiting list's order: the moment (in microseconds) the person joined it; ties by pk.
    position = models.PositiveBigIntegerField(default=0)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    # The calendar invite: one UID per enrolment; SEQUENCE rises on every change.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], condition=~models.Q(status="cancelled"),
                name="one_active_enrolment_per_session",
            ),
        ]
        indexes = [models.Index(fields=["session", "status", "position"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.session}"


class Interest(models.Model):
    """Someone who wants to hear when their province's session opens. Only the address, the
    province and an optional organisation name are kept; deleted when the programme ends."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="interests")
    email = models.EmailField(_("e-mail address"))
    province = models.CharField(_("province"), max_length=2, choices=Province.choices)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmation_claimed_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    notice_claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        constraints = [
            models.UniqueConstraint(fields=["programme", "email", "province"], name="one_interest_per_province"),
        ]


class Certificate(models.Model):
    """Proof of attendance. The name, programme and date are copied in, so the certificate stays
    verifiable by its code after the enrolment is anonymised."""

    enrolment = models.OneToOneField(Enrolment, null=True, on_delete=models.SET_NULL, related_name="certificate")
    code = models.CharField(max_length=20, unique=True, default=_code, editable=False)
    name = models.CharField(max_length=150)
    programme_name = models.CharField(max_length=120)
    session_date = models.DateField()
    issued_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")


class CalendarFeed(models.Model):
    """A member's private calendar address; a new token revokes the old one."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_feed")
    token = models.CharField(max_length=64, unique=True, default=_token)
    created_at = models.DateTimeField(auto_now=True)
