"""The trends board's charts: the geometry of each category's bars and their labels, and the
markup of the bars and of the table's cells, written in Python: drawing ~200 bars and ~200
cells with template tags cost most of the board's time."""

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from signals.models import Category

CHART_WIDTH, CHART_HEIGHT = 260, 96
CHART_TOP, CHART_BASE = 14, 76  # room above the bars for the rise mark, below for the labels


def _number(value: float) -> str:
    """An SVG coordinate: one decimal, a dot, whatever the language."""
    return f"{value:.1f}"


@dataclass(frozen=True)
class Bar:
    week: date
    count: int
    rise: bool
    x: float
    y: float
    width: float
    height: float

    @property
    def middle(self) -> float:
        return self.x + self.width / 2

    @cached_property
    def svg(self) -> dict[str, str]:
        """The bar's attributes as the SVG writes them."""
        return {"x": _number(self.x), "y": _number(self.y), "width": _number(self.width),
                "height": _number(self.height), "middle": _number(self.middle)}

    @cached_property
    def label(self) -> str:
        return _("week %(week)s: %(number)s") % {"week": self.week.isocalendar().week, "number": self.count}


@dataclass(eq=False)
class CategoryWeeks:
    category: Category
    weeks: list[date]
    counts: list[int]
    rise_weeks: set[date]
    # The chart's geometry, for the template (class attributes, not fields).
    width, height, base = CHART_WIDTH, CHART_HEIGHT, CHART_BASE

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def peak(self) -> int:
        return max(self.counts)

    def cells(self) -> list[tuple[int, bool]]:
        return [(count, week in self.rise_weeks) for week, count in zip(self.weeks, self.counts, strict=True)]

    def cells_html(self) -> SafeString:
        """The table row's cells per week; a rise is marked, and said to screen readers."""
        rise = escape(_("(rise)"))
        return mark_safe("".join(
            f'<td class="number rise"><strong>{count}<span aria-hidden="true">▲</span></strong>'
            f'<span class="visually-hidden"> {rise}</span></td>' if risen else f'<td class="number">{count}</td>'
            for count, risen in self.cells()
        ))

    def bars_svg(self) -> SafeString:
        """The chart's bars, each with its label as a tooltip, and a mark above a rise."""
        parts = []
        for bar in self.bars:
            svg = bar.svg
            parts.append(f'<rect class="bar{" rise" if bar.rise else ""}" x="{svg["x"]}" y="{svg["y"]}" '
                         f'width="{svg["width"]}" height="{svg["height"]}"><title>{escape(bar.label)}</title></rect>')
            if bar.rise:
                parts.append(f'<text class="rise-mark" x="{svg["middle"]}" y="11" text-anchor="middle">▲</text>')
        return mark_safe("\n".join(parts))

    @cached_property
    def bars(self) -> list[Bar]:
        """The bars of this category's SVG chart, scaled to its own busiest week."""
        slot = CHART_WIDTH / len(self.weeks)
        scale = (CHART_BASE - CHART_TOP) / max(self.peak, 1)
        bars = []
        for index, (week, count) in enumerate(zip(self.weeks, self.counts, strict=True)):
            height = count * scale
            bars.append(Bar(week=week, count=count, rise=week in self.rise_weeks, x=index * slot + 2,
                            y=CHART_BASE - height, width=slot - 4, height=height))
        return bars
