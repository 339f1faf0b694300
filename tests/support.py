"""What the tests share: the shipped budget, the one CLI runner, the one way to start a
real process, the one TOML writer, and the lists the hostile-input, output-safety and
pipe tests run against.

COMMANDS is the one list of commands those tests run against a budget file with --file;
READERS adds diff and trend, which take their files as arguments (argv builds either command
line). A new command that reads a budget file is added here to be covered by all of them.
"""

from __future__ import annotations

import csv
import datetime
import functools
import gc
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import typer
import typer.main
import typer.testing
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_WHOLE = (ROOT / "budget.toml").read_text(encoding="utf-8")
# The shipped budget as the rules see it: without its closing [check] table, so the tests
# edit it and see every finding as the rules make it (accepting is tested on its own).
SHIPPED = SHIPPED_WHOLE[: SHIPPED_WHOLE.index("\n\n# --- What check accepts ---")] + "\n"


def edit(text: str, old: str, new: str, count: int = 1) -> str:
    """Replace ``old`` (which must occur) in budget text."""
    assert old in text, f"{old!r} not in the budget text"
    return text.replace(old, new, count)


# --- How many Hypothesis examples ---

# CI (CI=true, as GitHub Actions and most CI services set it) tries every property test's
# full count; a local run tries a quarter, for a quicker answer while working.
FULL_EXAMPLES = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def examples(full: int) -> int:
    """The number of examples for a property test whose full count is ``full``."""
    return full if FULL_EXAMPLES else max(10, full // 4)


# --- In-process runs ---


@functools.cache
def command_of(app: typer.Typer) -> Any:
    """The click command typer builds for ``app``: built once per process, not once per run
    (building it is most of the cost of a short in-process run)."""
    return typer.main.get_command(app)


class CliRunner(typer.testing.CliRunner):
    """typer's runner, with the command tree built once: every run behaves as typer's own."""

    def invoke(self, app: typer.Typer, *args: Any, **kwargs: Any) -> typer.testing.Result:  # type: ignore[override]
        command = command_of(app)
        build = typer.testing._get_command
        typer.testing._get_command = lambda _app: command  # what typer's invoke calls first
        try:
            return super().invoke(app, *args, **kwargs)
        finally:
            typer.testing._get_command = build


def invoke(
    args: Sequence[str],
    input: str | bytes | None = None,
    env: Mapping[str, str | None] | None = None,
    charset: str = "utf-8",
) -> typer.testing.Result:
    """Run mdbudget in-process, as the ``run`` fixture does (which also cleans the environment)."""
    from mdbudget.cli import app

    return CliRunner(charset=charset).invoke(app, list(args), input=input, env=env)


# Variables a developer's shell may set that would change what a test expects.
_UNSET = ("PYTHONIOENCODING", "COLUMNS", "NO_COLOR", "MDBUDGET_FILE", "MDBUDGET_DEBUG")


class Ran(NamedTuple):
    """What the console entry point did: its exit code and the bytes it wrote."""

    code: int
    stdout: bytes
    stderr: bytes


class Sink(io.BytesIO):
    """An output that takes ``room`` bytes, then fails with ``errno``: a pipe whose reader left
    (EPIPE: `| head -1` after the pipe's buffer filled) or a full disk (ENOSPC). The write that
    crosses the limit leaves what fitted, as the kernel would have taken it, and then fails."""

    def __init__(self, room: int, errno: int) -> None:
        super().__init__()
        self.room, self.errno = room, errno

    def write(self, data: Any) -> int:
        data = bytes(data)
        if self.tell() + len(data) > self.room:
            super().write(data[: max(0, self.room - self.tell())])
            raise OSError(self.errno, os.strerror(self.errno))
        return super().write(data)


class Terminal(io.BytesIO):
    """An output that is a terminal (isatty), as a pseudo-terminal is to a real process."""

    def isatty(self) -> bool:
        return True


CLOSED = "closed"  # a stream closed when mdbudget started (`>&-`): Python's sys.stdout is None


def run_main(
    *args: str,
    encoding: str = "utf-8",
    env: Mapping[str, str | None] | None = None,
    stdout: io.BytesIO | str | None = None,
    stderr: io.BytesIO | str | None = None,
) -> Ran:
    """The console entry point (`mdbudget.__main__.main`) in this process, on a console whose
    encoding is ``encoding`` (as PYTHONIOENCODING sets it), optionally writing into a Sink, a
    Terminal or a CLOSED stream: what a real process does after Python has set up its streams."""
    from mdbudget.__main__ import main

    runner = typer.testing.CliRunner(charset=encoding)
    with runner.isolation(env={**dict.fromkeys(_UNSET), **(env or {})}) as (out, err, _):
        held = [sys.stdout, sys.stderr]  # the entry point replaces them; closed if nothing held them
        for name, sink in (("stdout", stdout), ("stderr", stderr)):
            if sink == CLOSED:
                setattr(sys, name, None)
            elif isinstance(sink, io.BytesIO):
                held.append(io.TextIOWrapper(sink, encoding=encoding))  # type: ignore[arg-type]
                setattr(sys, name, held[-1])
        argv = sys.argv
        sys.argv = ["mdbudget", *args]
        code: Any = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code
        finally:
            sys.argv = argv
            gc.enable()  # the entry point turns the collector off for its one short run
        written = (stdout.getvalue() if isinstance(stdout, io.BytesIO) else out.getvalue(),
                   stderr.getvalue() if isinstance(stderr, io.BytesIO) else err.getvalue())  # fmt: skip
        del held
    return Ran(0 if code is None else code, *written)


# --- Real processes ---


def installed_script() -> str:
    """The mdbudget console script installed beside the running Python."""
    exe = shutil.which("mdbudget", path=os.path.dirname(sys.executable))
    assert exe, "the mdbudget console script is not installed next to this Python"
    return exe


def interruptible() -> None:
    """For Popen(preexec_fn=...): Ctrl-C as a terminal delivers it. A test run started in the
    background (`pytest &`, some CI runners) ignores SIGINT, and its children would inherit that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def process_env(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment without the variables that change output, plus ``env``."""
    base = {
        k: v for k, v in os.environ.items() if k not in _UNSET and not k.startswith(("_MDBUDGET", "_TYPER", "COMP_"))
    }
    return {**base, **(env or {})}


def run_script(
    *args: str, env: Mapping[str, str] | None = None, text: bool = True, timeout: float = 60, **kwargs: Any
) -> subprocess.CompletedProcess[Any]:
    """The installed console script as a real process, with a time limit: a hang fails the
    test instead of stalling the suite. ``text=False`` keeps stdout and stderr as bytes."""
    return subprocess.run(
        [installed_script(), *args], env=process_env(env), capture_output=True, text=text, timeout=timeout, **kwargs
    )


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
# `trend FILE FILE…` lines fiscal years up: the file under test (2025, as shipped) beside a
# small budget of 2031 in 천원, whose amounts are converted to the file under test's unit.
OTHER_YEAR = ROOT / "tests" / "fixtures" / "budget-2031.toml"
TREND: tuple[str, ...] = ("trend", str(OTHER_YEAR))
READERS: list[tuple[str, ...]] = [*COMMANDS, DIFF, TREND]
# The readers whose files are arguments: they take no --file and never read $MDBUDGET_FILE.
FILE_ARGUMENTS = ("diff", "trend")


def same_year(path: str) -> str:
    """What trend says when the file under test is of fiscal year 2031 too: a usage error (exit 2,
    nothing on stdout), not a problem of the file. The harness accepts this one message, for trend alone."""
    shown = "<stdin>" if path == "-" else path  # standard input is named as every message names it
    return f"mdbudget: {OTHER_YEAR} and {shown} are both fiscal year 2031; give one budget per year\n"


# The exit codes a command may end with on a budget it could read (0 ok, 1 failed).
DATA_EXITS = (0, 1)


def command_ids(commands: list[tuple[str, ...]] = COMMANDS) -> list[str]:
    return [c[0] for c in commands]


def argv(args: tuple[str, ...], path: str) -> list[str]:
    """The command line reading the budget at ``path`` (``-``: standard input)."""
    return [*args, path] if args[0] in FILE_ARGUMENTS else [*args, "--file", path]


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


# --- Writing TOML ---


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string: quotes, backslashes and control characters escaped."""
    out = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(f"\\u{ord(c):04x}" if ord(c) < 0x20 or ord(c) == 0x7F else c for c in out) + '"'


def toml_document(data: Mapping[str, Any]) -> str:
    """A minimal TOML writer: every top-level key as `key = <inline value>`."""
    return "".join(f"{toml_key(k)} = {toml_value(v)}\n" for k, v in data.items())


def toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else toml_string(key)


def toml_value(value: Any) -> str:
    """Any value parsed TOML holds (and NaN, infinities and odd Decimals) as an inline TOML value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal, float)):
        text = str(value).lower()
        return {"infinity": "inf", "-infinity": "-inf", "snan": "nan", "-nan": "nan", "-snan": "nan"}.get(text, text)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(type(value))


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
    sql's rows, whose keys are the query's, also hold the query's columns."""
    if command == "sql":
        assert isinstance(data, list) and all(isinstance(i, dict) and i.keys() >= _SQL for i in data), data
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


