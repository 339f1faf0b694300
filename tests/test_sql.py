"""`mdbudget sql`: real questions answered over the shipped budget's tables, in every format."""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT, SHIPPED, edit
from mdbudget.loading.load import load
from mdbudget.loading.plain import MAX_AMOUNT
from mdbudget.reports.relational import TABLES, schema_text

BUDGET = load(ROOT / "budget.toml")


def rows(run, query: str, *args: str) -> list[dict]:
    result = run("sql", "--json", query, *args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def test_the_fields_add_up_to_the_stated_totals(run) -> None:
    summed = rows(
        run, "SELECT sum(projects) AS projects, sum(total) AS total, sum(allocation) AS allocation FROM fields"
    )
    stated = rows(run, "SELECT projects, total, allocation FROM totals")
    t = BUDGET.totals
    assert summed == stated == [{"projects": t.projects, "total": t.total, "allocation": t.allocation}]
    # Integers stay integers: no 18858.0 anywhere.
    assert run("sql", "--json", "SELECT sum(total) AS t FROM fields").stdout == '[\n  {\n    "t": 18858\n  }\n]\n'


def test_the_pharma_project_joins_its_field(run) -> None:
    query = (
        "SELECT p.id, p.lead, f.name AS field, f.allocation AS field_allocation, t.name_en AS type "
        "FROM projects p JOIN fields f ON f.id = p.field_id LEFT JOIN project_types t ON t.id = p.type_id "
        "WHERE p.name LIKE '%불순물%'"
    )
    assert rows(run, query) == [
        {
            "id": "pharma-impurity-platform",
            "lead": "엠에프씨 주식회사",
            "field": "첨단바이오",
            "field_allocation": 682,
            "type": "Sector-specific AI transition",
        }
    ]


def test_participants_in_their_order(run) -> None:
    query = "SELECT name, ord FROM participants WHERE project_id = 'pharma-impurity-platform' ORDER BY ord"
    assert rows(run, query) == [{"name": "경동제약", "ord": 1}, {"name": "주식회사 알케", "ord": 2}]
    every = rows(run, "SELECT project_id, name FROM participants ORDER BY project_id, ord")
    expected = [
        {"project_id": p.id, "name": n} for p in sorted(BUDGET.projects, key=lambda p: p.id) for n in p.participants
    ]
    assert every == expected


def test_every_table_holds_the_whole_budget(run) -> None:
    counts = rows(run, " UNION ALL ".join(f"SELECT '{t.name}' AS name, count(*) AS n FROM {t.name}" for t in TABLES))
    assert {r["name"]: r["n"] for r in counts} == {
        "fields": len(BUDGET.fields),
        "project_types": len(BUDGET.project_types),
        "projects": len(BUDGET.projects),
        "participants": sum(len(p.participants) for p in BUDGET.projects),
        "totals": 1,
        "claims": 2 + len(BUDGET.claims.fields),
    }
    assert [r["id"] for r in rows(run, "SELECT id FROM fields ORDER BY ord")] == [f.id for f in BUDGET.fields]


def test_claims_hold_the_multiple_exactly_as_text(run) -> None:
    growth = rows(
        run,
        "SELECT multiple, typeof(multiple) AS type, CAST(multiple AS REAL) * 2 AS twice FROM claims WHERE kind = 'growth'",
    )
    assert growth == [{"multiple": "2.5", "type": "text", "twice": 5.0}]
    headline = rows(run, "SELECT allocation, rounded_to FROM claims WHERE kind = 'headline'")
    assert headline == [{"allocation": 4800, "rounded_to": 100}]


def test_a_file_in_another_unit_keeps_its_unit(run, write) -> None:
    path = write(SHIPPED.replace('unit = "억원"', 'unit = "백만원"'))
    assert rows(run, "SELECT unit, allocation FROM totals", "--file", str(path)) == [
        {"unit": "백만원", "allocation": 4787}
    ]


def test_the_largest_amounts_stay_exact(run, write) -> None:
    huge = MAX_AMOUNT  # the largest amount a budget file may hold: in won, 2^53 − 1
    in_won = SHIPPED.replace('unit = "억원"', 'unit = "원"')
    path = write(edit(in_won, "total = 1516", f"total = {huge}"))  # loads; only check would object
    got = rows(run, "SELECT total FROM fields WHERE id = 'ai-factory'", "--file", str(path))
    assert got == [{"total": huge}]
    assert rows(run, "SELECT sum(total) AS total FROM fields", "--file", str(path)) == [{"total": huge + 17342}]


def test_division_is_floating_point_and_round_keeps_it_readable(run) -> None:
    query = (
        "SELECT allocation / projects AS whole, allocation * 1.0 / projects AS real, "
        "ROUND(allocation * 100.0 / total, 1) AS percent FROM totals"
    )
    assert rows(run, query) == [{"whole": 10, "real": 4787 / 445, "percent": 25.4}]


def test_table_output_right_aligns_numbers_with_separators(run) -> None:
    result = run("sql", "SELECT id, start_year, total * 100 AS total, allocation * 1.0 / total AS ratio FROM projects")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "start_year", "total", "ratio"]  # no blank line above an untitled table
    assert lines[2].split() == ["cnc-autonomous-manufacturing", "2024", "10,000", "0.25"]
    # Right-aligned: each number ends where its header ends.
    for header in ("start_year", "total", "ratio"):
        end = lines[0].index(header) + len(header)
        assert all(line[end - 1].isdigit() and line[end : end + 1] in ("", " ") for line in lines[2:5]), header


