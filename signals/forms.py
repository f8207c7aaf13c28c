from datetime import date

from django import forms
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from jongerenwerk.core import pagecache
from jongerenwerk.core.models import AgeBand, Neighbourhood, Organisation, User
from jongerenwerk.core.selectors import youths_visible_to
from signals.models import HANDLING_STEPS, Category, Outcome, Severity, Share, Signal, Source, Trend
from signals.rules import INFORM_ROLES, MAX_HOURS, MINIMAL_FIELDS, protocol_errors
from signals.selectors.protocols import STEP_SHORT
from signals.selectors.records import who_may_see
from signals.selectors.shares import FIELD_NAMES
from signals.services import evidence as attachments
from signals.services.categories import EDITABLE_FIELDS, fingerprint

YES_NO = [("ja", _("yes")), ("nee", _("no"))]


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; cleans to a list. What is accepted is `signals.attachments`' call."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": attachments.ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        if not files:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        clean_one = super().clean
        return [clean_one(file, initial) for file in files]


def attachments_help() -> str:
    return _("JPEG, PNG, WebP or GIF images or PDF files; at most %(count)s files of %(size)s MB each.") % {
        "count": attachments.MAX_FILES, "size": attachments.MAX_SIZE_MB,
    }


class SignalForm(forms.Form):
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none())
    source = forms.ChoiceField(label=_("Where did you see it?"), choices=[("", BLANK_CHOICE_LABEL), *Source.choices])
    observed_at = forms.DateTimeField(
        label=_("When"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    neighbourhood = forms.ModelChoiceField(label=_("Neighbourhood"), queryset=Neighbourhood.objects.none(), required=False)
    # No default: a severity nobody chose would be one people forget to change.
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, widget=forms.RadioSelect)
    # Rendered as a search-as-you-type picker (core/youth_picker.html), never as the whole register.
    youths = forms.ModelMultipleChoiceField(
        label=_("Young people involved"), queryset=None, required=False, widget=forms.MultipleHiddenInput
    )
    new_youth_alias = forms.CharField(
        label=_("Or add a young person by alias"), required=False, max_length=80,
        help_text=_("A nickname or platform handle; never a real name."),
    )
    new_youth_age_band = forms.ChoiceField(label=_("Age band"), choices=AgeBand.choices, initial=AgeBand.UNKNOWN,
                                           required=False)
    group_description = forms.CharField(label=_("Or describe the group"), required=False, max_length=200)
    facts = forms.CharField(
        label=_("Facts: what did you see or read?"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("As literally as possible, without interpretation."),
    )
    interpretation = forms.CharField(
        label=_("Interpretation: what do you think it means?"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    counter_signals = forms.CharField(
        label=_("Counter-signals: what argues against it?"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    checked_offline = forms.BooleanField(label=_("I checked this offline"), required=False)
    attachments = MultipleFileField(label=_("Evidence, such as screenshots"), required=False)

    def __init__(self, *args, organisation: Organisation, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(organisation=organisation, is_active=True)
        refusing = list(self.fields["category"].queryset.filter(refuses_images=True).values_list("name", flat=True))
        help_text = attachments_help()
        if refusing:
            help_text += " " + _(
                "No files for %(categories)s: possessing such images can be illegal, so describe what you saw "
                "in the facts instead."
            ) % {"categories": escape(", ".join(refusing))}  # Django renders help texts unescaped
        self.fields["attachments"].help_text = help_text
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(organisation=organisation)
        self.fields["youths"].queryset = youths_visible_to(user)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", pagecache.fresh_uuid())
            self.initial.setdefault("observed_at", timezone.localtime().replace(second=0, microsecond=0))
            # The source the worker chose last time, said as such; never a fixed default.
            last = Signal.objects.filter(reporter=user).order_by("-created_at").values_list("source", flat=True).first()
            if last and "source" not in self.initial:
                self.initial["source"] = last
                self.fields["source"].help_text = _("Filled in with your choice of last time.")
            # A worker who works in one neighbourhood logs there nearly always: one choice less.
            own = list(Neighbourhood.objects.filter(organisation=organisation, workers__user=user)[:2])
            if len(own) == 1:
                self.initial.setdefault("neighbourhood", own[0].pk)

    def chosen_youths(self) -> list:
        """The young people ticked so far (or given), for the picker to show as chosen."""
        if self.is_bound:
            ids = [value for value in self.data.getlist(self.add_prefix("youths")) if str(value).isdigit()]
        else:
            ids = [getattr(youth, "pk", youth) for youth in self.initial.get("youths", [])]
        return list(self.fields["youths"].queryset.filter(pk__in=ids)) if ids else []

    @property
    def files_lost(self) -> bool:
        """Files were sent but the form comes back: browsers cannot keep them, so they must be chosen again."""
        return self.is_bound and bool(self.errors) and bool(self.files.getlist("attachments"))


class AttachmentForm(forms.Form):
    attachments = MultipleFileField(label=_("Add evidence, such as screenshots"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = attachments_help()


class AddendumForm(forms.Form):
    text = forms.CharField(label=_("Addition or correction"), widget=forms.Textarea(attrs={"rows": 3}))


class ConsultationForm(forms.Form):
    weighing = forms.CharField(
        label=_("Your weighing"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("How does the group code this, how do we decode it, what do we know online and offline?"),
    )


class VersionForm(forms.Form):
    """A step's form carries the version the user saw; ids are per form, as several share a page."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{type(self).__name__.lower()}_%s")
        super().__init__(*args, **kwargs)


class ConversationForm(VersionForm):
    note = forms.CharField(label=_("What was said"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    skipped_reason = forms.CharField(
        label=_("Or: why the conversation is skipped"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For instance because it would endanger someone or break the contact."),
    )


class FastPathForm(VersionForm):
    reason = forms.CharField(label=_("Why this cannot wait"), widget=forms.Textarea(attrs={"rows": 2}))


def yes_no(label):
    return forms.TypedChoiceField(label=label, choices=YES_NO, coerce=lambda v: v == "ja", widget=forms.RadioSelect)


class WeighingForm(VersionForm):
    q1 = yes_no(_("1. Is there a suspicion of unsafety or harm?"))
    q2 = yes_no(_("2. Is there acute or structural unsafety?"))


class DecisionForm(VersionForm):
    q3 = yes_no(_("3. Can we offer or organise help?"))
    q4 = yes_no(_("4. Do those involved accept the help?"))
    q5 = yes_no(_("5. Does the help lead to safety in time?"))
    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices, widget=forms.RadioSelect)
    reasoning = forms.CharField(
        label=_("Why this decision?"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the decision rests on: the answers above, what you know online and offline."),
    )

    def __init__(self, *args, suspicion: bool | None, **kwargs):
        super().__init__(*args, **kwargs)
        if not suspicion:
            for name in ("q3", "q4", "q5"):
                del self.fields[name]


class DecisionRevisionForm(DecisionForm):
    """Changing a recorded decision: the same questions, and why the earlier one no longer stands."""

    revision_reason = forms.CharField(
        label=_("Why does the earlier decision change?"), widget=forms.Textarea(attrs={"rows": 2}),
    )
    field_order = ["revision_reason"]


class ShareForm(forms.Form):
    """What was shared with which partner. `ShareForm.for_report()` is the same form set for the
    report to Veilig Thuis that a decision requires."""

    recipient = forms.ChoiceField(label=_("Shared with"), choices=Share.Recipient.choices)
    recipient_name = forms.CharField(label=_("Name of the organisation"), max_length=200)
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=Share.LegalBasis.choices, widget=forms.RadioSelect)
    fields = forms.MultipleChoiceField(
        label=_("What was shared"),
        choices=list(FIELD_NAMES.items()), initial=MINIMAL_FIELDS, widget=forms.CheckboxSelectMultiple,
        help_text=_("Share as little as needed. Facts only when necessary."),
    )

    @classmethod
    def for_report(cls, data=None) -> "ShareForm":
        return cls(data, auto_id="id_report_%s", initial={
            "recipient": Share.Recipient.VEILIG_THUIS, "recipient_name": "Veilig Thuis",
            "legal_basis": Share.LegalBasis.RIGHT_TO_REPORT,
        })


class ActionForm(forms.Form):
    description = forms.CharField(label=_("What needs to be done"), max_length=200)
    owner = forms.ModelChoiceField(
        label=_("Who does it"), queryset=User.objects.none(),
        error_messages={"invalid_choice": _("Choose someone who can see this signal.")},
    )
    due_on = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, signal, **kwargs):
        kwargs.setdefault("auto_id", "id_action_%s")
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = who_may_see(signal)


class LegalHoldForm(forms.Form):
    hold = forms.TypedChoiceField(choices=YES_NO, coerce=lambda value: value == "ja", widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_hold_%s")
        super().__init__(*args, **kwargs)


class FilterForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Show"), required=False,
        choices=[("", _("all I may see")), ("mine", _("my signals")), ("wijken", _("my neighbourhoods"))],
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("open and closed")), ("open", _("open: still to handle")), ("closed", _("closed")),
                 ("overdue", _("past the protocol deadline"))],
    )
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(), required=False)
    step = forms.ChoiceField(label=_("Step"), required=False)
    severity = forms.ChoiceField(label=_("Severity"), choices=[("", BLANK_CHOICE_LABEL), *Severity.choices], required=False)
    neighbourhood = forms.ModelChoiceField(label=_("Neighbourhood"), queryset=Neighbourhood.objects.none(), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    reporter = forms.ModelChoiceField(label=_("Reporter"), queryset=User.objects.none(), required=False)
    youth = forms.CharField(label=_("Young person (alias)"), required=False, max_length=80)

    def active_filters(self) -> list[tuple[str, str]]:
        """The filters in force, as (label, value) in words, without rendering the form."""
        if not self.is_bound or not self.is_valid():
            return []
        active = []
        for name, value in self.cleaned_data.items():
            if value in (None, "", []):
                continue
            field = self.fields[name]
            if hasattr(field, "choices") and not hasattr(value, "pk"):
                value = dict(field.choices).get(value, value)
            active.append((str(field.label), date_format(value, "j F Y") if isinstance(value, date) else str(value)))
        return active

    def __init__(self, *args, organisation: Organisation, **kwargs):
        from signals.models import Step

        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(organisation=organisation)
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(organisation=organisation)
        self.fields["reporter"].queryset = User.objects.filter(membership__organisation=organisation).order_by("full_name")
        self.fields["step"].choices = [("", BLANK_CHOICE_LABEL), *Step.choices]


INFORM_ROWS = 3


def _hours_field(label, *, minimum: int, message) -> forms.IntegerField:
    errors = {"invalid": message, "min_value": message, "max_value": message}
    return forms.IntegerField(label=label, min_value=minimum, max_value=MAX_HOURS, required=False, error_messages=errors)


class CategoryForm(forms.Form):
    """A category and its protocol: the steps per severity as a grid of checkboxes, a deadline
    per step, and up to three rules on who must be informed within how many hours (empty rules
    are ignored). `fingerprint` carries the state the admin loaded, see `signals.categories`."""

    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Name"), max_length=120, error_messages={"required": _("Give the category a name.")})
    kind = forms.ChoiceField(label=_("Kind"), choices=Category.Kind.choices, initial=Category.Kind.ORDINARY,
                             widget=forms.RadioSelect)
    is_crime = forms.BooleanField(
        label=_("Crime protocol"), required=False,
        help_text=_("Crime signals can be referred to the police via the manager."),
    )
    refuses_images = forms.BooleanField(
        label=_("Refuse image uploads"), required=False,
        help_text=_("For sexting, sextortion and grooming: possessing such images can be illegal."),
    )
    is_active = forms.BooleanField(
        label=_("In use"), required=False, initial=True,
        help_text=_("A category out of use is no longer offered when a signal is logged; signals already logged keep it."),
    )
    position = forms.IntegerField(label=_("Position in the list"), min_value=0, max_value=999)

    step_columns = list(STEP_SHORT.items())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for severity, label in Severity.choices:
            self.fields[f"steps_{severity}"] = forms.MultipleChoiceField(
                label=label, choices=[(step, step.label) for step in HANDLING_STEPS], required=False
            )
        for step in HANDLING_STEPS:
            self.fields[f"deadline_{step}"] = _hours_field(
                capfirst(step.label), minimum=1, message=_("Give a whole number of hours from 1 to 720, or leave it empty.")
            )
        roles = [(role, role.label) for role in INFORM_ROLES]
        for row in range(1, INFORM_ROWS + 1):
            self.fields[f"inform_{row}_role"] = forms.ChoiceField(
                label=_("Who"), choices=[("", BLANK_CHOICE_LABEL), *roles], required=False
            )
            self.fields[f"inform_{row}_hours"] = _hours_field(
                _("Within how many hours"), minimum=0, message=_("Give a whole number of hours from 0 to 720.")
            )

    @classmethod
    def initial_for(cls, category: Category) -> dict:
        initial = {field: getattr(category, field) for field in ("name", "kind", "is_crime", "refuses_images",
                                                                 "is_active", "position")}
        initial["fingerprint"] = fingerprint(category)
        for severity in Severity.values:
            initial[f"steps_{severity}"] = category.steps_for(severity)
        for step, hours in category.step_deadline_hours.items():
            initial[f"deadline_{step}"] = hours
        for row, rule in enumerate(category.inform[:INFORM_ROWS], start=1):
            initial[f"inform_{row}_role"], initial[f"inform_{row}_hours"] = rule["role"], rule["hours"]
        return initial

    def clean(self):
        cleaned = super().clean()
        steps = {
            severity: [step for step in HANDLING_STEPS if step in cleaned.get(f"steps_{severity}", [])]
            for severity in Severity.values
        }
        problems = protocol_errors(kind=cleaned.get("kind", ""), is_crime=cleaned.get("is_crime", False),
                                   steps_by_severity=steps)
        for severity, message in problems.items():
            self.add_error(f"steps_{severity}", message)
        inform = []
        for row in range(1, INFORM_ROWS + 1):
            role_field, hours_field = f"inform_{row}_role", f"inform_{row}_hours"
            role, hours = cleaned.get(role_field), cleaned.get(hours_field)
            if hours_field in self.errors or (not role and hours is None):
                continue  # a wrong number has its message already; an empty rule is ignored
            if not role:
                self.add_error(role_field, _("Choose who must be informed, or empty the hours."))
            elif hours is None:
                self.add_error(hours_field, _("Give within how many hours; 0 means immediately."))
            elif role in {rule["role"] for rule in inform}:
                self.add_error(role_field, _("This role is already in another rule."))
            else:
                inform.append({"role": role, "hours": hours})
        cleaned["steps_by_severity"] = steps
        cleaned["inform"] = inform
        cleaned["step_deadline_hours"] = {
            step: cleaned[f"deadline_{step}"] for step in HANDLING_STEPS if cleaned.get(f"deadline_{step}") is not None
        }
        return cleaned

    def category_fields(self) -> dict:
        """The cleaned data as the category services take it."""
        return {field: self.cleaned_data[field] for field in EDITABLE_FIELDS}

    def refuse_as_stale(self, saved: Category) -> None:
        """Someone else saved meanwhile: keep what was typed, say so, and carry the state saved
        now, so that saving again is a deliberate choice to replace it."""
        self.data = self.data.copy()
        self.data["fingerprint"] = fingerprint(saved)
        self.add_error(None, _(
            "Someone else saved this category while you were editing it, so your changes are not saved. "
            "What is saved now is shown below; what you typed is still in the form. "
            "Save again to replace the saved version with yours."
        ))

    def grid(self) -> list[dict]:
        """The protocol grid's rows: per severity its field and which step columns are ticked."""
        rows = []
        for severity, label in Severity.choices:
            field = self[f"steps_{severity}"]
            ticked = set(field.value() or [])
            rows.append({"severity": severity, "label": label, "field": field,
                         "cells": [(step, step in ticked) for step in STEP_SHORT]})
        return rows

    def deadline_fields(self) -> list:
        return [self[f"deadline_{step}"] for step in HANDLING_STEPS]

    def inform_rows(self) -> list[tuple]:
        return [(row, self[f"inform_{row}_role"], self[f"inform_{row}_hours"]) for row in range(1, INFORM_ROWS + 1)]


class TrendForm(forms.ModelForm):
    class Meta:
        model = Trend
        fields = ["name", "interpretation", "approach"]
        widgets = {"interpretation": forms.Textarea(attrs={"rows": 4}), "approach": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "name": _("For instance a challenge video or a new substance."),
            "interpretation": _("What the working group thinks it means, and for whom."),
            "approach": _("What the organisation agreed to do about it."),
        }


class SignalTrendForm(forms.Form):
    trend = forms.ModelChoiceField(label=_("Trend"), queryset=Trend.objects.none(), required=False,
                                   empty_label=_("not part of a trend"))

    def __init__(self, *args, organisation: Organisation, **kwargs):
        kwargs.setdefault("auto_id", "id_signaltrend_%s")
        super().__init__(*args, **kwargs)
        self.fields["trend"].queryset = Trend.objects.filter(organisation=organisation).order_by("name")


class TrendFilterForm(forms.Form):
    neighbourhood = forms.ModelChoiceField(label=_("Neighbourhood"), queryset=Neighbourhood.objects.none(),
                                           required=False, empty_label=_("all neighbourhoods"))

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(organisation=organisation)
