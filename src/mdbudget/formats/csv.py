"""CSV: a header row, one row per item, raw numbers, UTF-8 (optionally with a BOM)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from ..views import Result, Table

# A cell that starts with one of these is run as a formula by spreadsheet apps
# (CSV injection); such text cells get a leading apostrophe, as OWASP advises.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def format(result: Result, lang: str = "ko", bom: bool = False, **_: Any) -> str:
    tables = result.tables(lang)  # type: ignore[arg-type]
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    for i, table in enumerate(tables):
        if i:
            out.write("\n")
        write_table(out, table)
    return out.getvalue()


def format_table(table: Table, bom: bool = False) -> str:
    """One table as a CSV document, for writing one file per table."""
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    write_table(out, table)
    return out.getvalue()


def write_table(out: io.StringIO, table: Table) -> None:
    # A bar only draws a number another column already holds.
    index = [i for i, c in enumerate(table.columns) if c.kind != "bar"]
    write_row(out, [table.columns[i].key for i in index])
    for row in table.rows:
        write_row(out, [cell(row[i]) for i in index])


def write_row(out: io.StringIO, cells: list[str]) -> None:
    # The writer quotes a cell only if it holds a character of its line ending; with
    # "\r\n" a lone CR in a name is quoted too (spreadsheets break lines at a CR).
    # Rows still end in "\n".
    line = io.StringIO()
    csv.writer(line, lineterminator="\r\n").writerow(cells)
    out.write(line.getvalue()[:-2] + "\n")


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        text = f"{value:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return str(value)
