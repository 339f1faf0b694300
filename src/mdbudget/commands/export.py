"""`mdbudget export`: every answer in one document, for scripts that need many."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from ..options import (
    BomOption,
    FileOption,
    Format,
    FormatOption,
    JsonOption,
    Lang,
    LangOption,
    Output,
    UnitOption,
    VerboseOption,
    emit,
    load_budget,
    message,
)  # fmt: skip

OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        help="Folder to write into: one CSV file per table (required with --format csv), or export.json / export.md.",
        file_okay=False,
        show_default=False,
        metavar="DIR",
    ),
]


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Data")(export)


def export(
    file: FileOption = None,
    fmt: FormatOption = Format.json,
    json: JsonOption = False,
    lang: LangOption = Lang.ko,
    unit: UnitOption = None,
    bom: BomOption = False,
    out: OutOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Everything in one document: total, fields, shares, ratios, projects, check.

    Each section has the shape of its own command's JSON, so a script pays
    one start-up for all the answers. Exit 0 even when check finds errors:
    the findings are in the "check" section (.check.ok).

    Examples:

      mdbudget export > budget.json

      mdbudget export | jq '.shares.rows[0]'

      mdbudget export --format csv --out tables/
    """
    from ..export import export as build

    budget = load_budget(file, verbose)
    report = build(budget, unit)
    output = Output.of(fmt, json, lang, bom)
    if output.format is Format.csv and out is None:
        raise UsageError("export --format csv writes one file per table: give a folder with --out DIR")
    if out is None:
        emit(report, output)
        return
    from ..files import write_all

    inputs = {budget.source_identity: budget.source_name} if budget.source_identity else {}
    files = _csv_files(report, output) if output.format is Format.csv else [_one_file(report, output)]
    targets = write_all(out, files, inputs)
    if output.format is Format.csv:
        message(f"wrote {len(targets)} files to {out}: {', '.join(t.name for t in targets)}")
    else:
        message(f"wrote {targets[0]}")


def _one_file(report: object, output: Output) -> tuple[str, bytes]:
    from ..formats import render

    suffix = {"json": "json", "markdown": "md", "table": "txt"}[output.format.value]
    return f"export.{suffix}", render(report, output.format.value, lang=output.lang.value).encode()


def _csv_files(report: object, output: Output) -> list[tuple[str, bytes]]:
    from ..export import ExportReport
    from ..formats.csv import format_table

    assert isinstance(report, ExportReport)
    return [
        (f"{name}.csv", format_table(table, output.bom).encode())
        for name, table in report.named_tables(output.lang.value)
    ]
