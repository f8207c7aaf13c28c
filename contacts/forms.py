from django import forms
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from contacts.channels import Channel
from contacts.hours import DAYS, Hours, hours_from, period_of
from contacts.models import Character, FormOfWork, HelpLine, InitiatedBy, OfflineMeeting, Topic
from contacts.services.imports import MAX_FILE_MB
from jongerenwerk.core import pagecache
from jongerenwerk.core.models import AgeBand, Neighbourhood, Organisation, User, Youth
from jongerenwerk.core.selectors import youths_visible_to

SYNCHRONOUS_CHOICES = [("", _("as usual for the channel")), ("ja", _("yes, at the same time")),
                       ("nee", _("no, messages back and forth"))]


class ChipSelect(forms.RadioSelect):
    """Radio buttons laid out as chips: one tap changes the choice."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, attrs={"class": "chips"}, **kwargs)


class ChipCheckboxes(forms.CheckboxSelectMultiple):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, attrs={"class": "chips"}, **kwargs)


class ContactForm(forms.Form):
    """One screen on a phone. Everything but the young person has a default: the worker's last
    channel and duration, the young person's last topics, and the character and forms of work of
    the worker's last contact with them."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    youth = forms.ModelChoiceField(label=_("Young person"), queryset=Youth.objects.none(), required=False,
                                   empty_label=_("choose"))
    new_youth_alias = forms.CharField(
        label=_("Or type an alias"), required=False, max_length=80,
        help_text=_("A nickname or platform handle, never a real name. A new one is added to the register."),
    )
    new_youth_age_band = forms.ChoiceField(label=_("Age band of a new young person"), choices=AgeBand.choices,
                                           initial=AgeBand.UNKNOWN, required=False)
    anonymous = forms.BooleanField(label=_("Anonymous contact"), required=False,
                                   help_text=_("Only an age band and a neighbourhood."))
    age_band = forms.ChoiceField(label=_("Age band"), choices=[("", _("unknown")), *AgeBand.choices], required=False)
    neighbourhood = forms.ModelChoiceField(label=_("Neighbourhood"), queryset=Neighbourhood.objects.none(),
                                           required=False)
    channel = forms.ChoiceField(label=_("Channel"), widget=ChipSelect)
    started_at = forms.DateTimeField(
        label=_("Started at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    character = forms.ChoiceField(label=_("Character"), choices=Character.choices, widget=ChipSelect)
    initiated_by = forms.ChoiceField(label=_("Who started it?"), choices=InitiatedBy.choices, widget=ChipSelect)
    synchronous = forms.ChoiceField(label=_("At the same time?"), choices=SYNCHRONOUS_CHOICES, required=False)
    forms_of_work = forms.MultipleChoiceField(label=_("Forms of work"), choices=FormOfWork.choices,
                                              widget=ChipCheckboxes, required=False)
    topics = forms.MultipleChoiceField(label=_("Topics"), choices=Topic.choices, widget=ChipCheckboxes,
                                       required=False)
    offline_meeting = forms.ChoiceField(label=_("Offline meeting"), choices=OfflineMeeting.choices,
                                        widget=ChipSelect, required=False)
    note = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only what helps the work. Only you and the overseeing roles read it."),
    )

    def __init__(self, *args, organisation: Organisation, user: User, channels: list[str],
                 recent: list[Youth] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["youth"].queryset = youths_visible_to(user)
        # The list offers the young people of the worker's latest contacts (and the one chosen);
        # any other they may see is typed by alias, so the page stays small with a large register.
        offered = list(recent)
        chosen = self.initial.get("youth")
        if isinstance(chosen, Youth) and chosen not in offered:
            offered.insert(0, chosen)
        self.fields["youth"].widget.choices = [("", _("choose")), *[(youth.pk, youth.alias) for youth in offered]]
        if isinstance(chosen, Youth):
            self.initial["youth"] = chosen.pk
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(organisation=organisation)
        self.fields["channel"].choices = [(value, Channel(value).label) for value in channels]
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", pagecache.fresh_uuid())
            self.initial.setdefault("started_at", timezone.localtime().replace(second=0, microsecond=0))

    def clean_synchronous(self) -> bool | None:
        value = self.cleaned_data.get("synchronous")
        return None if not value else value == "ja"

    def contact_fields(self) -> dict:
        """The cleaned data as `contact_create` takes it."""
        data = dict(self.cleaned_data)
        data["offline_meeting"] = data.get("offline_meeting") or OfflineMeeting.NONE
        data["new_youth_age_band"] = data.get("new_youth_age_band") or AgeBand.UNKNOWN
        return data


class HoursForm(forms.Form):
    """Working hours: a start and an end per weekday; both empty for a day off."""

    def __init__(self, *args, hours: Hours | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for day in DAYS:
            period = period_of(hours or {}, day)
            for part, index in (("start", 0), ("end", 1)):
                self.fields[f"day_{day}_{part}"] = forms.TimeField(
                    label=_("from") if part == "start" else _("until"), required=False,
                    widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                    initial=period[index] if period else None,
                )

    def days(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [(WEEKDAYS[day], self[f"day_{day}_start"], self[f"day_{day}_end"]) for day in DAYS]

    def clean(self):
        cleaned = super().clean()
        periods = {}
        for day in DAYS:
            start, end = cleaned.get(f"day_{day}_start"), cleaned.get(f"day_{day}_end")
            if f"day_{day}_start" in self.errors or f"day_{day}_end" in self.errors:
                continue
            if (start is None) != (end is None):
                self.add_error(f"day_{day}_end" if end is None else f"day_{day}_start",
                               _("Give both times, or neither for a day off."))
            elif start is not None and not start < end:
                self.add_error(f"day_{day}_end", _("The end lies after the start (working past midnight: end at 23:59)."))
            elif start is not None:
                periods[day] = (start, end)
        cleaned["working_hours"] = hours_from(periods)
        return cleaned


class ContactSettingsForm(HoursForm):
    channels = forms.MultipleChoiceField(label=_("Channels in use"), choices=Channel.choices,
                                         widget=forms.CheckboxSelectMultiple)


class WorkerHoursForm(HoursForm):
    use_organisation = forms.BooleanField(label=_("Use the organisation's working hours"), required=False)


class EmergencyPageForm(forms.Form):
    emergency_slug = forms.SlugField(
        label=_("Address"), max_length=60,
        help_text=_("Letters, digits and hyphens. The page is at /hulp/<address>/, for instance in your bio."),
    )
    availability_nl = forms.CharField(label=_("Availability (Dutch)"), widget=forms.Textarea(attrs={"rows": 3}))
    availability_en = forms.CharField(label=_("Availability (English)"), widget=forms.Textarea(attrs={"rows": 3}),
                                      required=False)


class HelpLineForm(forms.ModelForm):
    class Meta:
        model = HelpLine
        fields = ["name", "phone", "url", "text_nl", "text_en", "position"]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
    )
    add_unknown_youths = forms.BooleanField(
        label=_("Add young people whose alias is not in the register yet"), required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "One contact per row, at most %(size)s MB. Nothing is stored before you have seen the check."
        ) % {"size": MAX_FILE_MB}
