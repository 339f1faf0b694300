"""Markdown: GitHub-flavoured tables to paste into reports."""

from __future__ import annotations

import re

from ..reports.views import Result, Table
from . import Options
from .cells import is_numeric, neutralise, show

# Inline markup anywhere in a line: code, emphasis, links, HTML, table pipes,
# strikethrough (~), and entities (&amp; would print as &). A backslash escape is
# allowed before any ASCII punctuation, so each of these prints as itself.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
# What opens a block at the start of a paragraph: a heading (#), a list (-, +, 1. or 1)),
# a thematic break or setext line (-, =). (A block quote's > is escaped everywhere.)
_BLOCK_START = re.compile(r"^(?:([#+\-=])|(\d{1,9})([.)]))")
# Markdown trims the spaces around a cell or paragraph; as character references they stay.
_EDGE_SPACE = re.compile(r"^\s+|\s+$")


def escape(text: str) -> str:
    """Escape what GitHub would read as markup, so names print literally."""
    text = _SPECIAL.sub(r"\\\1", neutralise(text)).replace("\n", "<br>")
    return _EDGE_SPACE.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group()), text)


def paragraph(text: str) -> str:
    """``escape`` for text that starts a paragraph (titles, notes), where a leading # or 1. is markup."""
    text = escape(text)
    return _BLOCK_START.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), text)


def format(result: Result, options: Options) -> str:
    return "\n".join(render_table(t) for t in result.tables(options.lang))  # type: ignore[arg-type]


def render_table(table: Table) -> str:
    lines = [f"**{paragraph(table.title)}**", ""] if table.title.strip() else []
    if table.detail:
        lines.extend(_detail(table))
        return _with_notes(lines, table)
    if not table.rows and table.extra.get("hide_when_empty"):  # a diff of identical files: the notes say it
        return _with_notes(lines[:1], table)
    columns = [c for c in table.columns if c.kind != "bar"]
    index = [table.columns.index(c) for c in columns]
    lines.append("| " + " | ".join(escape(c.header) or " " for c in columns) + " |")
    lines.append("|" + "|".join("---:" if is_numeric(c.kind) else "---" for c in columns) + "|")
    rows = list(table.rows) + ([table.total] if table.total else [])
    for row in rows:
        cells = [escape(show(row[i], c.kind)) for i, c in zip(index, columns, strict=True)]
        lines.append("| " + " | ".join(cells) + " |")
    return _with_notes(lines, table)


def _detail(table: Table) -> list[str]:
    """One item as "label | value" rows: a wide single row would not fit a page."""
    lines = ["|   |   |", "|---|---|"]
    row = table.rows[0] if table.rows else ()
    for c, value in zip(table.columns, row, strict=False):
        if c.kind != "bar":
            lines.append(f"| {escape(c.header)} | {escape(show(value, c.kind))} |")
    return lines


def _with_notes(lines: list[str], table: Table) -> str:
    if table.notes:
        # One paragraph per note: a "two trailing spaces" line break would not survive editors.
        for note in table.notes:
            lines.extend(("", paragraph(note)))
    return "\n".join(lines) + "\n"
