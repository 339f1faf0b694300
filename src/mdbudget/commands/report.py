"""`mdbudget report`: the budget as one self-contained HTML page, for people who would rather look."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .options import Output, message, write_output
from .shared import BudgetFile, shared

OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        help="The HTML file to write ('-': standard output, as without --out). Never the budget file; "
        "written whole or not at all.",
        show_default=False,
        metavar="FILE",
    ),
]


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Data")(report)


@shared(unit=True, formats=None, bom=False)
def report(out: OutOption = None, *, source: BudgetFile, output: Output) -> None:
    """The budget as one HTML page: headline figures, charts, projects, check, sources.

    Self-contained (no script, no request: it opens from a file with no
    network), light or dark as the reader's system is, printable on A4. The
    same budget gives the same bytes, so a report can be kept in git.

    Examples:

      mdbudget report --out report.html

      mdbudget report --lang en > report-en.html
    """
    from ..formats import render
    from ..loading.load import remember_lines
    from ..reports.export import export as build

    budget = source.load()
    page = render(build(budget, output.unit), "html", lang=output.lang)
    remember_lines(budget)  # check's findings' lines
    if out is None or str(out) == "-":
        write_output(page)
        return
    from ..output.files import write_all

    inputs = {budget.source_identity: budget.source_name} if budget.source_identity else {}
    write_all(out.parent, [(out.name, page.encode())], inputs)
    message(f"wrote {out} ({len(page.encode()):,} bytes)")
