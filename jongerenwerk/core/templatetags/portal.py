"""Template filters that pages call many times, made cheap.

Django's `get_FOO_display()` flattens and hashes a field's choices on every call, casting each
lazily translated label; a list of 25 signals called it 75 times per page. `display` looks the
label up in a dictionary made once per field and language.
"""

from functools import cache

from django import template
from django.db.models import Model
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()


@cache
def _labels(model: type[Model], field: str, language: str | None) -> dict:
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


@register.filter
def display(instance: Model, field: str) -> str:
    """The label of a choice field's value, as `get_FOO_display()` gives it."""
    value = getattr(instance, field)
    return _labels(type(instance), field, get_language()).get(value, value)


def _attributes(attrs: dict) -> str:
    """A widget's attributes as Django's `attrs.html` writes them: False left out, True bare."""
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(value)}"'
        for name, value in attrs.items() if value is not False
    )


@register.filter
def widget_option(option: dict) -> str:
    """One option of a select, radio or checkbox widget, as Django's `select_option.html` and
    `input_option.html` write it, without a template include per option: a select of thirty
    neighbourhoods cost thirty includes, most of a form page's time."""
    attrs = _attributes(option["attrs"])
    value = "" if option["value"] is None else f' value="{conditional_escape(option["value"])}"'
    label = conditional_escape(option["label"])
    if option["type"] == "select":
        return mark_safe(f"<option{value}{attrs}>{label}</option>")
    field = f'<input type="{option["type"]}" name="{conditional_escape(option["name"])}"{value}{attrs}>'
    if not option.get("wrap_label"):
        return mark_safe(field)
    target = f' for="{conditional_escape(option["attrs"]["id"])}"' if option["attrs"].get("id") else ""
    return mark_safe(f"<label{target}>{field} {label}</label>")
