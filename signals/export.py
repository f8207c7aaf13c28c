"""The signal list as CSV for the safeguarding officer and the manager: pseudonyms only.

No facts, interpretations, notes or reporters' names leave the portal this way: a row says
what kind of signal it was, where and when, how far its handling got, and the young people's
aliases. Every export is written to the audit log with its filters and its row count.
"""

import csv
from collections.abc import Iterable, Iterator

from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jongerenwerk.core import audit
from jongerenwerk.core.models import AuditEvent, Organisation, User, Youth
from signals.models import Signal

# Rows fetched per query; the young people of each chunk come in one more query.
CHUNK_SIZE = 2000


def columns() -> list[str]:
    return [
        _("Number"), _("Observed on"), _("Category"), _("Source"), _("Neighbourhood"),
        _("Severity"), _("Step"), _("Outcome"), _("Young people (aliases)"),
    ]


def _rows(signals: QuerySet[Signal], language: str) -> Iterator[list[str]]:
    signals = (
        signals.select_related("category", "neighbourhood")
        .prefetch_related(Prefetch("youths", queryset=Youth.objects.only("pk", "alias")))
        .only(
            "pk", "observed_at", "source", "severity", "step", "outcome",
            "category", "category__name", "neighbourhood", "neighbourhood__name",
        )
    )
    # The response is streamed after the view returns, so the request's language is
    # activated again here rather than relied upon.
    with translation.override(language):
        yield columns()
        for signal in signals.iterator(chunk_size=CHUNK_SIZE):
            yield [
                signal.pk,
                timezone.localtime(signal.observed_at).strftime("%d-%m-%Y"),
                signal.category.name,
                signal.get_source_display(),
                signal.neighbourhood.name if signal.neighbourhood else "",
                signal.get_severity_display(),
                signal.get_step_display(),
                signal.get_outcome_display(),
                ", ".join(youth.alias for youth in signal.youths.all()),
            ]


def _described(filters: dict) -> dict[str, str]:
    """The filters as the audit log keeps them: records by primary key, the rest as text."""
    return {name: str(getattr(value, "pk", value)) for name, value in filters.items() if value}


def signals_export(
    *, by: User, organisation: Organisation, signals: QuerySet[Signal], filters: dict
) -> Iterator[list[str]]:
    """Record the export and return its rows, header first. `signals` is already scoped and filtered."""
    audit.record(
        by, AuditEvent.Action.EXPORT, organisation,
        what="signals", filters=_described(filters), rows=signals.count(),
    )
    return _rows(signals, translation.get_language())


class _Echo:
    """A file-like object for csv.writer that hands each line back instead of keeping it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[list]) -> Iterator[str]:
    """The rows as CSV text, line by line. Semicolons and a byte-order mark: what Dutch
    spreadsheet programs open correctly without an import wizard."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"
    for row in rows:
        yield writer.writerow(row)


def filename() -> str:
    return f"signalen-{timezone.localdate():%Y-%m-%d}.csv"
