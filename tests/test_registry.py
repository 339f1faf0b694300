"""The command layer's one-place rules: the registry of reports, the shared options, the format
modules, and the one map from what a run ended with to its exit code."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest
import typer
from typer.main import get_command

from conftest import ROOT, SHIPPED, edit
from mdbudget.cli import app
from mdbudget.errors import BudgetError, ExitStatus, NoMatch, OutputError, Problem, UsageError, outcome
from mdbudget.formats import MODULES, Options, render
from mdbudget.loading.load import parse
from mdbudget.reports import registry, shapes
from mdbudget.reports.diff import diff
from mdbudget.reports.export import export
from mdbudget.reports.sql import sql
from mdbudget.reports.trend import trend

BUDGET = parse(SHIPPED)


def results() -> dict[str, object]:
    whole = export(BUDGET)
    made: dict[str, object] = {name: getattr(whole, name) for name in registry.SECTIONS}
    years = [("a.toml", BUDGET), ("b.toml", parse(edit(SHIPPED, "fiscal_year = 2025", "fiscal_year = 2026")))]
    return made | {
        "export": whole,
        "diff": diff(BUDGET, BUDGET),
        "sql": sql(BUDGET, "SELECT 1 AS one"),
        "trend": trend(years),
    }


def test_each_report_is_made_by_the_function_its_entry_names_and_knows_its_entry() -> None:
    made = results()
    assert sorted(made) == sorted(registry.REPORTS)
    for name, entry in registry.REPORTS.items():
        module, _, function = entry.report.rpartition(".")
        assert callable(getattr(importlib.import_module(f"mdbudget.reports.{module}"), function)), name
        assert made[name].command == name  # type: ignore[attr-defined]


def test_each_csv_table_is_a_published_shape_whose_rows_are_in_the_json() -> None:
    made = results()
    for name, entry in registry.REPORTS.items():
        for table in entry.tables:
            assert hasattr(getattr(shapes, table.row), "__required_keys__"), (name, table.name)  # a TypedDict
            data = made[name].data()  # type: ignore[attr-defined]
            assert table.key is None or table.key in data, (name, table.name)
            assert all(key in data for key in table.context), (name, table.name)


def test_export_has_a_section_per_exported_report_and_their_tables() -> None:
    assert registry.SECTIONS == ("total", "fields", "shares", "ratios", "project", "check")
    assert registry.table_names("export")[:4] == ["total", "fields", "shares", "ratios"]
    assert "ratios-growth" in registry.table_names("export")


def test_schema_offers_every_published_shape_and_nothing_else(run) -> None:
    listed = run("schema", "nonsense", env={"COLUMNS": "300"}).stderr
    assert "use total, fields, shares, ratios, project, sql, check, diff, export, trend or problems" in listed
    outputs = ("total", "fields", "shares", "ratios", "project", "sql", "check", "diff", "export", "trend")
    assert outputs == registry.OUTPUTS
    assert (*outputs, "problems") == registry.SCHEMA_NAMES
    names = sorted(p.name for p in (ROOT / "schemas").iterdir())
    assert names == sorted(f"{o}.schema.json" for o in registry.SCHEMA_NAMES)


@pytest.mark.parametrize("command", ["ratios", "diff"])
def test_table_choices_are_the_reports_csv_tables(command, run) -> None:
    args = ["diff", "a.toml", "b.toml"] if command == "diff" else [command]
    refused = run(*args, "--table", "nope", env={"COLUMNS": "300"})
    names = registry.table_names(command)
    assert refused.exit_code == 2
    assert f"use {', '.join(names[:-1])} or {names[-1]}" in refused.stderr


def commands() -> dict[str, set[str]]:
    """Each command's options, as --long names."""
    group = get_command(app)
    ctx = typer.Context(group)
    found = {}
    for name in group.list_commands(ctx):  # type: ignore[attr-defined]
        command = group.get_command(ctx, name)  # type: ignore[attr-defined]
        found[name] = {o for p in command.get_params(typer.Context(command)) for o in p.opts if o.startswith("--")}
    return found


