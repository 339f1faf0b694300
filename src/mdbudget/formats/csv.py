"""CSV: one rectangular table per stream, made from the JSON, raw numbers, UTF-8 (optionally with a BOM).

The columns are the JSON keys in JSON order (from shapes.py), so CSV and JSON
carry the same fields with the same values: a nested object's keys are joined
with "_" (`type.name` → `type_name`), a list is one cell joined with "; ", and
each row repeats the document's `unit` (and `year`), so a saved file says what
its amounts are in. A result with several tables (ratios, diff, export) writes
one of them per stream: its main table unless `--table NAME` picks another.
"""

from __future__ import annotations

import csv
import io
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..reports.registry import REPORTS
from ..reports.registry import CsvTable as Spec
from ..reports.registry import csv_tables as registered_tables
from ..reports.registry import table_names as registry_names
from ..reports.views import Result
from . import Options

# A cell that starts with one of these is run as a formula by spreadsheet apps
# (CSV injection); such text cells get a leading apostrophe, as OWASP advises.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Path = tuple[str, ...]


@dataclass(frozen=True)
class CsvTable:
    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


def format(result: Result, options: Options) -> str:
    tables = csv_tables(result, options.lang)
    chosen = tables[0] if options.table is None else next(t for t in tables if t.name == options.table)
    return format_table(chosen, options.bom)


def format_table(table: CsvTable, bom: bool = False) -> str:
    """One table as a CSV document."""
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    write_row(out, list(table.columns))
    for row in table.rows:
        write_row(out, [cell(v) for v in row])
    return out.getvalue()


def _published(result: Result) -> str | None:
    """The command whose registered tables a result has; None: its tables are the ones it shows (sql)."""
    command = getattr(result, "command", None)
    return command if command in REPORTS and registered_tables(command) else None


def table_names(result: Result) -> list[str]:
    """The tables a result holds, its main one first."""
    command = _published(result)
    if command is None:
        return [t.name for t in csv_tables(result)]
    return registry_names(command)


def csv_tables(result: Result, lang: str = "ko") -> list[CsvTable]:
    command = _published(result)
    if command is None:
        return _from_tables(result, lang)
    data = result.data()
    return [_table(spec, data[section] if section else data) for section, spec in registered_tables(command)]


def _table(spec: Spec, data: Any) -> CsvTable:
    from ..reports import shapes

    name, key, shape, context = spec
    items: Any = data if key is None else data[key]
    if key == "summary":
        items = [{"measure": k, **v} for k, v in items.items()]
    elif items is None:
        items = []  # e.g. no growth without a [baseline]: the header alone
    elif isinstance(items, dict):
        items = [items]
    paths = list(_columns(getattr(shapes, shape)))
    rows = tuple(tuple(data[c] for c in context) + tuple(_get(item, p) for _, p in paths) for item in items)
    return CsvTable(name, (*context, *(c for c, _ in paths)), rows)


def _from_tables(result: Result, lang: str) -> list[CsvTable]:
    """A result whose rows are not a published shape (a query's): its tables as shown, bars left out."""
    out = []
    for i, table in enumerate(result.tables(lang)):  # type: ignore[arg-type]
        index = [j for j, c in enumerate(table.columns) if c.kind != "bar"]
        rows = tuple(tuple(row[j] for j in index) for row in table.rows)
        out.append(CsvTable(table.name or f"table{i + 1}", tuple(table.columns[j].key for j in index), rows))
    return out


def _get(item: dict[str, Any], path: Path) -> Any:
    value: Any = item
    for key in path:
        if value is None:
            return None  # a null object: each of its columns is empty
        value = value.get(key)  # a key a row may leave out (check's figures) is an empty cell
    return value


def _columns(shape: Any, prefix: Path = ()) -> Iterator[tuple[str, Path]]:
    for key, hint in typing.get_type_hints(shape).items():
        nested = _typed_dict(hint)
        if nested is not None:
            yield from _columns(nested, (*prefix, key))
        else:
            path = (*prefix, key)
            yield "_".join(path), path


def _typed_dict(hint: Any) -> Any:
    options = typing.get_args(hint) if typing.get_origin(hint) in (typing.Union, _union_type()) else (hint,)
    for option in options:
        if isinstance(option, type) and hasattr(option, "__required_keys__"):
            return option
    return None


def _union_type() -> Any:
    import types

    return types.UnionType


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
        value = "; ".join(cell(v) for v in value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return str(value)
