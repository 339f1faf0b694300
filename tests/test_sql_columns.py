"""`mdbudget sql`: a query's own columns are all shown, ratio() divides exactly, a misspelt table is named."""

from __future__ import annotations

import json

import pytest


def test_every_selected_column_is_shown_at_the_default_width(run) -> None:
    result = run("sql", "SELECT * FROM fields LIMIT 2")
    assert result.exit_code == 0
    assert result.stderr == ""
    # Too wide for one grid at 80 columns: a block per row, headed by its first value (the id).
    assert result.stdout.startswith("  ai-factory\n    name          AI 팩토리\n    name_en       AI Factory\n")
    for column in ("name", "name_en", "projects", "total", "allocation", "provisional", "ord"):
        assert result.stdout.count(f"\n    {column} ") == 2


@pytest.mark.parametrize("width", ["30", "50", "70", "80"])
def test_the_english_name_a_query_asked_for_is_never_dropped(run, width: str) -> None:
    result = run("sql", "SELECT id, name, name_en FROM fields LIMIT 2", env={"COLUMNS": width})
    assert result.exit_code == 0
    assert "name_en" in result.stdout
    assert "AI Factory" in result.stdout
    assert "Autonomous" in result.stdout


def test_ratio_rounds_half_up_as_spreadsheets_do(run) -> None:
    query = "SELECT ratio(682, 80, 2) AS a, ratio(-682, 80, 2) AS b, ratio(7, 2, 0) AS c, 7/2 AS d, ratio(1, 3) AS e"
    result = run("sql", "--json", query)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == [{"a": 8.53, "b": -8.53, "c": 4, "d": 3, "e": 0.33}]


def test_ratio_of_nothing_or_by_zero_is_null(run) -> None:
    result = run("sql", "--json", "SELECT ratio(1, 0, 2) AS a, ratio(NULL, 2, 2) AS b")
    assert json.loads(result.stdout) == [{"a": None, "b": None}]


def test_ratio_agrees_with_the_ratios_report(run) -> None:
    query = "SELECT ratio(allocation, projects, 2) AS average FROM fields WHERE id = 'advanced-bio'"
    assert json.loads(run("sql", "--json", query).stdout) == [{"average": 8.53}]
    report = json.loads(run("ratios", "--json").stdout)
    bio = next(r for r in report["rows"] if r["id"] == "advanced-bio")
    assert bio["average_allocation"] == 8.53


@pytest.mark.parametrize("query", ["SELECT ratio(1, 2, 'x')", "SELECT ratio(1)", "SELECT ratio(1, 2, 13)"])
def test_ratio_with_wrong_arguments_says_how_to_call_it(run, query: str) -> None:
    result = run("sql", query)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "mdbudget: SQL error: ratio(a, b, places) takes two numbers and a whole number of decimal places from 0 to 12\n"
    )


def test_a_misspelt_table_lists_the_tables_and_the_closest(run) -> None:
    result = run("sql", "SELECT * FROM feilds")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "mdbudget: SQL error: no such table: feilds (the tables are fields, project_types, projects, "
        "participants, totals, claims; did you mean fields?)\n"
    )


def test_help_says_sqlite_divides_whole_numbers_as_whole_numbers(run) -> None:
    text = " ".join(run("sql", "--help", env={"COLUMNS": "200"}).stdout.split())
    assert "floating point" not in text
    assert "SELECT 7/2 gives 3" in text
    assert "ratio(a, b, places)" in text
