"""What leaves the organisation when a signal is shared: exactly the fields the share records.

The printable summary handed to a partner shows `shared_fields(share)` and nothing else of
the signal; that rule lives here, with its tests, never in a template.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from signals import rules
from signals.models import Share

# The short names of the fields a share can hold, as the share form and the history name them.
FIELD_NAMES = {
    "category": gettext_lazy("category"),
    "date": gettext_lazy("date"),
    "neighbourhood": gettext_lazy("neighbourhood"),
    "pseudonym": gettext_lazy("pseudonym"),
    "facts": gettext_lazy("facts"),
}
# Their labels on the summary.
FIELD_LABELS = {
    "category": gettext_lazy("Category"),
    "date": gettext_lazy("Date of the signal"),
    "neighbourhood": gettext_lazy("Neighbourhood"),
    "pseudonym": gettext_lazy("Pseudonym"),
    "facts": gettext_lazy("Facts"),
}


@dataclass(frozen=True)
class SharedField:
    name: str
    label: str
    value: str


def shared_fields(share: Share) -> list[SharedField]:
    """The fields `share` handed over, in the summary's order, with their values; nothing else."""
    signal = share.signal

    def value(name: str) -> str:
        if name == "category":
            return signal.category.name
        if name == "date":
            return date_format(timezone.localtime(signal.observed_at), "j F Y")
        if name == "neighbourhood":
            return signal.neighbourhood.name if signal.neighbourhood else "—"
        if name == "pseudonym":
            return ", ".join(youth.alias for youth in signal.youths.all()) or _("none registered")
        return signal.facts

    return [
        SharedField(name=name, label=str(FIELD_LABELS[name]), value=value(name))
        for name in rules.SHAREABLE_FIELDS
        if name in share.fields
    ]


def shared_field_names(share: Share) -> list[str]:
    """The short names of what `share` handed over, for the signal's page."""
    return [str(FIELD_NAMES[name]) for name in rules.SHAREABLE_FIELDS if name in share.fields]
