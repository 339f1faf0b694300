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
    if output.format is Format.csv:
        if out is None:
            raise UsageError("export --format csv writes one file per table: give a folder with --out DIR")
        _write_csv(report, out, output, budget_path=file)
    elif out is not None:
        from ..formats import render

        suffix = {"json": "json", "markdown": "md", "table": "txt"}[output.format.value]
        target = _target(out, f"export.{suffix}", file)
        target.write_text(render(report, output.format.value, lang=lang.value), encoding="utf-8")
        message(f"wrote {target}")
    else:
        emit(report, output)


def _write_csv(report: object, out: Path, output: Output, budget_path: str | None) -> None:
    from ..export import ExportReport
    from ..formats.csv import csv_tables, format_table

    assert isinstance(report, ExportReport)
    written = []
    for table in csv_tables(report):
        target = _target(out, f"{table.name}.csv", budget_path)
        target.write_text(format_table(table, output.bom), encoding="utf-8")
        written.append(target.name)
    message(f"wrote {len(written)} files to {out}: {', '.join(written)}")


def _target(folder: Path, name: str, budget_path: str | None) -> Path:
    """A file in ``folder``, never the budget file itself."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create {folder}: {exc.strerror or exc}") from None
    target = folder / name
    if budget_path not in (None, "-") and target.resolve() == Path(budget_path).resolve():
        raise UsageError(f"refusing to overwrite the budget file {budget_path}")
    return target
