"""Options as people type them, refusals in mdbudget's words, and help that reads cleanly at 80 columns."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from conftest import ROOT

BUDGET = str(ROOT / "budget.toml")
COMMANDS = ["total", "fields", "shares", "ratios", "project", "check", "diff", "export", "schema", "sql", "report"]
ARGUMENTS = {
    "check": " [FILE...]",
    "diff": " OLD NEW",
    "fields": " [QUERY]",
    "shares": " [QUERY]",
    "ratios": " [QUERY]",
    "project": " [QUERY]",
    "sql": " [QUERY]",
    "schema": " [OUTPUT]",
}


@pytest.mark.parametrize(
    ("natural", "canonical"),
    [
        (("total", "--unit", "억"), ("total", "--unit", "억원")),
        (("total", "--unit", "조"), ("total", "--unit", "조원")),
        (("fields", "--unit", "억 원", "--json"), ("fields", "--unit", "억원", "--json")),
        (("total", "--unit", "백만"), ("total", "--unit", "백만원")),
        (("total", "--lang", "kr"), ("total", "--lang", "ko")),
        (("total", "--lang", "EN"), ("total", "--lang", "en")),
        (("shares", "--format", "md"), ("shares", "--format", "markdown")),
        (("check", "--format", "MD"), ("check", "--format", "markdown")),
        (("ratios", "--format", "JSON"), ("ratios", "--format", "json")),
        (("shares", "--sort", "Name"), ("shares", "--sort", "name")),
    ],
    ids=lambda args: " ".join(args),
)
def test_natural_spellings_are_accepted(run, natural, canonical) -> None:
    typed, expected = run(*natural, "--file", BUDGET), run(*canonical, "--file", BUDGET)
    assert (typed.exit_code, typed.stderr) == (0, "")
    assert typed.stdout == expected.stdout


@pytest.mark.parametrize("fmt", ["csv", "markdown", "table", "md"])
@pytest.mark.parametrize("command", ["total", "check", "export"])
def test_json_and_another_format_is_a_usage_conflict(run, command, fmt) -> None:
    result = run(command, "--json", "--format", fmt, "--file", BUDGET)
    assert (result.exit_code, result.stdout) == (2, "")
    assert f"--json and --format {'markdown' if fmt == 'md' else fmt} ask for two formats" in result.stderr


def test_json_with_format_json_is_fine(run) -> None:
    assert run("total", "--json", "--format", "json", "--file", BUDGET).exit_code == 0


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ("total", "--format", "xml"),
            "Invalid value for '--format': 'xml' is not one of the choices; use table, json, csv or markdown",
        ),
        (("check", "--format", "yaml"), "'yaml' is not one of the choices; use table, json, csv, markdown or github"),
        (("total", "--lang", "fr"), "Invalid value for '--lang': 'fr' is not one of the choices; use ko or en"),
        (
            ("shares", "--sort", "size"),
            "shares cannot sort by 'size': choose one of share, order, projects, total, allocation, id, name, name_en",
        ),
        (("shares", "--top", "0"), "Invalid value for '--top': must be at least 1 (got 0)"),
        (("shares", "--top", "five"), "Invalid value for '--top': 'five' is not a whole number"),
        (("shares", "--top", "٣"), "Invalid value for '--top': '٣' is not a whole number"),
        (("total", "--unit", "dollars"), "unknown unit 'dollars'; use one of 억원, 조원, 백만원, 천원, 원"),
    ],
)
def test_a_bad_value_is_said_in_mdbudgets_words(run, args, said) -> None:
    result = run(*args, "--file", BUDGET, env={"COLUMNS": "300"})
    assert (result.exit_code, result.stdout) == (2, "")
    assert said in result.stderr
    assert "Value error" not in result.stderr and "Input should be" not in result.stderr


def test_a_long_bad_value_is_not_echoed_whole(run) -> None:
    result = run("total", "--format", "x" * 100_000, "--file", BUDGET)
    assert result.exit_code == 2 and len(result.stderr) < 2000
    result = run("total", "--unit", "y" * 100_000, "--file", BUDGET)
    assert result.exit_code == 2 and len(result.stderr) < 2000


@pytest.mark.parametrize(
    "args",
    [
        ("total", "--" + "x" * 100_000),  # no such option
        ("y" * 100_000,),  # no such command
        ("total", "z" * 100_000),  # an extra argument
        ("shares", "--sort", "w" * 100_000),  # not one of the choices
    ],
    ids=["option", "command", "argument", "choice"],
)
def test_a_usage_error_does_not_echo_a_pasted_blob(run, args) -> None:
    result = run(*args, env={"COLUMNS": "80"})
    assert result.exit_code == 2 and result.stdout == ""
    assert len(result.stderr) < 2000 and "…" in result.stderr


def test_a_cut_value_keeps_its_closing_quote(run) -> None:
    result = run("shares", "--sort", "w" * 1000, env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert re.search(r"shares cannot sort by 'w{20,60}…': choose one of share,", result.stderr)


def test_a_usage_error_shows_controls_instead_of_obeying_them(run) -> None:
    result = run("total", "--a\x1b[31mred\u202e", env={"COLUMNS": "80"})
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert "No such option: --a\\x1b[31mred\\u202e" in result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_help_reads_cleanly_at_80_columns(run, command) -> None:
    result = run(command, "--help", env={"COLUMNS": "80"})
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0] == f" Usage: mdbudget {command} [OPTIONS]" + ARGUMENTS.get(command, "")
    assert max(cell_len(line) for line in lines) <= 80
    assert all(line == line.rstrip() for line in lines)
    # Types are not shown as if flags took values, nor choices wrapped mid-word.
    for noise in ("<bool>", "<int", "[x>=", "<str>", "{OLD}", "<table|", "name_e n", "<path>"):
        assert noise not in result.stdout, noise
    # Examples sit two columns in from the text, in every command.
    examples = [line for line in lines if line.strip().startswith("mdbudget ")]
    assert examples and all(line.startswith("   mdbudget ") for line in examples)
    # Every example the command's text gives is shown whole on one line, ready to copy.
    written = [line.strip() for line in docstring(command).splitlines() if "mdbudget " in line]
    assert written and [line for line in written if line not in {s.strip() for s in lines}] == []


@pytest.mark.parametrize("command", COMMANDS)
def test_help_cuts_no_word_at_any_width(run, command) -> None:
    # Only the "…" the help's own text holds: a wrapped line is never cut short.
    written = run(command, "--help", env={"COLUMNS": "300"}).stdout.count("…")
    for width in range(50, 130, 3):
        assert run(command, "--help", env={"COLUMNS": str(width)}).stdout.count("…") == written, width


def docstring(command: str) -> str:
    from mdbudget.cli import app

    (info,) = [c for c in app.registered_commands if (c.name or c.callback.__name__) == command]
    return info.callback.__doc__ or ""


def test_diff_help_exactly(run) -> None:
    text = run("diff", "--help", env={"COLUMNS": "80"}).stdout
    assert text.startswith(" Usage: mdbudget diff [OPTIONS] OLD NEW\n\n Compare two budget files")
    assert (
        "╭─ Arguments ──────────────────────────────────────────────────────────────────╮\n"
        "│ *    OLD        The earlier budget file; '-' reads standard input.           │\n"
        "│                 [required]                                                   │\n"
        "│ *    NEW        The later budget file; '-' reads standard input. [required]  │\n"
        "╰──────────────────────────────────────────────────────────────────────────────╯\n"
    ) in text
    assert "│ --all                       Show unchanged fields, projects and totals too.  │\n" in text


def test_shares_help_exactly(run) -> None:
    text = run("shares", "--help", env={"COLUMNS": "80"}).stdout
    assert (
        "│ --sort                 COLUMN  Row order by a column, as named in the JSON   │\n"
        "│                                or by a short alias: share (largest first),   │\n"
        "│                                order (as printed), projects, total,          │\n"
        "│                                allocation, id, name, name_en. Numbers go     │\n"
        "│                                largest first, text A→Z; --reverse turns it   │\n"
        "│                                round. The total and folded rows stay last.   │\n"
        "│                                [default: share]                              │\n"
        "│ --reverse                      With --sort: smallest first (text Z→A).       │\n"
        "│ --top                  N       Keep the N largest fields; fold the rest into │\n"
        "│                                one row.                                      │\n"
    ) in text
    assert "│ --json                         Shorthand for --format json.                  │\n" in text


def test_root_help_and_no_arguments(run) -> None:
    helped = run("--help", env={"COLUMNS": "80"})
    bare = run(env={"COLUMNS": "80"})
    assert (bare.exit_code, bare.stderr) == (0, "")
    assert bare.stdout == helped.stdout
    assert helped.stdout.startswith(" Usage: mdbudget [OPTIONS] COMMAND [ARGS]...\n\n Query and reconcile")
    assert "│ --version                       Print the version and exit.                  │" in helped.stdout
