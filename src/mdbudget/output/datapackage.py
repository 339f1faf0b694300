"""`export --format datapackage`: a Frictionless (tabular) data package.

datapackage.json describes one CSV file per table (reports/relational.py):
each column's type, the primary and foreign keys, the source (the press
release's title, ministry and date), and for every amount its currency and
unit, in the Fiscal Data Package's terms (currency KRW, factor 10^8 for 억원),
so a fiscal-data tool multiplies the figures into won correctly.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..budget.records import Budget
from ..budget.units import FACTORS
from ..reports.relational import TABLES, Column, Relation, Row, rows

DESCRIPTOR = "datapackage.json"
_TYPES = {"text": "string", "integer": "integer", "boolean": "boolean", "decimal": "number"}
CURRENCY = "KRW"  # every unit a budget may be written in is a unit of won


def datapackage_files(budget: Budget) -> list[tuple[str, bytes]]:
    """The package's files, (name, content), for files.write_all: one CSV per table, then the descriptor."""
    data = rows(budget)
    files = [(f"{table.name}.csv", table_csv(table, data[table.name]).encode()) for table in TABLES]
    # The descriptor last: it is renamed into place last, so a package whose descriptor is new has all its tables.
    files.append((DESCRIPTOR, (json.dumps(descriptor(budget), ensure_ascii=False, indent=2) + "\n").encode()))
    return files


def table_csv(table: Relation, values: Iterable[Row]) -> str:
    # Raw values, exactly: no spreadsheet-formula guard here (it would change the data),
    # booleans as true/false, an empty cell for a missing value.
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(c.name for c in table.columns)
    for row in values:
        writer.writerow(_cell(value, c) for value, c in zip(row, table.columns, strict=True))
    return out.getvalue()


def _cell(value: object, column: Column) -> str:
    if value is None:
        return ""
    if column.type == "boolean":
        return "true" if value else "false"
    return str(value)


def descriptor(budget: Budget) -> dict[str, Any]:
    p = budget.program
    return {
        "profile": "tabular-data-package",
        "name": _name(p.source_file, budget.year),
        "title": p.title_en or p.title,
        "description": (
            f"{p.title} ({p.ministry}, {p.release_date.isoformat()}). Amounts are whole {budget.unit} "
            f"(1 {budget.unit} = {FACTORS[budget.unit]:,} won), as the press release prints them."
        ),
        "sources": [
            {
                "title": p.title,
                "title_en": p.title_en,
                "publisher": p.ministry,
                "publisher_en": p.ministry_en,
                "date": p.release_date.isoformat(),
                "file": p.source_file,
            }
        ],
        "fiscalYear": budget.year,
        "resources": [_resource(table, budget.unit) for table in TABLES],
        # The Fiscal Data Package's model: which columns hold money, in what currency and multiple.
        "model": {
            "measures": {
                f"{table.name}.{c.name}": {
                    "resource": table.name,
                    "source": c.name,
                    "currency": CURRENCY,
                    "factor": FACTORS[budget.unit],
                }
                for table in TABLES
                for c in table.columns
                if c.amount
            }
        },
    }


def _resource(table: Relation, unit: str) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": [_field(c, unit) for c in table.columns], "missingValues": [""]}
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    keys = [
        {"fields": [c.name], "reference": {"resource": c.references[0], "fields": [c.references[1]]}}
        for c in table.columns
        if c.references
    ]
    if keys:
        schema["foreignKeys"] = keys
    return {
        "name": table.name,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "description": table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def _field(column: Column, unit: str) -> dict[str, Any]:
    field: dict[str, Any] = {"name": column.name, "type": _TYPES[column.type], "description": column.description}
    if column.required:
        field["constraints"] = {"required": True}
    if column.amount:
        field["description"] += f", in {unit}"
        field.update(columnType="value", currency=CURRENCY, factor=FACTORS[unit], unit=unit)
    return field


def _name(source_file: str, year: int) -> str:
    """A package name (lower case, digits, - . _) from the source's file name."""
    stem = Path(source_file).stem.lower()
    name = re.sub(r"[^a-z0-9._-]+", "-", stem).strip("-._")
    return name or f"budget-{year}"
