"""`mdbudget check`: prove the budget's numbers reconcile."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Annotated, Any

import typer

from ..errors import UsageError
from .options import CheckFormat, Output, Reverse, emit, format_option, sort_option, step_summary
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
    files: Annotated[
        list[str] | None,
        typer.Argument(
            help="Budget files to check, each in turn (as pre-commit passes them); the exit code is the worst. "
            "The same as --file for one; give one or the other.",
            show_default=False,
            metavar="FILE...",
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    packaged: Annotated[
        bool,
        typer.Option(
            "--packaged",
            help="Check the copy of budget.toml installed with mdbudget.",
        ),
    ] = False,
    accept: Annotated[
        list[str] | None,
        typer.Option(
            "--accept",
            help="Accept warnings: CODE, or CODE:PATH with the path check prints; listed as accepted, they do not "
            "fail --strict. Repeatable; added to the budget's check.accept.",
            metavar="CODE",
            show_default=False,
        ),
    ] = None,
    sort: Annotated[
        str | None,
        sort_option(
            "line, difference (diff), stated, computed, status (severity), code, path (key)",
            " status sorts by severity: errors, warnings, accepted, passes.",
        ),
    ] = None,
    reverse: Reverse = False,
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
      mdbudget check --strict --accept project.duration
      mdbudget check */budget.toml    # each file in turn
      mdbudget check --sort difference --reverse   # the largest shortfall first
    """
    from ..errors import BudgetError

    if files and source.file is not None:
        raise UsageError("FILE and --file each name a budget file; give one of them")
    if packaged and (source.file is not None or files):
        named = "--file" if source.file is not None else "FILE"
        raise UsageError(f"--packaged and {named} each name a budget file; give one of them")
    checked = functools.partial(_check, output=output, strict=strict, accept=accept or (), sort=(sort, reverse))
    if not files or len(files) == 1:
        one = source._replace(file=files[0], named_by="FILE") if files else source
        return checked(one, packaged=packaged)
    # Several files: each is checked and answered; an invalid one is told after the others (exit 2, the worst).
    reports, invalid = [], []
    for file in files:
        try:
            reports.append(checked(source._replace(file=file, named_by="FILE")))
        except BudgetError as exc:
            invalid.append(exc)
    if invalid:
        raise BudgetError([p for exc in invalid for p in exc.problems], sum(exc.omitted for exc in invalid))
    return next((report for report in reports if not report.ok), reports[-1])


def _check(
    source: BudgetFile,
    output: Output,
    *,
    strict: bool,
    accept: Sequence[str],
    sort: tuple[str | None, bool],
    packaged: bool = False,
) -> Any:
    from ..loading.load import remember_lines
    from ..reports.check.reconcile import check as reconcile

    budget = source.load(packaged=packaged, fallback=False)
    report = reconcile(budget, strict=strict, accept=accept, sort=sort[0], reverse=sort[1])
    remember_lines(budget)  # the findings' lines, so the next check need not search the text
    emit(report, output)
    if output.format == "github":
        step_summary(report, output.lang)
    return report  # not ok: exit 1
