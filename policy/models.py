"""The organisation's handbook on online work, its published versions and who acknowledged
them; the uniform-profile rules and the work profiles the workers register.

The admin edits one draft per organisation, section by section. Publishing copies the draft
into an immutable, numbered `Version` (with each section's sanitised HTML made once, at
publication). A version is never changed afterwards: the service offers no way, the models
refuse `save()` and `update()` of its content, and the database refuses it with a trigger
(`0002_versions_are_immutable`). Only a version scheduled for a later date may be withdrawn
before it takes effect.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jongerenwerk.core.models import Organisation


class SectionKey(models.TextChoices):
    """The handbook's sections, in their order. Their titles and texts are the organisation's."""

    VISION = "visie", _("vision on online work")
    FACILITIES = "faciliteiten", _("facilities")
    UNIFORM_PROFILE = "uniform-profiel", _("the uniform profile")
    DOS_AND_DONTS = "dos-en-donts", _("do's and don'ts")
    AVAILABILITY = "bereikbaarheid", _("availability")
    SIGNALS = "signalen", _("signals and protocols")
    PRIVACY = "privacy", _("privacy")


class Platform(models.TextChoices):
    INSTAGRAM = "instagram", "Instagram"
    SNAPCHAT = "snapchat", "Snapchat"
    TIKTOK = "tiktok", "TikTok"
    WHATSAPP_BUSINESS = "whatsapp-business", "WhatsApp Business"
    FACEBOOK = "facebook", "Facebook"
    YOUTUBE = "youtube", "YouTube"
    DISCORD = "discord", "Discord"
    X = "x", "X"


class PolicySettings(models.Model):
    """The policy settings of one organisation (kept here, not on the core's organisation)."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="policy_settings")
    four_eyes = models.BooleanField(
        _("four eyes"), default=False,
        help_text=_("A manager approves or rejects each publication before it is published."),
    )
    acknowledge_within_days = models.PositiveSmallIntegerField(
        _("days to acknowledge"), default=14, validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("The usual time members get to acknowledge a material change."),
    )
    handle_name = models.CharField(
        _("the organisation in handles"), max_length=40, blank=True,
        help_text=_("How the organisation is written in profile handles, for example jwzuid."),
    )

    class Meta:
        verbose_name = _("policy settings")
        verbose_name_plural = _("policy settings")

    def __str__(self) -> str:
        return str(self.organisation)


class Draft(models.Model):
    """The handbook as the admin is editing it: one per organisation."""

    class State(models.TextChoices):
        EDITING = "bewerken", _("being edited")
        SUBMITTED = "ter-goedkeuring", _("waiting for approval")

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="policy_draft")
    # Advanced by every change of a section: an approval or a publication names the revision it saw.
    revision = models.PositiveIntegerField(default=1)
    state = models.CharField(max_length=16, choices=State.choices, default=State.EDITING)
    # The publication asked for when the organisation works with four eyes.
    submitted_revision = models.PositiveIntegerField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    pending_summary = models.TextField(blank=True)
    pending_material = models.BooleanField(null=True, blank=True)
    pending_days = models.PositiveSmallIntegerField(null=True, blank=True)
    pending_effective_on = models.DateField(null=True, blank=True)
    # The last review: who, when, and the comment (a rejection's reason stays visible).
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True)
    review_approved = models.BooleanField(null=True, blank=True)
    # The revision the last version was made from: publishing it again makes no second version.
    published_revision = models.PositiveIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("handbook draft")
        verbose_name_plural = _("handbook drafts")

    def __str__(self) -> str:
        return f"{self.organisation} r{self.revision}"

    @property
    def is_submitted(self) -> bool:
        return self.state == self.State.SUBMITTED


class DraftSection(models.Model):
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=20, choices=SectionKey.choices)
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    # Optimistic concurrency: the edit form carries the revision it loaded.
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("draft section")
        verbose_name_plural = _("draft sections")
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["draft", "key"], name="one_draft_section_per_key")]

    def __str__(self) -> str:
        return self.title

    @property
    def organisation_id(self) -> int:
        return self.draft.organisation_id


class Immutable(Exception):
    """A published version of the handbook cannot be changed."""


class VersionQuerySet(models.QuerySet):
    # The only change a version may undergo: withdrawing it before its scheduled date.
    MUTABLE = frozenset({"withdrawn_at"})

    def update(self, **kwargs):
        if set(kwargs) - self.MUTABLE:
            raise Immutable("A published version of the handbook cannot be changed.")
        return super().update(**kwargs)

    def delete(self):
        raise Immutable("A published version of the handbook cannot be deleted.")


