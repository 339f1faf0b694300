"""Rich tables for people at a terminal. Every user string goes in as Text, never markup."""

from __future__ import annotations

import io
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from ..views import Column, Result, Table
from .cells import is_numeric, neutralise, show

ROW_STYLES = {"error": "red", "warning": "yellow", "pass": "green", "+": "green", "-": "red"}
BAR_WIDTH = 20  # at 100 columns and wider; narrower screens get shorter bars
MAX_ROWS = 500  # past this a terminal table is unreadable and slow to lay out


def format(result: Result, lang: str = "ko", width: int = 100, color: bool = False, **_: Any) -> str:
    out = io.StringIO()
    console = Console(
        file=out,
        width=max(width, 20),
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
        console.print(render_table(table, color, bar_width(width)))
        for note in table.notes:
            console.print(Text(neutralise(note), style="dim" if color else ""))
    # Rich pads lines to the console width; trailing blanks only get in the way of pasting,
    # as does the blank top edge of an untitled table (sql's answers).
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines()).lstrip("\n") + "\n"


def render_table(table: Table, color: bool, bars: int = BAR_WIDTH) -> RichTable:
    columns = [c for c in table.columns if c.terminal]
    index = [table.columns.index(c) for c in columns]
    if table.detail:
        return _detail(table)
    grid = RichTable(
        title=Text(neutralise(table.title), style="bold") if table.title else None,
        box=box.SIMPLE_HEAVY,
        show_footer=table.total is not None,
        title_justify="left",
    )
    rows = shown_rows(table)
    for i, c in zip(index, columns, strict=True):
        footer = _cell(table.total[i], c, table, bars) if table.total is not None else Text("")
        # A number must never break across lines: its column is at least as wide as its
        # widest value. Headers and names wrap instead; bars shrink with the screen.
        widest = None
        if is_numeric(c.kind):
            cells = [_cell(table.rows[r][i], c, table, bars) for r in rows] + [footer]
            widest = max(cell.cell_len for cell in cells)
        grid.add_column(
            Text(neutralise(c.header)),
            footer=footer,
            justify="right" if is_numeric(c.kind) else "left",
            overflow="fold",
            no_wrap=c.kind in ("bar", "status"),
            min_width=widest,
        )
    for r in rows:
        status = table.statuses[r] if r < len(table.statuses) else ""
        style = ROW_STYLES.get(status, "") if color else ""
        grid.add_row(
            *(_cell(table.rows[r][i], c, table, bars) for i, c in zip(index, columns, strict=True)), style=style
        )
    if len(table.rows) > MAX_ROWS and "brief_rows" in table.extra:
        grid.caption = Text(str(table.extra.get("brief_note", "")))
        grid.caption_justify = "left"
    return grid


def shown_rows(table: Table) -> range | tuple[int, ...]:
    """All rows, or — past MAX_ROWS, when the result offers one — its brief selection."""
    if len(table.rows) > MAX_ROWS and "brief_rows" in table.extra:
        return tuple(table.extra["brief_rows"])
    return range(len(table.rows))


def _cell(value: Any, column: Column, table: Table, bars: int = BAR_WIDTH) -> Text:
    if column.kind == "bar":
        return Text(bar(value, table.extra.get("bar_max"), bars))
    return Text(neutralise(show(value, column.kind)))


def bar_width(width: int) -> int:
    """Bars shrink with the screen, all by the same scale, so they still compare."""
    return max(4, min(BAR_WIDTH, (width - 60) // 2))


def bar(value: Any, maximum: Any, width: int = BAR_WIDTH) -> str:
    if value is None or not maximum:
        return ""
    eighths = round(float(value) / float(maximum) * width * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + (" ▏▎▍▌▋▊▉"[part] if part else "")


def _detail(table: Table) -> RichTable:
    grid = RichTable(
        title=Text(neutralise(table.title), style="bold") if table.title else None,
        box=box.SIMPLE,
        show_header=False,
        title_justify="left",
    )
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    row = table.rows[0] if table.rows else ()
    for c, value in zip(table.columns, row, strict=False):  # no rows: nothing to show
        if c.terminal:
            grid.add_row(Text(neutralise(c.header)), Text(neutralise(show(value, c.kind))))
    return grid
