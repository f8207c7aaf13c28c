"""Template filters that pages call many times, made cheap.

Django's `get_FOO_display()` flattens and hashes a field's choices on every call, casting each
lazily translated label; a list of 25 signals called it 75 times per page. `display` looks the
label up in a dictionary made once per field and language.
"""

from functools import cache

from django import template
from django.db.models import Model
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
