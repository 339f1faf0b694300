"""`mdbudget check`: prove the budget's numbers reconcile."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import UsageError
from .options import CheckFormat, Output, emit, format_option, step_summary
from .shared import BudgetFile, Formats, shared


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Checks")(check)


# check's own --file help: unlike the queries, it never falls back to the packaged copy.
FILE_HELP = (
    "Budget file to read; '-' reads standard input. Default: $MDBUDGET_FILE, then ./budget.toml; "
    "with neither, check exits 2 (--packaged checks the copy installed with mdbudget)."
)
FORMATS = Formats(
    CheckFormat,
    format_option("Output format: table, json, csv, markdown (md), or github (annotations for GitHub Actions)."),
    CheckFormat.table,
)


@shared(file=FILE_HELP, formats=FORMATS)
def check(
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    packaged: Annotated[
        bool,
        typer.Option(
            "--packaged",
            help="Check the copy of budget.toml installed with mdbudget.",
        ),
    ] = False,
    *,
    source: BudgetFile,
    output: Output,
) -> object:
    """Reconcile every figure in the budget: sums, claims, samples, durations.

    Lists every finding with the budget.toml line it concerns.

    Exit 0 when the budget reconciles, 1 when it does not (--strict: warnings count too), 2 when the file is invalid
    or there is none to check (unlike the queries, check never falls back to the packaged copy by itself).

    Examples:

      mdbudget check
      mdbudget check --strict --file budget-2026.toml
      mdbudget check --format github    # in GitHub Actions
      mdbudget check --json | jq .error_count
      mdbudget check --packaged         # the copy installed with mdbudget
    """
    from ..loading.load import remember_lines
    from ..reports.check.reconcile import check as reconcile

    if packaged and source.file is not None:
        raise UsageError("--packaged and --file each name a budget file; give one of them")
    budget = source.load(packaged=packaged, fallback=False)
    report = reconcile(budget, strict=strict)
    remember_lines(budget)  # the findings' lines, so the next check need not search the text
    emit(report, output)
    if output.format == "github":
        step_summary(report, output.lang)
    return report  # not ok: exit 1
