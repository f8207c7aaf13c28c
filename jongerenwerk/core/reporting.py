"""What leaves the portal as a file or a table of figures, made safe in one place.

- CSV for Dutch spreadsheet programs (semicolons and a byte-order mark), streamed row by row;
- XLSX through XlsxWriter in constant-memory mode, strings always written as text;
- formula neutralising: a cell that starts with =, +, -, @, a tab or a carriage return is
  prefixed with an apostrophe, so a spreadsheet shows it as text instead of running it;
- weeks: ISO weeks in Dutch time (Monday 00:00 Europe/Amsterdam);
- small-count suppression: counts below a threshold (default 5) are shown as "<5", and
  further cells are hidden (secondary suppression) so that no total reveals a hidden cell.
Every export and report of every app goes through these helpers.
"""

import csv
import io
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from jongerenwerk.core.models import Membership, Team

DUTCH_TIME = ZoneInfo("Europe/Amsterdam")

# Formula injection ----------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell value that no spreadsheet will run as a formula (OWASP's CSV injection advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralised(row: Iterable) -> list:
    return [neutralise(value) for value in row]


# CSV --------------------------------------------------------------------------------------------


class _Echo:
    """A file-like object for csv.writer that hands each line back instead of keeping it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Sequence]) -> Iterator[str]:
    """The rows as CSV text, line by line, every cell neutralised. Semicolons and a byte-order
    mark: what Dutch spreadsheet programs open correctly without an import wizard."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"
    for row in rows:
        yield writer.writerow(neutralised(row))


def _download_headers(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Exports hold data about young people: no shared computer keeps a copy in its cache.
    response["Cache-Control"] = "private, no-store"
    return response


def csv_response(rows: Iterable[Sequence], filename: str) -> StreamingHttpResponse:
    """A streamed CSV download; rows are produced while the response is sent."""
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    return _download_headers(response, filename)


# XLSX -------------------------------------------------------------------------------------------

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_write(target, sheets: Mapping[str, Iterable[Sequence]]) -> None:
    """Write `sheets` (name -> rows, the first row a header) to `target`, a path or a binary
    file. Constant-memory mode keeps one row in memory however long the sheet."""
    import xlsxwriter  # here, not at start-up: its import costs every process 0.15 s

    options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
               "strings_to_numbers": False, "default_date_format": "dd-mm-yyyy"}
    if not isinstance(target, str | bytes) and not hasattr(target, "__fspath__"):
        options["in_memory"] = False
    workbook = xlsxwriter.Workbook(target, options)
    bold = workbook.add_format({"bold": True})
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name[:31])
        for number, row in enumerate(rows):
            for column, value in enumerate(neutralised(row)):
                if isinstance(value, str):
                    sheet.write_string(number, column, value, bold if number == 0 else None)
                elif isinstance(value, datetime):
                    sheet.write_datetime(number, column, timezone.localtime(value).replace(tzinfo=None))
                elif value is None:
                    sheet.write_blank(number, column, None)
                else:
                    sheet.write(number, column, value)
    workbook.close()


def xlsx_response(sheets: Mapping[str, Iterable[Sequence]], filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    xlsx_write(buffer, sheets)
    return _download_headers(HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), filename)


# Weeks ------------------------------------------------------------------------------------------


def week_of(moment: datetime | date) -> date:
    """The Monday of the Dutch week `moment` falls in."""
    day = timezone.localtime(moment, DUTCH_TIME).date() if isinstance(moment, datetime) else moment
    return day - timedelta(days=day.weekday())


def weeks_up_to(last: date | datetime, count: int) -> list[date]:
    """`count` consecutive Mondays, ending with the week of `last`."""
    last = week_of(last)
    return [last - timedelta(weeks=n) for n in range(count - 1, -1, -1)]


def start_of(day: date) -> datetime:
    """Midnight at the start of `day` in Dutch time, as an aware datetime: a range of these
    compares against an indexed timestamp, where `__date` lookups cannot."""
    return datetime.combine(day, time.min, tzinfo=DUTCH_TIME)


def iso_week(day: date) -> tuple[int, int]:
    """(ISO year, ISO week number) of `day`."""
    year, week, _ = day.isocalendar()
    return year, week


# A team's part -----------------------------------------------------------------------------------