def test_csv_and_markdown(run) -> None:
    query = "SELECT id, projects, provisional FROM fields WHERE projects > 50 ORDER BY projects DESC"
    csv = run("sql", "--format", "csv", query)
    assert (
        csv.stdout
        == "id,projects,provisional\nautonomous-vehicles,82,1\nadvanced-bio,80,0\nadvanced-manufacturing,71,0\n"
    )
    markdown = run("sql", "--format", "markdown", query)
    assert markdown.stdout.splitlines()[:3] == [
        "| id | projects | provisional |",
        "|---|---:|---:|",
        "| autonomous-vehicles | 82 | 1 |",
    ]
    assert run("sql", "--format", "csv", "--bom", "SELECT 1 AS x").stdout == "\ufeffx\n1\n"


def test_odd_values_have_a_json_form(run) -> None:
    got = rows(run, "SELECT x'00ff' AS blob, 1e999 AS inf, NULL AS missing, 1 AS a, 2 AS a, 0.1 AS tenth")
    assert got == [{"blob": "X'00FF'", "inf": None, "missing": None, "a": 1, "a_2": 2, "tenth": 0.1}]


def test_an_empty_answer_is_an_answer(run) -> None:
    assert rows(run, "SELECT id FROM fields WHERE 0") == []
    assert run("sql", "--format", "csv", "SELECT id, name FROM fields WHERE 0").stdout == "id,name\n"
    # for people too: a table says it has no rows (it printed a blank line), Markdown keeps its header
    table = run("sql", "SELECT id, name FROM fields WHERE 0")
    assert (table.exit_code, table.stdout, table.stderr) == (0, "(0 rows)\n", "")
    markdown = run("sql", "--format", "markdown", "SELECT id, name FROM fields WHERE 0").stdout
    assert markdown == "| id | name |\n|---|---|\n\n(0 rows)\n"


def test_schema_prints_the_statements_the_database_is_made_of(run) -> None:
    result = run("sql", "--schema")
    assert (result.exit_code, result.stdout, result.stderr) == (0, schema_text(), "")
    made = rows(run, "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid")
    statements = [s.rstrip(";") for s in re.split(r";\n", result.stdout) if s.strip()]
    assert [r["sql"] for r in made] == [re.sub(r"^(-- [^\n]*\n)+", "", s.strip()) for s in statements]
    for table in TABLES:
        assert f"CREATE TABLE {table.name} (" in result.stdout


def test_schema_and_a_query_together_are_refused(run) -> None:
    result = run("sql", "--schema", "SELECT 1")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", "mdbudget: give a query or --schema, not both\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), 'give a query, e.g. mdbudget sql "SELECT * FROM fields" (see --schema for the tables)'),
        (("   ",), "the query is empty"),
    ],
)
def test_no_query(run, args, message) -> None:
    result = run("sql", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"mdbudget: {message}\n")


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf"])
def test_timeout_must_be_a_positive_number_of_seconds(run, value) -> None:
    result = run("sql", "--timeout", value, "SELECT 1")
    assert result.exit_code == 2
    assert "--timeout" in result.stderr and "must be a number of seconds above 0" in result.stderr


def test_an_invalid_budget_is_reported_like_everywhere_else(run, write) -> None:
    path = write(edit(SHIPPED, "allocation = 1206", "allocation = -1"))
    result = run("sql", "SELECT 1", "--file", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"{path}:")


def test_large_budgets_load_and_answer(run, write) -> None:
    from support import with_projects

    path = write(with_projects(2000, lead="기관 {i}"))
    got = rows(run, "SELECT count(*) AS n, count(DISTINCT lead) AS leads FROM projects", "--file", str(path))
    assert got == [{"n": 2003, "leads": 2003}]


def test_the_readme_shows_the_schema_and_five_worked_questions() -> None:
    # test_readme_queries runs each of these blocks and compares its output exactly.
    from support import doc_section

    section = doc_section("SQL")
    assert f"```console\n$ mdbudget sql --schema\n{schema_text()}```" in section
    worked = section[section.index("### Five worked questions") : section.index("### Exact numbers")]
    assert worked.count("```console\n$ mdbudget sql ") == 5
