"""The dashboards' charts: their geometry worked out in Python, so a template only draws it.

Every chart stands beside a table with the same figures (the text alternative), and none
relies on colour alone: targets are dashed lines with a label, the two lines of a trend differ
in dash and marker as well as colour.
"""

from dataclasses import dataclass, field

WIDTH = 320
LABEL_HEIGHT = 14
BAR_HEIGHT = 12
ROW_GAP = 8
LEFT, RIGHT = 2, 48  # room at the right for the value


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as shown ("23%", "4,5 u", "12")
    y: float
    width: float
    emphasis: bool = False  # e.g. online channels

    @property
    def label_y(self) -> float:
        return self.y - 3

    @property
    def text_x(self) -> float:
        return LEFT + self.width + 4

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT - 2


@dataclass
class BarChart:
    """Horizontal bars, one per row, with an optional target drawn as a dashed line."""

    title: str
    bars: list[Bar] = field(default_factory=list)
    target: float | None = None
    target_text: str = ""
    maximum: float = 100.0
    width: int = WIDTH

    @classmethod
    def of(cls, title: str, rows: list[tuple[str, float | None, str, bool]], *, target: float | None = None,
           target_text: str = "", maximum: float | None = None) -> "BarChart":
        """`rows` are (label, value or None, shown value, emphasis); None draws no bar."""
        values = [value for _, value, _, _ in rows if value is not None]
        top = maximum if maximum is not None else max([*values, target or 0, 1])
        if maximum is None:
            top *= 1.1  # room so the largest bar does not touch its value
        chart = cls(title=title, target=target, target_text=target_text, maximum=top)
        span = WIDTH - LEFT - RIGHT
        for index, (label, value, text, emphasis) in enumerate(rows):
            y = LABEL_HEIGHT + index * (LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP) + 4
            chart.bars.append(Bar(label, value or 0, text, y, span * min(value or 0, top) / top, emphasis))
        return chart

    @property
    def height(self) -> float:
        return LABEL_HEIGHT + len(self.bars) * (LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP) + 4

    @property
    def target_x(self) -> float | None:
        if self.target is None:
            return None
        return LEFT + (WIDTH - LEFT - RIGHT) * min(self.target, self.maximum) / self.maximum

    @property
    def target_label_x(self) -> float:
        return self.target_x - 3 if self.target_anchor == "end" else self.target_x + 3

    @property
    def target_anchor(self) -> str:
        """The target's label stands left of its line when the line is far right."""
        return "end" if self.target_x is not None and self.target_x > WIDTH * 0.6 else "start"


TREND_TOP, TREND_BOTTOM, TREND_LEFT, TREND_RIGHT = 10, 110, 36, 8
TREND_HEIGHT = 134


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: float | None
    label: str

    @property
    def corner_x(self) -> float:  # a square marker's corner
        return self.x - 3

    @property
    def corner_y(self) -> float:
        return self.y - 3


@dataclass
class Line:
    name: str
    css: str  # "online" or "supportive": colour, dash and marker differ
    points: list[Point]
    target: float
    target_y: float

    @property
    def path(self) -> str:
        """An SVG path through the points that have a value; a gap where a block had no contacts."""
        parts, pen_down = [], False
        for point in self.points:
            if point.value is None:
                pen_down = False
                continue
            parts.append(f"{'L' if pen_down else 'M'}{point.x:.1f} {point.y:.1f}")
            pen_down = True
        return " ".join(parts)

    @property
    def drawn(self) -> list[Point]:
        return [point for point in self.points if point.value is not None]


@dataclass
class TrendChart:
    """Percentages over time, 0 to 100, with each line's target."""

    lines: list[Line]
    labels: list[tuple[float, str, str]]  # (x, text, text-anchor) under the axis: first, middle and last
    width: int = WIDTH
    height: int = TREND_HEIGHT
    top: int = TREND_TOP
    bottom: int = TREND_BOTTOM
    left: int = TREND_LEFT
    grid: list[tuple[float, str]] = field(default_factory=list)

    @classmethod
    def of(cls, labels: list[str], series: list[tuple[str, str, list[float | None], float]]) -> "TrendChart":
        """`series` are (name, css, values per label, target)."""
        count = max(len(labels), 2)
        step = (WIDTH - TREND_LEFT - TREND_RIGHT) / (count - 1)

        def y_of(percent: float) -> float:
            return TREND_BOTTOM - (TREND_BOTTOM - TREND_TOP) * percent / 100

        lines = [
            Line(name, css, [Point(TREND_LEFT + index * step, y_of(value) if value is not None else 0, value, label)
                             for index, (label, value) in enumerate(zip(labels, values, strict=True))],
                 target, y_of(target))
            for name, css, values, target in series
        ]
        last = len(labels) - 1
        shown = sorted({0, last // 2, last})
        anchors = {0: "start", last: "end"}
        return cls(lines=lines, labels=[(TREND_LEFT + index * step, labels[index], anchors.get(index, "middle"))
                                        for index in shown],
                   grid=[(y_of(percent), f"{percent}%") for percent in (0, 25, 50, 75, 100)])
