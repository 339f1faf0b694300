"""The published output schemas, exactly: the invalid-file answer is in them, and they refuse
what mdbudget never writes (each value rule broken by one document)."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from support import SCHEMAS

from conftest import ROOT, SHIPPED, edit
from mdbudget.budget.keys import MAX_AMOUNT, UNITS
from mdbudget.reports import registry
from mdbudget.reports.check.codes import CODES, PROSE

OLD = str(ROOT / "budget.toml")
NEXT = "NEXT"  # stands for a budget a year later with one field grown (diff, trend)
NEXT_YEAR = edit(edit(SHIPPED, "fiscal_year = 2025", "fiscal_year = 2026"), "allocation = 627", "allocation = 700", 2)


def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    return loaded


def errors(name: str, data: Any, published: dict[str, Any] | None = None) -> list[str]:
    validator = Draft202012Validator(published or schema(name))
    return sorted(f"{e.json_path}: {e.message}" for e in validator.iter_errors(data))


def result_errors(name: str, data: Any) -> list[str]:
    """What the schema's first branch (the command's result, not the problems document) says of ``data``,
    down to each alternative's own complaint (a value that may be null: the number's)."""
    published = schema(name)
    validator = Draft202012Validator({"$defs": published["$defs"], **published["anyOf"][0]})
    found: list[str] = []

    def leaves(error: Any) -> None:
        found.append(f"{error.json_path}: {error.message}")
        for inner in error.context or ():
            leaves(inner)

    for error in validator.iter_errors(data):
        leaves(error)
    return sorted(found)


# --- The answer for a budget file that cannot be used ---

# Broken in three ways a script meets: a TOML syntax error, a value mdbudget refuses, no file at all.
BROKEN = {
    "syntax": "[program\n",
    "value": edit(SHIPPED, "total = 1516", "total = -1516"),
    "missing": None,
}
# Every command that reads a budget file and answers in JSON: (name, argv before the file option).
COMMANDS = [
    ("total", ("total",)),
    ("fields", ("fields",)),
    ("shares", ("shares",)),
    ("ratios", ("ratios",)),
    ("project", ("project",)),
    ("check", ("check",)),
    ("sql", ("sql", "SELECT 1 AS one")),
    ("export", ("export",)),
    ("diff", ("diff", OLD)),
    ("trend", ("trend", OLD)),
]


def invalid_answer(run, tmp_path, args: tuple[str, ...], broken: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    path = tmp_path / "broken.toml"
    text = BROKEN[broken]
    if text is not None:
        path.write_text(text, encoding="utf-8")
    argv = [*args, str(path)] if args[0] in ("diff", "trend") else [*args, "--file", str(path)]
    result = run(*argv, "--json")
    assert result.exit_code == 2, (argv, result.stdout, result.stderr)
    data: dict[str, Any] = json.loads(result.stdout)
    assert data["ok"] is False and data["problems"], data
    return data


@pytest.mark.parametrize("broken", list(BROKEN))
@pytest.mark.parametrize(("name", "args"), COMMANDS, ids=[c[0] for c in COMMANDS])
def test_the_invalid_file_answer_is_valid_against_each_commands_schema(run, tmp_path, name, args, broken) -> None:
    data = invalid_answer(run, tmp_path, args, broken)
    assert errors(name, data) == []
    assert errors("problems", data) == []


def test_the_readme_recipe_reports_the_budgets_problems_not_schema_errors(run, tmp_path) -> None:
    data = invalid_answer(run, tmp_path, ("check",), "value")
    assert errors("check", data) == []
    assert [(p["path"], p["line"]) for p in data["problems"]] == [("fields[0].total", 131)]
    assert data["problems"][0]["message"] == "must be ≥ 0 (got -1516)"


def test_every_output_schema_is_its_result_or_the_problems_document() -> None:
    for name in registry.OUTPUTS:
        published = schema(name)
        assert published["anyOf"][1] == {"$ref": "#/$defs/Problems"}, name
        assert published["$defs"]["Problems"]["properties"] == schema("problems")["properties"], name
        assert "`mdbudget schema problems`" in published["description"], name


def test_the_problems_schema_is_published_and_refuses_what_mdbudget_never_writes(run) -> None:
    result = run("schema", "problems")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (SCHEMAS / "problems.schema.json").read_text(encoding="utf-8")
    good = {
        "ok": False,
        "problems": [{"file": "b.toml", "message": "m", "line": 1, "column": 1, "path": "", "chosen_by": "--file"}],
        "omitted": 0,
    }
    assert errors("problems", good) == []
    assert errors("problems", {**good, "ok": True}) == ["$.ok: False was expected"]
    assert errors("problems", {**good, "problems": []}) == ["$.problems: [] should be non-empty"]
    assert errors("problems", {**good, "omitted": -1}) == ["$.omitted: -1 is less than the minimum of 0"]
    line_zero = {**good, "problems": [{**good["problems"][0], "line": 0}]}
    assert errors("problems", line_zero) == ["$.problems[0].line: 0 is not valid under any of the given schemas"]


def test_output_schema_of_the_python_api_names_the_same_schemas() -> None:
    import mdbudget

    for name in registry.SCHEMA_NAMES:
        assert mdbudget.output_schema(name) == schema(name), name
    with pytest.raises(KeyError):
        mdbudget.output_schema("nonsense")


# --- Value rules: a real answer, then one value it never holds ---


def answer(run, *args: str, write: Any = None) -> Any:  # type: ignore[no-untyped-def]
    if NEXT in args:
        args = tuple(str(write(NEXT_YEAR, "next.toml")) if a == NEXT else a for a in args)
    result = run(*args, "--json")
    assert result.exit_code in (0, 1), result.stderr
    data = json.loads(result.stdout)
    return data


def broken(data: Any, path: str, value: Any = None, *, drop: bool = False) -> Any:
    """``data`` with the value at ``path`` (keys and indexes joined by dots) replaced, or dropped."""
    changed = copy.deepcopy(data)
    *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
    node = changed
    for part in parents:
        node = node[part]
    if drop:
        del node[last]
    else:
        node[last] = value
    return changed


# (command, its argv, the path broken, the value it gets, the schema's complaint)
RULES = [
    ("total", ("total",), "unit", "USD", "$.unit: 'USD' is not one of"),
    ("total", ("total",), "unit", "", "$.unit: '' is not one of"),
    ("total", ("total",), "year", -1, "$.year: -1 is less than the minimum of 1900"),
    ("total", ("total",), "total", -1, "$.total: -1 is less than the minimum of 0"),
    ("total", ("total",), "allocation", MAX_AMOUNT + 1, f"$.allocation: {MAX_AMOUNT + 1} is greater than the maximum"),
    ("total", ("total",), "projects", -3, "$.projects: -3 is less than the minimum of 0"),
    ("total", ("total",), "growth.baseline_allocation", -1, "$.growth.baseline_allocation: -1 is less than"),
    ("fields", ("fields",), "0.allocation", -627, "$[0].allocation: -627 is less than the minimum of 0"),
    ("fields", ("fields",), "0.unit", "dollars", "$[0].unit: 'dollars' is not one of"),
    ("shares", ("shares",), "rows.0.share", 7.5, "$.rows[0].share: 7.5 is not valid under any of the given schemas"),
    ("shares", ("shares",), "share", -0.5, "$.share: -0.5 is not valid under any of the given schemas"),
    ("shares", ("shares",), "top", 0, "$.top: 0 is not valid under any of the given schemas"),
    ("shares", ("shares",), "rows.0.total", -1, "$.rows[0].total: -1 is less than the minimum of 0"),
    ("ratios", ("ratios",), "rows.0.year_share", 1.5, "$.rows[0].year_share: 1.5 is not valid under any"),
    ("ratios", ("ratios",), "growth.change_rate", -1.5, "$.growth.change_rate: -1.5 is not valid under any"),
    ("ratios", ("ratios",), "growth.claim_multiple", 0, "$.growth.claim_multiple: 0 is not valid under any"),
    ("ratios", ("ratios",), "samples.0.stated_years", 0, "$.samples[0].stated_years: 0 is not valid under any"),
    ("project", ("project", "pharma"), "0.period.start", -1, "$[0].period.start: -1 is less than the minimum"),
    ("project", ("project", "pharma"), "0.type.number", 0, "$[0].type.number: 0 is less than the minimum of 1"),
    ("project", ("project", "pharma"), "0.total", -63, "$[0].total: -63 is less than the minimum of 0"),
    ("check", ("check",), "findings.0.line", 0, "$.findings[0].line: 0 is not valid under any of the given schemas"),
    ("check", ("check",), "findings.0.code", "totals.sum", "$.findings[0].code: 'totals.sum' is not one of"),
    ("check", ("check",), "unit", "USD", "$.unit: 'USD' is not one of"),
    ("diff", ("diff", OLD, NEXT), "fields.0.total.change_ratio", -2, "$.fields[0].total.change_ratio: -2 is not valid"),
    ("diff", ("diff", OLD, NEXT), "fields.0.total.old", -1, "$.fields[0].total.old: -1 is not valid under any"),
    ("diff", ("diff", OLD, NEXT), "converted_from", "USD", "$.converted_from: 'USD' is not valid under any"),
    ("export", ("export",), "shares.unit", "조원", "$: {"),
    ("export", ("export",), "fields.3.unit", "원", "$: {"),
    ("trend", ("trend", OLD, NEXT), "unit", "USD", "$.unit: 'USD' is not valid under any of the given schemas"),
    ("trend", ("trend", OLD, NEXT), "years.0", 1776, "$.years[0]: 1776 is less than the minimum of 1900"),
]


@pytest.mark.parametrize(("name", "args", "path", "value", "complaint"), RULES, ids=[f"{r[0]} {r[2]}" for r in RULES])
def test_each_value_rule_refuses_a_document_that_breaks_it(run, write, name, args, path, value, complaint) -> None:
    data = answer(run, *args, write=write)
    assert errors(name, data) == []
    wrong = broken(data, path, value)
    assert errors(name, wrong) != []
    found = result_errors(name, wrong)
    assert any(e.startswith(complaint) for e in found), found


def test_a_finding_compares_all_three_figures_or_none(run) -> None:
    data = answer(run, "check")
    first = data["findings"][0]
    assert {"stated", "computed", "difference"} <= first.keys() and first["code"] not in PROSE
    for dropped in (("computed", "difference"), ("difference",), ("stated", "difference"), ("computed",)):
        finding = {k: v for k, v in first.items() if k not in dropped}
        assert errors("check", {**data, "findings": [finding]}) != [], dropped
    summary = {k: v for k, v in first.items() if k not in ("stated", "computed", "difference")}
    assert errors("check", {**data, "findings": [summary]}) == []


def test_a_texts_finding_may_hold_the_figure_it_misses_alone(run, write) -> None:
    # The growth claim's text no longer prints 2.5: its finding holds the key's figure alone.
    text = edit(SHIPPED, "2.5배", "두 배 넘게")
    data = answer(run, "check", "--file", str(write(text)))
    alone = [f for f in data["findings"] if "stated" in f and "computed" not in f]
    assert [(f["code"], f["stated"]) for f in alone] == [("growth.text", 2.5)]
    assert errors("check", data) == []
    assert errors("check", {**data, "findings": [{**alone[0], "code": "growth"}]}) != []
    assert errors("check", {**data, "findings": [{**alone[0], "difference": 1}]}) != []


def test_an_export_section_in_another_unit_is_refused_but_check_keeps_the_files_unit(run) -> None:
    data = answer(run, "export", "--unit", "조원")
    assert (data["unit"], data["check"]["unit"], data["shares"]["unit"]) == ("조원", "억원", "조원")
    assert errors("export", data) == []
    assert errors("export", broken(data, "ratios.unit", "억원")) != []


def test_sql_rows_are_objects_of_numbers_texts_and_nulls(run) -> None:
    result = run("schema", "sql")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (SCHEMAS / "sql.schema.json").read_text(encoding="utf-8")
    data = answer(run, "sql", "SELECT 1 AS i, 1.5 AS f, 'x' AS s, NULL AS n, x'41' AS b")
    assert data == [{"i": 1, "f": 1.5, "s": "x", "n": None, "b": "X'41'"}]
    assert errors("sql", data) == []
    for value in (True, [1], {"a": 1}):
        assert errors("sql", [{"i": value}]) != [], value
    assert errors("sql", {"i": 1}) != [] and errors("sql", [1]) != []


def test_the_schemas_state_the_declared_units_codes_and_bounds() -> None:
    total = schema("total")["$defs"]["Total"]["properties"]
    assert total["unit"]["enum"] == list(UNITS)
    assert total["allocation"]["maximum"] == MAX_AMOUNT
    assert schema("check")["$defs"]["Finding"]["properties"]["code"]["enum"] == list(CODES)
    # docs/json.md lists every code, in the declared order.
    page = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    start = page.index("The codes are")
    listed = page[start : page.index("```console", start)]
    assert [c for c in re.findall(r"`([a-z_.]+)`", listed) if c not in ("stated", "computed")] == list(CODES)


def test_an_undeclared_check_code_is_refused_where_it_is_added() -> None:
    import mdbudget
    from mdbudget.reports.check.collect import Collector
    from mdbudget.reports.check.wording import say

    collector = Collector(mdbudget.parse(SHIPPED))
    with pytest.raises(ValueError, match=r"undeclared check code 'totals\.sum'"):
        collector.add("totals.sum", "pass", say("unit.subject"), say("unit.subject"), ("totals",), None)


def test_what_the_output_schemas_cannot_say_is_documented() -> None:
    page = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    section = page[page.index("Checked by mdbudget, not by the schema") :]
    for rule in ("period", "`end`", "`year`", "90,071,992", "sum over fields"):
        assert rule in section, rule


# --- sql --schema and schema's own options: help and behaviour agree ---


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_sql_schema_is_sql_text_and_refuses_a_data_format(run, fmt) -> None:
    result = run("sql", "--schema", "--format", fmt)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"mdbudget: --schema prints CREATE TABLE statements as text, not {fmt}; for a table's columns as {fmt}: "
        f"mdbudget sql --format {fmt} \"SELECT name, type FROM pragma_table_info('fields')\"\n"
    )
    assert run("sql", "--schema", "--json").stderr == run("sql", "--schema", "--format", "json").stderr
    # The query the message names works, in that format.
    named = run("sql", "--format", fmt, "SELECT name, type FROM pragma_table_info('fields')")
    assert named.exit_code == 0 and "allocation" in named.stdout
    plain = run("sql", "--schema")
    assert plain.exit_code == 0 and plain.stdout.startswith("-- The rows of the allocation table")


def test_schema_help_lists_only_what_schema_takes(run) -> None:
    shown = run("schema", "--help", env={"COLUMNS": "200"}).stdout
    options = shown[shown.index("Options") :]
    assert "--format" not in options and "Shorthand for --format json" not in shown
    assert re.search(r"--json +Changes nothing: the schema is JSON already\.", options), options
    assert "problems: the answer of every command for a budget file that cannot be used (exit 2)" in shown
    refused = run("schema", "--format", "json")
    assert refused.exit_code == 2 and "No such option: --format" in refused.stderr
    assert run("schema", "check", "--json").stdout == run("schema", "check").stdout
