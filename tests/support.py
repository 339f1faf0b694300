"""What the hostile-input, output-safety and pipe tests share.

COMMANDS is the one list of commands those tests run against a budget file;
a new command that reads a budget file is added here to be covered by all of them.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import sys
from typing import Any

from conftest import ROOT, SHIPPED, edit

# Each entry: the arguments before --file/--format; exit 0 or 1 on a valid budget.
COMMANDS: list[tuple[str, ...]] = [
    ("total",),
    ("fields",),
    ("shares",),
    ("ratios",),
    ("project",),
    ("check",),
    ("export",),
    ("sql", "SELECT p.*, f.name AS field FROM projects p JOIN fields f ON f.id = p.field_id"),
]

# `diff OLD NEW` reads two files: the shipped budget as OLD, the file under test as NEW.
DIFF: tuple[str, ...] = ("diff", str(ROOT / "budget.toml"))
READERS: list[tuple[str, ...]] = [*COMMANDS, DIFF]

# The exit codes a command may end with on a budget it could read (0 ok, 1 failed).
DATA_EXITS = (0, 1)


def command_ids(commands: list[tuple[str, ...]] = COMMANDS) -> list[str]:
    return [c[0] for c in commands]


def argv(args: tuple[str, ...], path: str) -> list[str]:
    """The command line reading the budget at ``path`` (``-``: standard input)."""
    return [*args, path] if args[0] == "diff" else [*args, "--file", path]


def with_fields(n: int, claims: bool = False, name: str = "추가 {i}", failing: bool = False) -> str:
    """The shipped budget plus ``n`` fields of zero amounts, so every sum still reconciles.

    With ``claims``, each new field also gets a prose claim: one more `check`
    finding per field. ``failing`` makes each claim one project too many, so the
    finding fails and `check` shows it even in a terminal's shortened table.
    """
    parts = [SHIPPED]
    for i in range(n):
        label = toml_string(name.format(i=i))
        parts.append(
            f'\n[[fields]]\nid = "extra-{i}"\nname = {label}\nname_en = "Extra {i}"\n'
            'projects = 0\ntotal = 0\nallocation = 0\nsource = "test"\n'
        )
        if claims:
            parts.append(
                f'\n[[claims.fields]]\nfield = "extra-{i}"\ntext = {label}\nprojects = {int(failing)}\nsource = "test"\n'
            )
    return "".join(parts)


def with_projects(n: int, lead: str = "기관 {i}", budget: str = SHIPPED) -> str:
    """``budget`` plus ``n`` sample projects of zero amounts, each led by ``lead``."""
    parts = [budget]
    for i in range(n):
        parts.append(
            f'\n[[projects]]\nid = "extra-project-{i}"\nname = "추가 과제 {i}"\nfield = "ai-factory"\n'
            f"lead = {toml_string(lead.format(i=i))}\nperiod = {{ start = 2025, end = 2025 }}\n"
            'total = 0\nallocation = 0\nsource = "test"\n'
        )
    return "".join(parts)


def with_totals_source(text: str) -> str:
    """The shipped budget with ``text`` as the totals' source, which `total` shows in its caption."""
    return edit(SHIPPED, 'source = "참고2 표 총합 행"', f"source = {toml_string(text)}")


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string: quotes, backslashes and control characters escaped."""
    out = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(f"\\u{ord(c):04x}" if ord(c) < 0x20 or ord(c) == 0x7F else c for c in out) + '"'


def installed_script() -> str:
    """The mdbudget console script installed beside the running Python."""
    exe = shutil.which("mdbudget", path=os.path.dirname(sys.executable))
    assert exe, "the mdbudget console script is not installed next to this Python"
    return exe


# --- What valid output looks like, per command and format ---

# The keys each command's JSON object (or each item of its list) always has.
_TOTAL = {"unit", "year", "fields", "projects", "total", "allocation", "growth", "rows"}
_FIELD = {"unit", "year", "id", "name", "projects", "total", "allocation", "provisional", "source"}
_SHARES = {"unit", "year", "of", "projects", "total", "allocation", "rows"}
_RATIOS = {"unit", "year", "rows", "growth", "samples"}
_PROJECT = {"unit", "year", "id", "name", "field", "lead", "period", "total", "allocation", "source"}
_CHECK = {"file", "unit", "year", "ok", "strict", "checks", "errors", "warnings", "findings"}
_DIFF = {"files", "unit", "year", "same", "summary"}
_SQL = {"id", "name", "field_id", "lead", "total", "allocation", "field"}  # the columns of sql's query in COMMANDS
EXPORT_SECTIONS = {"total": "total", "fields": "fields", "shares": "shares", "ratios": "ratios"}
EXPORT_SECTIONS |= {"projects": "project", "check": "check"}


def assert_json_shape(command: str, data: Any) -> None:
    """``data`` has the documented shape of ``command``'s JSON: fields, project and sql a list of objects,
    the others one object; export one object holding each command's own shape."""
    if command in ("fields", "project", "sql"):
        keys = {"fields": _FIELD, "project": _PROJECT, "sql": _SQL}[command]
        assert isinstance(data, list) and all(isinstance(item, dict) and keys <= item.keys() for item in data), data
        return
    assert isinstance(data, dict), data
    if command == "export":
        assert data.keys() == {"unit", "year", *EXPORT_SECTIONS}, data.keys()
        for section, inner in EXPORT_SECTIONS.items():
            assert_json_shape(inner, data[section])
        return
    keys = {"total": _TOTAL, "shares": _SHARES, "ratios": _RATIOS, "check": _CHECK, "diff": _DIFF}[command]
    assert keys <= data.keys(), (command, sorted(data))
    if command == "check":
        assert isinstance(data["ok"], bool) and isinstance(data["findings"], list)
    elif command in ("shares", "ratios", "total"):
        assert isinstance(data["rows"], list)


def csv_blocks(text: str) -> list[list[list[str]]]:
    """The tables of a CSV output (several are separated by a blank line), each checked rectangular."""
    blocks = []
    for block in text.split("\n\n"):
        rows = list(csv.reader(io.StringIO(block), strict=True))
        assert rows and all(len(row) == len(rows[0]) for row in rows), block
        blocks.append(rows)
    return blocks


def markdown_tables(text: str) -> list[list[str]]:
    """The tables of a Markdown output (runs of `|` lines), each with one pipe count and a rule."""
    tables: list[list[str]] = []
    previous = False
    for line in text.splitlines():
        if line.startswith("|"):
            if not previous:
                tables.append([])
            tables[-1].append(line)
        previous = line.startswith("|")
    for table in tables:
        assert len(table) >= 2 and re.fullmatch(r"\|(-+:?\|)+", table[1]), table[:2]
        assert len({len(re.findall(r"(?<!\\)\|", line)) for line in table}) == 1, table
    return tables


def assert_valid_output(command: str, stdout: str, fmt: str) -> None:
    """``stdout`` is what ``fmt`` promises for ``command``."""
    if fmt == "json":
        assert_json_shape(command, json.loads(stdout))
    elif fmt == "csv":
        cells = [cell for rows in csv_blocks(stdout) for row in rows for cell in row]
        assert not any(cell.startswith(("=", "+", "-", "@")) and not _number(cell) for cell in cells)
    elif fmt == "markdown":
        assert markdown_tables(stdout)
    else:
        assert stdout.strip()


def _number(cell: str) -> bool:
    return re.fullmatch(r"-?\d+(\.\d+)?", cell) is not None
