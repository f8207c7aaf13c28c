from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from jongerenwerk.core.models import (
    Membership,
    Neighbourhood,
    Organisation,
    Province,
    Role,
    Team,
    Youth,
)
from jongerenwerk.core.ratelimit import HoneypotForm
from jongerenwerk.core.scope import Scope

# Django 6.1's empty choice of a select has no Dutch in Django's own catalogue yet; ours has it.
# Every select of the portal uses it, never a row of dashes.
gettext_noop("- Select an option -")


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.JONGERENWERKER)


class InvitationAcceptForm(forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password (again)"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords are not the same."))
        return cleaned


class OrganisationRegisterForm(HoneypotForm):
    name = forms.CharField(label=_("Name of the organisation"), max_length=200)
    province = forms.ChoiceField(label=_("Province"), choices=[("", BLANK_CHOICE_LABEL), *Province.choices])
    contact_name = forms.CharField(label=_("Your name"), max_length=150)
    contact_email = forms.EmailField(
        label=_("Your work e-mail address"),
        help_text=_("After approval you receive an invitation to become the organisation's administrator."),
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Organisation.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("An organisation with this name is already registered."))
        return name


class OrganisationSettingsForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name", "province", "logo", "online_share_target", "supportive_share_target",
            "online_hours_per_week", "retention_months",
        ]


class NeighbourhoodForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    neighbourhoods = forms.ModelMultipleChoiceField(
        label=_("Neighbourhoods"), queryset=Neighbourhood.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhoods"].queryset = Neighbourhood.objects.filter(organisation=organisation)


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "neighbourhoods", "teams", "is_active"]
        widgets = {
            "neighbourhoods": forms.CheckboxSelectMultiple,
            "teams": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = self.instance.organisation
        self.fields["neighbourhoods"].queryset = Neighbourhood.objects.filter(organisation=organisation)
        self.fields["teams"].queryset = Team.objects.filter(organisation=organisation)


class YouthForm(forms.ModelForm):
    class Meta:
        model = Youth
        fields = ["alias", "age_band", "neighbourhood", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisation: Organisation, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A field worker places young people in the neighbourhoods they work in (the one the
        # record has already stays possible); the service checks the same.
        scope = Scope.of(user)
        places = Neighbourhood.objects.filter(organisation=organisation)
        if not scope.organisation_wide:
            places = places.filter(Q(pk__in=scope.neighbourhood_ids) | Q(pk=self.instance.neighbourhood_id))
        self.fields["neighbourhood"].queryset = places
        self.fields["notes"].help_text = _("Only what helps the work. No real names, addresses or phone numbers.")

    def validate_unique(self):
        # The service checks the alias within the organisation.
        pass


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's validation error on the form, so it re-renders with what was typed."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
