"""The signal list as the safeguarding officer and the manager export it: pseudonyms only.

No facts, interpretations, notes or reporters' names leave the portal this way: a row says
what kind of signal it was, where and when, how far its handling got, and the young people's
aliases. Files are written by `jongerenwerk.core.reporting`, which neutralises formulas.
"""

from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jongerenwerk.core.models import Youth
from signals.models import Signal

# Rows fetched per query; the young people of each chunk come in one more query.
CHUNK_SIZE = 2000


def columns() -> list[str]:
    return [
        _("Number"), _("Observed on"), _("Category"), _("Source"), _("Neighbourhood"),
        _("Severity"), _("Step"), _("Outcome"), _("Young people (aliases)"),
    ]


def export_rows(signals: QuerySet[Signal], language: str) -> Iterator[list]:
    """The header and one row per signal of `signals` (already scoped and filtered)."""
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


def filename() -> str:
    return f"signalen-{timezone.localdate():%Y-%m-%d}.csv"
