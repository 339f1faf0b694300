"""`export --format sqlite`: the budget's tables in a SQLite file, with indexes and foreign keys.

The same tables `mdbudget sql` queries (see reports/relational.py), in a plain
database that sqlite3, DuckDB and Datasette open as it is: no STRICT tables,
no extensions, no journal left beside it.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Callable
from pathlib import Path

from ..budget.records import Budget
from ..reports.relational import database


def sqlite_file(budget: Budget) -> Callable[[Path], None]:
    """What writes the database into the (empty) temporary file files.write_all gives it."""

    def write(temporary: Path) -> None:
        db = database(budget)
        try:
            # VACUUM INTO copies the finished database into the empty file in one compact step.
            db.execute("VACUUM INTO ?", (str(temporary),))
        except sqlite3.OperationalError as exc:  # "database or disk is full": a failed write like any other
            raise OSError(errno.EIO, str(exc)) from None
        finally:
            db.close()

    return write
