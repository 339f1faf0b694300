"""`mdbudget export`: every section in the same shape as its own command."""

from __future__ import annotations

import json

import pytest

from conftest import SHIPPED

# Each section is named as the command that gives it alone.
SECTIONS = ["total", "fields", "shares", "ratios", "project", "check"]


@pytest.mark.parametrize("unit", ["억원", "jo"])
def test_json_sections_match_their_commands(run, unit) -> None:
    result = run("export", "--unit", unit)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["unit", "year", *SECTIONS]
    assert (data["unit"], data["year"]) == ({"억원": "억원", "jo": "조원"}[unit], 2025)
    for command in SECTIONS:
        args = [command, "--json"] + (["--unit", unit] if command != "check" else [])
        alone = run(*args)
        assert alone.exit_code == 0, alone.stderr
        assert data[command] == json.loads(alone.stdout), command


def test_csv_needs_a_folder(run) -> None:
    result = run("export", "--format", "csv")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "mdbudget: export --format csv writes one file per table: give a folder with --out DIR\n"


def test_csv_writes_one_file_per_table(run, tmp_path) -> None:
    out = tmp_path / "tables"
    result = run("export", "--format", "csv", "--out", str(out), "--bom")
    assert result.exit_code == 0, result.stderr
    names = [
        "total", "fields", "shares", "ratios", "ratios-programme", "ratios-growth", "ratios-samples", "project", "check",
    ]  # fmt: skip
    assert result.stderr == f"mdbudget: wrote 9 files to {out}: {', '.join(n + '.csv' for n in names)}\n"
    assert sorted(p.name for p in out.iterdir()) == sorted(n + ".csv" for n in names)
    # Each file is what the command alone writes (ratios: with --table).
    for name in names:
        command, _, table = name.partition("-")
        alone = run(command, "--format", "csv", "--bom", *(["--table", table] if table else []))
        assert (out / f"{name}.csv").read_text(encoding="utf-8") == alone.stdout, name


def test_json_into_a_folder(run, tmp_path) -> None:
    result = run("export", "--out", str(tmp_path))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"mdbudget: wrote {tmp_path / 'export.json'}\n"
    assert json.loads((tmp_path / "export.json").read_text(encoding="utf-8"))["total"]["allocation"] == 4787


def test_never_overwrites_the_budget_file(run, write, tmp_path) -> None:
    budget = write(SHIPPED, "total.csv")
    before = budget.read_bytes()
    result = run("export", "--file", str(budget), "--format", "csv", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == f"mdbudget: refusing to overwrite the budget file {budget}\n"
    assert budget.read_bytes() == before


def test_markdown_holds_every_table(run) -> None:
    result = run("export", "--format", "markdown", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    titles = [line for line in result.stdout.splitlines() if line.startswith("**")]
    assert titles == [
        "**Programme total — 2025**",
        "**Budget by field — 2025**",
        "**Each field's share of the 2025 allocation**",
        "**Ratios by field — 2025**",
        "**Growth — 2025 against 2023**",
        "**Sample projects (참고1)**",
        "**3 sample projects**",
        "**budget.toml — 2025 (KRW 100M)**",
    ]
