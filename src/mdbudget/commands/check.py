"""`mdbudget check`: prove the budget's numbers reconcile."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import ExitStatus, UsageError
from .options import (
    BomOption,
    CheckFormat,
    CheckFormatOption,
    JsonOption,
    Lang,
    LangOption,
    NoCacheOption,
    Output,
    VerboseOption,
    emit,
    load_budget,
    step_summary,
)


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Checks")(check)


# check's own --file help: unlike the queries, it never falls back to the packaged copy.
CheckFileOption = Annotated[
    str | None,
    typer.Option(
        "--file",
        "-f",
        help="Budget file to read; '-' reads standard input. Default: $MDBUDGET_FILE, then ./budget.toml; "
        "with neither, check exits 2 (--packaged checks the copy installed with mdbudget).",
        show_default=False,
        metavar="PATH",
    ),
]


def check(
    file: CheckFileOption = None,
    fmt: CheckFormatOption = CheckFormat.table,
    json: JsonOption = False,
    lang: LangOption = Lang.ko,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    packaged: Annotated[
        bool,
        typer.Option(
            "--packaged",
            help="Check the copy of budget.toml installed with mdbudget.",
        ),
    ] = False,
    bom: BomOption = False,
    verbose: VerboseOption = False,
    no_cache: NoCacheOption = False,
) -> None:
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

    if packaged and file is not None:
        raise UsageError("--packaged and --file each name a budget file; give one of them")
    budget = load_budget(file, verbose, no_cache, packaged=packaged, fallback=False)
    report = reconcile(budget, strict=strict)
    remember_lines(budget)  # the findings' lines, so the next check need not search the text
    output = Output.of(fmt, json, lang, bom)
    emit(report, output)
    if output.format.value == "github":
        step_summary(report, output.lang.value)
    if not report.ok:
        raise typer.Exit(ExitStatus.FAILED)
