"""`mdbudget diff`: what moved between two budget files."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import BudgetError, UsageError
from .options import Output, Reverse, emit, sort_option, top_option
from .shared import BudgetFile, shared

if TYPE_CHECKING:
    from ..budget.records import Budget


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Checks")(diff)


@shared(file=None, table="diff")
def diff(
    old: Annotated[str, typer.Argument(help="The earlier budget file; '-' reads standard input.", metavar="OLD")],
    new: Annotated[str, typer.Argument(help="The later budget file; '-' reads standard input.", metavar="NEW")],
    all: Annotated[bool, typer.Option("--all", help="Show unchanged fields, projects and totals too.")] = False,
    sort: Annotated[
        str,
        sort_option(
            "file (as in the files, the default), change (the largest change either way), status, id, name, "
            "name_en, and projects_, total_ or allocation_ with old, new, change or change_ratio (allocation_change; "
            "old, new, growth: allocation's)",
        ),
    ] = "file",
    reverse: Reverse = False,
    top: Annotated[
        int | None, top_option("List the first N fields and sample projects (after --sort); totals stay whole.")
    ] = None,
    *,
    source: BudgetFile,
    output: Output,
) -> object:
    """Compare two budget files: what moved in each field, the totals and the claims.

    Fields and sample projects are matched by id (a renamed field is a change,
    not a removal plus an addition); NEW's amounts are converted exactly to
    OLD's unit. Comments and key order do not count. Exit 0 when the two are
    the same in substance, 1 when they differ, 2 when a file is invalid.

    Examples:

      mdbudget diff budget-2025-05.toml budget-2025-06.toml

      mdbudget diff budget-2025-05.toml budget-2025-06.toml --sort change --all

      mdbudget diff old.toml new.toml --sort growth --top 3   # fastest growth

      git show HEAD~1:budget.toml | mdbudget diff - budget.toml   # - is stdin
    """
    from ..loading.read import STDIN
    from ..reports.diff import diff as compare

    if old == STDIN and new == STDIN:
        raise UsageError("only one of OLD and NEW can be '-' (standard input)")
    budgets: list[Budget] = []
    problems = []
    for path, named_by in ((old, "OLD"), (new, "NEW")):
        try:
            # Two copies of the same bytes (a file against its backup) are read from the cache once.
            budgets.append(source.load_path(path, shared=budgets[0] if budgets else None, named_by=named_by))
        except BudgetError as exc:
            problems.extend(exc.problems)  # report both files' problems, not just the first file's
    if problems:
        raise BudgetError(problems)
    report = compare(budgets[0], budgets[1], show_all=all, sort=sort, reverse=reverse, top=top)
    return emit(report, output)  # not the same: exit 1
