"""`mdbudget schema` and budget.schema.json: generated from the model, and what editors validate with."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import tomli
from jsonschema import Draft202012Validator

from conftest import ROOT, SHIPPED, edit

COMMITTED = ROOT / "budget.schema.json"


def as_json(value: Any) -> Any:
    """TOML values as an editor's schema validator sees them: numbers, and dates as ISO strings."""
    if isinstance(value, dict):
        return {key: as_json(v) for key, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    return value


def problems(text: str) -> list[tuple[str, str]]:
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    document = as_json(tomli.loads(text, parse_float=Decimal))
    return sorted((e.json_path, e.message) for e in validator.iter_errors(document))


def test_schema_command_prints_the_committed_copy(run) -> None:
    result = run("schema")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == COMMITTED.read_text(encoding="utf-8"), "budget.schema.json is stale: mdbudget schema > it"


def test_schema_is_a_valid_2020_12_schema_with_a_title() -> None:
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "mdbudget budget file (budget.toml)"
    assert schema["required"] == ["program", "totals", "fields"]


def test_every_table_refuses_unknown_keys() -> None:
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    tables = [schema, *schema["$defs"].values()]
    assert all(t["additionalProperties"] is False for t in tables)
    assert len(tables) == 14


def test_dates_are_strings_with_the_date_format() -> None:
    program = json.loads(COMMITTED.read_text(encoding="utf-8"))["$defs"]["Program"]["properties"]
    assert program["release_date"] == {"format": "date", "title": "Release Date", "type": "string"}


def test_budget_toml_names_the_schema_on_line_1() -> None:
    assert SHIPPED.splitlines()[0] == "#:schema ./budget.schema.json"


def test_shipped_budget_is_valid_against_the_schema() -> None:
    assert problems(SHIPPED) == []


def test_broken_budget_fails_against_the_schema() -> None:
    text = edit(SHIPPED, "allocation = 39\n", "alocation = 39\n")
    text = edit(text, "total = 1516", "total = -1516")
    text = edit(text, 'unit = "억원"', 'unit = "달러"')
    text = edit(text, "release_date = 2025-05-28 ", 'release_date = "May 28" ')
    assert problems(text) == [
        ("$.fields[0].total", "-1516 is less than the minimum of 0"),
        ("$.fields[2]", "'allocation' is a required property"),
        ("$.fields[2]", "Additional properties are not allowed ('alocation' was unexpected)"),
        ("$.program.release_date", "'May 28' is not a 'date'"),
        ("$.program.unit", "'달러' is not one of ['억원', '조원', '백만원', '원']"),
    ]
