"""`mdbudget check`: prove the budget's numbers reconcile."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import ExitStatus
from ..options import (
    BomOption,
    CheckFormat,
    CheckFormatOption,
    FileOption,
    JsonOption,
    Lang,
    LangOption,
    NoCacheOption,
    Output,
    VerboseOption,
    emit,
    load_budget,
)


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Checks")(check)


def check(
    file: FileOption = None,
    fmt: CheckFormatOption = CheckFormat.table,
    json: JsonOption = False,
    lang: LangOption = Lang.ko,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    bom: BomOption = False,
    verbose: VerboseOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Reconcile every figure in the budget: sums, claims, samples, durations.

    Lists every finding with the budget.toml line it concerns.

    Exit 0 when the budget reconciles, 1 when it does not (--strict: warnings count too), 2 when the file is invalid.

    Examples:

      mdbudget check
      mdbudget check --strict --file budget-2026.toml
      mdbudget check --format github    # in GitHub Actions
      mdbudget check --json | jq .error_count
    """
    from ..load import remember_lines
    from ..reconcile import check as reconcile

    budget = load_budget(file, verbose, no_cache)
    report = reconcile(budget, strict=strict)
    remember_lines(budget)  # the findings' lines, so the next check need not search the text
    emit(report, Output.of(fmt, json, lang, bom))
    if not report.ok:
        raise typer.Exit(ExitStatus.FAILED)
