from django import forms
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.utils.translation import gettext_lazy as _

from jongerenwerk.core.models import Province, User


class ProgrammeRuleForm(forms.Form):
    WEEKDAYS = [(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")), (4, _("Friday"))]

    name = forms.CharField(label=_("Name"), max_length=120)
    weekday = forms.TypedChoiceField(label=_("Every"), choices=WEEKDAYS, coerce=int, initial=3)
    first = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    last = forms.DateField(label=_("Up to and including"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("Starts at"), initial="14:00", widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("Ends at"), initial="16:00", widget=forms.TimeInput(attrs={"type": "time"}))
    capacity = forms.IntegerField(label=_("Capacity per session"), min_value=1, initial=30)
    extras = forms.CharField(label=_("Extra dates for individuals"), required=False,
                             help_text=_("Dates as 2021-11-03, separated by spaces."))

    def clean_extras(self):
        from datetime import date

        days = []
        for part in self.cleaned_data["extras"].replace(",", " ").split():
            try:
                days.append(date.fromisoformat(part))
            except ValueError:
                raise forms.ValidationError(_("%(value)s is not a date like 2021-11-03.") % {"value": part})
        return days


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    meeting_url = forms.URLField(label=_("Meeting link"), required=False, assume_scheme="https")
    trainer = forms.ModelChoiceField(label=_("Trainer"), queryset=User.objects.filter(is_trainer=True), required=False)
    province = forms.ChoiceField(label=_("Province"), choices=[("", BLANK_CHOICE_LABEL), *Province.choices],
                                 required=False, help_text=_("Empty: the province follows."))
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1)


class InterestForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    province = forms.ChoiceField(label=_("Province"), choices=[("", BLANK_CHOICE_LABEL), *Province.choices])
    organisation_name = forms.CharField(label=_("Organisation (optional)"), max_length=200, required=False)
