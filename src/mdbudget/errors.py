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
    TERMINATED = 143  # SIGTERM (timeout, CI cancellation, docker stop): ended as Ctrl-C is (128 + SIGTERM)
    BROKEN_PIPE = 141  # the reader of stdout went away (128 + SIGPIPE), as `| head` does, or stdout is closed


# Set by the entry point when SIGTERM arrives (timeout, CI cancellation, docker stop): the run then
# ends as Ctrl-C ends it, temporary files removed, but with 143. A flag, not an exception class:
# the interrupt may surface as a plain KeyboardInterrupt (sqlite3 swallows one raised in its handler).
terminated = False


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


# What a result may say about itself (reports set them); False is a check that failed,
# two budgets that differ, or a query that matched nothing: exit 1.
VERDICTS = ("ok", "same", "matched")


def outcome(ended: object) -> tuple[ExitStatus, str | None]:
    """The exit code for what a run ended with (a result or an exception), and what to tell the person.

    The one map from outcomes to exit codes: the command-line boundary (cli.py) and the
    entry point (__main__.py) ask it, and commands only return results or raise.
    """
    if isinstance(ended, KeyboardInterrupt):
        return (ExitStatus.TERMINATED if terminated else ExitStatus.INTERRUPTED), None  # quietly
    if isinstance(ended, OutputError):
        if ended.closed:
            return ExitStatus.BROKEN_PIPE, None  # the reader went away: nothing to tell it
        return ExitStatus.USAGE, f"cannot write the output: {ended}"
    if isinstance(ended, BrokenPipeError):
        return ExitStatus.BROKEN_PIPE, None
    if isinstance(ended, BudgetError):
        return ExitStatus.USAGE, None  # its problems are told one by one (cli.py)
    if isinstance(ended, UsageError):
        return ExitStatus.USAGE, str(ended)
    if isinstance(ended, NoMatch):
        return ExitStatus.FAILED, str(ended)
    if isinstance(ended, BaseException):
        return ExitStatus.INTERNAL, f"internal error: {type(ended).__name__}: {ended}"
    if getattr(ended, "matched", True) is False:
        return ExitStatus.FAILED, getattr(ended, "missed", None)  # the empty answer is written; why, on stderr
    if any(getattr(ended, verdict, True) is False for verdict in VERDICTS):
        return ExitStatus.FAILED, None  # the findings or the differences are the answer
    return ExitStatus.OK, None
