"""Thousands of mangled budget files: the exit code is 0, 1 or 2, never a traceback,
and whatever is printed on stdout is valid in the format asked for, in the shape of
the command that printed it. Every command that reads a budget file takes them,
diff as NEW against the shipped budget, trend beside a budget of fiscal year 2031.

Derandomized and without an example database, so every CI run tries the same inputs.
"""

from __future__ import annotations

import datetime
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import tomli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import (
    FULL_EXAMPLES,
    READERS,
    SHIPPED,
    argv,
    assert_valid_output,
    examples,
    invoke,
    same_year,
    toml_document,
)

# Inputs per test in CI: 2,050 in all. Each test counts the inputs it ran itself, so
# it holds whichever process runs it and whatever else runs (pytest -n).
EXAMPLES = {"byte_flips": 500, "lines": 400, "values": 400, "numbers": 300, "documents": 450}

BASE = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def profile(name: str) -> settings:
    return settings(BASE, max_examples=examples(EXAMPLES[name]))


class Tally:
    """What one property test ran: inputs, commands, exit codes."""

    def __init__(self) -> None:
        self.commands: Counter[str] = Counter()
        self.codes: Counter[int] = Counter()


TALLY: Tally | None = None


@contextmanager
def counted(name: str) -> Iterator[Tally]:
    """Count the inputs the test body runs; afterwards, they are at least its example count
    and every command took a fair part of them (the claim "2,050 inputs" is counted, not assumed)."""
    global TALLY
    TALLY = tally = Tally()
    try:
        yield tally
    finally:
        TALLY = None
    runs = sum(tally.commands.values())
    print(f"{name}: {runs} inputs; exit codes {dict(tally.codes)}; {dict(tally.commands)}")
    assert runs >= examples(EXAMPLES[name]), (runs, dict(tally.commands))
    if FULL_EXAMPLES:  # a quarter of the examples (a local run) is too few to spread evenly
        assert tally.commands.keys() == {args[0] for args in READERS}, dict(tally.commands)
        # About a tenth each; a tenth of that is far outside chance (binomial, 300 draws or more).
        assert min(tally.commands.values()) >= runs // (10 * len(READERS)), dict(tally.commands)


def run_counted(name: str, test: Callable[[], None], codes: dict[int, float]) -> None:
    """Run the Hypothesis ``test``, counted; each exit code in ``codes`` ends at least that share
    of its inputs (the inputs are neither all valid nor all rejected)."""
    with counted(name) as tally:
        test()
    runs = sum(tally.codes.values())
    for code, share in codes.items():
        # A quarter of the examples (a local run) draws a different few inputs in each process
        # order, too few for a share to hold: there each code need only occur.
        wanted = max(1, share * runs) if FULL_EXAMPLES else 1
        assert tally.codes[code] >= wanted, (code, dict(tally.codes))


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
# Drawn from a wide integer, not sampled_from: Hypothesis draws a list's first items far more
# often than its last, and a command drawn a handful of times in 300 is a command barely tested.
COMMAND = st.integers(0, 2**32 - 1).map(lambda i: COMMAND_FORMATS[i % len(COMMAND_FORMATS)])
HOSTILE_VALUES = [
    "-1", "0", "nan", "-inf", "1516.0", "1.5e3", '"1,516"', "10000000000000000000", "9" * 5000, "[]", "{}",
    "true", '""', "2025-13-45", "2025-05-28", '"\\u001b[31mred"', '"=1+1"', "0x10", "1_000", "[1, 2", '"x', "[[]]",
    "{ start = 2028, end = 2024 }", '"' + "z" * 20_000 + '"',
]  # fmt: skip
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
KEYS = sorted({k for line in LINES if (m := re.match(r"^([a-z_]+) = ", line)) for k in [m.group(1)]})


