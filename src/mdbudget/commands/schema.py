"""`mdbudget schema [OUTPUT]`: the JSON Schema of budget.toml, or of a command's JSON output."""

from __future__ import annotations

import enum
from typing import Annotated

import typer

from .options import JsonOption, write_output


class SchemaOf(str, enum.Enum):
    total = "total"
    fields = "fields"
    shares = "shares"
    ratios = "ratios"
    project = "project"
    check = "check"
    diff = "diff"
    export = "export"
    trend = "trend"


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Data")(schema)


def schema(
    output: Annotated[
        SchemaOf | None,
        typer.Argument(
            help="A command whose --format json output to describe; none: the budget file.",
            show_default=False,
            metavar="OUTPUT",
        ),
    ] = None,
    json: JsonOption = False,
) -> None:
    """Print a JSON Schema (2020-12): of budget.toml, or of a command's JSON output.

    Generated from the same definitions mdbudget validates and writes with.
    The repository keeps copies: budget.schema.json (line 1 of budget.toml
    points editors at it) and schemas/OUTPUT.schema.json. The schema is JSON
    already, so --json changes nothing.

    Examples:

      mdbudget schema > budget.schema.json

      mdbudget schema check | jq '.properties | keys'

      mdbudget schema ratios > ratios.schema.json
    """
    from ..reports.schema import schema_text

    write_output(schema_text(output.value if output else None))