class Version(models.Model):
    """A published handbook: numbered, immutable, with what changed and whether it matters."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="policy_versions")
    number = models.PositiveIntegerField(_("version"))
    draft_revision = models.PositiveIntegerField()
    summary = models.TextField(_("what changed"))
    is_material = models.BooleanField(
        _("material change"), help_text=_("A material change asks every member to acknowledge again."),
    )
    acknowledge_within_days = models.PositiveSmallIntegerField(_("days to acknowledge"))
    # When the version becomes the current one: the publication, or the start of the scheduled day.
    effective_at = models.DateTimeField(_("in force from"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("published by"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("approved by"),
    )
    created_at = models.DateTimeField(_("published"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("handbook version")
        verbose_name_plural = _("handbook versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="one_version_per_number"),
            # One version per draft revision: a double click on publish makes one version.
            models.UniqueConstraint(fields=["organisation", "draft_revision"], name="one_version_per_revision"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="version_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} v{self.number}"

    def save(self, *args, **kwargs):
        # Integrity, not a domain rule: a published version is written once.
        if not self._state.adding:
            raise Immutable("A published version of the handbook cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Immutable("A published version of the handbook cannot be deleted.")

    def is_effective(self, now=None) -> bool:
        return self.withdrawn_at is None and self.effective_at <= (now or timezone.now())

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class VersionSectionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise Immutable("A published version of the handbook cannot be changed.")

    def delete(self):
        raise Immutable("A published version of the handbook cannot be deleted.")


class VersionSection(models.Model):
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=20, choices=SectionKey.choices)
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    # The Markdown rendered and sanitised once, at publication (the text never changes after).
    html = models.TextField(blank=True)

    objects = VersionSectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("version section")
        verbose_name_plural = _("version sections")
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="one_version_section_per_key")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise Immutable("A published version of the handbook cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Immutable("A published version of the handbook cannot be deleted.")


class Acknowledgement(models.Model):
    """A member's "read and understood" of one version."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy_acknowledgements")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="acknowledgements")
    acknowledged_at = models.DateTimeField(_("acknowledged"), default=timezone.now)

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        ordering = ["-acknowledged_at"]
        constraints = [models.UniqueConstraint(fields=["user", "version"], name="one_acknowledgement_per_version")]
        indexes = [models.Index(fields=["organisation", "user"])]

    def __str__(self) -> str:
        return f"{self.user} v{self.version_id}"


class ProfileRule(models.Model):
    """How a work profile on one platform must look, as the organisation's admin sets it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="profile_rules")
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    handle_pattern = models.CharField(
        _("handle pattern"), max_length=100, blank=True,
        help_text=_("For example jw.{voornaam}.{organisatie}. Leave empty for no pattern."),
    )
    bio_template = models.TextField(
        _("bio template"), max_length=500, blank=True,
        help_text=_(
            "One required part per line, for example: Jongerenwerker bij {organisatie} / {werktijden} / "
            "{noodlink}. Each part must appear in the bio."
        ),
    )
    emergency_link = models.URLField(
        _("link to the emergency page"), max_length=300, blank=True,
        help_text=_("The link every bio must carry ({noodlink}), for example the emergency contacts page."),
    )
    must_be_closed = models.BooleanField(_("closed profile"), default=True)
    must_use_logo = models.BooleanField(_("the organisation's logo as profile picture"), default=True)
    recheck_months = models.PositiveSmallIntegerField(
        _("re-check every (months)"), default=6, validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("uniform-profile rule")
        verbose_name_plural = _("uniform-profile rules")
        ordering = ["platform"]
        constraints = [models.UniqueConstraint(fields=["organisation", "platform"], name="one_rule_per_platform")]

    def __str__(self) -> str:
        return self.get_platform_display()


class WorkProfile(models.Model):
    """A worker's professional profile on one platform, as they describe it (no platform is contacted)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="work_profiles")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="work_profiles")
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    handle = models.CharField(_("handle"), max_length=100)
    bio = models.TextField(_("bio, as shown on the profile"), max_length=500, blank=True)
    is_closed = models.BooleanField(_("closed profile"))
    uses_logo = models.BooleanField(_("the organisation's logo is the profile picture"))
    link = models.URLField(_("link in the bio"), max_length=300, blank=True)
    confirmed_at = models.DateTimeField(_("last confirmed"), default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("work profile")
        verbose_name_plural = _("work profiles")
        ordering = ["platform"]
        constraints = [models.UniqueConstraint(fields=["owner", "platform"], name="one_work_profile_per_platform")]
        indexes = [models.Index(fields=["organisation", "owner"])]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} @{self.handle}"

    @property
    def web_link(self) -> str:
        """The link, when it is a web address that is safe to put in an href (the service
        accepts nothing else; this holds whatever the database contains)."""
        return self.link if self.link.lower().startswith(("https://", "http://")) else ""