def try_input(content: bytes, command: tuple[tuple[str, ...], str], *options: str) -> None:
    """Run one input and check everything a script relies on."""
    args, fmt = command
    result = invoke([*argv(args, "-"), "--format", fmt, *options], input=content)
    stdout, stderr, code = result.stdout, result.stderr, result.exit_code
    if TALLY is not None:
        TALLY.commands[args[0]] += 1
        TALLY.codes[code] += 1
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert code in (0, 1, 2), (code, stderr)
    assert "Traceback" not in stderr and "Exception ignored" not in stderr
    # No colour when piped; no control sequence from the file, except inside a CSV cell, which
    # keeps a name's characters exactly as data does (test_output_safety: written faithfully).
    assert "\x1b" not in (stderr if fmt == "csv" else stdout + stderr)
    if code == 2:
        if args[0] == "trend" and stderr == same_year("-"):
            # The input is of the other file's fiscal year: a usage error, which has no JSON answer.
            assert stdout == ""
            return
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
def byte_flips(flips, command) -> None:
    content = bytearray(SHIPPED_BYTES)
    for offset, value in flips:
        content[offset] = value
    try_input(bytes(content), command)


def test_byte_flips() -> None:
    run_counted("byte_flips", byte_flips, codes={0: 0.1, 2: 0.5})


LINE_OPS = st.tuples(st.sampled_from(["drop", "duplicate", "swap", "move"]), st.integers(0, len(LINES) - 1),
                     st.integers(0, len(LINES) - 1))  # fmt: skip


@profile("lines")
@given(ops=st.lists(LINE_OPS, min_size=1, max_size=5), crlf=st.booleans(), bom=st.booleans(), command=COMMAND)
def dropped_duplicated_and_moved_lines(ops, crlf, bom, command) -> None:
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
    try_input((b"\xef\xbb\xbf" if bom else b"") + text.encode(), command)


def test_dropped_duplicated_and_moved_lines() -> None:
    run_counted("lines", dropped_duplicated_and_moved_lines, codes={0: 0.1, 2: 0.5})


@profile("values")
@given(
    swaps=st.lists(st.tuples(st.sampled_from(VALUE_LINES), st.sampled_from(VALUE_LINES)), max_size=3),
    hostile=st.lists(st.tuples(st.sampled_from(VALUE_LINES), st.sampled_from(HOSTILE_VALUES)), max_size=2),
    command=COMMAND,
)  # fmt: skip
def swapped_and_hostile_values(swaps, hostile, command) -> None:
    lines = list(LINES)
    key_of = lambda i: lines[i].split(" = ", 1)[0]  # noqa: E731
    value_of = lambda i: lines[i].split(" = ", 1)[1]  # noqa: E731
    for i, j in swaps:
        lines[i], lines[j] = f"{key_of(i)} = {value_of(j)}", f"{key_of(j)} = {value_of(i)}"
    for i, value in hostile:
        lines[i] = f"{key_of(i)} = {value}"
    try_input("\n".join(lines).encode(), command)


def test_swapped_and_hostile_values() -> None:
    run_counted("values", swapped_and_hostile_values, codes={0: 0.1, 2: 0.5})


@profile("numbers")
@given(
    numbers=st.lists(st.tuples(st.sampled_from(NUMBER_LINES), st.integers(0, 3000)), min_size=1, max_size=3),
    strict=st.booleans(), command=COMMAND,
)  # fmt: skip
def changed_numbers(numbers, strict, command) -> None:
    # Whole numbers in range: the file stays valid, so these reach the reports and the formats.
    lines = list(LINES)
    for i, value in numbers:
        lines[i] = f"{lines[i].split(' = ', 1)[0]} = {value}"
    strict = strict and command[0] == ("check",)  # only check has --strict (fail on warnings too)
    try_input("\n".join(lines).encode(), command, *(["--strict"] if strict else []))


def test_changed_numbers() -> None:
    run_counted("numbers", changed_numbers, codes={0: 0.2, 1: 0.1, 2: 0.2})


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
    return toml_document(data).encode()


@profile("documents")
@given(content=documents(), command=COMMAND)
def random_documents(content, command) -> None:
    try_input(content, command)


def test_random_documents() -> None:
    run_counted("documents", random_documents, codes={2: 0.9})


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
