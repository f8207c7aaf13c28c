"""Bar charts as SVG for the PDF (WeasyPrint draws SVG): one bar per neighbourhood. A hidden
or small count ("<5") gets no bar, only its label, so the chart reveals no more than the table."""

from django.utils.html import escape

WIDTH, BAR, GAP, LABEL = 480, 16, 6, 140


def bar_chart(title: str, bars: list[tuple[str, int | str]]) -> str:
    numbers = [value for _label, value in bars if isinstance(value, int)]
    most = max(numbers, default=0) or 1
    height = len(bars) * (BAR + GAP) + GAP
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" role="img" '
             f'aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {height}">']
    for number, (label, value) in enumerate(bars):
        y = GAP + number * (BAR + GAP)
        parts.append(f'<text x="0" y="{y + BAR - 4}" font-size="11">{escape(label)}</text>')
        if isinstance(value, int):
            length = round((WIDTH - LABEL - 50) * value / most)
            parts.append(f'<rect x="{LABEL}" y="{y}" width="{length}" height="{BAR}" fill="#1f6f8b"/>')
            parts.append(f'<text x="{LABEL + length + 4}" y="{y + BAR - 4}" font-size="11">{value}</text>')
        else:
            parts.append(f'<text x="{LABEL}" y="{y + BAR - 4}" font-size="11">{escape(value)}</text>')
    parts.append("</svg>")
    return "".join(parts)
