"""The script contract: each command's JSON is valid against its published schema, and its
CSV is one rectangular table holding the same fields with the same values as the JSON."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from support import SCHEMAS, assert_json_shape, csv_rows, examples

from conftest import ROOT, SHIPPED, edit
from mdbudget.reports import registry

OUTPUTS = registry.OUTPUTS  # the commands whose JSON has a published schema
OLD = str(ROOT / "budget.toml")

# A budget that moved: one field grew, one sample project left, a claim no longer holds.
MOVED = edit(SHIPPED, "allocation = 627", "allocation = 700", count=2)
MOVED = edit(MOVED, 'id = "cnc-autonomous-manufacturing"', 'id = "cnc-autonomous-manufacturing-2"')

# Every command in the shapes a script meets: passes, failures, conversions, folds, diffs.
CASES: list[tuple[str, tuple[str, ...], str | None]] = [
    ("total", ("total",), None),
    ("total", ("total", "--unit", "조원"), None),
    ("total", ("total",), "no-baseline"),
    ("fields", ("fields",), None),
    ("fields", ("fields", "반도체", "--unit", "원"), None),
    ("shares", ("shares",), None),
    ("shares", ("shares", "--top", "3", "--of", "projects"), None),
    ("ratios", ("ratios",), None),
    ("ratios", ("ratios", "--unit", "조원"), "no-baseline"),
    ("project", ("project",), None),
    ("project", ("project", "pharma"), None),
    ("check", ("check",), None),
    ("check", ("check",), "failing"),
    ("check", ("check",), "no-baseline"),
    ("diff", ("diff", OLD), "moved"),
    ("diff", ("diff", OLD, "--all"), "moved"),
    ("diff", ("diff", OLD), None),
    ("export", ("export",), None),
    ("export", ("export", "--unit", "백만원"), "failing"),
]
BUDGETS = {
    None: SHIPPED,
    "moved": MOVED,
    "failing": edit(edit(SHIPPED, "allocation = 627", "allocation = 628"), "stated_years = 4", "stated_years = 2"),
    "no-baseline": SHIPPED[: SHIPPED.index("\n[baseline]")] + SHIPPED[SHIPPED.index("\n[claims.headline]") :],
}


def invoke(run, write, args: tuple[str, ...], budget: str | None, *options: str):  # type: ignore[no-untyped-def]
    path = str(write(BUDGETS[budget]))
    argv = [*args, path] if args[0] == "diff" else [*args, "--file", path]
    return run(*argv, *options)


def case_id(case: tuple[str, tuple[str, ...], str | None]) -> str:
    return " ".join(a for a in case[1] if a != OLD) + (f" [{case[2]}]" if case[2] else "")


def test_every_output_schema_is_committed_and_current(run) -> None:
    for output in registry.SCHEMA_NAMES:
        result = run("schema", output)
        assert (result.exit_code, result.stderr) == (0, "")
        committed = (SCHEMAS / f"{output}.schema.json").read_text(encoding="utf-8")
        assert result.stdout == committed, f"schemas/{output}.schema.json is stale: mdbudget schema {output} > it"
        schema = json.loads(committed)
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert sorted(p.name for p in SCHEMAS.iterdir()) == sorted(f"{o}.schema.json" for o in registry.SCHEMA_NAMES)


def test_schema_json_is_the_same_schema(run) -> None:
    assert run("schema", "--json").stdout == run("schema").stdout
    assert run("schema", "ratios", "--json").stdout == run("schema", "ratios").stdout


def test_schema_of_an_unknown_output_is_a_usage_error(run) -> None:
    result = run("schema", "totals")
    assert result.exit_code == 2 and result.stdout == ""
    assert "'totals' is not one of" in result.stderr


def test_schemas_refuse_keys_they_do_not_list() -> None:
    for output in registry.SCHEMA_NAMES:
        if output == "sql":
            continue  # its rows' keys are the query's columns
        schema = json.loads((SCHEMAS / f"{output}.schema.json").read_text(encoding="utf-8"))
        objects = [d for d in [schema, *schema.get("$defs", {}).values()] if d.get("type") == "object"]
        assert objects and all(d["additionalProperties"] is False for d in objects), output


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_json_is_valid_against_the_schema(run, write, case) -> None:
    output, args, budget = case
    result = invoke(run, write, args, budget, "--json")
    assert result.exit_code in (0, 1), result.stderr
    data = json.loads(result.stdout)
    assert_json_shape(output, data)
    assert_key_order(schema_of(output), data)


def test_a_failing_check_is_valid_and_says_so(run, write) -> None:
    data = json.loads(invoke(run, write, ("check",), "failing", "--json").stdout)
    # The claim's key now disagrees with its table row and with its own text (627억원).
    assert (data["ok"], data["error_count"], data["warning_count"]) == (False, 3, 2)
    failed = [
        (f["code"], f["stated"], f["computed"], f["difference"]) for f in data["findings"] if f["status"] == "error"
    ]
    assert failed == [
        ("field_claim.text", 628, 627, -1),
        ("field_claim.allocation", 628, 627, -1),
        ("project.duration", 2, 5, 3),
    ]
    assert_json_shape("check", data)


def test_a_query_that_matches_nothing_is_an_empty_answer(run) -> None:
    for args in (("fields", "zzzz"), ("project", "zzzz")):
        result = run(*args, "--json")
        assert (result.exit_code, result.stdout) == (1, "[]\n")
        assert result.stderr.startswith("mdbudget: no ")
    result = run("shares", "zzzz", "--json")
    assert result.exit_code == 1
    assert_json_shape("shares", json.loads(result.stdout))


# --- CSV: one table, the JSON's fields and values ---


def schema_of(output: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMAS / f"{output}.schema.json").read_text(encoding="utf-8"))
    return schema


def resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """``node`` with a $ref followed; an ``anyOf`` gives its first option that is not null: the object
    of an object or null, the result of a result or the problems document (listed second)."""
    if "$ref" in node:
        return resolve(schema, schema["$defs"][node["$ref"].rsplit("/", 1)[1]])
    if "properties" in node:
        return node  # its anyOf (export's) only ties values together
    for option in node.get("anyOf", ()):
        if option.get("type") != "null":
            return resolve(schema, option)
    return node


def assert_key_order(schema: dict[str, Any], data: Any, node: dict[str, Any] | None = None) -> None:
    """Every object's keys come in the order its schema lists them (the CSV's column order)."""
    node = resolve(schema, node if node is not None else schema)
    if isinstance(data, list):
        for item in data:
            assert_key_order(schema, item, node.get("items", {}))
    elif isinstance(data, dict) and "properties" in node:
        listed = [k for k in node["properties"] if k in data]
        assert list(data) == listed, (list(data), listed)
        for key, value in data.items():
            assert_key_order(schema, value, node["properties"][key])


def columns(schema: dict[str, Any], node: dict[str, Any], prefix: str = "") -> list[str]:
    """The CSV columns the schema implies: nested objects' keys joined with "_"."""
    out = []
    for key, child in resolve(schema, node)["properties"].items():
        inner = resolve(schema, child)
        if inner.get("type") == "object" and "properties" in inner:
            out += columns(schema, inner, f"{prefix}{key}_")
        else:
            out.append(prefix + key)
    return out