def doc_pages() -> list[Path]:
    """Every page of the documentation: the README (English, Korean), then docs/, in name order."""
    pages = [ROOT / "README.md", ROOT / "README.ko.md"]
    return [p for p in pages if p.exists()] + sorted((ROOT / "docs").glob("*.md"))


def doc_text() -> str:
    """All the documentation as one text, page after page."""
    return "\n".join(p.read_text(encoding="utf-8") for p in doc_pages())


def doc_section(start: str, end: str | None = None, page: str | None = None) -> str:
    """The section under the heading ``## start`` up to ``## end`` (or the end of its page), found in
    the one page that has it (or in ``page``, a path relative to the repository)."""
    heading = f"\n## {start}\n"
    texts = (
        [(ROOT / page).read_text(encoding="utf-8")] if page else [p.read_text(encoding="utf-8") for p in doc_pages()]
    )
    holding = [text for text in texts if heading in text]
    assert len(holding) == 1, f"{len(holding)} pages have the heading {start!r}"
    text = holding[0][holding[0].index(heading) :]
    stop = f"\n## {end}\n" if end else None
    return text[: text.index(stop)] if stop and stop in text else text


def readme_blocks(start: str, end: str) -> list[tuple[str, str]]:
    """The console examples (command, output) of the documentation between the headings ``start`` and ``end``."""
    import re

    section = doc_section(start, end)
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
