"""`mdbudget import` and `mdbudget init`: a budget.toml from a release's table, or a skeleton to fill in."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Annotated, NamedTuple

import typer

from ..errors import UsageError
from .options import message, write_output
from .params import at_least


class Imported(NamedTuple):
    """What `import` ended with: ``ok`` False (exit 1) when the table did not reconcile and nothing was written."""

    ok: bool


def register(app: typer.Typer) -> None:
    app.command("import", rich_help_panel="Data")(import_table)
    app.command(rich_help_panel="Data")(init)


OutOption = Annotated[
    str | None,
    typer.Option("--out", "-o", help="Write the budget to this file instead of standard output.", metavar="FILE"),
]


def import_table(
    table: Annotated[
        str, typer.Argument(help="The table: text copied from HWP or PDF, a .csv, or an .xlsx; '-' is stdin.")
    ],
    into: Annotated[
        str | None,
        typer.Option("--into", help="A budget to update: its ids, names and other tables are kept.", metavar="PATH"),
    ] = None,
    out: OutOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Write even if the table does not add up, or over an existing --out file.")
    ] = False,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            "-u",
            help="The table's unit, when the header does not say: 억원, 조원, 백만원, 천원 or 원.",
            show_default=False,
            metavar="UNIT",
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            help="The fiscal year, when the header does not say ('25년).",
            callback=at_least(1900),
            metavar="YEAR",
        ),
    ] = None,
) -> Imported:
    """Draft a budget.toml from a release's allocation table, checking its figures as they come in.

    The header row names the columns and the unit (총 투자규모(억원)) and the
    year ('25년 투자규모); the 총합 row is checked against the rows' sum; lines
    starting with ※ are footnotes, and a field a footnote names is marked
    provisional. A cell that cannot be read exits 1 naming its line and
    column; so does a 총합 the rows do not add up to, unless --force (then
    the file is written and the mismatch reported). With --into, ids,
    English names and aliases are kept for the rows whose name matches,
    and every other table of that budget is carried over.

    Examples:

      mdbudget import table-2026.txt --into budget.toml --out budget-2026.toml

      mdbudget import 참고2.csv > budget.toml
    """
    from ..budget.units import unit_name
    from ..loading.importer import read_table
    from ..loading.load import load
    from ..reports.drafting import draft, what_changed

    try:
        unit = unit_name(unit) if unit is not None else None
    except ValueError as exc:
        raise UsageError(f"--unit: {exc}") from None
    imported, identity = read_table(table, unit, year)
    existing = load(into, cache=False, fallback=False) if into is not None else None
    for problem in imported.errors:
        message(str(problem))
    for problem in imported.mismatches:
        message(str(problem))
    if imported.errors or (imported.mismatches and not force):
        fix = "fix the table" if imported.errors else "fix the table, or write it with --force"
        message(f"nothing written: {fix}")
        return Imported(ok=False)
    if not imported.rows:
        message(f"{imported.file}: the table has no rows")
        return Imported(ok=False)
    notes = what_changed(imported, existing) if existing is not None else []
    text = draft(imported, existing)
    inputs = {identity: imported.file} if identity else {}
    if existing is not None and existing.origin is not None:
        inputs.update(_identity(existing.source_name))
    _write(text, out, force, inputs)
    for note in notes:
        message(note)
    if imported.mismatches:
        message(f"written with {len(imported.mismatches)} mismatch(es) above (--force)")
    return Imported(ok=True)


def init(
    out: OutOption = None,
    force: Annotated[bool, typer.Option("--force", help="Write over an existing --out file.")] = False,
    year: Annotated[
        int | None,
        typer.Option("--year", help="The fiscal year. Default: this year.", callback=at_least(1900), metavar="YEAR"),
    ] = None,
) -> None:
    """Write a commented skeleton budget.toml, which `check` passes, for a new release.

    It has the program's facts, the totals, one field, one claim and one
    sample project: replace them with the release's.

    Examples:

      mdbudget init --out budget.toml && mdbudget check --file budget.toml
    """
    from ..reports.skeleton import skeleton

    _write(skeleton(year or datetime.date.today().year), out, force, {})


def _identity(name: str) -> dict[tuple[int, int], str]:
    try:
        info = Path(name).stat()
    except OSError:
        return {}
    return {(info.st_dev, info.st_ino): name}


def _write(text: str, out: str | None, force: bool, inputs: dict[tuple[int, int], str]) -> None:
    from ..output.files import write_all

    if out is None:
        write_output(text)
        return
    target = Path(out)
    if target.exists() and not target.is_dir() and not force:
        raise UsageError(f"{out} exists; give --force to write over it")
    write_all(target.parent, [(target.name, text.encode("utf-8"))], inputs)
    message(f"wrote {out}")
