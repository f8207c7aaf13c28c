import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jongerenwerk.core.models import AgeBand, Neighbourhood, Organisation, User
from jongerenwerk.core.selectors import youths_visible_to
from signals.models import Category, Outcome, Severity, Share, Source

YES_NO = [("ja", _("yes")), ("nee", _("no"))]


class SignalForm(forms.Form):
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none())
    source = forms.ChoiceField(label=_("Where did you see it?"), choices=Source.choices)
    observed_at = forms.DateTimeField(
        label=_("When"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    neighbourhood = forms.ModelChoiceField(label=_("Neighbourhood"), queryset=Neighbourhood.objects.none(), required=False)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, initial=Severity.MIDDEL,
                                 widget=forms.RadioSelect)
    youths = forms.ModelMultipleChoiceField(
        label=_("Young people involved"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
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

    def __init__(self, *args, organisation: Organisation, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(organisation=organisation, is_active=True)
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(organisation=organisation)
        self.fields["youths"].queryset = youths_visible_to(user)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4())
            self.initial.setdefault("observed_at", timezone.localtime().replace(second=0, microsecond=0))

    def clean_observed_at(self):
        observed_at = self.cleaned_data["observed_at"]
        if observed_at > timezone.now() + timezone.timedelta(minutes=5):
            raise forms.ValidationError(_("The observation cannot lie in the future."))
        return observed_at

    def clean_facts(self):
        facts = self.cleaned_data["facts"].strip()
        if not facts:
            raise forms.ValidationError(_("Describe what you saw."))
        return facts


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

    def __init__(self, *args, suspicion: bool | None, **kwargs):
        super().__init__(*args, **kwargs)
        if not suspicion:
            for name in ("q3", "q4", "q5"):
                del self.fields[name]


class ShareForm(forms.Form):
    recipient = forms.ChoiceField(label=_("Shared with"), choices=Share.Recipient.choices)
    recipient_name = forms.CharField(label=_("Name of the organisation"), max_length=200)
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=Share.LegalBasis.choices, widget=forms.RadioSelect)
    fields = forms.MultipleChoiceField(
        label=_("What was shared"),
        choices=[("category", _("category")), ("date", _("date")), ("neighbourhood", _("neighbourhood")),
                 ("pseudonym", _("pseudonym")), ("facts", _("facts"))],
        initial=["category", "date", "neighbourhood", "pseudonym"], widget=forms.CheckboxSelectMultiple,
        help_text=_("Share as little as needed. Facts only when necessary."),
    )


class FilterForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Show"), required=False,
        choices=[("", _("all I may see")), ("mine", _("my signals")), ("wijken", _("my neighbourhoods"))],
    )
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(), required=False)
    step = forms.ChoiceField(label=_("Step"), required=False)
    severity = forms.ChoiceField(label=_("Severity"), choices=[("", "---------"), *Severity.choices], required=False)
    neighbourhood = forms.ModelChoiceField(label=_("Neighbourhood"), queryset=Neighbourhood.objects.none(), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    reporter = forms.ModelChoiceField(label=_("Reporter"), queryset=User.objects.none(), required=False)
    youth = forms.CharField(label=_("Young person (alias)"), required=False, max_length=80)

    def __init__(self, *args, organisation: Organisation, **kwargs):
        from signals.models import Step

        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(organisation=organisation)
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(organisation=organisation)
        self.fields["reporter"].queryset = User.objects.filter(membership__organisation=organisation).order_by("full_name")
        self.fields["step"].choices = [("", "---------"), *Step.choices]

