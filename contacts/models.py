"""1-on-1 contacts (contactmomenten), the organisation's contact settings and working hours,
the emergency page's help lines, imports, and a weekly roll-up for the dashboards.

A contact is counted, never judged: the only sensitive field is its optional note, which only
its author and the overseeing roles read and which retention clears while the counts stay.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from contacts.channels import Channel
from jongerenwerk.core.models import AgeBand, Membership, Neighbourhood, Organisation, Youth


class Character(models.TextChoices):
    SUPPORTIVE = "steunend", _("supportive")
    INFORMATIVE = "informerend", _("informative")
    WARNING = "waarschuwend", _("warning")
    REPRESSIVE = "repressief", _("repressive")


# What counts as supportive in the organisation's 85% target.
SUPPORTIVE_CHARACTERS = frozenset({Character.SUPPORTIVE, Character.INFORMATIVE})


class FormOfWork(models.TextChoices):
    INFORMATION = "informatie", _("information and advice")
    SIGNALLING = "signaleren", _("signalling")
    INFLUENCING = "beinvloeden", _("influencing")
    PRESENCE = "present", _("being present")
    GUIDANCE = "begeleiding", _("1-on-1 guidance")
    PROMOTION = "promotie", _("promotion and recruitment")
    REFERRAL = "doorverwijzen", _("referral")


class Topic(models.TextChoices):
    SCHOOL = "school", _("school")
    WORK = "werk", _("work and internships")
    MONEY = "geld", _("money")
    HEALTH = "gezondheid", _("health")
    MENTAL = "mentaal", _("mental well-being")
    SUBSTANCES = "middelen", _("substances")
    SAFETY = "veiligheid", _("safety")
    HOME = "thuis", _("home")
    RELATIONSHIPS = "relaties", _("relationships and sexuality")
    LEISURE = "vrije_tijd", _("leisure")
    ONLINE = "online_gedrag", _("online behaviour")


class InitiatedBy(models.TextChoices):
    WORKER = "werker", _("I did")
    YOUTH = "jongere", _("the young person")


class OfflineMeeting(models.TextChoices):
    NONE = "", _("no")
    LED_TO = "leidde_tot", _("it led to an offline meeting")
    FOLLOWED = "volgde_op", _("it followed an offline meeting")


MAX_DURATION_MINUTES = 12 * 60


class ContactSettings(models.Model):
    """What the organisation's admin sets for contacts: default working hours, the channels in
    use, and the public emergency page (its address, availability text and help lines)."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="contact_settings")
    # {"0": ["09:00", "17:00"], ..., "6": null}: Monday is 0; null is a day off.
    working_hours = models.JSONField(_("default working hours"), default=dict)
    channels = models.JSONField(_("channels in use"), default=list)
    emergency_slug = models.SlugField(_("address of the emergency page"), max_length=60, unique=True)
    availability_nl = models.TextField(_("availability (Dutch)"), blank=True)
    availability_en = models.TextField(_("availability (English)"), blank=True)

    class Meta:
        verbose_name = _("contact settings")
        verbose_name_plural = _("contact settings")

    def __str__(self) -> str:
        return str(self.organisation)


class WorkerHours(models.Model):
    """One worker's own working hours, where they differ from the organisation's."""

    membership = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="contact_hours")
    working_hours = models.JSONField(_("working hours"), default=dict)

    class Meta:
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")


