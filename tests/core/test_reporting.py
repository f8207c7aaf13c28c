"""The reporting helpers every export and report goes through."""

import csv
import io
import random
from datetime import date, datetime
from zoneinfo import ZoneInfo

import numpy as np
import openpyxl
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp

from jongerenwerk.core import reporting
from jongerenwerk.core.reporting import HIDDEN, TOTAL, suppress


@pytest.mark.parametrize(
    "typed, shown",
    [
        ("=HYPERLINK(\"http://x.test\")", "'=HYPERLINK(\"http://x.test\")"),
        ("+31612345678", "'+31612345678"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("skatejay_010", "skatejay_010"),
        ("a=b", "a=b"),
        (-5, -5),
        (12, 12),
    ],
)
def test_a_cell_a_user_typed_is_never_a_formula(typed, shown):
    assert reporting.neutralise(typed) == shown


def test_csv_lines_are_semicolon_separated_with_a_bom_and_neutralised():
    text = "".join(reporting.csv_lines([["Alias", "Aantal"], ["=1+1", 3]]))
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")) == [["Alias", "Aantal"], ["'=1+1", "3"]]


def test_xlsx_holds_text_not_formulas(tmp_path):
    path = tmp_path / "export.xlsx"
    moment = datetime(2026, 3, 29, 2, 30, tzinfo=ZoneInfo("UTC"))
    reporting.xlsx_write(str(path), {"Signalen": [["Alias", "Aantal", "Wanneer"], ["=cmd|' /C calc'!A0", 4, moment]]})
    sheet = openpyxl.load_workbook(path)["Signalen"]
    assert sheet["A2"].value == "'=cmd|' /C calc'!A0" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 4
    assert sheet["C2"].value == datetime(2026, 3, 29, 4, 30)  # shown in Dutch (summer) time


def test_weeks_are_iso_weeks_in_dutch_time():
    sunday_night_utc = datetime(2026, 11, 29, 23, 30, tzinfo=ZoneInfo("UTC"))  # Monday 00:30 in Amsterdam
    assert reporting.week_of(sunday_night_utc) == date(2026, 11, 30)
    assert reporting.weeks_up_to(date(2026, 12, 2), 3) == [date(2026, 11, 16), date(2026, 11, 23), date(2026, 11, 30)]
    assert reporting.iso_week(date(2026, 11, 30)) == (2026, 49)
    assert reporting.start_of(date(2026, 3, 29)).utcoffset().total_seconds() == 3600


# Small-count suppression ------------------------------------------------------------------------


def recover(table, *, knows_the_legend: bool = False) -> dict:
    """An attacker with the published table: for every hidden cell, the least and the most it
    can be, by integer linear programming over every published total, knowing that "<5"
    means 1 to 4 and that any hidden count is a whole number of 0 or more; with
    `knows_the_legend`, also that a hidden cell without "<5" is 0 or at least 5."""
    cells = sorted((cell for cell in table.counts if table.is_hidden(*cell)), key=str)
    if not cells:
        return {}
    others = [cell for cell in cells if cell not in table.primary] if knows_the_legend else []
    index = {cell: i for i, cell in enumerate(cells)}
    size = len(cells) + len(others)
    lines = [[(r, c) for c in table.columns] + [(r, TOTAL)] for r in [*table.rows, TOTAL]]
    lines += [[(r, c) for r in table.rows] + [(TOTAL, c)] for c in [*table.columns, TOTAL]]
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
    big = 10**6
    for n, cell in enumerate(others):
        at_least, at_most = [0] * size, [0] * size
        at_least[index[cell]], at_least[len(cells) + n] = 1, -table.threshold
        at_most[index[cell]], at_most[len(cells) + n] = 1, -big
        matrix += [at_least, at_most]
        low += [0, -np.inf]
        high += [np.inf, 0]
    bounds = Bounds(
        [1 if cell in table.primary else 0 for cell in cells] + [0] * len(others),
        [table.threshold - 1 if cell in table.primary else np.inf for cell in cells] + [1] * len(others),
    )
    constraints = LinearConstraint(np.array(matrix), low, high)
    ranges = {}
    for cell, i in index.items():
        objective = np.zeros(size)
        objective[i] = 1
        least = milp(objective, constraints=constraints, integrality=np.ones(size), bounds=bounds)
        most = milp(-objective, constraints=constraints, integrality=np.ones(size), bounds=bounds)
        assert least.success and most.success
        ranges[cell] = (round(least.x[i]), round(most.x[i]))
    return ranges


TABLES = [
    # A small count alone in its row and column.
    ({("Oost", "WhatsApp"): 2, ("Oost", "Straat"): 30, ("West", "WhatsApp"): 12, ("West", "Straat"): 25}),
    # Two small counts in one row: the row total would still give their sum away.
    ({("Oost", "WhatsApp"): 1, ("Oost", "Straat"): 3, ("West", "WhatsApp"): 12, ("West", "Straat"): 25,
      ("Zuid", "WhatsApp"): 9, ("Zuid", "Straat"): 7}),
    # Ones everywhere in a corner: "<5" alone would let the totals pin them down.
    ({("Oost", "WhatsApp"): 1, ("Oost", "Straat"): 1, ("West", "WhatsApp"): 1, ("West", "Straat"): 1,
      ("Zuid", "WhatsApp"): 6, ("Zuid", "Straat"): 8}),
    # A small row total.
    ({("Oost", "WhatsApp"): 2, ("Oost", "Straat"): 0, ("West", "WhatsApp"): 15, ("West", "Straat"): 6}),
]


@pytest.mark.parametrize("counts", TABLES)
def test_no_suppressed_cell_can_be_recovered_from_the_published_totals(counts):
    rows = sorted({r for r, _ in counts})
    columns = sorted({c for _, c in counts})
    table = suppress(counts, rows, columns)
    assert table.primary, "each table has a small count"
    for cell, (least, most) in recover(table).items():
        assert least < most, f"{cell} can be recovered as {least}"
        assert least <= table.counts[cell] <= most


@pytest.mark.parametrize("seed", range(40))
def test_no_suppressed_cell_of_a_random_table_can_be_recovered(seed):
    generator = random.Random(seed)
    rows = [f"wijk {n}" for n in range(generator.randint(2, 4))]
    columns = [f"kanaal {n}" for n in range(generator.randint(2, 3))]
    counts = {(r, c): generator.choice([0, 1, 2, 3, 4, 6, 9, 14, 25]) for r in rows for c in columns}
    table = suppress(counts, rows, columns)
    for cell, (least, most) in recover(table).items():
        if cell in table.primary:
            assert least < most, f"{cell} can be recovered as {least} in {counts}"


def test_small_counts_show_as_below_five_and_the_secondary_cell_is_hidden_too():
    table = suppress(TABLES[0], ["Oost", "West"], ["Straat", "WhatsApp"])
    assert table.value("Oost", "WhatsApp") == "<5"
    # Oost's total (32) would give the 2 away: one more cell of its row and column is hidden.
    assert table.value("Oost", "Straat") == HIDDEN and table.value("West", "WhatsApp") == HIDDEN
    assert table.value("West", "Straat") == HIDDEN  # else West's total gives its WhatsApp away
    assert table.value(TOTAL, TOTAL) == 69
    assert table.grid()[-1] == [55, 14, 69]


def test_a_table_without_small_counts_is_published_whole():
    counts = {("Oost", "WhatsApp"): 5, ("Oost", "Straat"): 0, ("West", "WhatsApp"): 12, ("West", "Straat"): 25}
    table = suppress(counts, ["Oost", "West"], ["Straat", "WhatsApp"])
    assert table.grid() == [[0, 5, 5], [25, 12, 37], [25, 17, 42]]


def test_the_threshold_can_be_set():
    table = suppress({("a", "x"): 7, ("a", "y"): 20, ("b", "x"): 30, ("b", "y"): 40}, ["a", "b"], ["x", "y"],
                     threshold=10)
    assert table.value("a", "x") == "<10"


def test_a_small_count_that_only_a_combination_of_lines_gives_away_is_protected_too():
    """Row A, the columns and the grand total together pin Wijk C's repressive count to 3,
    though no single row or column does: the exact attacker must find nothing."""
    counts = {("Wijk A", "steunend"): 14, ("Wijk A", "informerend"): 9, ("Wijk A", "waarschuwend"): 2,
              ("Wijk B", "steunend"): 7, ("Wijk C", "repressief"): 3, ("Wijk C", "steunend"): 8}
    table = suppress(counts, ["Wijk A", "Wijk B", "Wijk C"], ["steunend", "informerend", "waarschuwend", "repressief"])
    for cell, (least, most) in recover(table).items():
        if cell in table.primary:
            assert least < most, f"{cell} can be recovered as {least}"


@pytest.mark.parametrize("seed", range(40))
def test_an_attacker_who_knows_a_hidden_cell_is_0_or_at_least_5_recovers_nothing_either(seed):
    generator = random.Random(1000 + seed)
    rows = [f"wijk {n}" for n in range(generator.randint(2, 5))]
    columns = [f"kanaal {n}" for n in range(generator.randint(2, 4))]
    counts = {(r, c): generator.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 14, 25]) for r in rows for c in columns}
    table = suppress(counts, rows, columns)
    for cell, (least, most) in recover(table, knows_the_legend=True).items():
        if cell in table.primary:
            assert least < most, f"{cell} can be recovered as {least} in {counts}"
