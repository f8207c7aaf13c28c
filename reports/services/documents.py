"""The report's files, each written to a temporary name beside its place and renamed when
complete: a rename is atomic, so a reader (or a worker killed half-way) never meets half a file."""

import os
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from jongerenwerk.core import reporting
from reports.charts import bar_chart
from reports.selectors.content import Content


def reports_root() -> Path:
    """Private: under the media root, which is never served; files leave only through the
    permission-checked download view."""
    return Path(settings.MEDIA_ROOT) / "reports"


def write_atomically(path: Path, write: Callable[[Path], None]) -> int:
    """Write through `write(temporary path)`, then rename into place; returns the size."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.part")
    try:
        write(temporary)
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path.stat().st_size


def _figure_rows(content: Content) -> list[list]:
    rows = [["Onderdeel", "Cijfer", "Waarde", "Toelichting"]]
    for part in content.parts:
        if not part.available:
            rows.append([str(part.title), "", "nog niet beschikbaar", ""])
        for figure in part.figures:
            rows.append([str(part.title), str(figure.label), "" if figure.value is None else figure.value,
                         str(figure.note)])
    return rows


def xlsx(content: Content, target: Path) -> None:
    sheets = {"Overzicht": _figure_rows(content)}
    for part in content.parts:
        for own in part.own_tables:
            sheets[str(own.title)[:31]] = [own.header, *own.rows]
        for table in part.tables:
            sheets[str(table.title)[:31]] = table.rows()
    reporting.xlsx_write(str(target), sheets)


def csv(content: Content, target: Path) -> None:
    """Every table under its title, for the funders' report."""

    def rows():
        for part in content.parts:
            if not part.available:
                yield [str(part.title), "nog niet beschikbaar"]
            for table in part.tables:
                yield [str(table.title)]
                yield from table.rows()
                yield []

    with open(target, "w", encoding="utf-8", newline="") as file:
        file.writelines(reporting.csv_lines(rows()))


def pdf(content: Content, target: Path) -> None:
    from weasyprint import HTML

    for part in content.parts:
        for table in part.tables:
            table.chart = mark_safe(bar_chart(str(table.title), table.totals()))  # noqa: S308 - escaped there
    html = render_to_string("reports/document.html", {"content": content, "hidden": reporting.HIDDEN})
    HTML(string=html).write_pdf(str(target))
