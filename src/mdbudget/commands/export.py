"""`mdbudget export`: every answer in one document, for scripts that need many."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from ..options import (
    BomOption,
    FileOption,
    Format,
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


class ExportFormat(str, enum.Enum):
    """The shared formats, and two that only export writes: a database file and a data package."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    sqlite = "sqlite"
    datapackage = "datapackage"
    md = "markdown"  # an alias (options.Format): accepted, not listed


ExportFormatOption = Annotated[
    ExportFormat,
    typer.Option(
        "--format",
        help="Output format: json, csv, markdown, table; sqlite (a database file) or datapackage "
        "(a Frictionless data package), which need --out.",
        case_sensitive=False,
        metavar="FORMAT",
    ),
]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        help="Where to write: a folder for csv (one file per table), datapackage, or export.json / export.md; "
        "the database file for sqlite.",
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
    if fmt in (ExportFormat.sqlite, ExportFormat.datapackage):
        _write_tables(fmt, file, out, verbose, unit, bom)
        return
    from ..export import export as build

    budget = load_budget(file, verbose)
    report = build(budget, unit)
    output = Output.of(Format(fmt.value), False, lang, bom)
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


def _write_tables(
    fmt: ExportFormat, file: str | None, out: Path | None, verbose: bool, unit: str | None, bom: bool
) -> None:
    """The relational tables (the ones `mdbudget sql` queries) as a database file or a data package."""
    if out is None:
        sqlite = fmt is ExportFormat.sqlite
        what = "a database file: give its name with --out FILE.db" if sqlite else "a folder: give it with --out DIR"
        raise UsageError(f"export --format {fmt.value} writes {what}")
    # Other tools read these: the amounts stay whole numbers in the file's unit, the CSV plain UTF-8.
    if unit is not None:
        raise UsageError(f"export --format {fmt.value} keeps the budget file's unit; leave out --unit")
    if bom:
        raise UsageError(f"export --format {fmt.value} writes plain UTF-8; leave out --bom")
    from ..exporters.files import input_identity

    budget = load_budget(file, verbose)
    protect = input_identity(file)
    if fmt is ExportFormat.sqlite:
        from ..exporters.sqlite import write_sqlite

        write_sqlite(budget, out, protect)
        message(f"wrote {out}")
    else:
        from ..exporters.datapackage import write_datapackage

        written = write_datapackage(budget, out, protect)
        message(f"wrote {len(written)} files to {out}: {', '.join(written)}")


def _write_csv(report: object, out: Path, output: Output, budget_path: str | None) -> None:
    from ..export import ExportReport
    from ..formats.csv import format_table

    assert isinstance(report, ExportReport)
    written = []
    for name, table in report.named_tables(output.lang.value):
        target = _target(out, f"{name}.csv", budget_path)
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
