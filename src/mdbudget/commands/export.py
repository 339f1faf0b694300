"""`mdbudget export`: every answer in one document, for scripts that need many."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import UsageError
from .options import Output, emit, format_option, message, refuse_csv_options
from .shared import BudgetFile, Formats, shared

if TYPE_CHECKING:
    from ..reports.export import ExportReport


class ExportFormat(str, enum.Enum):
    """The shared formats, and two that only export writes: a database file and a data package."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    sqlite = "sqlite"
    datapackage = "datapackage"
    xlsx = "xlsx"  # an Excel workbook
    md = "markdown"  # an alias (options.Format): accepted, not listed


FORMATS = Formats(
    ExportFormat,
    format_option(
        "Output format: json, csv, markdown, table; sqlite (a database file), xlsx (an Excel workbook) "
        "or datapackage (a Frictionless data package), which need --out.",
        case_sensitive=False,
    ),
    ExportFormat.json,
)
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        help="Where to write: a folder for csv (one file per table), datapackage, or export.json / export.md; "
        "the database file for sqlite, the workbook for xlsx.",
        show_default=False,
        metavar="PATH",
    ),
]


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Data")(export)


@shared(unit=True, formats=FORMATS)
def export(out: OutOption = None, *, source: BudgetFile, output: Output) -> object:
    """Everything in one document: total, fields, shares, ratios, projects, check.

    Each section has the shape of its own command's JSON, so a script pays
    one start-up for all the answers. Exit 0 even when check finds errors:
    the findings are in the "check" section (.check.ok).

    Examples:

      mdbudget export > budget.json

      mdbudget export | jq '.shares.rows[0]'

      mdbudget export --format csv --out tables/

      mdbudget export --format sqlite --out budget.db

      mdbudget export --format datapackage --out package/
    """
    if output.format in (ExportFormat.sqlite, ExportFormat.datapackage, ExportFormat.xlsx):
        _write_tables(output, source, out)
        return None
    refuse_csv_options(output)  # also when --out writes the answer without emit()
    from ..reports.export import export as build

    budget = source.load()
    report = build(budget, output.unit)
    from ..loading.load import remember_lines

    remember_lines(budget)  # check's findings' lines
    if output.format == "csv" and out is None:
        raise UsageError("export --format csv writes one file per table: give a folder with --out DIR")
    if out is None:
        return emit(report, output)  # exit 0 even when check finds errors: the answer is the document
    from ..output.files import write_all

    inputs = {budget.source_identity: budget.source_name} if budget.source_identity else {}
    files = _csv_files(report, output) if output.format == "csv" else [_one_file(report, output)]
    targets = write_all(out, files, inputs)
    if output.format == "csv":
        message(f"wrote {len(targets)} files to {out}: {', '.join(t.name for t in targets)}")
    else:
        message(f"wrote {targets[0]}")
    return report


def _write_tables(output: Output, source: BudgetFile, out: Path | None) -> None:
    """The relational tables (the ones `mdbudget sql` queries) as a database file or a data package."""
    fmt = output.format
    if out is None:
        what = {
            ExportFormat.sqlite: "a database file: give its name with --out FILE.db",
            ExportFormat.xlsx: "a workbook: give its name with --out FILE.xlsx",
        }.get(ExportFormat(fmt), "a folder: give it with --out DIR")
        raise UsageError(f"export --format {fmt} writes {what}")
    if str(out) == "-":
        raise UsageError(f"export --format {fmt} writes files, not standard output: give --out a path")
    # Other tools read these: the amounts stay whole numbers in the file's unit, the CSV plain UTF-8.
    if output.unit is not None:
        raise UsageError(f"export --format {fmt} keeps the budget file's unit; leave out --unit")
    if output.bom:
        raise UsageError(f"export --format {fmt} writes plain UTF-8; leave out --bom")
    from ..output.files import write_all

    budget = source.load()
    inputs = {budget.source_identity: budget.source_name} if budget.source_identity else {}
    if fmt == ExportFormat.sqlite:
        from ..output.sqlite import sqlite_file

        write_all(out.parent, [(out.name, sqlite_file(budget))], inputs)
        message(f"wrote {out}")
    elif fmt == ExportFormat.xlsx:
        from ..loading.load import remember_lines
        from ..output.xlsx import xlsx_file
        from ..reports.check.reconcile import check

        findings = check(budget)
        remember_lines(budget)  # check's findings' lines
        write_all(out.parent, [(out.name, xlsx_file(budget, findings, "en" if output.lang == "en" else "ko"))], inputs)
        message(f"wrote {out}")
    else:
        from ..output.datapackage import datapackage_files

        targets = write_all(out, datapackage_files(budget), inputs)
        message(f"wrote {len(targets)} files to {out}: {', '.join(t.name for t in targets)}")


def _one_file(report: ExportReport, output: Output) -> tuple[str, bytes]:
    from ..formats import render

    suffix = {"json": "json", "markdown": "md", "table": "txt"}[output.format]
    return f"export.{suffix}", render(report, output.format, lang=output.lang).encode()


def _csv_files(report: ExportReport, output: Output) -> list[tuple[str, bytes]]:
    from ..formats.csv import csv_tables, format_table

    return [(f"{table.name}.csv", format_table(table, output.bom).encode()) for table in csv_tables(report)]
