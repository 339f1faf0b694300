"""Hostile values under every key, and mangled structure: thousands of budgets, in-process.

tests/test_property.py runs mangled copies of the shipped budget through the command
line. This file runs many more, and faster: a small budget that still has every key
is mutated at the value level (each key × each hostile value: huge, tiny, hex,
fullwidth, control and bidi characters, ...) and at the structure level (keys moved
between tables, headers doubled, arrays and tables swapped, header-like lines in
multi-line strings), then loaded, reported and formatted without a process or a CLI
runner. A budget either loads and every report and format works, or it is refused
with short, located messages: never another exception, never an unbounded output.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import examples

from mdbudget.errors import BudgetError, NoMatch
from mdbudget.formats import render
from mdbudget.loading.load import parse
from mdbudget.reports.diff import diff
from mdbudget.reports.export import export
from mdbudget.reports.fields import fields
from mdbudget.reports.project import project
from mdbudget.reports.shares import shares

# Inputs run (values, combined, structure) and their outcomes (loaded, refused), counted by
# each test for itself: more than 3,000 here, with test_property.py's 2,050 more than 5,000.
RUNS: Counter[str] = Counter()
OUTCOMES: Counter[str] = Counter()

SMALL = """\
[program]
title = "작은 예산"
title_en = "A small budget"
ministry = "부처"
ministry_en = "Ministry"
release_date = 2025-05-28
fiscal_year = 2025
unit = "억원"
source_file = "small.txt"
notes = ["메모"]

[totals]
projects = 3
total = 30
allocation = 12
source = "표"

[totals.split]
continuing = 2
new = 1
source = "본문"

[baseline]
year = 2023
allocation = 6
source = "본문"

[claims.growth]
text = "2배 증가"
multiple = 2.0
source = "본문"

[claims.headline]
text = "10억원"
amount = 10
rounded_to = 10
source = "제목"

[[claims.fields]]
field = "alpha"
text = "가나(2개 과제, 8억원)"
projects = 2
total = 20
allocation = 8
source = "본문"

[[fields]]
id = "alpha"
name = "가나"
name_en = "Alpha AI"
aliases = ["가나AI"]
projects = 2
total = 20
allocation = 8
provisional = true
source = "표"

[[fields]]
id = "beta"
name = "다라"
name_en = "Beta Training"
projects = 1
total = 10
allocation = 4
source = "표"

[provisional]
note = "바뀔 수 있음"
note_en = "may change"
source = "표 주석"

[[project_types]]
id = "kind"
number = 1
name = "유형"
name_en = "Kind"
source = "참고"

