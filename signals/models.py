"""Early-warning signals and their handling along the five steps of the reporting code.

A signal's facts are fixed once submitted: corrections are addenda. Handling is a state
machine (`signals.services.handling`) whose every transition is a `Transition` row; the
protocol of the signal's category says which steps apply at which severity.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jongerenwerk.core.models import Neighbourhood, Organisation, Youth


class Severity(models.TextChoices):
    LAAG = "laag", _("low")
    MIDDEL = "middel", _("medium")
    HOOG = "hoog", _("high")
    ACUUT = "acuut", _("acute")


class Source(models.TextChoices):
    INSTAGRAM = "instagram", "Instagram"
    SNAPCHAT = "snapchat", "Snapchat"
    TIKTOK = "tiktok", "TikTok"
    WHATSAPP = "whatsapp", "WhatsApp"
    FACEBOOK = "facebook", "Facebook"
    YOUTUBE = "youtube", "YouTube"
    TELEGRAM = "telegram", "Telegram"
    X = "x", "X"
    OTHER_ONLINE = "online", _("other online")
    STREET = "straat", _("street")
    YOUTH_CENTRE = "jongerencentrum", _("youth centre")
    SCHOOL = "school", _("school")
    PARTNER = "partner", _("partner")


class Step(models.TextChoices):
    """Where a signal is: the step of the reporting code it waits for, or closed."""

    CONSULTATION = "consultatie", _("collegial consultation")
    CONVERSATION = "gesprek", _("conversation with the young person")
    WEIGHING = "wegen", _("weighing")
    DECISION = "beslissen", _("decision")
    CLOSED = "afgesloten", _("closed")


# The steps a protocol can ask for, in the order of the reporting code.
HANDLING_STEPS = [Step.CONSULTATION, Step.CONVERSATION, Step.WEIGHING, Step.DECISION]


class Outcome(models.TextChoices):
    NO_SUSPICION = "geen_vermoeden", _("close: no suspicion")
    MONITORING = "monitoren", _("close with monitoring agreements")
    ORGANISE_HELP = "hulp", _("organise help")
    REPORT = "melden", _("report to Veilig Thuis")
    SHARE = "delen", _("share with a partner")
    POLICE = "politie", _("refer to the police via the manager")


class Category(models.Model):
    """A kind of signal, editable per organisation, with its protocol."""

    class Kind(models.TextChoices):
        ORDINARY = "gewoon", _("ordinary")
        SPECIAL = "bijzonder", _("special category (sexual, radicalisation, self-harm, home, crime)")
        POSITIVE = "positief", _("positive signal")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="signal_categories")
    key = models.SlugField(max_length=40)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ORDINARY)
    refuses_images = models.BooleanField(
        _("refuse image uploads"),
        default=False,
        help_text=_("For sexting, sextortion and grooming: possessing such images can be illegal."),
    )
    is_crime = models.BooleanField(_("crime protocol"), default=False)
    # Protocol: which handling steps apply at which severity, e.g. {"laag": ["consultatie"], ...}.
    steps_by_severity = models.JSONField(_("steps per severity"), default=dict)
    # Who must be told within how many hours, e.g. [{"role": "leidinggevende", "hours": 24}].
    inform = models.JSONField(_("who must be informed"), default=list, blank=True)
    # Hours allowed per step, e.g. {"consultatie": 48, "beslissen": 168}.
    step_deadline_hours = models.JSONField(_("deadline per step (hours)"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("signal category")
        verbose_name_plural = _("signal categories")
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "key"], name="unique_category_key")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_special(self) -> bool:
        return self.kind == self.Kind.SPECIAL

    def steps_for(self, severity: str) -> list[str]:
        return [step for step in HANDLING_STEPS if step in self.steps_by_severity.get(severity, HANDLING_STEPS)]


class Trend(models.Model):
    """A phenomenon circulating online, interpreted by the working group."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="trends")
    name = models.CharField(_("name"), max_length=120)
    interpretation = models.TextField(_("the working group's interpretation"), blank=True)
    approach = models.TextField(_("agreed approach"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("trend")
        verbose_name_plural = _("trends")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class TrendRise(models.Model):
    """A week in which a category's signals rose clearly above the eight weeks before, in the
    whole organisation (no neighbourhood) or in one neighbourhood. Found by `signals.trends`."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="trend_rises")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="rises")
    neighbourhood = models.ForeignKey(Neighbourhood, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField(_("week"))  # the Monday, in Dutch time
    count = models.PositiveIntegerField(_("signals that week"))
    baseline = models.FloatField(_("mean of the eight weeks before"))
    detected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rise")
        verbose_name_plural = _("rises")
        ordering = ["-week_start", "category__position", "neighbourhood__name"]
        # NULL never equals NULL in a unique index, so the organisation-wide rise needs a
        # constraint of its own to be unique per week (on SQLite and PostgreSQL alike).
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "category", "neighbourhood", "week_start"],
                condition=models.Q(neighbourhood__isnull=False), name="one_rise_per_neighbourhood_week",
            ),
            models.UniqueConstraint(
                fields=["organisation", "category", "week_start"],
                condition=models.Q(neighbourhood__isnull=True), name="one_organisation_wide_rise_per_week",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.week_start:%G-W%V}"


class Signal(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="signals")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="signals", verbose_name=_("category"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    observed_at = models.DateTimeField(_("observed at"))
    neighbourhood = models.ForeignKey(
        Neighbourhood, null=True, blank=True, on_delete=models.SET_NULL, related_name="signals",
        verbose_name=_("neighbourhood"),
    )
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MIDDEL)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reported_signals", verbose_name=_("reporter")
    )
    youths = models.ManyToManyField(Youth, blank=True, related_name="signals", verbose_name=_("young people"))
    group_description = models.CharField(_("group"), max_length=200, blank=True)
    # Facts and interpretation apart, as the reporting code requires. Fixed after submission.
    facts = models.TextField(_("facts: what was seen"))
    interpretation = models.TextField(_("interpretation: what you think it means"), blank=True)
    counter_signals = models.TextField(_("counter-signals: what argues against it"), blank=True)
    checked_offline = models.BooleanField(_("checked offline"), default=False)

    step = models.CharField(_("step"), max_length=12, choices=Step.choices, default=Step.CONSULTATION, db_index=True)
    step_due_at = models.DateTimeField(_("step due"), null=True, blank=True)
    is_acute_path = models.BooleanField(_("acute fast path"), default=False)
    conversation_note = models.TextField(_("conversation with the young person"), blank=True)
    conversation_skipped_reason = models.TextField(_("reason the conversation was skipped"), blank=True)
    # The afwegingskader: Q1 suspicion? Q2 acute or structural unsafety? Q3 help possible?
    # Q4 accepted? Q5 safety in time?
    q1_suspicion = models.BooleanField(null=True)
    q2_acute_or_structural = models.BooleanField(null=True)
    q3_help_possible = models.BooleanField(null=True)
    q4_help_accepted = models.BooleanField(null=True)
    q5_safety_in_time = models.BooleanField(null=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    trend = models.ForeignKey(Trend, null=True, blank=True, on_delete=models.SET_NULL, related_name="signals")

    version = models.PositiveIntegerField(default=1)  # optimistic concurrency: advanced on every change
    idempotency_key = models.UUIDField(default=uuid.uuid4)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    legal_hold = models.BooleanField(_("legal hold"), default=False)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        ordering = ["-observed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["reporter", "idempotency_key"], name="one_signal_per_submission"),
        ]
        indexes = [
            models.Index(fields=["organisation", "-observed_at"]),
            models.Index(fields=["organisation", "step", "-observed_at"]),
            # The overview counts the open signals per step and past their deadline from this
            # index alone (an index-only scan), without reading the signals.
            models.Index(fields=["organisation", "step", "step_due_at"], name="signals_open_per_step_due"),
            models.Index(fields=["organisation", "category", "observed_at"]),
            models.Index(fields=["organisation", "neighbourhood", "-observed_at"]),
        ]

    def __str__(self) -> str:
        return f"{_('Signal')} #{self.pk}"

    @property
    def is_closed(self) -> bool:
        return self.step == Step.CLOSED


class Addendum(models.Model):
    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="addenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("addition or correction"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]


class Consultation(models.Model):
    """A colleague's weighing of a signal (step 2)."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="consultations")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    weighing = models.TextField(
        _("your weighing"),
        help_text=_("How does the group code this, how do we decode it, what do we know online and offline?"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]


class Transition(models.Model):
    """Who moved the signal from which step to which, when and why."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="transitions")
    from_step = models.CharField(max_length=12, choices=Step.choices, blank=True)
    to_step = models.CharField(max_length=12, choices=Step.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]


class Decision(models.Model):
    """A decision of step 5 with its reasoning. A decision is never overwritten: changing it is a
    new row that says why, and the earlier one stays in the record (as the reporting code asks
    of a file: what was decided, when, by whom, and on what grounds)."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="decisions")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    q3_help_possible = models.BooleanField(null=True)
    q4_help_accepted = models.BooleanField(null=True)
    q5_safety_in_time = models.BooleanField(null=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    reasoning = models.TextField(_("reasoning"))
    revision_reason = models.TextField(_("why the earlier decision is changed"), blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["at", "id"]
        # The overview's median time to a decision reads the decisions of recent weeks, and
        # asks of each whether its signal was decided before.
        indexes = [models.Index(fields=["at"], name="signals_decision_at"),
                   models.Index(fields=["signal", "at"], name="signals_decision_signal_at")]


class FollowUpAction(models.Model):
    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signal_actions",
                              verbose_name=_("owner"))
    due_on = models.DateField(_("due"))
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["done_at", "due_on"])]

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_on < timezone.localdate()


def attachment_path(attachment: "Attachment", filename: str) -> str:
    """A random name under the organisation: the original name, which may identify someone,
    stays in the database only."""
    return f"signals/{attachment.signal.organisation_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """Evidence, such as a screenshot. Stored outside every public URL and served only by
    `signals.views.attachment`, which checks access and audits the view."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Share(models.Model):
    """What was shared with which partner, on which legal basis, by whom."""

    class Recipient(models.TextChoices):
        SCHOOL = "school", _("school")
        POLICE = "politie", _("police")
        MUNICIPALITY = "gemeente", _("municipality")
        VEILIG_THUIS = "veilig_thuis", "Veilig Thuis"
        GGD = "ggd", "GGD"
        OTHER = "anders", _("other")

    class LegalBasis(models.TextChoices):
        CONSENT_YOUTH = "toestemming_jongere", _("consent of the young person")
        CONSENT_PARENTS = "toestemming_ouders", _("consent of the parents (under 16)")
        RIGHT_TO_REPORT = "meldrecht", _("the right to report (reporting code)")

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="shares")
    recipient = models.CharField(_("recipient"), max_length=16, choices=Recipient.choices)
    recipient_name = models.CharField(_("recipient organisation"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=24, choices=LegalBasis.choices)
    fields = models.JSONField(_("fields shared"), default=list)
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["shared_at"]
