from django import forms
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.utils.translation import gettext_lazy as _

from policy.models import DraftSection, Platform, PolicySettings, ProfileRule, Version

YES_NO = [("ja", _("yes")), ("nee", _("no"))]


class YesNoField(forms.TypedChoiceField):
    """A required yes/no question as two radio buttons; cleans to a bool."""

    def __init__(self, **kwargs):
        super().__init__(choices=YES_NO, coerce=lambda value: value == "ja", widget=forms.RadioSelect, **kwargs)


class SectionForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"), required=False, strip=False, widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "Markdown: an empty line starts a new paragraph; # for a heading, - for a list, **bold**, *italic*, "
            "[text](https://...) for a link. HTML and images are not shown."
        ),
    )

    @classmethod
    def initial_for(cls, section: DraftSection) -> dict:
        return {"revision": section.revision, "title": section.title, "body": section.body}

    def refuse_as_stale(self, saved: DraftSection) -> None:
        """Someone else saved meanwhile: keep what was typed, say so, and carry the revision
        saved now, so that saving again is a deliberate choice to replace it."""
        self.data = self.data.copy()
        self.data["revision"] = saved.revision
        self.add_error(None, _(
            "Someone else saved this section while you were editing it, so your changes are not saved. "
            "What is saved now is shown below; what you typed is still in the form. "
            "Save again to replace the saved text with yours."
        ))


class PublishForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    summary = forms.CharField(
        label=_("What changed"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown with the version and to everyone who is asked to acknowledge it."),
    )
    is_material = YesNoField(
        label=_("Is this a material change?"),
        help_text=_(
            "Material: the rules or the way of working change, and everyone is asked to read and acknowledge "
            "the handbook again. Editorial: a typo, a phone number, a clearer sentence; acknowledgements stay."
        ),
    )
    acknowledge_within_days = forms.IntegerField(
        label=_("Days to acknowledge"), min_value=1, max_value=90,
        help_text=_("For a material change: how long members have to acknowledge it."),
    )
    effective_on = forms.DateField(
        label=_("In force from"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty to publish now; choose a later date to schedule it."),
    )


class ReviewForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("Your decision"), widget=forms.RadioSelect,
        choices=[("goedkeuren", _("Approve and publish")), ("afwijzen", _("Reject: send it back"))],
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you reject: say what should change."),
    )


class CompareForm(forms.Form):
    met = forms.ModelChoiceField(label=_("Compare with"), queryset=Version.objects.none(), empty_label=None)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["met"].queryset = versions
        self.fields["met"].label_from_instance = lambda version: _("version %(number)s") % {"number": version.number}


class SettingsForm(forms.ModelForm):
    class Meta:
        model = PolicySettings
        fields = ["four_eyes", "acknowledge_within_days", "handle_name"]


class RuleForm(forms.ModelForm):
    must_be_closed = YesNoField(label=_("Must the profile be closed?"))
    must_use_logo = YesNoField(label=_("Must the profile picture be the organisation's logo?"))

    class Meta:
        model = ProfileRule
        fields = ["platform", "handle_pattern", "bio_template", "emergency_link", "must_be_closed", "must_use_logo",
                  "recheck_months"]
        widgets = {"bio_template": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["platform"]
        else:
            taken = set(ProfileRule.objects.filter(organisation=organisation).values_list("platform", flat=True))
            self.fields["platform"].choices = [("", BLANK_CHOICE_LABEL)] + [
                choice for choice in Platform.choices if choice[0] not in taken
            ]
        for name in ("must_be_closed", "must_use_logo"):
            if self.instance.pk or not self.is_bound:
                self.initial[name] = "ja" if getattr(self.instance, name) else "nee"

    def validate_unique(self):
        # The service checks one rule per platform.
        pass

    def rule_fields(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in self.Meta.fields if name in data and name != "platform"}


class ProfileForm(forms.Form):
    platform = forms.ChoiceField(label=_("Platform"), choices=[("", BLANK_CHOICE_LABEL), *Platform.choices])
    handle = forms.CharField(label=_("Handle"), max_length=101, help_text=_("As on the platform, without the @."))
    bio = forms.CharField(
        label=_("Bio, as shown on the profile"), required=False, max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}), help_text=_("Copy the text of your bio exactly."),
    )
    is_closed = YesNoField(label=_("Is the profile closed (not public)?"))
    uses_logo = YesNoField(label=_("Is the organisation's logo your profile picture?"))
    link = forms.URLField(label=_("Link in the bio"), required=False, max_length=300, assume_scheme="https")

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["platform"]

    @classmethod
    def initial_for(cls, profile) -> dict:
        return {
            "handle": profile.handle, "bio": profile.bio, "link": profile.link,
            "is_closed": "ja" if profile.is_closed else "nee", "uses_logo": "ja" if profile.uses_logo else "nee",
        }


class ConfirmForm(forms.Form):
    seen = forms.DateTimeField(widget=forms.HiddenInput)
