"""`mdbudget schema` and budget.schema.json: generated from the model, and what editors validate with."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
import tomli
from jsonschema import Draft202012Validator

from conftest import ROOT, SHIPPED, SHIPPED_WHOLE, edit

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
    assert len(tables) == 15


def test_dates_are_toml_dates_or_quoted_days() -> None:
    # tombi reads "format: date" as a TOML date and refuses a quoted one, which mdbudget takes:
    # the second branch is a string of the same days.
    from mdbudget.loading.spellings import DATE_PATTERN

    program = json.loads(COMMITTED.read_text(encoding="utf-8"))["$defs"]["Program"]["properties"]
    assert program["release_date"] == {
        "description": "The day it was published.",  # the declaration's line (budget/records.py)
        "anyOf": [
            {"format": "date", "pattern": DATE_PATTERN, "type": "string"},
            {"pattern": DATE_PATTERN, "type": "string"},
        ],
        "title": "Release Date",
    }


def test_the_quoted_date_pattern_takes_exactly_the_days_mdbudget_takes() -> None:
    import re

    from mdbudget.budget.keys import FIRST_DATE, LAST_DATE
    from mdbudget.loading.spellings import DATE_PATTERN

    pattern = re.compile(DATE_PATTERN)
    for year in (1899, 1900, 1904, 1996, 2000, 2023, 2024, 2025, 2100, 2400, 2996, 2999, 3000):
        for month in range(14):
            for day in range(33):
                text = f"{year:04}-{month:02}-{day:02}"
                try:
                    taken = FIRST_DATE <= datetime.date.fromisoformat(text) <= LAST_DATE
                except ValueError:
                    taken = False
                assert (pattern.match(text) is not None) is taken, text
    assert pattern.match("\uff12\uff10\uff12\uff15-05-28") is None  # fullwidth digits: Python's \d takes them


def test_whole_numbers_are_integers_or_numbers_with_no_fraction() -> None:
    # tombi holds TOML's float type against "integer": 1516.0 is a number that is a multiple of 1.
    field = json.loads(COMMITTED.read_text(encoding="utf-8"))["$defs"]["BudgetField"]["properties"]
    assert field["total"]["anyOf"] == [{"type": "integer"}, {"multipleOf": 1, "type": "number"}]
    assert (field["total"]["minimum"], field["total"]["maximum"]) == (0, 2**53 - 1)


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
        ("$.program.release_date", "'May 28' is not valid under any of the given schemas"),
        ("$.program.unit", "'달러' is not one of ['억원', '조원', '백만원', '천원', '원']"),
    ]


# --- The schema and mdbudget agree on each edit a person might make ---

PACKAGE = ROOT / "src" / "mdbudget"

# (name, old text, new text, whether mdbudget and the schema accept it). Cross-key rules
# (unique ids, references, allocation ≤ total, period order, 2^53 in won) only mdbudget
# checks; the schema's description lists them. They are in CROSS_KEY below.
MUTATIONS = [
    ("amount with .0", "total = 1516", "total = 1516.0", True),
    ("amount in exponent form", "total = 1516", "total = 1.516e3", True),
    ("amount with a fraction", "total = 1516", "total = 1516.5", False),
    ("negative amount", "total = 1516", "total = -1516", False),
    ("amount as text", "total = 1516", 'total = "1516"', False),
    ("amount as a bool", "total = 1516", "total = true", False),
    ("amount nan", "total = 1516", "total = nan", False),
    ("amount inf", "total = 1516", "total = inf", False),
    ("amount over 2^53", "total = 1516", "total = 9007199254740992", False),
    ("count with .0", "projects = 445 ", "projects = 445.0 ", True),
    ("year with .0", "fiscal_year = 2025", "fiscal_year = 2025.0", True),
    ("year before 1900", "fiscal_year = 2025", "fiscal_year = 1899", False),
    ("quoted date", "release_date = 2025-05-28 ", 'release_date = "2025-05-28" ', True),
    ("quoted non-date", "release_date = 2025-05-28 ", 'release_date = "May 28" ', False),
    ("date and time", "release_date = 2025-05-28 ", "release_date = 2025-05-28T09:00:00 ", False),
    ("impossible date", "release_date = 2025-05-28 ", 'release_date = "2025-02-30" ', False),
    ("quoted leap day", "release_date = 2025-05-28 ", 'release_date = "2024-02-29" ', True),
    ("quoted day of no leap year", "release_date = 2025-05-28 ", 'release_date = "2025-02-29" ', False),
    ("quoted date before 1900", "release_date = 2025-05-28 ", 'release_date = "1899-12-31" ', False),
    ("date before 1900", "release_date = 2025-05-28 ", "release_date = 1899-12-31 ", False),
    ("quoted date with a time", "release_date = 2025-05-28 ", 'release_date = "2025-05-28T09:00" ', False),
    ("count in exponent form", "projects = 445 ", "projects = 4.45e2 ", True),
    ("count with a fraction", "projects = 445 ", "projects = 445.5 ", False),
    ("multiple inf", "multiple = 2.5", "multiple = inf", False),
    ("multiple zero", "multiple = 2.5", "multiple = 0", False),
    ("multiple as text", "multiple = 2.5", 'multiple = "2.5"', False),
    ("multiple an integer", "multiple = 2.5", "multiple = 3", True),
    ("id with a trailing newline", 'id = "ai-factory"', 'id = "ai-factory\\n"', False),
    ("id with a capital", 'id = "ai-factory"', 'id = "AI-factory"', False),
    ("id with a space", 'id = "ai-factory"', 'id = "ai factory"', False),
    ("empty id", 'id = "ai-factory"', 'id = ""', False),
    ("empty name", 'name = "AI 팩토리"', 'name = ""', False),
    ("unknown unit", 'unit = "억원"', 'unit = "달러"', False),
    ("other unit", 'unit = "억원"', 'unit = "백만원"', True),
    ("unknown key", "allocation = 39\n", "alocation = 39\n", False),
    ("provisional as 1", "\nprovisional = true", "\nprovisional = 1", False),
    ("aliases as text", 'aliases = ["AI팩토리"]', 'aliases = "AI팩토리"', False),
    ("stated_years zero", "stated_years = 4", "stated_years = 0", False),
    ("stated_years with .0", "stated_years = 4", "stated_years = 4.0", True),
    ("type number zero", "number = 1", "number = 0", False),
    ("rounded_to zero", "rounded_to = 100", "rounded_to = 0", False),
    ("period as text", "period = { start = 2024, end = 2028 }", 'period = "2024~2028"', False),
    ("period start as text", "period = { start = 2024, end = 2028 }", 'period = { start = "2024", end = 2028 }', False),
    ("note empty", 'source = "참고2 각주"', 'source = ""', False),
]
CROSS_KEY = [
    ("duplicate field id", 'id = "autonomous-vehicles"', 'id = "ai-factory"'),
    ("dangling field reference", 'field = "advanced-bio"', 'field = "advanced-biology"'),
    ("allocation above total", "allocation = 627\nprovisional", "allocation = 1600\nprovisional"),
    ("period backwards", "period = { start = 2024, end = 2028 }", "period = { start = 2029, end = 2028 }"),
    ("amount over 2^53 won", "total = 1516", "total = 90071993"),
]


def accepted_by_mdbudget(text: str) -> bool:
    from mdbudget import BudgetError, parse

    try:
        parse(text)
    except BudgetError:
        return False
    return True


def toml_ok(text: str) -> bool:
    try:
        tomli.loads(text)
    except tomli.TOMLDecodeError:
        return False
    return True


@pytest.mark.parametrize(("name", "old", "new", "valid"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_schema_and_mdbudget_agree(name, old, new, valid) -> None:
    text = edit(SHIPPED, old, new)
    assert toml_ok(text), name
    assert accepted_by_mdbudget(text) is valid, name
    assert (problems(text) == []) is valid, (name, problems(text))


@pytest.mark.parametrize(("name", "old", "new"), CROSS_KEY, ids=[m[0] for m in CROSS_KEY])
def test_cross_key_rules_are_mdbudgets_and_named_in_the_schema(name, old, new) -> None:
    text = edit(SHIPPED, old, new)
    assert problems(text) == [] and not accepted_by_mdbudget(text), name
    description = json.loads(COMMITTED.read_text(encoding="utf-8"))["description"]
    for rule in ("unique", "allocation is at most its total", "period.start is at most its period.end", "2^53"):
        assert rule in description


# Refused by mdbudget, passed by the schema: each named in its description and in docs/budget-toml.md.
ONLY_MDBUDGET = [
    ("baseline after the fiscal year", "year = 2023", "year = 2026", "baseline.year is before program.fiscal_year"),
    ("multiple with 7 decimals", "multiple = 2.5", "multiple = 2.5000001", "at most 6 decimals"),
]


@pytest.mark.parametrize(("name", "old", "new", "rule"), ONLY_MDBUDGET, ids=[m[0] for m in ONLY_MDBUDGET])
def test_what_only_mdbudget_checks_is_named(name, old, new, rule) -> None:
    text = edit(SHIPPED, old, new)
    assert problems(text) == [] and not accepted_by_mdbudget(text), name
    assert rule in json.loads(COMMITTED.read_text(encoding="utf-8"))["description"]
    page = " ".join((ROOT / "docs" / "budget-toml.md").read_text(encoding="utf-8").split())
    assert {"baseline after the fiscal year": "baseline year after", "multiple with 7 decimals": "6 decimals"}[
        name
    ] in page


def test_a_whole_number_written_with_a_point_is_that_integer() -> None:
    from mdbudget import parse

    budget = parse(edit(SHIPPED, "total = 1516", "total = 1516.0"))
    assert type(budget.fields[0].total) is int and budget.fields[0].total == 1516
    assert parse(edit(SHIPPED, "release_date = 2025-05-28 ", 'release_date = "2025-05-28" ')).program.release_date == (
        datetime.date(2025, 5, 28)
    )


def test_nan_is_refused_by_mdbudget_where_a_schema_cannot() -> None:
    # NaN fails no numeric keyword (every comparison with it is false), so no JSON Schema can
    # refuse it; JSON itself has no NaN. mdbudget refuses it with a message.
    text = edit(SHIPPED, "multiple = 2.5", "multiple = nan")
    assert not accepted_by_mdbudget(text)


def test_amounts_are_capped_at_2_53_in_won_in_every_unit(run, write) -> None:
    # 90,071,992억원 is 2^53 − 1 원 rounded down to whole 억원: the largest amount in 억원.
    largest = edit(SHIPPED, "total = 1516", "total = 90071992")
    assert problems(largest) == []
    result = run("fields", "ai-factory", "--json", "--unit", "원", "--file", str(write(largest)))
    assert result.exit_code == 0 and '"total": 9007199200000000,' in result.stdout
    over = run("fields", "--file", str(write(edit(SHIPPED, "total = 1516", "total = 90071993"))))
    assert over.exit_code == 2
    assert "fields[0].total: must be ≤ 90071992 억원 (2^53 − 1 원" in over.stderr
    in_won = edit(edit(SHIPPED, 'unit = "억원"', 'unit = "원"'), "total = 1516", f"total = {2**53}")
    assert not accepted_by_mdbudget(in_won) and problems(in_won) != []


def test_the_package_ships_the_schema_beside_its_budget() -> None:
    assert (PACKAGE / "budget.toml").read_text(encoding="utf-8") == SHIPPED_WHOLE
    assert SHIPPED.startswith("#:schema ./budget.schema.json\n")
    assert (PACKAGE / "budget.schema.json").read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8")
