from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jongerenwerk.core.models import Neighbourhood, Organisation
from reports.selectors.content import part_choices

MAX_YEARS = 5


class OnDemandForm(forms.Form):
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    first_day = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    last_day = forms.DateField(label=_("Through"), widget=forms.DateInput(attrs={"type": "date"}))
    neighbourhoods = forms.ModelMultipleChoiceField(
        label=_("Neighbourhoods"), queryset=Neighbourhood.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("None chosen: all neighbourhoods."),
        error_messages={"invalid_choice": _("This neighbourhood is unknown in your organisation."),
                        "invalid_pk_value": _("This neighbourhood is unknown in your organisation.")},
    )
    parts = forms.MultipleChoiceField(label=_("Parts"), required=False, widget=forms.CheckboxSelectMultiple,
                                      help_text=_("None chosen: every part."))

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhoods"].queryset = Neighbourhood.objects.filter(organisation=organisation)
        self.fields["parts"].choices = part_choices()

    def clean(self):
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if first and last:
            today = timezone.localdate()
            if last > today or first > today:
                self.add_error("last_day", _("The period cannot lie in the future."))
            elif last < first:
                self.add_error("last_day", _("The end of the period lies before its start."))
            elif last - first > timedelta(days=365 * MAX_YEARS + 1):
                self.add_error("first_day", _("A period can be at most five years long."))
        return data


class SettingsForm(forms.Form):
    nudges = forms.BooleanField(label=_("Send youth workers friendly weekly nudges"), required=False)
    retention_months = forms.IntegerField(label=_("Keep report files for (months)"), min_value=1, max_value=120)
