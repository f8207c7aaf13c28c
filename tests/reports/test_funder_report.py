"""The quarterly report for funders and the municipality: counts per neighbourhood, small
ones suppressed so that no published total gives them away, and no pseudonym anywhere."""

import csv
from datetime import timedelta

import pytest

from reports.models import Kind, Report
from reports.periods import previous_span
from reports.selectors.content import report_content
from reports.services import making
from tests.core.test_reporting import recover
from tests.factories import NeighbourhoodFactory, YouthFactory
from tests.reports.conftest import amsterdam
from tests.reports.helpers import path_of, pdf_text, xlsx_sheets

ALIASES = ["Zwarte-Panter-07", "sk8ter_mo", "Lotus.Bloem"]


@pytest.fixture
def quarter(log_signal, log_contact, worker, other_team_worker, categories, organisation, wijk_a, wijk_b):
    """Last quarter in three neighbourhoods: many contacts in wijk A, a few in wijk B and C,
    young people with aliases, signals of each category group."""
    span = previous_span(Kind.FUNDER)
    wijk_c = NeighbourhoodFactory(organisation=organisation, name="Wijk C")
    day = span.first_day + timedelta(days=10)
    youths = [YouthFactory(organisation=organisation, alias=alias, neighbourhood=place)
              for alias, place in zip(ALIASES, [wijk_a, wijk_a, wijk_b], strict=True)]
    plan = [  # (neighbourhood, channel, character, how many, young person)
        (wijk_a, "whatsapp", "steunend", 14, youths[0]), (wijk_a, "straat", "informerend", 9, None),
        (wijk_a, "instagram", "waarschuwend", 2, youths[1]), (wijk_b, "straat", "steunend", 6, youths[2]),
        (wijk_b, "snapchat", "steunend", 1, None), (wijk_c, "straat", "repressief", 3, None),
        (wijk_c, "tiktok", "steunend", 8, None),
    ]
    minute = 0
    for neighbourhood, channel, character, times, youth in plan:
        for _ in range(times):
            minute += 1
            fields = {"youth": youth} if youth else {}
            who = other_team_worker if neighbourhood == wijk_b else worker
            log_contact(who, channel=channel, character=character, neighbourhood=neighbourhood,
                        started_at=amsterdam(day, 9, 0) + timedelta(minutes=minute), **fields)
    for key, neighbourhood, times in [("vechtpartij", wijk_a, 7), ("criminaliteit", wijk_a, 2),
                                      ("positief", wijk_b, 6), ("grooming", wijk_c, 1), ("exposen", wijk_c, 5)]:
        for _ in range(times):
            log_signal(worker, category=key, neighbourhood=neighbourhood, observed_at=amsterdam(day, 12),
                       youths=[youths[0]])
    making.scheduled_reports_request(Kind.FUNDER)
    report = Report.objects.get(kind=Kind.FUNDER)
    assert making.report_make(report_id=report.pk)
    return report


def test_no_suppressed_cell_of_the_funder_report_can_be_recovered(quarter):
    content = report_content(quarter)
    tables = [table for part in content.parts for table in part.tables]
    assert len(tables) == 5 and all(table.table.primary for table in tables[:2])  # the trainings last
    sheets = xlsx_sheets(quarter)
    for table in tables:
        # What is attacked is what is published.
        published = sheets[str(table.title)[:31]]
        assert [list(row) for row in published] == table.rows()
        # The attacker knows the legend: "<5" is 1 to 4, any other hidden cell 0 or at least 5.
        # (A hidden zero it may pin down names nobody; the small counts are what must hold.)
        for cell, (least, most) in recover(table.table, knows_the_legend=True).items():
            if cell in table.table.primary:
                assert least < most, f"{table.title}: {cell} can be recovered as {least}"


def test_the_funder_report_shows_small_counts_as_below_five_in_every_format(quarter):
    rows = {row[0]: row[1:] for row in xlsx_sheets(quarter)["Contactmomenten per karakter"]}
    assert rows["Wijk A"][4] == 25 and rows["Totaal"][0] == 29  # totals far from the small counts stay
    assert rows["Wijk C"][3] == "<5"  # three repressive contacts
    text = pdf_text(quarter)
    assert "Kwartaalrapportage voor financiers en gemeente" in text and "<5" in text
    with open(path_of(quarter, "csv"), encoding="utf-8-sig") as file:
        lines = list(csv.reader(file, delimiter=";"))
    by_character = lines.index(["Contactmomenten per karakter"])
    assert lines[by_character + 1] == ["Wijk", "steunend", "informerend", "waarschuwend", "repressief", "Totaal"]
    assert lines[by_character + 4][0] == "Wijk C" and lines[by_character + 4][4] == "<5"
    assert "<5" in {cell for line in lines for cell in line}


def test_no_pseudonym_appears_anywhere_in_the_funder_report(quarter, worker):
    with open(path_of(quarter, "csv"), encoding="utf-8-sig") as file:
        published = [file.read(), pdf_text(quarter),
                     repr(xlsx_sheets(quarter))]
    raw = path_of(quarter, "xlsx").read_bytes() + path_of(quarter, "pdf").read_bytes()
    for alias in ALIASES:
        assert all(alias not in text for text in published), alias
        assert alias.encode() not in raw
    # Nor the names of the youth workers, whose figures only the managers' reports hold.
    assert all(worker.get_full_name() not in text for text in published)
    # Only counts and neighbourhood names: none of the managers' figures.
    assert xlsx_sheets(quarter)["Overzicht"][1:] == []
    assert "Getrainde jongerenwerkers" in xlsx_sheets(quarter)  # the trainings' counts per neighbourhood