class HelpLine(models.Model):
    """A help line on the emergency page: whom a young person can call or chat with when the
    worker is not there."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="help_lines")
    name = models.CharField(_("name"), max_length=100)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    url = models.URLField(_("website or chat"), blank=True)
    text_nl = models.CharField(_("when to use it (Dutch)"), max_length=200)
    text_en = models.CharField(_("when to use it (English)"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("help line")
        verbose_name_plural = _("help lines")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def phone_link(self) -> str:
        """The number as a tel: link wants it: digits and a leading plus only."""
        return "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")


class Contact(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contacts")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("youth worker")
    )
    # A young person of the register, or none for an anonymous contact (age band and neighbourhood only).
    youth = models.ForeignKey(
        Youth, null=True, blank=True, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("young person")
    )
    age_band = models.CharField(_("age band"), max_length=5, choices=AgeBand.choices, blank=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts",
        verbose_name=_("neighbourhood"),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    # From the channel (contacts.channels); synchronous may be overridden by the worker.
    is_online = models.BooleanField(_("online"))
    is_synchronous = models.BooleanField(_("synchronous"))
    started_at = models.DateTimeField(_("started at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    initiated_by = models.CharField(_("who started it"), max_length=8, choices=InitiatedBy.choices)
    character = models.CharField(_("character"), max_length=12, choices=Character.choices)
    forms_of_work = models.JSONField(_("forms of work"), default=list, blank=True)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    offline_meeting = models.CharField(
        _("offline meeting"), max_length=10, choices=OfflineMeeting.choices, blank=True, default=""
    )
    note = models.TextField(_("note"), blank=True)
    note_cleared_at = models.DateTimeField(null=True, blank=True)
    # Whether it started outside the worker's working hours, as they were when it was logged.
    out_of_hours = models.BooleanField(_("out of hours"), default=False)
    # The young person's first contact ever with the organisation (kept by the services).
    is_first = models.BooleanField(default=False)
    idempotency_key = models.UUIDField(default=uuid.uuid4)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["worker", "idempotency_key"], name="one_contact_per_submission"),
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=1, duration_minutes__lte=MAX_DURATION_MINUTES),
                name="contact_duration_within_twelve_hours",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "-started_at"]),
            models.Index(fields=["worker", "-started_at"]),
            models.Index(fields=["youth", "started_at"]),
            models.Index(fields=["organisation", "neighbourhood", "started_at"]),
            models.Index(fields=["organisation", "started_at"], condition=models.Q(is_first=True),
                         name="contact_first_per_youth"),
        ]

    def __str__(self) -> str:
        return f"{_('Contact')} #{self.pk}"

    @property
    def is_anonymous(self) -> bool:
        return self.youth_id is None

    @property
    def is_supportive(self) -> bool:
        return self.character in SUPPORTIVE_CHARACTERS

    def get_forms_of_work_display(self) -> list[str]:
        return [FormOfWork(value).label for value in self.forms_of_work if value in FormOfWork.values]

    def get_topics_display(self) -> list[str]:
        return [Topic(value).label for value in self.topics if value in Topic.values]


class ContactSignal(models.Model):
    """A signal logged from a contact: the safeguarding officer reads the contact through it."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="signal_links")
    signal = models.ForeignKey("signals.Signal", on_delete=models.CASCADE, related_name="contact_links")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contact", "signal"], name="one_link_per_contact_and_signal")]


class ContactWeek(models.Model):
    """One worker's contacts of one Dutch week (from Monday), counted: what the dashboards sum
    instead of the contacts themselves (a year of a team is a few thousand rows, whatever the
    number of contacts). Rebuilt from the contacts by `contacts.services.rollup` whenever a
    contact of that week is stored, so it can always be recomputed. A contact belongs to the
    week in which it started."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField()  # the Monday
    contacts = models.PositiveIntegerField(default=0)
    online = models.PositiveIntegerField(default=0)
    supportive = models.PositiveIntegerField(default=0)
    out_of_hours = models.PositiveIntegerField(default=0)
    anonymous = models.PositiveIntegerField(default=0)
    minutes = models.PositiveIntegerField(default=0)
    online_minutes = models.PositiveIntegerField(default=0)
    channels = models.JSONField(default=dict)  # {"whatsapp": 3, "straat": 5}
    # The channels used, one bit each (contacts.channels.channel_bit): a year of a team's rows
    # tells how many channels each worker used without reading every row's counts.
    channel_mask = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["worker", "week"], name="one_roll_up_per_worker_and_week")]
        indexes = [models.Index(fields=["organisation", "week"])]


class WorkerYouth(models.Model):
    """Which young people a worker reached, and in which weeks last: the latest week with a
    contact and the latest one before it. Periods end at the start of the current week (or are
    the current week), so these two weeks tell whether the pair met in any period the dashboards
    show, without counting distinct young people over a year of contacts. Kept by
    `contacts.services.rollup` like the weekly roll-up."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    youth = models.ForeignKey(Youth, on_delete=models.CASCADE, related_name="+")
    last_week = models.DateField()
    previous_week = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["worker", "youth"], name="one_reach_per_worker_and_youth")]
        indexes = [models.Index(fields=["organisation", "last_week"])]

    def met_during(self, first_week, end_week) -> bool:
        """Whether the worker had a contact with the young person in the weeks [first_week, end_week),
        for a period that ends at the current week's start or is the current week."""
        if self.last_week < end_week:
            return self.last_week >= first_week
        return self.previous_week is not None and first_week <= self.previous_week < end_week


class ContactImport(models.Model):
    """A spreadsheet of contacts: checked in a dry run, then stored all at once or not at all.
    The file is kept only until it is stored or discarded (notes may be in it)."""

    class Status(models.TextChoices):
        CHECKED = "gecontroleerd", _("checked, not stored")
        STORED = "opgeslagen", _("stored")
        DISCARDED = "weggegooid", _("discarded")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contact_imports")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(blank=True, default=b"")
    digest = models.CharField(max_length=64, blank=True)  # of the content: the same file sent twice is one import
    add_unknown_youths = models.BooleanField(_("add unknown young people to the register"), default=False)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.CHECKED)
    # The dry run's outcome: counts, the rows that would be stored and the reasons per bad row.
    summary = models.JSONField(default=dict)
    stored_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    stored_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("contact import")
        verbose_name_plural = _("contact imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
