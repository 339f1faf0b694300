"""Rich tables for people at a terminal. Every user string goes in as Text, never markup.

``layout`` decides what fits; this module draws it: a grid when the columns fit
the width, else one block per row, and a single item (``Table.detail``) always as
"label  value" lines. Text is wrapped here, by ``layout.wrap``, so rich never
folds a figure or an id.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from time import monotonic
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from ..errors import UsageError
from ..reports.views import Column, Result, Table, half_up
from . import Options, layout
from .cells import is_numeric, neutralise, show

ROW_STYLES = {"error": "red", "warning": "yellow", "accepted": "cyan", "pass": "green", "+": "green", "-": "red"}
BAR_WIDTH = 20  # at 100 columns and wider; narrower screens get shorter bars
INDENT = 2  # blocks and "label  value" lines start here, as a grid's first column does
GAP = 3  # between a label and its value
MORE = {"ko": "… 외 {n:,}행; 전부 보려면 --format json", "en": "… and {n:,} more; use --format json"}
CUT = {
    "ko": "… {n}칸보다 긴 값은 잘림; 전부 보려면 --format json",
    "en": "… values longer than {n} cells are cut; use --format json for the whole value",
}


def format(result: Result, options: Options) -> str:
    lang, color = options.lang, options.color
    width = max(options.width, 20)
    out = io.StringIO()
    console = Console(
        file=out,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    for i, table in enumerate(result.tables(lang)):  # type: ignore[arg-type]
        if i:
            console.print()
        lines: list[Text] = []
        for part in [*render(table, width, color, lang), None]:
            if isinstance(part, Text):
                lines.append(part)
                continue
            # Lines already wrapped: printed as one text, which rich must not wrap again.
            if lines:
                console.print(Text("\n").join(lines), soft_wrap=True)
                lines = []
            if part is not None:
                console.print(part)
        on_time(table)
    # Rich pads lines to the console width; trailing blanks only get in the way of pasting,
    # as does the blank top edge of an untitled table (sql's answers).
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines()).lstrip("\n") + "\n"


def render(table: Table, width: int, color: bool, lang: str = "ko") -> list[Text | RichTable]:
    """The title, the body (a grid, blocks, or nothing when there are no rows) and the notes."""
    rows, brief, more = layout.shown_rows(table) if not table.detail else (range(len(table.rows)), None, 0)
    left_out = [brief] if brief else []
    if more:
        left_out.append(MORE.get(lang, MORE["en"]).format(n=more))
    bars = bar_width(width)
    parts: list[Text | RichTable] = []
    long = [False]  # set when a value is cut to MAX_CELL cells
    if table.title:
        parts += lines(neutralise(table.title), width, "bold" if color else "")
    if table.detail:
        parts += [Text(""), *detail(table, width, color, long), Text("")]
    elif rows:
        cells = {
            i: [_show(table.rows[r][i], c, table, bars, long) for r in rows]
            for i, c in enumerate(table.columns)
            if c.terminal and on_time(table)
        }
        if table.total is not None:
            for i, c in enumerate(table.columns):
                if c.terminal:
                    cells[i].append(_show(table.total[i], c, table, bars, long))
        headers = {i: _clip(neutralise(c.header), long) for i, c in enumerate(table.columns)}
        grid = layout.plan(table, cells, headers, width) if on_time(table) else None
        if grid is not None:
            parts.append(draw(table, grid, cells, headers, rows, color))
        else:
            parts += [Text(""), *blocks(table, rows, width, color, long), Text("")]
    elif table.title:
        parts.append(Text(""))
    if long[0]:
        left_out.append(CUT.get(lang, CUT["en"]).format(n=layout.MAX_CELL))
    for note in left_out + notes(table, rows):
        parts += lines(neutralise(note), width, "dim" if color else "")
    return parts


def on_time(table: Table) -> bool:
    """True, or UsageError once the table's deadline (sql's --timeout) has passed."""
    deadline = table.extra.get("deadline")
    if deadline is not None and monotonic() > deadline:
        raise UsageError(str(table.extra["late"]))
    return True


def notes(table: Table, rows: Sequence[int]) -> list[str]:
    """The table's notes; a footnote to the provisional mark only if a row shown carries the mark."""
    flags = [i for i, c in enumerate(table.columns) if c.kind == "flag" and c.terminal]
    if not flags:
        return list(table.notes)
    marked = any(table.rows[r][i] for r in rows for i in flags)
    return [n for n in table.notes if marked or not n.startswith("* ")]


def draw(
    table: Table,
    grid: layout.Grid,
    cells: dict[int, list[str]],
    headers: dict[int, str],
    rows: Sequence[int],
    color: bool,
) -> RichTable:
    has_total = table.total is not None
    out = RichTable(box=box.SIMPLE_HEAVY, show_footer=has_total)
    for i, w in zip(grid.columns, grid.widths, strict=True):
        c = table.columns[i]
        solid = layout.is_solid(c)
        values = cells[i]
        footer = _text(values[-1], w, solid) if has_total else Text("")
        out.add_column(
            _text(headers[i], w, False),
            footer=footer,
            justify="right" if is_numeric(c.kind) else "left",
            width=w,
            no_wrap=True,  # wrapped here already; the plan makes each column as wide as its widest line
            overflow="fold",
        )
    for n, r in enumerate(rows):
        status = table.statuses[r] if r < len(table.statuses) else ""
        style = ROW_STYLES.get(status, "") if color else ""
        out.add_row(
            *(
                _text(cells[i][n], w, table.columns[i].key in layout.ID_KEYS or layout.is_solid(table.columns[i]))
                for i, w in zip(grid.columns, grid.widths, strict=True)
            ),
            style=style,
        )
    return out


