"""What the hostile-input, output-safety and pipe tests share.

COMMANDS is the one list of commands those tests run against a budget file;
a new command that reads a budget file is added here to be covered by all of them.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
import shutil
import sys
from typing import Any

from jsonschema import Draft202012Validator

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
                f'\n[[claims.fields]]\nfield = "extra-{i}"\ntext = {toml_string(name.format(i=i) + f"({int(failing)}개 과제)")}\n'
                f'projects = {int(failing)}\nsource = "test"\n'
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

SCHEMAS = ROOT / "schemas"


@functools.cache
def validator(command: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{command}.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


# sql's rows are the query's own columns: the keys of the query in COMMANDS.
_SQL = {"id", "name", "field_id", "lead", "total", "allocation", "field"}


def assert_json_shape(command: str, data: Any) -> None:
    """``data`` is valid against the published schema of ``command``'s JSON (schemas/COMMAND.schema.json);
    sql, whose rows are the query's, is a list of objects with the query's columns."""
    if command == "sql":
        assert isinstance(data, list) and all(isinstance(i, dict) and i.keys() >= _SQL for i in data), data
        return
    errors = [f"{e.json_path}: {e.message}" for e in validator(command).iter_errors(data)]
    assert not errors, errors[:5]


def csv_rows(text: str) -> list[list[str]]:
    """A CSV output as rows, checked to be one table: one width, no blank rows, a header."""
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), strict=True))
    assert rows, text
    assert all(len(row) == len(rows[0]) for row in rows), text
    assert all(row != [""] * len(row) for row in rows), text  # nothing a reader would take for a gap
    assert "\n\n" not in text
    return rows


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
        cells = [cell for row in csv_rows(stdout) for cell in row]
        assert not any(cell.startswith(("=", "+", "-", "@")) and not _number(cell) for cell in cells)
    elif fmt == "markdown":
        # Two budgets that match have nothing to tabulate: the closing lines say so.
        same = command == "diff" and stdout.endswith(
            ("같음: 두 파일의 내용이 일치함\n", "same: the files match in substance\n")
        )
        assert markdown_tables(stdout) or same
    else:
        assert stdout.strip()


def _number(cell: str) -> bool:
    return re.fullmatch(r"-?\d+(\.\d+)?", cell) is not None


def readme_blocks(start: str, end: str) -> list[tuple[str, str]]:
    """The console examples (command, output) of the README between the headings ``start`` and ``end``."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index(f"\n## {start}\n") : readme.index(f"\n## {end}\n")]
    return re.findall(r"```console\n\$ ([^\n]*)\n((?:(?!```)[^\n]*\n)*)```", section)


def run_in(folder: Any, command: str) -> str:
    """What ``command`` prints (stdout and stderr, as a terminal shows them) run by bash in ``folder``."""
    import subprocess

    bin_dir = os.path.dirname(sys.executable)
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR", "MDBUDGET_FILE", "MDBUDGET_DEBUG")}
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    done = subprocess.run(
        ["bash", "-c", f"{{ {command} ; }} 2>&1"], cwd=folder, env=env, capture_output=True, text=True, timeout=60
    )
    return done.stdout
