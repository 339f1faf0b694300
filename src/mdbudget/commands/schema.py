"""`mdbudget schema [OUTPUT]`: the JSON Schema of budget.toml, or of a command's JSON output."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated

import typer

from ..reports.registry import SCHEMA_NAMES
from .options import write_output

if TYPE_CHECKING:
    SchemaOf = str
else:  # the commands whose JSON has a published shape, and the problems document (registry.py), as choices
    SchemaOf = enum.Enum("SchemaOf", {name: name for name in SCHEMA_NAMES}, type=str)


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Data")(schema)


def schema(
    output: Annotated[
        SchemaOf | None,
        typer.Argument(
            help=(
                "A command whose --format json output to describe; problems: the answer of every command "
                "for a budget file that cannot be used (exit 2); none: the budget file."
            ),
            show_default=False,
            metavar="OUTPUT",
        ),
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="Changes nothing: the schema is JSON already.")] = False,
) -> None:
    """Print a JSON Schema (2020-12): of budget.toml, or of a command's JSON output.

    Generated from the same definitions mdbudget validates and writes with.
    The repository keeps copies: budget.schema.json (line 1 of budget.toml
    points editors at it) and schemas/OUTPUT.schema.json. A command's schema
    also admits its answer for a budget file that cannot be used (exit 2),
    which `mdbudget schema problems` describes alone. The schema is JSON
    already, so --json changes nothing.

    Examples:

      mdbudget schema > budget.schema.json

      mdbudget schema check | jq '.properties | keys'

      mdbudget schema ratios > ratios.schema.json
    """
    from ..reports.schema import schema_text

    write_output(schema_text(output.value if output else None))  # type: ignore[attr-defined]
