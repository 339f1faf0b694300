"""`mdbudget trend`: several years' budgets side by side."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import BudgetError, UsageError
from .options import Output, Reverse, emit, sort_option
from .queries import Of  # the same three measures as shares --of
from .shared import BudgetFile, shared

if TYPE_CHECKING:
    from ..budget.records import Budget


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Checks")(trend)


@shared(file=None, unit=True)
def trend(
    files: Annotated[
        list[str],
        typer.Argument(
            help="Budget files, one per fiscal year, in any order; '-' is standard input.", metavar="FILE..."
        ),
    ],
    of: Annotated[
        Of,
        typer.Option(
            "--of", help="What to follow: allocation (the year's), total (multi-year) or projects.", metavar="MEASURE"
        ),
    ] = Of.allocation,
    sort: Annotated[
        str,
        sort_option(
            "file (as in the latest file, the default), growth (the CAGR) or cagr, change, "
            "a year's figure (2025 or y2025; latest, earliest), growth_2024_2025, first_year, last_year, "
            "status, id, name, name_en",
        ),
    ] = "file",
    reverse: Reverse = False,
    *,
    source: BudgetFile,
    output: Output,
) -> object:
    """Line up several years' budgets: each field's figure per year, its change, growth and CAGR.

    Files are ordered by program.fiscal_year; two files of the same year are
    refused (exit 2). Amounts are converted exactly to --unit, else to the
    earliest file's unit. Fields are followed by id, then by a shared name or
    alias; a field that appears, disappears or is renamed says so. CSV has
    one row per field and year, with a unit column.

    Examples:

      mdbudget trend budget-2024.toml budget-2025.toml budget-2026.toml

      mdbudget trend budget-20*.toml --sort growth          # which field grew most?

      mdbudget trend budget-20*.toml --sort 2026            # the largest in 2026 first

      mdbudget trend budget-20*.toml --of projects --format csv
    """
    from ..loading.read import STDIN
    from ..reports.trend import trend as line_up

    if sum(f == STDIN for f in files) > 1:
        raise UsageError("only one FILE can be '-' (standard input)")
    if len(files) < 2:
        raise UsageError("trend needs two budget files or more, one per year")
    budgets: list[tuple[str, Budget]] = []
    problems = []
    for i, path in enumerate(files, 1):
        try:
            loaded = source.load_path(path, named_by=f"FILE {i}")
            budgets.append((loaded.source_name, loaded))  # standard input is <stdin>, as in diff
        except BudgetError as exc:
            problems.extend(exc.problems)  # every file's problems, not just the first file's
    if problems:
        raise BudgetError(problems)
    report = line_up(budgets, of=of.value, unit=output.unit, sort=sort, reverse=reverse)
    emit(report.long() if output.format == "csv" else report, output)
    return report
