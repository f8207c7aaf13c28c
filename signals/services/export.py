"""Exporting the signal list: recorded in the audit log with its filters and row count."""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import translation

from jongerenwerk.core import audit
from jongerenwerk.core.models import AuditEvent, Organisation, User
from signals.models import Signal
from signals.selectors.export import export_rows


def _described(filters: dict) -> dict[str, str]:
    """The filters as the audit log keeps them: records by primary key, the rest as text."""
    return {name: str(getattr(value, "pk", value)) for name, value in filters.items() if value}


def signals_export(
    *, by: User, organisation: Organisation, signals: QuerySet[Signal], filters: dict
) -> Iterator[list]:
    """Record the export and return its rows, header first. `signals` is already scoped and filtered."""
    audit.record(
        by, AuditEvent.Action.EXPORT, organisation,
        what="signals", filters=_described(filters), rows=signals.count(),
    )
    return export_rows(signals, translation.get_language())
