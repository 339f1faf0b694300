"""`mdbudget schema`: the JSON Schema of budget.toml, for editors and other tools."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Data")(schema)


def schema() -> None:
    """Print the JSON Schema of budget.toml (JSON Schema 2020-12).

    Generated from the same model mdbudget validates with.

    The repository keeps a copy in budget.schema.json, and line 1 of budget.toml points editors at it.

    Examples:

      mdbudget schema > budget.schema.json
      mdbudget schema | jq '.required'
    """
    from ..output import write_data
    from ..schema import schema_text

    write_data(schema_text())