def of_team(records: QuerySet, team: Team | None, *, person: str) -> QuerySet:
    """`records` narrowed to the work of `team`'s members, whom the field `person` names (the
    reporter, the worker, the enrolled user); all of them for the whole organisation (no team).
    A report counts the work of the people who are in the team when it is made."""
    if team is None:
        return records
    return records.filter(**{f"{person}__in": Membership.objects.filter(teams=team).values("user_id")})


def team_members(members: QuerySet, team: Team | None) -> QuerySet:
    """The memberships of `members` that are in `team`; all of them without a team."""
    return members if team is None else members.filter(teams=team)


# Small-count suppression ------------------------------------------------------------------------

TOTAL = "total"
SMALL_COUNT_THRESHOLD = 5
HIDDEN = "•"  # a cell hidden only so that totals cannot reveal a small one
MAX_PASSES = 200  # bounds in a table of counts settle long before this


@dataclass
class SuppressedTable:
    """A table of counts with its row and column totals, ready to publish.

    `value(row, column)` gives what may be shown: the count, "<5" for a small count, or
    HIDDEN for a cell hidden so that no total gives a small count away. Use TOTAL as the row
    or column for the totals.
    """

    rows: list
    columns: list
    counts: dict[tuple, int]
    threshold: int
    primary: set[tuple] = field(default_factory=set)
    secondary: set[tuple] = field(default_factory=set)

    def is_hidden(self, row, column) -> bool:
        return (row, column) in self.primary or (row, column) in self.secondary

    def value(self, row, column) -> int | str:
        if (row, column) in self.primary:
            return f"<{self.threshold}"
        if (row, column) in self.secondary:
            return HIDDEN
        return self.counts[row, column]

    def grid(self) -> list[list[int | str]]:
        """Rows of shown values, each row ending in its total, the last row the totals."""
        return [[self.value(r, c) for c in [*self.columns, TOTAL]] for r in [*self.rows, TOTAL]]


def suppress(
    counts: Mapping[tuple[Hashable, Hashable], int], rows: Sequence, columns: Sequence,
    *, threshold: int = SMALL_COUNT_THRESHOLD,
) -> SuppressedTable:
    """Suppress the small counts of a table (row, column) -> count, totals included.

    Primary: every count from 1 to threshold - 1, totals too (zero is shown: it names nobody).
    Secondary: more cells are hidden, smallest counts first, until (1) no row or column has
    exactly one hidden cell, which its total would give away, and (2) no small count can be
    narrowed to one value by combining the published totals with what "<5" says (a count
    from 1 to 4): each constraint is propagated as an attacker would, until nothing changes;
    then, since propagating one sum at a time misses what sums of several lines give away,
    an exact attacker (integer programming over every published total) has the last word.
    """
    rows, columns = list(rows), list(columns)
    grid = {(r, c): int(counts.get((r, c), 0)) for r in rows for c in columns}
    for r in rows:
        grid[r, TOTAL] = sum(grid[r, c] for c in columns)
    for c in columns:
        grid[TOTAL, c] = sum(grid[r, c] for r in rows)
    grid[TOTAL, TOTAL] = sum(grid[r, TOTAL] for r in rows)
    table = SuppressedTable(rows, columns, grid, threshold)
    table.primary = {cell for cell, count in grid.items() if 0 < count < threshold}
    lines = [[(r, c) for c in [*columns, TOTAL]] for r in [*rows, TOTAL]] + [
        [(r, c) for r in [*rows, TOTAL]] for c in [*columns, TOTAL]
    ]
    while True:
        lonely = next((line for line in lines if sum(table.is_hidden(*cell) for cell in line) == 1), None)
        if lonely is not None:
            table.secondary.add(_cheapest(lonely, table))
            continue
        exposed = next(iter(_determined(table, lines) & table.primary), None) or _pinned(table, lines)
        if exposed is None or len(table.primary | table.secondary) == len(grid):
            return table
        # Widen the uncertainty around it: hide one more cell of its row or column, or, when
        # those are all hidden already, of a line that crosses them.
        near = [cell for line in lines if exposed in line for cell in line]
        if all(table.is_hidden(*cell) for cell in near):
            near = [cell for line in lines if set(line) & set(near) for cell in line]
        if all(table.is_hidden(*cell) for cell in near):
            near = list(table.counts)
        table.secondary.add(_cheapest(near, table))


