"""How a table fits a terminal: the rows shown, the columns kept and their widths.

Decided here, before rich draws anything, so a figure is never cut: a number,
a percentage or an id is never split across lines. Text wraps at spaces, and a
word longer than its column is folded only between figures and ids, never
inside one. When the columns do not fit at their narrowest, the optional ones
go first (bars, then the English name beside the Korean one); if that is not
enough, the table is shown as one block of "label  value" lines per row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from rich.cells import cell_len

from ..budget.units import ENGLISH
from ..reports.views import Column, Table
from .cells import is_numeric

# A terminal shows at most this many rows of one table; the rest are counted in a
# line that points to --format json (JSON, CSV and Markdown keep every row). A
# hundred rows hold every real table (17 fields, a few sample projects, a few
# dozen checks) and lay out in milliseconds, where 10^5 rows took a minute.
MAX_ROWS = 100
# A word of prose longer than this may be folded to let its column narrow.
WORD_CAP = 12
# Text columns are narrowed to this before figures' headers are wrapped.
COMFORTABLE = 20
# What may never be split: a number with its sign, separators and % or × (18,858,
# -8.2%, 2.57×), and an id or file name (cnc-autonomous-manufacturing, budget.toml).
# The tests use this pattern; layout finds the same parts with ``unbreakable`` in one pass.
UNBREAKABLE = re.compile(r"[+\-−]?\d[\d,]*(?:\.\d+)?[%×]?|[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)+")
NUMBER = re.compile(r"[+\-−]?\d[\d,]*(?:\.\d+)?[%×]?")
# The same, quick for short words: an id never starts after a letter (the pattern failed
# there, and would fail again), which spares most of the retries that make it quadratic.
QUICK = re.compile(NUMBER.pattern + r"|(?<![A-Za-z])[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)+")
SHORT = 256
# An English unit's name (KRW 100M) is one word: a line never ends between KRW and its size.
_SPACED = [name for name in ENGLISH.values() if " " in name]
UNIT = re.compile("|".join(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9])" for name in _SPACED))
# A quick test before the pattern: the first words of those names ("KRW ").
_UNIT_STARTS = tuple({name.split(" ")[0] + " " for name in _SPACED})


def _has_unit(text: str) -> bool:
    return any(start in text for start in _UNIT_STARTS)


GLUE = "\ue000"  # a unit's space while a text is split into words (a private-use character)
ID_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
ID_JOINS = frozenset("-_.")
# A terminal shows at most this many cells of one value; the rest is cut with "…" and a
# note points to --format json: ten lines of a 100-column terminal. Real values are under 130 cells.
MAX_CELL = 1000
ELLIPSIS = "…"
# Columns whose whole value is an id, to be copied back into a query.
ID_KEYS = ("id",)
# Kinds whose cells are never wrapped: numbers, marks and bars.
SOLID = ("status", "flag", "bar")
# SIMPLE_HEAVY: an edge each side, a divider between columns, one space of padding each side.
EDGES, PER_COLUMN = 1, 3


class Grid(NamedTuple):
    """A table drawn as a grid: which columns (indices into the table's columns), how wide."""

    columns: tuple[int, ...]
    widths: tuple[int, ...]


class Shown(NamedTuple):
    rows: Sequence[int]  # indices into the table's rows
    brief: str | None  # the result's note on its brief selection, if it made one
    more: int  # rows beyond MAX_ROWS, left out


def shown_rows(table: Table) -> Shown:
    """The rows a terminal shows.

    Past MAX_ROWS, a result may offer a brief selection (check: the findings that
    did not pass), with its own note; whatever is still beyond MAX_ROWS is counted.
    """
    rows: Sequence[int] = range(len(table.rows))
    brief = None
    if len(rows) > MAX_ROWS and "brief_rows" in table.extra:
        rows = tuple(table.extra["brief_rows"])
        brief = str(table.extra.get("brief_note", "")) or None
    more = max(0, len(rows) - MAX_ROWS)
    return Shown(rows[:MAX_ROWS], brief, more)


def is_solid(column: Column) -> bool:
    return is_numeric(column.kind) or column.kind in SOLID or column.key in ID_KEYS


def plan(table: Table, cells: dict[int, list[str]], headers: dict[int, str], width: int) -> Grid | None:
    """The grid that fits ``width``, dropping optional columns if needed; None: show blocks.

    ``cells`` holds each terminal column's shown cells (rows and total), ``headers`` its header.
    """
    visible = [i for i, c in enumerate(table.columns) if c.terminal]
    # Rather drop a bar or the English name than squeeze the other columns; squeeze
    # them all before giving up the grid.
    for tight in (False, True):
        for dropped in optional(table, visible):
            kept = tuple(i for i in visible if i not in dropped)
            columns = [table.columns[i] for i in kept]
            widths = fit(columns, [cells[i] for i in kept], [headers[i] for i in kept], width, tight)
            if widths is not None:
                return Grid(kept, widths)
    return None


def optional(table: Table, visible: list[int]) -> list[set[int]]:
    """What may be left out, in order: nothing, the bars, then also the English name.

    A table that asked for its own columns (a SQL query's) loses none: it wraps, or becomes blocks.
    """
    if table.extra.get("every_column"):
        return [set()]
    bars = {i for i in visible if table.columns[i].kind == "bar"}
    keys = {table.columns[i].key: i for i in visible}
    english = {keys["name_en"]} if "name_en" in keys and "name" in keys else set()
    return [set(), bars, bars | english]


def fit(
    columns: list[Column], cells: list[list[str]], headers: list[str], width: int, tight: bool = True
) -> tuple[int, ...] | None:
    """Column widths within ``width``; None if they cannot fit.

    Not ``tight``: text no narrower than COMFORTABLE and headers in two lines at most.
    """
    need = [
        max(narrowest(h, False), max((narrowest(v, is_solid(c)) for v in vs), default=0))
        for c, vs, h in zip(columns, cells, headers, strict=True)
    ]
    widths = [
        max(need_i, widest(h), *(widest(v) for v in vs)) for need_i, vs, h in zip(need, cells, headers, strict=True)
    ]
    room = width - 2 * EDGES - PER_COLUMN * len(columns) + 1  # less one divider: n columns, n - 1 between
    comfortable = [max(need[j], min(widths[j], COMFORTABLE)) for j in range(len(columns))]
    two = [max(need[j], two_lines(headers[j])) if is_solid(c) else comfortable[j] for j, c in enumerate(columns)]
    if sum(need if tight else two) > room:
        return None
    excess = sum(widths) - room
    # Narrow the widest column one cell at a time, in three rounds: text down to a
    # comfortable width, then figures until their headers take two lines, then anything.
    floors = (
        [need[j] if is_solid(c) else comfortable[j] for j, c in enumerate(columns)],
        [two[j] if is_solid(c) else widths[j] for j, c in enumerate(columns)],
        need,
    )
    for floor in floors:
        while excess > 0:
            narrower = [j for j in range(len(widths)) if widths[j] > floor[j]]
            if not narrower:
                break
            widths[max(narrower, key=lambda j: widths[j])] -= 1
            excess -= 1
    return tuple(widths)


def two_lines(header: str) -> int:
    """The narrowest a header can be in at most two lines."""
    width = narrowest(header, False)
    while len(wrap(header, width)) > 2:
        width += 1
    return width


def widest(text: str) -> int:
    return max((cell_len(line) for line in text.split("\n")), default=0)


def narrowest(text: str, solid: bool) -> int:
    """The narrowest a column may be for ``text``: all of it when solid, else its longest unbreakable part."""
    if solid:
        return widest(text)
    need = 0
    for word in words(text, None):
        pieces = [cell_len(word[start:end]) for start, end in unbreakable(word)]
        need = max(need, min(cell_len(word), WORD_CAP), *pieces)
    return need


def words(text: str, split: str | None = " ") -> list[str]:
    """``text`` split at spaces (``split``; None: any whitespace), a unit's name kept one word."""
    if not _has_unit(text):
        return text.split(split)
    glued = UNIT.sub(lambda unit: unit[0].replace(" ", GLUE), text)
    return [word.replace(GLUE, " ") for word in glued.split(split)]


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken at spaces; a figure, id or unit is never split.

    A figure or id longer than ``width`` gets a line of its own, longer than ``width``.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in words(paragraph):
            joined = f"{line} {word}" if line else word
            if cell_len(joined) <= width:
                line = joined
                continue
            if line:
                lines.append(line)
            pieces = fold(word, width)
            lines.extend(pieces[:-1])
            line = pieces[-1]
        lines.append(line)
    return lines


def fold(word: str, width: int) -> list[str]:
    """A word in pieces of at most ``width`` cells, cut only outside figures and ids.

    One pass over the word: each cut is found from tables built once (the cells
    before each character, the next letter or digit, the cuts allowed), not by
    measuring the rest of the word again for every piece, which was cubic in its length.
    """
    n = len(word)
    allowed = [True] * (n + 1)  # allowed[c]: the word may be cut before character c
    for first, end in unbreakable(word):
        for c in range(first + 1, end):
            allowed[c] = False
    before = [0] * (n + 1)  # cells of word[:c]
    for c, char in enumerate(word):
        before[c + 1] = before[c] + cell_len(char)
    next_alnum = [n] * (n + 1)  # the first letter or digit at or after c
    for c in range(n - 1, -1, -1):
        next_alnum[c] = c if word[c].isalnum() else next_alnum[c + 1]
    last_cut = [0] * (n + 1)  # the last allowed cut at or before c (0: none)
    for c in range(1, n + 1):
        last_cut[c] = c if allowed[c] and c < n else last_cut[c - 1]
    next_cut = [n] * (n + 2)  # the first allowed cut at or after c (n: none)
    for c in range(n - 1, 0, -1):
        next_cut[c] = c if allowed[c] else next_cut[c + 1]
    pieces = []
    start = 0
    reach = 0  # the last c with before[c] - before[start] <= width; only moves forward
    while before[n] - before[start] > width:
        reach = max(reach, start)
        while reach < n and before[reach + 1] - before[start] <= width:
            reach += 1
        # Each piece holds a letter or digit: no line of a lone bracket or colon.
        first = max(start, next_alnum[start]) + 1
        cut = last_cut[reach]
        if cut < first:  # a figure or id wider than the line: whole, with the punctuation after it
            cut = next_cut[first] if first < n else n
            while cut < n and not word[cut].isalnum():
                cut += 1
        pieces.append(word[start:cut])
        start = cut
    pieces.append(word[start:])
    return [p for p in pieces if p] or [""]


def unbreakable(word: str) -> list[tuple[int, int]]:
    """Where UNBREAKABLE.finditer finds its matches in ``word``, found in time linear in its length.

    The pattern, tried at each letter of a long run with no "-", "_" or "." after it,
    reads to the end of the run every time before it fails: quadratic. Whether an id
    starts anywhere in a run depends only on what follows the run, so it is asked once.
    """
    n = len(word)
    units = [m.span() for m in UNIT.finditer(word)] if _has_unit(word) else []
    if n <= SHORT:
        return [m.span() for m in QUICK.finditer(word)] + units
    run_end = [0] * (n + 1)  # where the run of ASCII letters and digits holding c ends
    run_end[n] = n
    for c in range(n - 1, -1, -1):
        run_end[c] = run_end[c + 1] if word[c] in ID_LETTERS and c + 1 < n and word[c + 1] in ID_LETTERS else c + 1
    spans = []
    p = 0
    while p < n:
        number = NUMBER.match(word, p)
        if number is not None:
            spans.append((p, number.end()))
            p = number.end()
            continue
        if word[p] in ID_LETTERS:
            end = run_end[p]
            if end + 1 < n and word[end] in ID_JOINS and word[end + 1] in ID_LETTERS:
                while end + 1 < n and word[end] in ID_JOINS and word[end + 1] in ID_LETTERS:
                    end = run_end[end + 1]
                spans.append((p, end))
                p = end
                continue
        p += 1
    return spans + units


def cut(text: str, cells: int = MAX_CELL) -> str:
    """``text`` if it takes at most ``cells`` cells, else its start and "…" in ``cells`` cells."""
    if len(text) <= cells // 2 or cell_len(text) <= cells:
        return text
    used = 0
    for i, char in enumerate(text):
        used += cell_len(char)
        if used > cells - 1:
            return text[:i] + ELLIPSIS
    return text


def first_text_column(table: Table, columns: Sequence[int], row: Sequence[Any]) -> int | None:
    """The column that names a row in a block: the first text column with a value."""
    for i in columns:
        c = table.columns[i]
        if c.kind == "text" and row[i] not in (None, ""):
            return i
    return None
