"""Markdown: GitHub-flavoured tables to paste into reports."""

from __future__ import annotations

import re
from typing import Any

from ..views import Result, Table
from .cells import is_numeric, neutralise, show

_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def escape(text: str) -> str:
    """Escape what GitHub would read as markup, so names print literally."""
    text = neutralise(text)
    return _SPECIAL.sub(r"\\\1", text).replace("\n", "<br>")


def format(result: Result, lang: str = "ko", **_: Any) -> str:
    return "\n".join(render_table(t) for t in result.tables(lang))  # type: ignore[arg-type]


def render_table(table: Table) -> str:
    lines = [f"**{escape(table.title)}**", ""] if table.title else []
    if table.detail:
        lines.extend(_detail(table))
        return _with_notes(lines, table)
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
            lines.extend(("", escape(note)))
    return "\n".join(lines) + "\n"