def test_every_command_that_reads_a_budget_takes_the_same_budget_options() -> None:
    # schema reads no budget; import reads a table and init writes a skeleton.
    reading = {name: options for name, options in commands().items() if name not in ("schema", "import", "init")}
    assert sorted(reading) == [
        "check", "diff", "export", "fields", "project", "ratios", "report", "shares", "sql", "total", "trend"
    ]  # fmt: skip
    for name, options in reading.items():
        assert {"--verbose", "--no-cache"} <= options, name
        assert ("--file" in options) == (name not in ("diff", "trend")), name  # their files are arguments


def test_diff_says_which_files_it_reads_with_verbose(run, write) -> None:
    old, new = str(write(SHIPPED, "old.toml")), str(write(SHIPPED, "new.toml"))
    done = run("diff", old, new, "--verbose", "--no-cache")
    assert done.exit_code == 0
    assert done.stderr.splitlines()[::2] == [f"mdbudget: using {old} (OLD)", f"mdbudget: using {new} (NEW)"]


def test_every_format_module_is_named_and_takes_the_one_options_value() -> None:
    folder = ROOT / "src" / "mdbudget" / "formats"
    modules = {p.stem for p in folder.glob("[!_]*.py") if "\ndef format(" in p.read_text(encoding="utf-8")}
    assert modules == set(MODULES.values())
    for name in MODULES.values():
        function = importlib.import_module(f"mdbudget.formats.{name}").format
        assert list(inspect.signature(function).parameters) == ["result", "options"], name


def test_render_refuses_an_option_no_formatter_reads() -> None:
    with pytest.raises(TypeError):
        render(export(BUDGET), "json", colour=True)
    assert Options()._fields == ("lang", "width", "color", "bom", "table", "base")


class Verdict:
    def __init__(self, **said: object) -> None:
        self.__dict__.update(said)

    def __repr__(self) -> str:  # the test's id: the same in every worker
        return f"Verdict({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"


@pytest.mark.parametrize(
    ("ended", "expected"),
    [
        (None, (ExitStatus.OK, None)),
        (Verdict(ok=True), (ExitStatus.OK, None)),
        (Verdict(ok=False), (ExitStatus.FAILED, None)),
        (Verdict(same=False), (ExitStatus.FAILED, None)),
        (Verdict(matched=False, missed="no field matches 'zzz'"), (ExitStatus.FAILED, "no field matches 'zzz'")),
        (NoMatch("nothing"), (ExitStatus.FAILED, "nothing")),
        (UsageError("give one"), (ExitStatus.USAGE, "give one")),
        (BudgetError([Problem("b.toml", "bad")]), (ExitStatus.USAGE, None)),
        (
            OutputError("No space left on device"),
            (ExitStatus.USAGE, "cannot write the output: No space left on device"),
        ),
        (OutputError("gone", closed=True), (ExitStatus.BROKEN_PIPE, None)),
        (BrokenPipeError(), (ExitStatus.BROKEN_PIPE, None)),
        (KeyboardInterrupt(), (ExitStatus.INTERRUPTED, None)),
        (
            ZeroDivisionError("division by zero"),
            (ExitStatus.INTERNAL, "internal error: ZeroDivisionError: division by zero"),
        ),
    ],
    ids=repr,
)
def test_one_map_from_what_a_run_ended_with_to_its_exit_code(ended, expected) -> None:
    assert outcome(ended) == expected


def test_only_the_boundary_chooses_exit_codes() -> None:
    # Commands return results or raise; cli.py and errors.py decide what that means.
    package = ROOT / "src" / "mdbudget"
    choosing = [
        str(path.relative_to(package))
        for path in [package / "__main__.py", *sorted((package / "commands").glob("*.py"))]
        if any(
            word in path.read_text(encoding="utf-8") for word in ("ExitStatus", "typer.Exit(", "sys.exit(1", "exit(2")
        )
    ]
    assert choosing == []
    assert Path(package / "__main__.py").read_text(encoding="utf-8").count("sys.exit(") == 1


def test_an_interrupt_after_sigterm_ends_with_143(monkeypatch) -> None:
    from mdbudget import errors

    monkeypatch.setattr(errors, "terminated", True)  # what the entry point's SIGTERM handler sets
    assert outcome(KeyboardInterrupt()) == (ExitStatus.TERMINATED, None)
