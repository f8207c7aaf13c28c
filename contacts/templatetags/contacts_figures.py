"""How the dashboards write their figures: a share as "23%", hours as "4,5 u"."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """A share, rounded; "—" when there is nothing to divide (no contacts)."""
    return "—" if value is None else f"{round(value)}%"


@register.filter
def hours(value: float | None) -> str:
    return _("%(hours)s h") % {"hours": number_format(value or 0, 1)}
