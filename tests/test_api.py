"""The Python API: the reports as functions, returning what the commands render."""

from __future__ import annotations

import ast
import json
from decimal import Decimal

import pytest

import mdbudget
from conftest import ROOT, SHIPPED_WHOLE
from mdbudget.formats.json import dumps


@pytest.fixture(scope="module")
def budget() -> mdbudget.Budget:
    return mdbudget.parse(SHIPPED_WHOLE, "budget.toml")  # named as the file the commands read


@pytest.mark.parametrize(
    ("name", "args", "kwargs", "argv"),
    [
        ("total", (), {"unit": "조원"}, ["total", "--unit", "조원"]),
        ("fields", ("반도체",), {}, ["fields", "반도체"]),
        ("shares", (), {"of": "total", "top": 3}, ["shares", "--of", "total", "--top", "3"]),
        ("ratios", (), {}, ["ratios"]),
        ("project", ("pharma",), {"unit": "원"}, ["project", "pharma", "--unit", "원"]),
        ("check", (), {"strict": True}, ["check", "--strict"]),
    ],
)
def test_each_function_returns_what_the_command_prints(run, budget, name, args, kwargs, argv, monkeypatch) -> None:
    report = getattr(mdbudget, name)(budget, *args, **kwargs)
    monkeypatch.chdir(ROOT)
    result = run(*argv, "--json", "--file", "budget.toml")
    assert dumps(report.data()) == result.stdout


def test_results_are_typed_objects(budget) -> None:
    shares = mdbudget.shares(budget, top=3, unit="조원")
    top = shares.rows[0]
    assert (top.name_en, top.allocation, top.share) == ("Autonomous Vehicles", Decimal("0.1206"), Decimal("0.251932"))
    assert shares.data()["rows"][0]["share"] == Decimal("0.251932")
    report = mdbudget.check(budget, strict=True)
    assert (report.ok, report.errors, report.warnings, report.accepted) == (True, 0, 0, 3)
    assert [f.code for f in report.findings if f.status != "pass"] == ["project.duration"] * 3
    stale = mdbudget.check(budget, strict=True, accept=["nope"])
    assert (stale.ok, stale.warnings, stale.findings[-1].code) == (False, 1, "check.accept")


def test_no_match_is_an_empty_report_that_says_why(budget) -> None:
    report = mdbudget.fields(budget, "zzz")
    assert (report.data(), report.missed) == ([], "no field matches 'zzz'")
    assert mdbudget.fields(budget, "반도체").missed is None


def test_parse_names_text_as_text_unless_given_a_name() -> None:
    """No file was read: messages say <text>, not budget.toml; a caller may name the text."""
    with pytest.raises(mdbudget.BudgetError) as raised:
        mdbudget.parse("x = 1")
    assert (raised.value.file, raised.value.line, raised.value.column) == ("<text>", 1, 1)
    assert str(raised.value).startswith("<text>:1:1: x: unknown key 'x'; allowed here: program, totals,")
    with pytest.raises(mdbudget.BudgetError) as named:
        mdbudget.parse("a = [", "draft.toml")
    assert str(named.value) == "draft.toml:1:6: invalid TOML: Invalid value"
    assert mdbudget.parse(SHIPPED_WHOLE).source_name == "<text>"


def test_output_schema_is_the_published_one() -> None:
    published = json.loads((ROOT / "schemas" / "check.schema.json").read_text(encoding="utf-8"))
    assert mdbudget.output_schema("check") == published


def test_public_names_and_docstrings() -> None:
    for name in ("total", "fields", "shares", "ratios", "project", "check", "load", "parse"):
        function = getattr(mdbudget, name)
        assert callable(function) and function.__doc__, name
    for report in (mdbudget.total, mdbudget.shares, mdbudget.check):
        result_type = report.__annotations__["return"]
        assert result_type  # named in the signature, for editors and mypy
    assert {"total", "check", "load", "Budget", "BudgetError"} <= set(dir(mdbudget))
    assert (ROOT / "src" / "mdbudget" / "py.typed").exists()
    with pytest.raises(AttributeError):
        mdbudget.nothing  # noqa: B018


@pytest.mark.parametrize("page", ["README.md", "docs/python-api.md"])
def test_the_readme_example_runs(capsys, page: str) -> None:
    from support import doc_section

    section = doc_section("Python API", page=page)
    code = next(b.split("```")[0] for b in section.split("```python\n")[1:] if "mdbudget.shares(" in b)
    import os

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        exec(compile(code, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    assert capsys.readouterr().out.splitlines()[0] == "Autonomous Vehicles 0.1206 0.251932"


def test_the_readme_sql_example_answers_what_it_says() -> None:
    from support import doc_section

    section = doc_section("Python API", page="docs/python-api.md")
    block = next(b.split("```")[0] for b in section.split("```python\n")[1:] if "reports.sql" in b)
    scope: dict[str, object] = {"budget": mdbudget.load(ROOT / "budget.toml", cache=False)}
    checked = 0
    for line in block.splitlines():
        code, _, said = line.partition("#")
        if said.strip():  # `expression   # the value it gives`
            assert eval(code, scope) == ast.literal_eval(said.strip()), line
            checked += 1
        elif code.strip():
            exec(code, scope)
    assert checked