def _text(value: str, width: int, solid: bool) -> Text:
    return Text(value if solid else "\n".join(layout.wrap(value, width)))


def blocks(table: Table, rows: Sequence[int], width: int, color: bool, long: list[bool]) -> list[Text]:
    """One block per row: the row's mark and name on a line, then "label  value" lines."""
    columns = [i for i, c in enumerate(table.columns) if c.terminal and c.kind != "bar"]
    records = [(table.rows[r], table.statuses[r] if r < len(table.statuses) else "") for r in rows]
    if table.total is not None:
        records.append((table.total, ""))
    labelled = [i for i in columns if table.columns[i].kind not in ("status", "flag")]
    out: list[Text] = []
    entries = []
    for row, status in records:
        name = layout.first_text_column(table, labelled, row)
        marks = [show(row[i], table.columns[i].kind) for i in columns if table.columns[i].kind == "status"]
        flags = [show(row[i], "flag") for i in columns if table.columns[i].kind == "flag"]
        title = _clip(neutralise(show(row[name], "text")), long) if name is not None else ""
        heading = " ".join(m for m in (*marks, title, *flags) if m)
        pairs = [(table.columns[i], row[i]) for i in labelled if i != name and row[i] not in (None, "", ())]
        entries.append((heading, pairs, ROW_STYLES.get(status, "") if color else ""))
    # Measured once for all blocks (not once per block: that was quadratic in the rows shown).
    measure = _measure([pair for _, pairs, _ in entries for pair in pairs], long)
    for n, (heading, pairs, style) in enumerate(entries):
        on_time(table)
        if n:
            out.append(Text(""))
        out += lines(heading, width, "bold " + style if color else "", INDENT)
        out += label_lines(pairs, width, color, INDENT + 2, measure, long)
    return out


def detail(table: Table, width: int, color: bool, long: list[bool]) -> list[Text]:
    """One item as "label  value" lines."""
    row = table.rows[0] if table.rows else ()
    pairs = [(c, v) for c, v in zip(table.columns, row, strict=False) if c.terminal and c.kind != "bar"]
    return label_lines(pairs, width, color, INDENT, _measure(pairs, long), long)


def _measure(every: list[tuple[Column, Any]], long: list[bool]) -> tuple[int, int]:
    """The widest label of the table, and the room its values need beside the labels."""
    label_width = max((layout.widest(_clip(neutralise(c.header), long)) for c, _ in every), default=0)
    # Side by side only if no value would have to fold a word: a figure, an id or a
    # word of up to WORD_CAP * 2 cells each fit beside the labels.
    needed = max((_longest_word(_value(v, c, long), layout.is_solid(c)) for c, v in every), default=0)
    return label_width, needed


def label_lines(
    pairs: list[tuple[Column, Any]],
    width: int,
    color: bool,
    indent: int,
    measure: tuple[int, int],
    long: list[bool],
) -> list[Text]:
    """Labels and values side by side when every value of the table fits beside its label; else stacked.

    ``measure`` is _measure of every label and value of the table.
    """
    label_width, needed = measure
    values = [(c, _value(v, c, long)) for c, v in pairs]
    room = width - indent - label_width - GAP - 2
    side_by_side = room >= max(needed, 8)
    label_style = "bold" if color else ""
    out: list[Text] = []
    for c, value in values:
        label = _clip(neutralise(c.header), long)
        solid = layout.is_solid(c)
        if side_by_side:
            shown = [value] if solid else layout.wrap(value, room)
            pad = " " * (label_width - layout.widest(label) + GAP)
            first = Text(" " * indent) + Text(label, style=label_style) + Text(pad) + Text(shown[0])
            out.append(first)
            out += [Text(" " * (indent + label_width + GAP) + more) for more in shown[1:]]
        else:
            out += lines(label, width, label_style, indent)
            shown = [value] if solid else layout.wrap(value, width - indent - 2)
            out += [Text(" " * (indent + 2) + line) for line in shown]
    return out


def _longest_word(text: str, solid: bool) -> int:
    if solid:
        return layout.widest(text)
    # An empty cell (a project without name_en) has no words: max() of nothing is 0, not an error.
    words = (min(layout.widest(w), layout.WORD_CAP * 2) for w in text.split())
    return max(layout.narrowest(text, False), max(words, default=0))


def lines(text: str, width: int, style: str = "", indent: int = 0) -> list[Text]:
    return [Text(" " * indent + line, style=style) for line in layout.wrap(text, width - indent)]


def _show(value: Any, column: Column, table: Table, bars: int, long: list[bool]) -> str:
    if column.kind == "bar":
        return bar(value, table.extra.get("bar_max"), bars)
    return _value(value, column, long)


def _value(value: Any, column: Column, long: list[bool]) -> str:
    return _clip(neutralise(show(value, column.kind)), long)


def _clip(text: str, long: list[bool]) -> str:
    """``text`` cut to MAX_CELL cells; ``long`` records that a value was cut, for the table's note."""
    shown = layout.cut(text)
    if shown is not text:
        long[0] = True
    return shown


def bar_width(width: int) -> int:
    """Bars shrink with the screen, all by the same scale, so they still compare."""
    return max(4, min(BAR_WIDTH, (width - 60) // 2))


def bar(value: Any, maximum: Any, width: int = BAR_WIDTH) -> str:
    if value is None or not maximum:
        return ""
    eighths = int(half_up(Decimal(str(value)) / Decimal(str(maximum)) * width * 8, 0))
    full, part = divmod(eighths, 8)
    return "█" * full + (" ▏▎▍▌▋▊▉"[part] if part else "")
