"""Drawing a table takes time linear in what it is given, however long a word is.

A 10,000-character name with no space took 43 s for `fields` (Hangul: past 120 s),
because wrapping measured the rest of a long word again for every piece it cut and
looked for ids by trying a pattern at every letter. These tests count the work
instead of timing it: the characters measured for width (``cell_len``) and the
worst case of the id pattern (quadratic in the length of the word it scans).
Figures in seconds are in bench/results.md.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from support import toml_string

from conftest import ROOT, SHIPPED, edit
from mdbudget.formats import layout

LANES = {"ascii": "x", "hangul": "가"}
# A budget admits names of up to 10,000 characters; sql values go to 10^5.
SIZES = (100, 1_000, 10_000)
COMMANDS = [
    ("fields",),
    ("shares",),
    ("ratios",),
    ("check",),
    ("project",),
    ("diff", "--all"),
]


def long_names(text: str, n: int) -> str:
    """The shipped budget with a field's name, its claim's text and 20 projects' names ``n`` letters long."""
    name = text * n
    out = edit(SHIPPED, 'name = "AI 팩토리"', f"name = {toml_string(name)}")
    for i in range(20):
        out += (
            f'\n[[projects]]\nid = "long-{i}"\nname = {toml_string(name)}\nfield = "ai-factory"\n'
            'lead = "기관"\nperiod = { start = 2025, end = 2025 }\ntotal = 0\nallocation = 0\nsource = "test"\n'
        )
    return out


class Work:
    """Counts what layout measures: characters given to cell_len, and the id pattern's worst case."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.cells = 0
        self.scanned = 0
        monkeypatch.setattr(layout, "cell_len", self._cell_len)
        monkeypatch.setattr(layout, "UNBREAKABLE", _Counted(layout.UNBREAKABLE, self))

    def _cell_len(self, text: str) -> int:
        self.cells += len(text)
        return cell_len(text)

    @property
    def total(self) -> int:
        return self.cells + self.scanned


class _Counted:
    def __init__(self, pattern: object, work: Work) -> None:
        self.pattern = pattern
        self.work = work

    def finditer(self, text: str) -> Iterator[object]:
        # The pattern fails at each letter of a run only after reading the rest of the run.
        self.work.scanned += len(text) ** 2 // 100
        return self.pattern.finditer(text)  # type: ignore[attr-defined, no-any-return]


def measured(run: Callable[..., object], args: tuple[str, ...], path: Path) -> tuple[int, object]:
    """The work of one command line, and its result."""
    argv = (
        [args[0], str(ROOT / "budget.toml"), str(path), *args[1:]]
        if args[0] == "diff"
        else [*args, "--file", str(path)]
    )
    with pytest.MonkeyPatch.context() as patch:
        work = Work(patch)
        result = run(*argv, env={"COLUMNS": "100"})
    return work.total, result


@pytest.mark.parametrize("lane", LANES, ids=list(LANES))
@pytest.mark.parametrize("args", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_drawing_grows_at_most_linearly_with_a_name(
    args: tuple[str, ...], lane: str, run: Callable[..., object], write: Callable[..., Path]
) -> None:
    works = []
    for n in SIZES:
        path = write(long_names(LANES[lane], n), f"budget-{n}.toml")
        work, result = measured(run, args, path)
        assert result.exit_code in (0, 1), result.output  # type: ignore[attr-defined]
        works.append(work)
    # Linear: ten times the name, at most ten times the work (twice that, for slack).
    # Quadratic wrapping made it a hundred times and more.
    small, middle, big = works
    assert middle <= 20 * small, works
    assert big <= 20 * middle, works


@pytest.mark.parametrize("lane", LANES, ids=list(LANES))
def test_a_value_of_any_length_from_sql_is_drawn_in_linear_work(lane: str, run: Callable[..., object]) -> None:
    works = []
    for n in (100, 1_000, 10_000, 100_000):
        query = f"SELECT replace(printf('%.*c', {n}, 'x'), 'x', '{LANES[lane]}') AS v FROM fields LIMIT 3"
        with pytest.MonkeyPatch.context() as patch:
            work = Work(patch)
            result = run("sql", query, env={"COLUMNS": "80"})
        assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
        works.append(work.total)
    assert all(later <= 20 * earlier for earlier, later in itertools.pairwise(works)), works


def test_a_long_value_is_cut_and_the_note_says_how_to_see_it_whole(run: Callable[..., object]) -> None:
    result = run("sql", "SELECT printf('%.*c', 1200, 'x') AS v, 1 AS n", env={"COLUMNS": "60"})
    assert result.exit_code == 0  # type: ignore[attr-defined]
    shown = "x" * 52
    lines = result.stdout.splitlines()  # type: ignore[attr-defined]
    assert lines[:4] == ["  v" + " " * 54 + "n", " " + "━" * 58, f"  {shown}   1", f"  {shown}"]
    # 999 letters and "…": the 1,000 cells a value may take in a table.
    assert lines[2:-2] == [f"  {shown}   1"] + [f"  {shown}"] * 18 + [f"  {'x' * 11}…"]
    assert lines[-2:] == ["", "… 1000칸보다 긴 값은 잘림; 전부 보려면 --format json"]
    whole = run("sql", "SELECT printf('%.*c', 1200, 'x') AS v", "--format", "json")
    assert whole.stdout == '[\n  {\n    "v": "' + "x" * 1200 + '"\n  }\n]\n'  # type: ignore[attr-defined]


def test_a_value_that_fits_is_not_cut() -> None:
    assert layout.cut("가" * 500) == "가" * 500
    assert layout.cut("가" * 501) == "가" * 499 + "…"
    assert layout.cut("x" * 1001) == "x" * 999 + "…"


def test_drawing_the_answer_counts_in_the_sql_time_limit(
    run: Callable[..., object], monkeypatch: pytest.MonkeyPatch
) -> None:
    from mdbudget.formats import table

    # The query ends in time; the clock the table looks at has passed the limit.
    monkeypatch.setattr(table, "monotonic", lambda: float("inf"))
    result = run("sql", "SELECT randomblob(8000) AS b", "--timeout", "2")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert result.stdout == ""  # type: ignore[attr-defined]
    assert result.stderr == (  # type: ignore[attr-defined]
        "mdbudget: the answer took longer than 2 s to show as a table (see --timeout, or --format json)\n"
    )
    # JSON is not drawn: the same query answers.
    assert run("sql", "SELECT 1 AS b", "--json").exit_code == 0  # type: ignore[attr-defined]


@given(st.text(alphabet="aZ19-_.,%×+−가٣ ", max_size=40), st.integers(min_value=0, max_value=30))
def test_the_one_pass_search_finds_what_the_pattern_finds(word: str, repeat: int) -> None:
    for text in (word, word * repeat):
        assert layout.unbreakable(text) == [m.span() for m in layout.UNBREAKABLE.finditer(text)]


@pytest.mark.parametrize("width", [1, 5, 30])
def test_a_word_of_ten_thousand_letters_folds_into_lines_of_the_width(width: int) -> None:
    for text in ("x" * 10_000, "가" * 10_000, "x1" * 5_000):
        lines = layout.wrap(text, width)
        assert "".join(lines) == text
        assert all(cell_len(line) <= max(width, 2) for line in lines), width
