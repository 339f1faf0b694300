"""Names from the budget file are data: never markup, never terminal commands, never formulas."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from support import (
    READERS,
    argv,
    assert_json_shape,
    assert_valid_output,
    command_ids,
    csv_rows,
    toml_string,
    with_fields,
    with_projects,
    with_totals_source,
)

from conftest import ROOT, SHIPPED, edit
from mdbudget.formats import render
from mdbudget.formats.cells import neutralise
from mdbudget.formats.csv import CsvTable, format_table
from mdbudget.reports.views import Column, Table

# What a hostile (or careless) budget file could put in a name.
NASTY = {
    "rich markup": "[bold red]x[/]",
    "rich link": "[link=https://x]y[/link]",
    "ANSI colour": "\x1b[5mBLINK\x1b[0m",
    "OSC 8 hyperlink": "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07",
    "carriage return": "safe\roverwritten",
    "backspace": "ab\x08\x08XY",
    "C1 CSI": "\x9b5mC1",
    "DEL and C1 NEL": "a\x7fb\x85c",
    "bidi override": "abc\u202edcba\u202c",
    "bidi isolate": "\u2066x\u2069\u2067y\u2069",
    "zero-width": "ad\u200bmin\u200d\ufeff",
}
# A terminal acts on ESC, BEL, CR, BS, DEL and C1; a bidi override reorders what follows;
# zero-width characters hide inside a name. None may reach a person raw.
ACTIVE = ("\x1b", "\x07", "\r", "\x08", "\x9b", "\x7f", "\x85", "\u202e", "\u2066", "\u200b", "\ufeff")


class Fake:
    """A minimal result object, shaped like those of every command."""

    def __init__(self, text: str) -> None:
        self.text = text

    def data(self) -> dict:
        return {"name": self.text, "amount": 4787, "share": Decimal("0.251932")}

    def tables(self, lang: str) -> list[Table]:
        columns = (Column("name", self.text), Column("amount", "amount", "amount"), Column("share", "share", "ratio"))
        rows = ((self.text, 4787, Decimal("0.251932")), ("plain", -10, Decimal("0.5")))
        return [Table(self.text, columns, rows, total=("total", 4777, Decimal(1)), notes=(self.text,))]


@pytest.mark.parametrize("name", NASTY.values(), ids=NASTY.keys())
@pytest.mark.parametrize("color", [False, True], ids=["plain", "colour"])
def test_table_formatter_shows_names_inert(name, color) -> None:
    out = render(Fake(name), "table", width=300, color=color)
    # With colour on, rich writes its own colour codes (ESC [ 3x m); nothing else may act.
    own_colours = re.sub(r"\x1b\[[0-9;]*m", "", out) if color else out
    assert not any(char in own_colours for char in ACTIVE)
    assert "\x1b[5m" not in out and "\x1b]8" not in out
    if not any(char in name for char in ACTIVE):
        assert name in out  # markup shown as typed, not applied
    else:
        assert neutralise(name) in out  # each control character shown as \xNN


@pytest.mark.parametrize("name", NASTY.values(), ids=NASTY.keys())
def test_markdown_formatter_escapes_names(name) -> None:
    out = render(Fake(name), "markdown")
    assert not any(char in out for char in ACTIVE)
    if name == "[bold red]x[/]":
        assert "| \\[bold red\\]x\\[/\\] | 4,787 | 25.2% |" in out


@pytest.mark.parametrize("name", NASTY.values(), ids=NASTY.keys())
def test_json_and_csv_write_names_faithfully(name) -> None:
    text = render(Fake(name), "json")
    assert not any(char in text for char in ACTIVE)  # JSON escapes them: \u001b, \r, \u202e ...
    assert json.loads(text) == {"name": name, "amount": 4787, "share": 0.251932}
    table = CsvTable(
        "t", ("name", "amount", "share"), ((name, 4787, Decimal("0.251932")), ("plain", -10, Decimal("0.5")))
    )
    text = format_table(table)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["name", "amount", "share"], [name, "4787", "0.251932"], ["plain", "-10", "0.5"]]
    if "\r" in name:  # a spreadsheet breaks the line at a bare CR; quoted, it stays in its cell
        assert f'"{name}",4787,0.251932\n' in text


FORMULAS = ["=1+1", "+1", "-1", "@SUM(A1:A9)", "\t=1", "\r=1", '=HYPERLINK("https://x","y")']


@pytest.mark.parametrize("cell", FORMULAS)
def test_csv_guards_formula_cells_and_leaves_numbers_alone(cell) -> None:
    table = CsvTable(
        "t", ("name", "amount", "share"), ((cell, 4787, Decimal("0.251932")), ("plain", -10, Decimal("0.5")))
    )
    rows = list(csv.reader(io.StringIO(format_table(table))))
    assert rows[1] == ["'" + cell, "4787", "0.251932"]
    assert rows[2] == ["plain", "-10", "0.5"]  # a negative number is a number, not a formula


NAME_CASES = {**NASTY, "formula": '=HYPERLINK("https://x","y")'}


def budget_showing(command: str, name: str) -> str:
    """A budget with ``name`` where ``command`` shows user text.

    total shows no field: its caption and JSON carry the totals' source. project shows
    sample projects: a project's lead (and so does sql's query in COMMANDS). The rest show field names (check: a claim's
    text, in the message of that claim's finding; trend: the field's row, gone by 2031).
    """
    if command == "total":
        return with_totals_source(name)
    if command in ("project", "sql"):
        return with_projects(1, lead=name)
    return with_fields(1, claims=True, name=name)


# diff has its own test below: a budget with a field added differs from the shipped one (exit 1).
SHOWING = [args for args in READERS if args[0] != "diff"]


@pytest.mark.parametrize("args", SHOWING, ids=command_ids(SHOWING))
@pytest.mark.parametrize("name", NAME_CASES.values(), ids=NAME_CASES.keys())
def test_names_from_the_budget_file_through_every_format(run, write, tmp_path, args, name) -> None:
    path = str(write(budget_showing(args[0], name)))
    table = run(*argv(args, path), "--format", "table", env={"COLUMNS": "400"})
    assert table.exit_code == 0, table.stderr
    assert not any(char in table.stdout for char in ACTIVE)
    assert neutralise(name) in table.stdout  # as typed; a control character as \xNN
    markdown = run(*argv(args, path), "--format", "markdown")
    assert markdown.exit_code == 0, markdown.stderr
    assert not any(char in markdown.stdout for char in ACTIVE)
    assert_valid_output(args[0], markdown.stdout, "markdown")

    # JSON carries the name exactly, in the command's own shape.
    data = json.loads(run(*argv(args, path), "--json").stdout)
    assert_json_shape(args[0], data)
    assert any(name in value for value in _strings(data))
    if args[0] == "export":  # its CSV is one file per table, in the folder given with --out
        out = tmp_path / "out"
        assert run(*argv(args, path), "--format", "csv", "--out", str(out)).exit_code == 0
        texts = [file.read_bytes().decode() for file in sorted(out.iterdir())]  # CR kept
    else:
        texts = [run(*argv(args, path), "--format", "csv").stdout]
    cells = [cell for text in texts for row in csv_rows(text) for cell in row]
    if name.startswith("="):
        assert any(cell.startswith("'" + name) for cell in cells)
        assert not any(cell.startswith("=") for cell in cells)
    else:
        assert any(name in cell for cell in cells)


def _strings(data: object) -> list[str]:
    if isinstance(data, dict):
        return [s for v in data.values() for s in _strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    return [data] if isinstance(data, str) else []


@pytest.mark.parametrize("name", NASTY.values(), ids=NASTY.keys())
def test_github_annotations_show_controls_inert(run, write, name) -> None:
    path = write(with_fields(1, claims=True, failing=True, name=name))
    result = run("check", "--file", str(path), "--format", "github")
    assert result.exit_code == 1, result.stderr
    assert "::error " in result.stdout
    assert not any(char in result.stdout for char in ACTIVE)  # not in a CI log raw


@pytest.mark.parametrize("name", NASTY.values(), ids=NASTY.keys())
def test_diff_shows_names_inert(run, write, name) -> None:
    path = write(edit(SHIPPED, 'name = "AI 팩토리"', f"name = {toml_string(name)}"))  # a renamed field
    for fmt in ("table", "markdown"):
        result = run("diff", str(ROOT / "budget.toml"), str(path), "--format", fmt, env={"COLUMNS": "300"})
        assert result.exit_code == 1, result.stderr
        assert not any(char in result.stdout for char in ACTIVE)
        # The name is there, shown inert (Markdown adds its own backslashes: compare without any).
        assert neutralise(name).replace("\\", "") in result.stdout.replace("\\", "")
    data = run("diff", str(ROOT / "budget.toml"), str(path), "--json").stdout
    assert not any(char in data for char in ACTIVE)


@pytest.mark.parametrize("name", NASTY.values(), ids=NASTY.keys())
def test_a_file_path_is_not_echoed_raw(run, tmp_path, name) -> None:
    name = name.replace("/", "_")
    result = run("total", "--file", str(tmp_path / f"{name}.toml"))
    assert result.exit_code == 2
    assert result.stderr.endswith(f"{neutralise(name)}.toml: no such file\n")
    assert not any(char in result.stderr for char in ACTIVE)


def test_one_rule_for_people_one_escape_for_json() -> None:
    from mdbudget.safe import json_escape

    assert neutralise("a\u202eb\u200bc\x7fd\x85e\tf\ng") == "a\\u202eb\\u200bc\\x7fd\\x85e\tf\ng"
    assert neutralise("b\udcff.toml") == "b\ufffd.toml"  # a file name that was not UTF-8
    escaped = json_escape(json.dumps({"k": "a\u202eb\x85\x7f\u2028"}, ensure_ascii=False))
    assert escaped == '{"k": "a\\u202eb\\u0085\\u007f\\u2028"}'
    assert json.loads(escaped) == {"k": "a\u202eb\x85\x7f\u2028"}
