"""Exit codes and the one error type every budget-file failure becomes."""

from __future__ import annotations

import enum
from typing import Any, NamedTuple


class ExitStatus(enum.IntEnum):
    OK = 0
    FAILED = 1  # a check failed, nothing matched, or two budgets differ
    USAGE = 2  # bad command line, an invalid budget file, or output that cannot be written
    INTERNAL = 3  # a bug in mdbudget; rerun with --debug for the traceback
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)
    BROKEN_PIPE = 141  # the reader of stdout went away (128 + SIGPIPE), as `| head` does, or stdout is closed


class Problem(NamedTuple):
    """One thing wrong with a budget file, located as precisely as we can.

    Records on the start-up path are NamedTuples: a frozen dataclass costs
    ~0.7 ms to define, a noticeable share of a command's start-up.
    """

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    path: str = ""  # key path such as fields[3].allocation
    chosen_by: str = ""  # how the file was chosen: --file, $MDBUDGET_FILE, ./budget.toml, ...

    def __str__(self) -> str:
        from .safe import brief_name

        where = brief_name(self.file)
        if self.chosen_by.startswith("$") and self.line is None:
            # "nonexist.toml (from $MDBUDGET_FILE): no such file"; FILE:LINE:COL stays as editors read it.
            where += f" (from {self.chosen_by})"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        subject = f"{self.path}: " if self.path else ""
        return f"{where}: {subject}{self.message}"


class BudgetError(Exception):
    """The budget file could not be read, parsed or validated.

    ``problems`` lists every problem found (at least one); the attributes of the
    first are repeated on the error itself for callers that want one location.
    """

    def __init__(self, problems: list[Problem], omitted: int = 0) -> None:
        if not problems:
            raise ValueError("BudgetError needs at least one problem")
        self.problems = problems
        self.omitted = omitted  # problems found but not described, past the first thousands
        first = problems[0]
        self.file = first.file
        self.line = first.line
        self.column = first.column
        self.path = first.path
        super().__init__("\n".join(str(p) for p in problems))

    def mark_chosen_by(self, how: str) -> None:
        self.problems = [p._replace(chosen_by=p.chosen_by or how) for p in self.problems]
        self.args = ("\n".join(str(p) for p in self.problems),)

    def data(self) -> dict[str, Any]:
        """The JSON answer for a file that could not be used: ``ok`` false and every problem."""
        problems = [p._asdict() for p in self.problems]
        return {"ok": False, "problems": problems, "omitted": self.omitted}


class UsageError(Exception):
    """A command-line value that cannot be used (exit 2)."""


class OutputError(Exception):
    """Standard output could not be written: the disk is full (exit 2), or
    ``closed``: its reader went away or it was closed at start (exit 141, quietly)."""

    def __init__(self, reason: str, closed: bool = False) -> None:
        super().__init__(reason)
        self.closed = closed


class NoMatch(Exception):
    """A query matched nothing (exit 1); the message may carry suggestions."""
