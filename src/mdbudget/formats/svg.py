"""SVG: bar charts of `shares` and `fields`, standalone (for a README's <img>) or inside the HTML report.

Labels are SVG text, not paths, so Hangul is drawn in the reader's own fonts.
Every string from the budget file is escaped (``esc``); every figure written is
the report's own, shown as the tables show it (``cells.show``). Only the bars'
lengths are worked out here, as fractions of the whole base: a full bar is 100%
of the year (or of --of's base) for shares, the whole programme's multi-year total
for fields, so a bar's length means the same whatever rows a query, --top or
--provisional keeps, as in the tables.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..errors import UsageError
from ..reports.fields import FieldsReport
from ..reports.shares import SharesReport
from ..reports.views import Lang
from . import Options
from .cells import neutralise, show

ROW = 38  # a label line and a bar beneath it
BAR = 12
WIDTH = 640  # of a standalone chart's bars; inside the report a chart is as wide as its column
PAD = 16  # around a standalone chart, so its text does not touch the edge of a page
FONT = (
    'system-ui, -apple-system, "Segoe UI", "Apple SD Gothic Neo", "Malgun Gothic", '
    '"Noto Sans CJK KR", "Noto Sans KR", NanumGothic, sans-serif'
)
# A standalone chart carries its own colours, light and dark (GitHub shows it in either).
STANDALONE_STYLE = (
    f"text{{font-family:{FONT};font-size:14px;fill:#1b1f24}}"
    ".title{font-size:16px;font-weight:600}.note{font-size:12px;fill:#4a525c}"
    ".value{font-weight:600}.bar{fill:#1f5fa8}.bar.provisional{fill:#a8570f}.back{fill:#c5d5ea}"
    "@media (prefers-color-scheme:dark){text{fill:#e6e8eb}.note{fill:#b6bcc4}"
    ".bar{fill:#78aef5}.bar.provisional{fill:#f0a050}.back{fill:#34465e}}"
)


def esc(value: Any) -> str:
    """Text from the budget file as it may go into HTML or SVG: shown, never obeyed."""
    return html.escape(neutralise(str(value)), quote=True)


@dataclass(frozen=True)
class Bar:
    label: str
    value: str  # the figure as the tables show it
    length: Decimal  # of the bar, 0..1 of the chart's width
    back: Decimal | None = None  # a paler bar behind it (the multi-year total behind the year)
    provisional: bool = False


@dataclass(frozen=True)
class Chart:
    title: str
    bars: tuple[Bar, ...]
    legend: tuple[str, ...] = ()  # the dark bar's meaning, then the pale one's
    note: str | None = None  # the provisional fields' footnote


def format(result: Any, options: Options) -> str:
    return standalone(chart(result, "en" if options.lang == "en" else "ko"))


def chart(result: Any, lang: Lang) -> Chart:
    if isinstance(result, SharesReport):
        return shares_chart(result, lang)
    if isinstance(result, FieldsReport):
        return fields_chart(result, lang)
    raise UsageError("--format svg draws the chart of shares or fields")


def _fraction(value: Any, whole: Any) -> Decimal:
    if value is None or not whole or whole <= 0 or value <= 0:
        return Decimal(0)
    return min(Decimal(value) / Decimal(whole), Decimal(1))


def shares_chart(report: SharesReport, lang: Lang) -> Chart:
    table = report.tables(lang)[0]
    bars = tuple(
        Bar(
            _name(r.name, r.name_en, lang, r.provisional),
            show(r.share, "ratio"),
            _fraction(r.share, 1),  # a share is already a fraction of the whole base
            provisional=r.provisional,
        )
        for r in report.rows
    )
    note = report.caption.footnote(lang) if any(r.provisional for r in report.rows) else None
    return Chart(table.title, bars, note=note)


def fields_chart(report: FieldsReport, lang: Lang) -> Chart:
    table = report.tables(lang)[0]
    c = report.caption
    whole = report.programme_total  # the year and the multi-year total on one scale: the programme's total
    bars = tuple(
        Bar(
            _name(r.name, r.name_en, lang, r.provisional),
            f"{show(r.allocation, 'amount')} / {show(r.total, 'amount')}",
            _fraction(r.allocation, whole),
            _fraction(r.total, whole),
            r.provisional,
        )
        for r in report.rows
    )
    note = c.footnote(lang) if any(r.provisional for r in report.rows) else None
    return Chart(table.title, bars, legend=(c.year_header(lang), c.total_header(lang)), note=note)


def _name(name: str, name_en: str, lang: Lang, provisional: bool) -> str:
    return (name if lang == "ko" else name_en) + (" *" if provisional else "")


def description(chart: Chart) -> str:
    """The chart in words, for a screen reader: each label with its figure."""
    return "; ".join(f"{b.label} {b.value}" for b in chart.bars)


def bars_svg(chart: Chart, width: int | None, top: int = 0) -> str:
    """The rows of bars. ``width`` None: lengths in percent, so text keeps its size at any page width."""

    def x(fraction: Decimal) -> str:
        if width is None:
            return f"{fraction * 100:.2f}%"
        return f"{fraction * width:.1f}"

    parts = []
    for i, b in enumerate(chart.bars):
        y = top + i * ROW
        parts.append(
            f'<g class="mark" data-label="{esc(b.label)}">'
            f'<text x="0" y="{y + 16}">{esc(b.label)} <tspan class="value">{esc(b.value)}</tspan></text>'
        )
        if b.back is not None:
            parts.append(f'<rect class="back" x="0" y="{y + 21}" width="{x(b.back)}" height="{BAR}"/>')
        kind = "bar provisional" if b.provisional else "bar"
        parts.append(f'<rect class="{kind}" x="0" y="{y + 21}" width="{x(b.length)}" height="{BAR}"/></g>')
    return "".join(parts)


def standalone(chart: Chart) -> str:
    """A whole SVG file: title, legend, bars and footnote, light or dark as the viewer is."""
    lines: list[str] = []
    y = 24
    lines.append(f'<text class="title" x="0" y="{y}">{esc(chart.title)}</text>')
    if chart.legend:
        y += 26
        dark, pale = chart.legend
        lines.append(
            f'<rect class="bar" x="0" y="{y - 11}" width="12" height="12"/>'
            f'<text class="note" x="18" y="{y}">{esc(dark)}</text>'
            f'<rect class="back" x="{WIDTH // 2}" y="{y - 11}" width="12" height="12"/>'
            f'<text class="note" x="{WIDTH // 2 + 18}" y="{y}">{esc(pale)}</text>'
        )
    y += 16
    lines.append(bars_svg(chart, WIDTH, y))
    y += len(chart.bars) * ROW
    for line in wrap(chart.note or "", WIDTH, 12):
        y += 18
        lines.append(f'<text class="note" x="0" y="{y}">{esc(line)}</text>')
    width, height = WIDTH + 2 * PAD, y + 12 + PAD
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="title desc">\n'
        f'<title id="title">{esc(chart.title)}</title>\n'
        f'<desc id="desc">{esc(description(chart))}</desc>\n'
        f'<style>{STANDALONE_STYLE}</style>\n<g transform="translate({PAD} {PAD})">\n'
        + "\n".join(lines)
        + "\n</g>\n</svg>\n"
    )


def wrap(text: str, width: int, size: int) -> list[str]:
    """Lines of ``text`` that fit ``width`` pixels at ``size`` px, guessing a wide (Hangul) character at 1 em."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and _width(candidate, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def _width(text: str, size: int) -> float:
    return sum(size * (1.0 if ord(ch) > 0x2E80 else 0.6) for ch in text)
