"""`mdbudget export`: every answer in one document, for scripts that need many."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from .options import (  # fmt: skip
    BomOption,
    FileOption,
    Format,
    JsonOption,
    Lang,
    LangOption,
    NoCacheOption,
    Output,
    UnitOption,
    VerboseOption,
    emit,
    load_budget,
    message,
    remember_format,
)


class ExportFormat(str, enum.Enum):
    """The shared formats, and two that only export writes: a database file and a data package."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    sqlite = "sqlite"
    datapackage = "datapackage"
    xlsx = "xlsx"  # an Excel workbook (issue 25)
    md = "markdown"  # an alias (options.Format): accepted, not listed


ExportFormatOption = Annotated[
    ExportFormat,
    typer.Option(
        "--format",
        help="Output format: json, csv, markdown, table; sqlite (a database file), xlsx (an Excel workbook) "
        "or datapackage (a Frictionless data package), which need --out.",
        case_sensitive=False,
        metavar="FORMAT",
        callback=remember_format,
    ),
]
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


def export(
    file: FileOption = None,
    fmt: ExportFormatOption = ExportFormat.json,
    json: JsonOption = False,
    lang: LangOption = Lang.ko,
    unit: UnitOption = None,
    bom: BomOption = False,
    out: OutOption = None,
    verbose: VerboseOption = False,
    no_cache: NoCacheOption = False,
) -> None:
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
    if json:
        fmt = ExportFormat.json
    if fmt in (ExportFormat.sqlite, ExportFormat.datapackage, ExportFormat.xlsx):
        _write_tables(fmt, file, out, verbose, unit, bom, no_cache, lang)
        return
    from ..reports.export import export as build

    budget = load_budget(file, verbose, no_cache)
    report = build(budget, unit)
    from ..loading.load import remember_lines

    remember_lines(budget)  # check's findings' lines
    output = Output.of(Format(fmt.value), False, lang, bom)
    if output.format is Format.csv and out is None:
        raise UsageError("export --format csv writes one file per table: give a folder with --out DIR")
    if out is None:
        emit(report, output)
        return
    from ..output.files import write_all

    inputs = {budget.source_identity: budget.source_name} if budget.source_identity else {}
    files = _csv_files(report, output) if output.format is Format.csv else [_one_file(report, output)]
    targets = write_all(out, files, inputs)
    if output.format is Format.csv:
        message(f"wrote {len(targets)} files to {out}: {', '.join(t.name for t in targets)}")
    else:
        message(f"wrote {targets[0]}")


def _write_tables(
    fmt: ExportFormat,
    file: str | None,
    out: Path | None,
    verbose: bool,
    unit: str | None,
    bom: bool,
    no_cache: bool = False,
    lang: Lang = Lang.ko,
) -> None:
    """The relational tables (the ones `mdbudget sql` queries) as a database file or a data package."""
    if out is None:
        what = {
            ExportFormat.sqlite: "a database file: give its name with --out FILE.db",
            ExportFormat.xlsx: "a workbook: give its name with --out FILE.xlsx",
        }.get(fmt, "a folder: give it with --out DIR")
        raise UsageError(f"export --format {fmt.value} writes {what}")
    if str(out) == "-":
        raise UsageError(f"export --format {fmt.value} writes files, not standard output: give --out a path")
    # Other tools read these: the amounts stay whole numbers in the file's unit, the CSV plain UTF-8.
    if unit is not None:
        raise UsageError(f"export --format {fmt.value} keeps the budget file's unit; leave out --unit")
    if bom:
        raise UsageError(f"export --format {fmt.value} writes plain UTF-8; leave out --bom")
    from ..output.files import write_all

    budget = load_budget(file, verbose, no_cache)
    inputs = {budget.source_identity: budget.source_name} if budget.source_identity else {}
    if fmt is ExportFormat.sqlite:
        from ..output.sqlite import sqlite_file

        write_all(out.parent, [(out.name, sqlite_file(budget))], inputs)
        message(f"wrote {out}")
    elif fmt is ExportFormat.xlsx:  # issue 25
        from ..loading.load import remember_lines
        from ..output.xlsx import xlsx_file
        from ..reports.check.reconcile import check

        findings = check(budget)
        remember_lines(budget)  # check's findings' lines
        write_all(out.parent, [(out.name, xlsx_file(budget, findings, lang.value))], inputs)
        message(f"wrote {out}")
    else:
        from ..output.datapackage import datapackage_files

        targets = write_all(out, datapackage_files(budget), inputs)
        message(f"wrote {len(targets)} files to {out}: {', '.join(t.name for t in targets)}")


def _one_file(report: object, output: Output) -> tuple[str, bytes]:
    from ..formats import render

    suffix = {"json": "json", "markdown": "md", "table": "txt"}[output.format.value]
    return f"export.{suffix}", render(report, output.format.value, lang=output.lang.value).encode()


def _csv_files(report: object, output: Output) -> list[tuple[str, bytes]]:
    from ..formats.csv import csv_tables, format_table
    from ..reports.export import ExportReport

    assert isinstance(report, ExportReport)
    return [(f"{table.name}.csv", format_table(table, output.bom).encode()) for table in csv_tables(report)]
