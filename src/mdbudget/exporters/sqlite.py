"""`export --format sqlite`: the budget's tables in a SQLite file, with indexes and foreign keys.

The same tables `mdbudget sql` queries (see reports/relational.py), in a plain
database that sqlite3, DuckDB and Datasette open as it is: no STRICT tables,
no extensions, no journal left beside it.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Budget
from ..reports.relational import database
from .files import Identity, replace_file


def write_sqlite(budget: Budget, target: Path, protect: Identity | None) -> None:
    def write(temporary: Path) -> None:
        db = database(budget)
        try:
            # VACUUM INTO copies the finished database into the (empty) temporary file
            # in one compact step; user_version says which layout of the tables it holds.
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("VACUUM INTO ?", (str(temporary),))
        finally:
            db.close()

    replace_file(target, write, protect)


SCHEMA_VERSION = 1
