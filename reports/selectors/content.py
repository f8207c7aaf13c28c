"""What a report holds, decided here and never by a template: the apps' figures for the
period, and their counts per neighbourhood with small counts suppressed.

The funders' report holds only the suppressed tables: neighbourhood names and counts, no
names of people, no aliases, no free text. A part whose app has not registered yet (the
trainings) is listed as "not yet available".
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from jongerenwerk.core.models import Neighbourhood
from jongerenwerk.core.registry import Figure, ReportTable, registry
from jongerenwerk.core.reporting import TOTAL, SuppressedTable, suppress
from reports.models import Kind, Report
from reports.periods import Span

# The parts a report is meant to have, and their names, also while an app has not landed.
EXPECTED_PARTS = {
    "signals": _("Signals"),
    "contacts": _("Contacts"),
    "trainings": _("Trainings"),
    "policy": _("Handbook and work profiles"),
}


def part_choices() -> list[tuple[str, object]]:
    """Every part a report can hold: the registered sections and the expected ones."""
    parts = {section.key: section.title for section in registry.sections()}
    return [(key, parts.get(key, title)) for key, title in {**EXPECTED_PARTS, **parts}.items()]


@dataclass
class Table:
    title: object
    columns: list[str]
    table: SuppressedTable
    chart: str = ""  # SVG, for the PDF

    def rows(self) -> list[list]:
        """Header, one row per neighbourhood with its total, the totals last."""
        grid = self.table.grid()
        names = [*self.table.rows, str(_("Total"))]
        return [[str(_("Neighbourhood")), *self.columns, str(_("Total"))],
                *([name, *values] for name, values in zip(names, grid, strict=True))]

    def totals(self) -> list[tuple[str, int | str]]:
        """Per neighbourhood its shown total: for a chart."""
        return [(row, self.table.value(row, TOTAL)) for row in self.table.rows]


@dataclass
class Part:
    key: str
    title: object
    available: bool
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    # The managers' own tables (each youth worker's figures): never in a funders' report.
    own_tables: list[ReportTable] = field(default_factory=list)


@dataclass
class Content:
    report: Report
    span: Span
    parts: list[Part]


def _tables(section, report: Report, span: Span, neighbourhoods: dict[int, str]) -> list[Table]:
    tables = []
    counts = section.counts(report.organisation, span.start, span.end, team=report.team) if section.counts else []
    for counted in counts:
        columns = [str(label) for _key, label in counted.columns]
        label_of = {key: str(label) for key, label in counted.columns}
        counts = {
            (neighbourhoods[n], label_of[column]): count
            for (n, column), count in counted.counts.items() if n in neighbourhoods and column in label_of
        }
        tables.append(Table(counted.title, columns, suppress(counts, list(neighbourhoods.values()), columns)))
    return tables


def report_content(report: Report) -> Content:
    """Every part of the report, in the registry's order. A team's report counts its members'
    work; its tables list the team's neighbourhoods, where it has them."""
    organisation, team = report.organisation, report.team
    span = Span(report.first_day, report.last_day)
    places = Neighbourhood.objects.filter(organisation=organisation).order_by("name")
    if report.neighbourhood_ids:
        places = places.filter(pk__in=report.neighbourhood_ids)
    elif team is not None and team.neighbourhoods.exists():
        places = places.filter(teams=team)
    neighbourhoods = dict(places.values_list("pk", "name"))
    sections = {section.key: section for section in registry.sections()}
    wanted = report.parts or list(dict(part_choices()))
    with_figures = report.kind != Kind.FUNDER
    parts = []
    for key, title in part_choices():
        if key not in wanted:
            continue
        section = sections.get(key)
        if section is None:
            parts.append(Part(key, title, available=False))
            continue
        part = Part(key, section.title, available=True)
        if with_figures:
            part.figures = section.figures(organisation, span.start, span.end, team=team)
            part.own_tables = section.tables(organisation, span.start, span.end, team=team) if section.tables else []
        # Every kind holds the counts per neighbourhood (suppressed), with a chart in the PDF.
        part.tables = _tables(section, report, span, neighbourhoods)
        if part.figures or part.tables:
            parts.append(part)
    return Content(report, span, parts)