[[projects]]
id = "alpha-project"
name = "가나 과제"
name_en = "Alpha project"
type = "kind"
field = "alpha"
lead = "주관"
participants = ["참여"]
participants_partial = true
period.start = 2024
period.end = 2028
stated_years = 4
total = 5
allocation = 1
development = ["개발"]
source = "참고"
"""
LINES = SMALL.split("\n")
VALUE = re.compile(r"^([a-z_.]+) = (.*)$")
KEY_LINES = [i for i, line in enumerate(LINES) if VALUE.match(line)]
HEADER_LINES = [i for i, line in enumerate(LINES) if line.startswith("[")]

HOSTILE = [
    # huge
    "10000000000000000000", "1" + "0" * 40, "9" * 5_000, "1e40", "1e41", "1e999999999", "1.5e300", "-9" * 20,
    # tiny
    "1e-41", "1e-999999999", "0.0000001", "-0.0", "0e-999999999", "5e-324", "0.000001",
    # other bases
    "0xff", "0x" + "f" * 4_000, "0o777", "0o" + "7" * 4_000, "0b1", "0b" + "1" * 14_000, "0x_1",
    # floats and ints that are odd
    "nan", "-inf", "2.5", "2.50000000000000000000000000000", "1_000", "1__0", "-1", "0", "1.5e3",
    # fullwidth and other digits
    "\uff11\uff10", '"\uff11\uff10"', '"\uff11\uff0c\uff10\uff10\uff10"', '"\u0663"',
    # controls and bidi, escaped in TOML and raw
    '"\\u001b[31mred\\u001b[0m"', '"\\u0007\\u0008\\r"', '"\\u0085\\u009b31m"', '"\\u007f"', '"a\\u0000b"',
    '"\\u202eevil\\u202c"', '"\\u2066x\\u2069"', '"\\u200b\\u200f\\ufeff"', '"\\u2028\\u2029"',
    '"\u202eraw\u202c"', '"\u200braw"',
    # shapes
    "[]", "{}", "[[]]", '["x", 1]', "{ a = 1 }", "true", '""', '"' + "z" * 20_000 + '"', "[" + "1, " * 5_000 + "1]",
    # dates and times
    "0001-01-01", "9999-12-31", "2025-02-30", "1979-05-27T07:32:00Z", "07:32:00",
    # text
    '"=1+1"', '"ㄱㄴㄷ"', '"A"', '"a b"', '"' + "[" + " " * 5_000 + '"', '"""\n[[fields]]\n"""',
]  # fmt: skip

BASE = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SHIPPED_SMALL = parse(SMALL, "small.toml")


def exercise(name: str, text: str, turn: int) -> None:
    """Load ``text``; refused (bounded, located messages) or answered (every report, valid output)."""
    RUNS[name] += 1
    try:
        budget = parse(text, "fuzz.toml")
    except BudgetError as exc:
        OUTCOMES["refused"] += 1
        assert 1 <= len(exc.problems) <= 1_000  # every problem found, up to the thousand JSON describes
        for problem in exc.problems:
            assert problem.file == "fuzz.toml"
            assert len(str(problem)) < 1_000, str(problem)[:300]
            if "a number" in problem.message:
                assert problem.line is not None, str(problem)  # numbers are refused where they are
        return
    OUTCOMES["loaded"] += 1
    report = export(budget)
    data = json.loads(render(report, "json", lang="ko"))
    assert data["unit"] == budget.unit
    # One of the other formats each time, and a table now and then (rich is the slow one).
    fmt = "table" if turn % 50 == 49 else ("csv", "markdown")[turn % 2]
    options = {"width": 20 + turn % 180, "color": False} if fmt == "table" else {}
    out = render(report, fmt, lang=("ko", "en")[turn % 2], **options)
    assert len(out) < 400_000
    assert data["check"]["ok"] in (True, False)
    assert json.loads(render(diff(SHIPPED_SMALL, budget), "json", lang="en"))["files"]
    query = ("ai", "가", "ㄱ", "alpha beta", "zz")[turn % 5]
    for build in (fields, project, shares):
        try:
            render(build(budget, query=query), "json", lang="ko")  # type: ignore[operator]
        except NoMatch as no:
            assert len(str(no)) < 1_000


PARTS = 4  # the exhaustive product in four interleaved parts, so that pytest -n spreads it


@pytest.mark.parametrize("part", range(PARTS))
def test_every_key_takes_every_hostile_value(part) -> None:
    """The value level, exhaustively: each key line of the small budget × each hostile value
    (this part: every PARTS-th pair; the parts together are every pair, more than 3,000)."""
    assert len(KEY_LINES) * len(HOSTILE) >= 3_000
    before_runs, before = RUNS["values"], OUTCOMES.copy()
    pairs = [(i, value) for i in KEY_LINES for value in HOSTILE]
    for turn, (i, value) in enumerate(pairs):
        if turn % PARTS != part:
            continue
        key = VALUE.match(LINES[i]).group(1)  # type: ignore[union-attr]
        lines = list(LINES)
        lines[i] = f"{key} = {value}"
        exercise("values", "\n".join(lines), turn)
    assert RUNS["values"] - before_runs == len(range(part, len(pairs), PARTS))
    outcomes = OUTCOMES - before
    print(f"values, part {part}: {dict(outcomes)}")
    assert min(outcomes["loaded"], outcomes["refused"]) >= 300 // PARTS, dict(outcomes)


@settings(BASE, max_examples=examples(300))
@given(
    picks=st.lists(st.tuples(st.sampled_from(KEY_LINES), st.sampled_from(HOSTILE)), min_size=2, max_size=4),
    turn=st.integers(0, 999),
)
def several_hostile_values_at_once(picks, turn) -> None:
    lines = list(LINES)
    for i, value in picks:
        key = VALUE.match(LINES[i]).group(1)  # type: ignore[union-attr]
        lines[i] = f"{key} = {value}"
    exercise("combined", "\n".join(lines), turn)


def test_several_hostile_values_at_once() -> None:
    run_counted("combined", several_hostile_values_at_once, 300, loaded=0.01)


def _restructure(lines: list[str], op: str, i: int, j: int) -> list[str]:
    keys = [n for n, line in enumerate(lines) if VALUE.match(line)]
    headers = [n for n, line in enumerate(lines) if line.startswith("[")]
    if not keys or not headers:
        return lines
    k, h = keys[i % len(keys)], headers[j % len(headers)]
    key, value = VALUE.match(lines[k]).groups()  # type: ignore[union-attr]
    if op == "move key to another table":
        moved = lines.pop(k)
        lines.insert(min(h, len(lines)) + (1 if h < k else 0), moved)
    elif op == "double a header":
        lines.insert(h, lines[h])
    elif op == "array <-> table":
        header = lines[h]
        lines[h] = header[1:-1] if header.startswith("[[") else "[" + header + "]"
    elif op == "drop a header":
        del lines[h]
    elif op == "nest a header":
        lines[h] = lines[h].replace("]", ".inner]", 1)
    elif op == "dotted key":
        lines[k] = f"deep.er.{key} = {value}"
    elif op == "wrap in an array":
        lines[k] = f"{key} = [{value}]"
    elif op == "wrap in a table":
        lines[k] = f"{key} = {{ value = {value} }}"
    elif op == "header-like lines in a string":
        lines.insert(h, 'hidden = """\n[[fields]]\n[' + " " * (i * 50) + '\n[totals]\n"""')
    elif op == "swap blocks":
        other = headers[i % len(headers)]
        lines[h], lines[other] = lines[other], lines[h]
    elif op == "key before any header":
        lines.insert(0, lines.pop(k))
    elif op == "inline the table":
        block = [n for n in keys if n > h and all(not (h < m <= n) for m in headers if m != h)]
        pairs = ", ".join(lines[n] for n in block)
        name = lines[h].strip("[]")
        for n in reversed(block):
            del lines[n]
        lines[h] = f"{name} = {{ {pairs} }}" if "[[" not in lines[h] else f"{name} = [{{ {pairs} }}]"
    return lines


OPS = [
    "move key to another table", "double a header", "array <-> table", "drop a header", "nest a header",
    "dotted key", "wrap in an array", "wrap in a table", "header-like lines in a string", "swap blocks",
    "key before any header", "inline the table",
]  # fmt: skip


@settings(BASE, max_examples=examples(600))
@given(
    ops=st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 200), st.integers(0, 200)), min_size=1, max_size=4),
    crlf=st.booleans(),
    turn=st.integers(0, 999),
)
def mangled_structure(ops, crlf, turn) -> None:
    lines = list(LINES)
    for op, i, j in ops:
        lines = _restructure(lines, op, i, j)
    exercise("structure", ("\r\n" if crlf else "\n").join(lines), turn)


def test_mangled_structure() -> None:
    run_counted("structure", mangled_structure, 600, loaded=0.02)


def run_counted(name: str, test: Callable[[], None], full: int, loaded: float) -> None:
    """Run the Hypothesis ``test``: at least its example count ran, and at least the share
    ``loaded`` of them loaded and as many were refused (neither all valid nor all rejected)."""
    before_runs, before = RUNS[name], OUTCOMES.copy()
    test()
    runs = RUNS[name] - before_runs
    outcomes = OUTCOMES - before
    print(f"{name}: {runs} inputs; {dict(outcomes)}")
    assert runs >= examples(full), runs
    assert min(outcomes["loaded"], outcomes["refused"]) >= max(1, loaded * runs), dict(outcomes)
