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
    writer = csv.writer(out, lineterminator="\n")
    # A bar only draws a number another column already holds.
    index = [i for i, c in enumerate(table.columns) if c.kind != "bar"]
    writer.writerow([table.columns[i].key for i in index])
    for row in table.rows:
        writer.writerow([cell(row[i]) for i in index])


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
