"""`mdbudget sql`: one read-only SQL query over the budget's tables."""

from __future__ import annotations

import math
from typing import Annotated

import typer

from ..errors import UsageError
from .options import Output, emit, refuse_csv_options, write_output
from .shared import BudgetFile, shared

DEFAULT_TIMEOUT = 5.0  # the same as reports.sql.DEFAULT_TIMEOUT, which is not imported at start-up


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Queries")(sql)


def _timeout(value: float) -> float:
    if not math.isfinite(value) or value <= 0:
        raise typer.BadParameter(f"must be a number of seconds above 0 (got {value})")
    return value


@shared(lang=False)
def sql(
    query: Annotated[
        str | None,
        typer.Argument(help="One SQL query (SELECT, WITH or VALUES).", show_default=False, metavar="QUERY"),
    ] = None,
    schema: Annotated[
        bool, typer.Option("--schema", help="Print the tables' CREATE TABLE statements instead of running a query.")
    ] = False,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout", help="Stop a query that runs longer than this (exit 2).", callback=_timeout, metavar="SECONDS"
        ),
    ] = DEFAULT_TIMEOUT,
    *,
    source: BudgetFile,
    output: Output,
) -> object:
    """Ask your own question: one read-only SQL query over the budget's tables.

    Tables: fields, project_types, projects, participants, totals, claims;
    amounts are whole numbers in the budget file's unit (totals.unit). The
    query may only read: writes, ATTACH, load_extension and PRAGMAs that change
    anything are refused (exit 2). SQLite divides whole numbers as whole
    numbers (SELECT 7/2 gives 3); ratio(a, b, places) divides exactly and
    rounds half up, as the rest of mdbudget does (places: 2 when left out).

    Examples:

      mdbudget sql --schema

      mdbudget sql "SELECT sum(allocation) FROM fields"

      mdbudget sql "SELECT name FROM fields ORDER BY allocation DESC LIMIT 3"

      mdbudget sql "SELECT name, ratio(allocation, projects, 2) FROM fields"

      mdbudget sql --json "SELECT id, lead FROM projects" | jq ".[0]"
    """
    if schema:
        if query is not None:
            raise UsageError("give a query or --schema, not both")
        refuse_csv_options(output)  # the statements are written without emit()
        if output.format != "table":
            # The statements are SQL text, not data; a script that wants the columns as data asks SQLite.
            raise UsageError(
                f"--schema prints CREATE TABLE statements as text, not {output.format}; for a table's columns "
                f"as {output.format}: mdbudget sql --format {output.format} "
                "\"SELECT name, type FROM pragma_table_info('fields')\""
            )
        from ..reports.relational import schema_text

        write_output(schema_text())
        return None
    if query is None:
        raise UsageError('give a query, e.g. mdbudget sql "SELECT * FROM fields" (see --schema for the tables)')
    from ..reports.sql import sql as report

    return emit(report(source.load(), query, timeout), output)