def _cheapest(cells: list[tuple], table: SuppressedTable) -> tuple:
    """The cell of `cells` whose hiding costs the least: the smallest positive count of the
    table's body, then a total, then a zero."""
    open_cells = [cell for cell in cells if not table.is_hidden(*cell)]

    def cost(cell):
        count, is_total = table.counts[cell], TOTAL in cell
        return (count == 0, is_total, count)

    return min(open_cells, key=cost)


def _determined(table: SuppressedTable, lines: list[list[tuple]]) -> set[tuple]:
    """The hidden cells whose value follows from what is published: an attacker's interval
    propagation over the table's sums, knowing a "<5" is 1 to 4 and any other hidden cell
    is 0 or at least 5 (taken as 0 or more)."""
    unbounded = table.counts[TOTAL, TOTAL] if not table.is_hidden(TOTAL, TOTAL) else 10**9
    low, high = {}, {}
    for cell in table.primary | table.secondary:
        low[cell], high[cell] = (1, table.threshold - 1) if cell in table.primary else (0, unbounded)
    equations = []  # (cells with a sign, constant): sum(sign * x) == constant
    for line in lines:
        *body, total = line
        terms = [(cell, 1) for cell in body if cell in low] + ([(total, -1)] if total in low else [])
        if not terms:
            continue
        constant = (0 if total in low else table.counts[total]) - sum(
            table.counts[cell] for cell in body if cell not in low
        )
        equations.append((terms, constant))
    changed, passes = True, 0
    while changed and passes < MAX_PASSES:
        changed, passes = False, passes + 1
        for terms, constant in equations:
            for cell, sign in terms:
                # sign * x = constant - sum(other terms): bound x by the others' bounds.
                rest_low = sum(low[o] if s > 0 else -high[o] for o, s in terms if o != cell)
                rest_high = sum(high[o] if s > 0 else -low[o] for o, s in terms if o != cell)
                lo, hi = (constant - rest_high, constant - rest_low) if sign > 0 else (rest_low - constant,
                                                                                      rest_high - constant)
                if lo > low[cell] or hi < high[cell]:
                    low[cell], high[cell] = max(low[cell], lo), min(high[cell], hi)
                    changed = True
    return {cell for cell in low if low[cell] >= high[cell]}


def _pinned(table: SuppressedTable, lines: list[list[tuple]]) -> tuple | None:
    """A small count that an attacker pins to one value by integer linear programming over
    every published sum at once, or None. The attacker knows what the table's legend says:
    "<5" is 1 to 4, and any other hidden cell is 0 or at least 5 (else it would show "<5").
    Interval propagation looks at one sum at a time and misses cells that only a combination
    of rows and columns gives away."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    hidden = sorted(table.primary | table.secondary, key=str)
    others = [cell for cell in hidden if cell not in table.primary]
    # Variables: the hidden counts, then one switch per other hidden cell (0: it is 0; 1: >= 5).
    index = {cell: i for i, cell in enumerate(hidden)}
    size = len(hidden) + len(others)
    matrix, low, high = [], [], []
    for *body, total in lines:
        row, constant = [0] * size, 0
        for cell, sign in [*((cell, 1) for cell in body), (total, -1)]:
            if cell in index:
                row[index[cell]] += sign
            else:
                constant -= sign * table.counts[cell]
        if any(row):
            matrix.append(row)
            low.append(constant)
            high.append(constant)
    if not matrix:
        return None
    largest = max(table.counts.values()) or 1
    for n, cell in enumerate(others):
        switch = len(hidden) + n
        at_least = [0] * size
        at_least[index[cell]], at_least[switch] = 1, -table.threshold  # x - 5s >= 0
        at_most = [0] * size
        at_most[index[cell]], at_most[switch] = 1, -largest  # x - Ms <= 0
        matrix += [at_least, at_most]
        low += [0, -np.inf]
        high += [np.inf, 0]
    bounds = Bounds(
        [1 if cell in table.primary else 0 for cell in hidden] + [0] * len(others),
        [table.threshold - 1 if cell in table.primary else largest for cell in hidden] + [1] * len(others),
    )
    constraints = LinearConstraint(np.array(matrix), low, high)
    integral = np.ones(size)
    for cell in hidden:
        if cell not in table.primary:
            continue
        objective = np.zeros(size)
        objective[index[cell]] = 1
        least = milp(objective, constraints=constraints, integrality=integral, bounds=bounds)
        most = milp(-objective, constraints=constraints, integrality=integral, bounds=bounds)
        if least.success and most.success and round(least.x[index[cell]]) == round(most.x[index[cell]]):
            return cell
    return None