def flat(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        return {k: v for key, item in value.items() for k, v in flat(item, f"{prefix}{key}_").items()}
    return {prefix[:-1]: value}


def as_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(as_cell(v) for v in value)
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f")
    return str(value)


# (command, the JSON key of the rows the CSV's main table holds (None: the document), keys each row repeats)
MAIN_TABLES = {
    "total": (None, ("unit", "year")),
    "fields": (None, ()),
    "shares": ("rows", ("unit", "year", "of")),
    "ratios": ("rows", ("unit", "year")),
    "project": (None, ()),
    "check": ("findings", ("unit", "year")),
    "diff": ("fields", ("unit",)),
}


@pytest.mark.parametrize("case", [c for c in CASES if c[0] != "export"], ids=case_id)
def test_csv_is_one_table_with_the_json_fields_and_values(run, write, case) -> None:
    output, args, budget = case
    data = json.loads(invoke(run, write, args, budget, "--json").stdout)
    result = invoke(run, write, args, budget, "--format", "csv")
    assert result.exit_code in (0, 1)
    rows = csv_rows(result.stdout)
    key, context = MAIN_TABLES[output]
    schema = schema_of(output)
    items = data if key is None else data[key]
    items = [items] if isinstance(items, dict) else items
    node = resolve(schema, schema)
    node = node if key is None else resolve(schema, node["properties"][key])
    item_node = node.get("items", node)
    head = [c for c in context if c not in columns(schema, item_node)]
    assert rows[0] == head + columns(schema, item_node)
    assert "unit" in rows[0]
    expected = [
        [as_cell(data[c]) for c in head] + [as_cell(flat(i).get(c)) for c in rows[0][len(head) :]] for i in items
    ]
    assert rows[1:] == expected


@pytest.mark.parametrize(
    ("command", "names"),
    [
        (("ratios",), ["fields", "programme", "growth", "samples"]),
        (("diff", OLD), ["fields", "samples", "facts", "summary", "other"]),
    ],
)
def test_multi_table_commands_write_one_table_and_name_the_others(run, write, command, names) -> None:
    result = invoke(run, write, command, "moved", "--format", "csv")
    others = ", ".join(names[1:])
    assert result.stderr == f"mdbudget: CSV holds the {names[0]} table; the others: {others} (--table NAME)\n"
    assert result.stdout == invoke(run, write, command, "moved", "--format", "csv", "--table", names[0]).stdout
    data = json.loads(invoke(run, write, command, "moved", "--json").stdout)
    for name in names:
        picked = invoke(run, write, command, "moved", "--format", "csv", "--table", name)
        assert picked.stderr == ""
        rows = csv_rows(picked.stdout)
        if name in ("fields", "samples", "facts", "other"):
            key = "rows" if (command[0], name) == ("ratios", "fields") else name
            assert len(rows) == 1 + len(data[key]), name
        elif name == "summary":
            assert [r[1] for r in rows[1:]] == ["projects", "total", "allocation"]
        else:
            assert len(rows) == 2, name  # programme, growth: one row


def test_table_needs_csv(run) -> None:
    result = run("ratios", "--json", "--table", "samples")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "mdbudget: --table picks one table of the CSV output; it needs --format csv, not json\n"


@pytest.mark.parametrize(
    ("args", "fmt"),
    [
        (("total", "--json"), "json"),
        (("shares", "--format", "json"), "json"),
        (("fields",), "table"),
        (("ratios", "--format", "markdown"), "markdown"),
        (("check", "--format", "github"), "github"),
        (("export", "--json"), "json"),
        (("sql", "--json", "SELECT 1 AS x"), "json"),
        # Answers written without emit(): before, --bom was silently ignored on these.
        (("sql", "--schema"), "table"),
        (("export", "--json", "--out", "{tmp}"), "json"),
        (("export", "--format", "markdown", "--out", "{tmp}"), "markdown"),
    ],
)
def test_bom_needs_csv(run, tmp_path, args, fmt) -> None:
    """A BOM is for CSV opened in Excel: with another format it would be ignored, so it is refused."""
    result = run(*(a.format(tmp=tmp_path / "out") for a in args), "--bom")
    assert (result.exit_code, result.stdout) == (2, "")
    assert not (tmp_path / "out").exists()  # refused before anything is written
    assert (
        result.stderr
        == f"mdbudget: --bom starts CSV output with a UTF-8 BOM, for Excel; it needs --format csv, not {fmt}\n"
    )


def test_unknown_table_is_a_usage_error(run) -> None:
    result = run("ratios", "--format", "csv", "--table", "growths")
    assert result.exit_code == 2 and "growths" in result.stderr


def test_ratios_growth_table_is_a_header_without_a_baseline(run, write) -> None:
    result = invoke(run, write, ("ratios",), "no-baseline", "--format", "csv", "--table", "growth")
    assert csv_rows(result.stdout) == [
        ["unit", "year", "from_year", "to_year", "baseline_allocation", "allocation", "multiple", "change_rate",
         "cagr", "claim", "claim_multiple", "claim_source"],
    ]  # fmt: skip


def test_export_csv_writes_each_table_with_its_unit(run, tmp_path) -> None:
    result = run("export", "--format", "csv", "--out", str(tmp_path / "t"), "--unit", "조원")
    assert result.exit_code == 0
    names = sorted(p.name for p in (tmp_path / "t").iterdir())
    assert names == sorted(
        f"{n}.csv"
        for n in ("total", "fields", "shares", "ratios", "ratios-programme", "ratios-growth", "ratios-samples",
                  "project", "check")
    )  # fmt: skip
    for name in names:
        rows = csv_rows((tmp_path / "t" / name).read_text(encoding="utf-8"))
        # check holds the file's figures, in the file's unit: the column says which.
        unit = "억원" if name == "check.csv" else "조원"
        assert rows[0][0] == "unit" and {r[0] for r in rows[1:]} == {unit}, name


def test_csv_has_no_language(run) -> None:
    # CSV holds both names (name, name_en), as JSON does: --lang changes what a person reads, not the data.
    for command in ("fields", "project", "check", "ratios"):
        assert run(command, "--format", "csv").stdout == run(command, "--format", "csv", "--lang", "en").stdout


# --- Generated budgets: every shape holds for any valid budget, not only the shipped one ---

# Within 2^53 − 1 won in every unit (9,007조원), even summed over five fields.
LARGEST = {"억원": 10**7, "조원": 1_000, "백만원": 10**9, "천원": 10**12, "원": 10**15}


@st.composite
def budgets(draw: st.DrawFn) -> str:
    unit = draw(st.sampled_from(["억원", "조원", "백만원", "천원", "원"]))
    amount = st.integers(0, LARGEST[unit])
    n = draw(st.integers(1, 5))
    fields = []
    for i in range(n):
        allocation = draw(amount)
        total = allocation + draw(amount)
        provisional = draw(st.booleans())
        fields.append((f"f{i}", draw(st.integers(0, 50)), total, allocation, provisional))
    projects = sum(f[1] for f in fields)
    total = sum(f[2] for f in fields) + draw(st.sampled_from([0, 0, 1]))  # sometimes off by one: check fails
    allocation = sum(f[3] for f in fields)
    parts = [
        f'[program]\ntitle = "t"\nministry = "m"\nrelease_date = 2025-05-28\nfiscal_year = 2025\nunit = "{unit}"\n'
        'source_file = "s"\n',
        f'[totals]\nprojects = {projects}\ntotal = {total}\nallocation = {allocation}\nsource = "s"\n',
    ]
    if draw(st.booleans()):
        parts.append(f'[baseline]\nyear = 2023\nallocation = {draw(amount)}\nsource = "s"\n')
        if draw(st.booleans()):
            parts.append(
                f'[claims.growth]\ntext = "x"\nmultiple = {draw(st.sampled_from(["2.5", "3", "0.1"]))}\nsource = "s"\n'
            )
    if any(f[4] for f in fields):
        parts.append('[provisional]\nnote = "may change"\nsource = "foot"\n')
    for fid, count, ftotal, falloc, provisional in fields:
        parts.append(
            f'[[fields]]\nid = "{fid}"\nname = "분야 {fid}"\nname_en = "Field {fid}"\nprojects = {count}\n'
            f'total = {ftotal}\nallocation = {falloc}\nprovisional = {str(provisional).lower()}\nsource = "s"\n'
        )
    for j in range(draw(st.integers(0, 2))):
        fid, _, ftotal, falloc, _ = fields[draw(st.integers(0, n - 1))]
        start = draw(st.integers(2020, 2025))
        stated = draw(st.one_of(st.none(), st.integers(1, 6)))
        parts.append(
            f'[[projects]]\nid = "p{j}"\nname = "과제 {j}"\nfield = "{fid}"\nlead = "기관"\n'
            f"period = {{ start = {start}, end = {start + draw(st.integers(0, 4))} }}\n"
            + (f"stated_years = {stated}\n" if stated else "")
            + f'total = {ftotal}\nallocation = {falloc}\nsource = "s"\n'
        )
    return "\n".join(parts)


@settings(max_examples=examples(60), deadline=None, derandomize=True, database=None)
@given(budgets(), st.sampled_from([None, "억원", "원"]), st.one_of(st.none(), st.integers(1, 5)))
def test_generated_budgets_keep_every_shape(text: str, unit: str | None, top: int | None) -> None:
    import mdbudget
    from mdbudget.formats import render
    from mdbudget.formats.csv import csv_tables
    from mdbudget.reports.diff import diff
    from mdbudget.reports.export import export

    budget = mdbudget.parse(text)
    results = {
        "total": mdbudget.total(budget, unit),
        "fields": mdbudget.fields(budget, None, unit),
        "shares": mdbudget.shares(budget, top=top, unit=unit),
        "ratios": mdbudget.ratios(budget, unit),
        "check": mdbudget.check(budget),
        "diff": diff(mdbudget.parse(SHIPPED), budget, show_all=True),
        "export": export(budget, unit),
    }
    if budget.projects:
        results["project"] = mdbudget.project(budget, None, unit)
    for output, result in results.items():
        data = json.loads(render(result, "json"))
        assert_json_shape(output, data)
        assert_key_order(schema_of(output), data)
        for table in csv_tables(result):
            rows = csv_rows(render_table(table))
            assert len(rows) == 1 + len(table.rows), (output, table.name)
            # Every table says the unit its amounts are in (diff's "other" too: a key there may be an amount).
            assert rows[0][0] == "unit", (output, table.name)


def render_table(table) -> str:  # type: ignore[no-untyped-def]
    from mdbudget.formats.csv import format_table

    return format_table(table)
