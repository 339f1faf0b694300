"""--help and --version: what a newcomer reads first."""

from __future__ import annotations

from importlib.metadata import version

import mdbudget

CHECK_EXAMPLES = [
    "mdbudget check",
    "mdbudget check --strict --file budget-2026.toml",
    "mdbudget check --format github    # in GitHub Actions",
    "mdbudget check --json | jq .error_count",
]


def test_version(run) -> None:
    result = run("--version")
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"mdbudget {mdbudget.__version__}\n", "")
    assert version("mdbudget") == mdbudget.__version__  # the package metadata reads the same one place


def panel_rows(text: str, title: str) -> list[str]:
    """The first word of each row inside a help panel such as ╭─ Checks ─╮."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"╭─ {title} ─"))
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("╰"))
    return [line.strip("│ ").split()[0] for line in lines[start + 1 : end] if line.startswith("│ ") and line[2] != " "]


def test_help_groups_commands_in_panels(run) -> None:
    result = run("--help", env={"COLUMNS": "140"})
    assert result.exit_code == 0
    assert "check" in panel_rows(result.stdout, "Checks")
    assert {"total", "fields", "shares", "ratios", "project"} <= set(panel_rows(result.stdout, "Queries"))
    assert "diff" in panel_rows(result.stdout, "Checks")
    assert "schema" in panel_rows(result.stdout, "Data")
    assert "schema" not in panel_rows(result.stdout, "Checks")
    assert "check    Reconcile every figure in the budget: sums, claims, samples, durations." in result.stdout


def test_check_help_has_a_summary_options_and_examples(run) -> None:
    result = run("check", "--help", env={"COLUMNS": "100"})
    assert result.exit_code == 0
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert "Reconcile every figure in the budget: sums, claims, samples, durations." in lines
    assert all(example in lines for example in CHECK_EXAMPLES)
    for option in ("--file", "--format", "--json", "--lang", "--strict", "--verbose", "--help"):
        assert any(line.startswith(f"│ {option} ") for line in lines), option
    assert "table, json, csv, markdown (md), or github" in result.stdout


def test_check_help_fits_60_columns(run) -> None:
    result = run("check", "--help", env={"COLUMNS": "60"})
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= 60
    lines = [line.strip() for line in result.stdout.splitlines()]
    # Paragraphs reflow to the width, and no example is broken across lines.
    assert all(example in lines for example in CHECK_EXAMPLES)
    assert "Lists every finding with the budget.toml line it concerns." in lines
    assert "│ --format            FORMAT  Output format: table, json,  │" in result.stdout


def test_every_command_has_a_one_line_summary_and_examples(run) -> None:
    for command in ("check", "schema"):
        result = run(command, "--help", env={"COLUMNS": "100"})
        assert result.exit_code == 0
        assert "Examples:" in result.stdout
        assert f"  mdbudget {command}" in result.stdout
