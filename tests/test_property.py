"""Thousands of mangled budget files: the exit code is 0, 1 or 2, never a traceback,
and whatever is printed on stdout is valid in the format asked for, in the shape of
the command that printed it. Every command that reads a budget file takes them,
diff as NEW against the shipped budget.

Derandomized and without an example database, so every CI run tries the same inputs.
"""

from __future__ import annotations

import datetime
import json
import re
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
import tomli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import READERS, argv, assert_valid_output
from typer.testing import CliRunner

from conftest import SHIPPED
from mdbudget.cli import app

RUNS: Counter[str] = Counter()  # inputs actually run, per test
COMMANDS_RUN: Counter[str] = Counter()  # and per command
CODES: Counter[int] = Counter()  # their exit codes
MINIMUM_RUNS = 2000
EXAMPLES = {"byte_flips": 500, "lines": 400, "values": 400, "numbers": 300, "documents": 450}

BASE = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def profile(name: str) -> settings:
    return settings(BASE, max_examples=EXAMPLES[name])


SHIPPED_BYTES = SHIPPED.encode()
LINES = SHIPPED.split("\n")
VALUE_LINES = [i for i, line in enumerate(LINES) if re.match(r"^[a-z_]+ = ", line)]
NUMBER_LINES = [i for i, line in enumerate(LINES) if re.match(r"^[a-z_]+ = \d+\s*(#.*)?$", line)]
SHIPPED_DATA = tomli.loads(SHIPPED)

# (command, format): export's CSV is written to files (--out), so it is left out here.
# check and diff first: Hypothesis draws the first choices most often, and those two
# are the commands that can fail (exit 1) on a file that loads.
ORDER = sorted(READERS, key=lambda args: args[0] not in ("check", "diff"))
COMMAND_FORMATS = [
    (args, fmt) for args in ORDER for fmt in ("table", "json", "csv", "markdown") if (args[0], fmt) != ("export", "csv")
]
COMMAND = st.sampled_from(COMMAND_FORMATS)
HOSTILE_VALUES = [
    "-1", "0", "nan", "-inf", "1516.0", "1.5e3", '"1,516"', "10000000000000000000", "9" * 5000, "[]", "{}",
    "true", '""', "2025-13-45", "2025-05-28", '"\\u001b[31mred"', '"=1+1"', "0x10", "1_000", "[1, 2", '"x', "[[]]",
    "{ start = 2028, end = 2024 }", '"' + "z" * 20_000 + '"',
]  # fmt: skip
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
KEYS = sorted({k for line in LINES if (m := re.match(r"^([a-z_]+) = ", line)) for k in [m.group(1)]})


def invoke(name: str, content: bytes, command: tuple[tuple[str, ...], str], *options: str) -> None:
    """Run one input and check everything a script relies on."""
    args, fmt = command
    RUNS[name] += 1
    COMMANDS_RUN[args[0]] += 1
    result = CliRunner().invoke(app, [*argv(args, "-"), "--format", fmt, *options], input=content)
    stdout, stderr, code = result.stdout, result.stderr, result.exit_code
    CODES[code] += 1
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert code in (0, 1, 2), (code, stderr)
    assert "Traceback" not in stderr and "Exception ignored" not in stderr
    assert "\x1b" not in stdout + stderr  # no colour when piped; no control sequence from the file
    if code == 2:
        if fmt == "json":
            # A script still gets a document to read: {"ok": false, "problems": [...]}.
            answer = json.loads(stdout)
            assert answer["ok"] is False and answer["problems"], answer
        else:
            assert stdout == ""
        assert stderr and all(line.startswith(("<stdin>", "mdbudget: ")) for line in stderr.splitlines()), stderr
        assert len(stderr) < 20_000  # even 5,000-digit numbers and 20,000-character strings are cut
        return
    assert_valid_output(args[0], stdout, fmt)


@profile("byte_flips")
@given(flips=st.lists(st.tuples(st.integers(0, len(SHIPPED_BYTES) - 1), st.integers(0x20, 0x7E) | st.integers(0, 255)),
                     min_size=1, max_size=6),
       command=COMMAND)  # fmt: skip
def test_byte_flips(flips, command) -> None:
    content = bytearray(SHIPPED_BYTES)
    for offset, value in flips:
        content[offset] = value
    invoke("byte_flips", bytes(content), command)


LINE_OPS = st.tuples(st.sampled_from(["drop", "duplicate", "swap", "move"]), st.integers(0, len(LINES) - 1),
                     st.integers(0, len(LINES) - 1))  # fmt: skip


@profile("lines")
@given(ops=st.lists(LINE_OPS, min_size=1, max_size=5), crlf=st.booleans(), bom=st.booleans(), command=COMMAND)
def test_dropped_duplicated_and_moved_lines(ops, crlf, bom, command) -> None:
    lines = list(LINES)
    for op, i, j in ops:
        i, j = i % len(lines), j % len(lines)
        if op == "drop":
            del lines[i]
        elif op == "duplicate":
            lines.insert(j, lines[i])
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines.insert(j, lines.pop(i))
    text = ("\r\n" if crlf else "\n").join(lines)
    invoke("lines", (b"\xef\xbb\xbf" if bom else b"") + text.encode(), command)


@profile("values")
@given(
    swaps=st.lists(st.tuples(st.sampled_from(VALUE_LINES), st.sampled_from(VALUE_LINES)), max_size=3),
    hostile=st.lists(st.tuples(st.sampled_from(VALUE_LINES), st.sampled_from(HOSTILE_VALUES)), max_size=2),
    command=COMMAND,
)  # fmt: skip
def test_swapped_and_hostile_values(swaps, hostile, command) -> None:
    lines = list(LINES)
    key_of = lambda i: lines[i].split(" = ", 1)[0]  # noqa: E731
    value_of = lambda i: lines[i].split(" = ", 1)[1]  # noqa: E731
    for i, j in swaps:
        lines[i], lines[j] = f"{key_of(i)} = {value_of(j)}", f"{key_of(j)} = {value_of(i)}"
    for i, value in hostile:
        lines[i] = f"{key_of(i)} = {value}"
    invoke("values", "\n".join(lines).encode(), command)


@profile("numbers")
@given(
    numbers=st.lists(st.tuples(st.sampled_from(NUMBER_LINES), st.integers(0, 3000)), min_size=1, max_size=3),
    strict=st.booleans(), command=COMMAND,
)  # fmt: skip
def test_changed_numbers(numbers, strict, command) -> None:
    # Whole numbers in range: the file stays valid, so these reach the reports and the formats.
    lines = list(LINES)
    for i, value in numbers:
        lines[i] = f"{lines[i].split(' = ', 1)[0]} = {value}"
    strict = strict and command[0] == ("check",)  # only check has --strict (fail on warnings too)
    invoke("numbers", "\n".join(lines).encode(), command, *(["--strict"] if strict else []))


# Leaves a TOML value can hold; documents are built from the schema's own keys so
# they get past the parser and exercise validation and the reports.
LEAVES = st.one_of(
    st.integers(-(10**20), 10**20),
    st.integers(0, 2000),
    st.decimals(allow_nan=True, allow_infinity=True, places=3),
    TEXT,
    st.booleans(),
    st.dates(min_value=datetime.date(1, 1, 1)),
)
DOCUMENT_VALUES = st.recursive(
    LEAVES,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.sampled_from(KEYS) | TEXT, children, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    if draw(st.booleans()):
        # The shipped budget with a few leaves replaced: mostly valid, subtly wrong.
        data = _restore(SHIPPED_DATA)
        for _ in range(draw(st.integers(1, 4))):
            _replace_leaf(data, draw(st.integers(0, 10_000)), draw(DOCUMENT_VALUES))
    else:
        data = draw(st.dictionaries(st.sampled_from(["program", "totals", "fields", "claims", *KEYS]) | TEXT,
                                    DOCUMENT_VALUES, max_size=6))  # fmt: skip
    return dump(data).encode()


@profile("documents")
@given(content=documents(), command=COMMAND)
def test_random_documents(content, command) -> None:
    invoke("documents", content, command)


def test_inputs_run_count(request) -> None:
    """The claim "at least 2,000 inputs per run" is counted, not assumed."""
    names = {item.name for item in request.session.items}
    property_tests = {"test_byte_flips", "test_dropped_duplicated_and_moved_lines", "test_swapped_and_hostile_values",
                      "test_changed_numbers", "test_random_documents"}  # fmt: skip
    if not property_tests <= names:
        pytest.skip("only some property tests were selected")
    print(f"property inputs run: {sum(RUNS.values())} {dict(RUNS)}; exit codes {dict(CODES)}; {dict(COMMANDS_RUN)}")
    assert sum(RUNS.values()) >= MINIMUM_RUNS, dict(RUNS)
    # Spread across the commands: each takes a fair part of them.
    assert COMMANDS_RUN.keys() == {args[0] for args in READERS}, dict(COMMANDS_RUN)
    assert min(COMMANDS_RUN.values()) >= MINIMUM_RUNS // (3 * len(READERS)), dict(COMMANDS_RUN)
    # Each outcome is reached many times: the inputs are neither all valid nor all rejected.
    assert min(CODES[0], CODES[1], CODES[2]) >= 50, dict(CODES)


def _restore(value: Any) -> Any:
    """A deep copy of parsed TOML."""
    if isinstance(value, dict):
        return {k: _restore(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_restore(v) for v in value]
    return value


def _replace_leaf(data: Any, pick: int, new: Any) -> None:
    leaves = []

    def walk(node: Any) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            if isinstance(value, (dict, list)) and value:
                walk(value)
            else:
                leaves.append((node, key))

    walk(data)
    node, key = leaves[pick % len(leaves)]
    node[key] = new


def dump(data: dict) -> str:
    """A minimal TOML writer: every top-level key as `key = <inline value>`."""
    return "".join(f"{_key(k)} = {_value(v)}\n" for k, v in data.items())


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal, float)):
        text = str(value).lower()
        return {"infinity": "inf", "-infinity": "-inf", "snan": "nan", "-nan": "nan", "-snan": "nan"}.get(text, text)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON's escapes are TOML's
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(type(value))
