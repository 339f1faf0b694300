"""`mdbudget sql`: one read-only query over the budget's tables (see relational.py).

The query runs in an in-memory database that holds nothing but the budget.
What it may do is decided by SQLite itself, not by reading the query's text:
an authorizer allows reading tables, calling functions (but not
load_extension) and the introspection PRAGMAs, and refuses everything else
before the statement runs; ``PRAGMA query_only`` is a second lock behind it.
A progress handler stops a query that runs past its time limit.
"""

from __future__ import annotations

import contextlib
import math
import sqlite3
import time
from dataclasses import dataclass, field
from typing import Any

from ..budget.records import Budget
from ..errors import UsageError
from ..safe import brief
from .relational import TABLE_NAMES, database
from .search import suggest
from .views import Column, Kind, Lang, Table, half_up

DEFAULT_TIMEOUT = 5.0  # seconds
MAX_ROWS = 1_000_000  # a runaway result would fill memory before the time limit stops it
MAX_LENGTH = 20_000_000  # bytes in one string or blob (SQLite's own limit is 10^9)
MAX_RESULT = 100_000_000  # characters of text and hex digits of blobs in the whole answer
# The answer in memory, not only its text: 400,000 rows of 60 numbers took 4.4 GB.
MAX_VALUES = 2_000_000  # cells: rows × columns
MAX_MEMORY = 500 * 10**6  # bytes the answer's Python objects take, estimated as they come
# Estimated bytes of Python objects: a row's tuple, and each kind of value in it.
_ROW_BYTES, _CELL_BYTES, _NUMBER_BYTES, _STR_BYTES = 56, 8, 32, 49
_CHECK_EVERY = 1_000  # virtual-machine steps between looks at the clock

# PRAGMAs that only describe the database; any argument they take names a table or index.
READ_PRAGMAS = frozenset(
    {
        "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
        "foreign_key_list", "foreign_key_check", "collation_list", "function_list", "module_list",
        "pragma_list", "compile_options", "database_list", "integrity_check", "quick_check",
    }
)  # fmt: skip
# Settings that may be read, never set.
READ_SETTINGS = frozenset({"encoding", "foreign_keys", "query_only", "user_version", "application_id"})
REFUSED_FUNCTIONS = frozenset({"load_extension", "fts3_tokenizer"})
# Table-valued functions whose first use makes SQLite declare a table, which the
# authorizer would see as a schema change: each is used once before it is set.
EPONYMOUS = ("json_each", "json_tree", *(f"pragma_{name}" for name in sorted(READ_PRAGMAS | READ_SETTINGS)))

_ALLOWED = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, getattr(sqlite3, "SQLITE_RECURSIVE", 33)}
_FUNCTION = getattr(sqlite3, "SQLITE_FUNCTION", 31)
_WRITES = {sqlite3.SQLITE_INSERT: "INSERT", sqlite3.SQLITE_UPDATE: "UPDATE", sqlite3.SQLITE_DELETE: "DELETE"}
_ACTIONS = {
    getattr(sqlite3, name): name.removeprefix("SQLITE_").replace("_", " ")
    for name in dir(sqlite3)
    if name.startswith(("SQLITE_CREATE", "SQLITE_DROP", "SQLITE_ALTER"))
    or name in ("SQLITE_ANALYZE", "SQLITE_REINDEX", "SQLITE_TRANSACTION", "SQLITE_SAVEPOINT")
}


@dataclass(frozen=True)
class SqlResult:
    """A query's answer: column names and rows of int, float, str or None."""

    command = "sql"  # its entry in registry.REPORTS

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    # The time limit covers drawing the table too (time.monotonic; None: no limit).
    deadline: float | None = field(default=None, compare=False)
    timeout: float = field(default=DEFAULT_TIMEOUT, compare=False)

    def keys(self) -> tuple[str, ...]:
        """Column names made unique for JSON objects and CSV headers (`a`, `a_2`)."""
        seen: set[str] = set()
        keys = []
        for name in self.columns:
            key, n = name, 1
            while key in seen:
                n += 1
                key = f"{name}_{n}"
            seen.add(key)
            keys.append(key)
        return tuple(keys)

    def data(self) -> list[dict[str, Any]]:
        # JSON has no infinity; SQLite already turns NaN into NULL.
        keys = self.keys()
        return [
            {k: None if isinstance(v, float) and not math.isfinite(v) else v for k, v in zip(keys, row, strict=True)}
            for row in self.rows
        ]

    def tables(self, lang: Lang = "ko") -> list[Table]:
        kinds = [_kind(name, [row[i] for row in self.rows]) for i, name in enumerate(self.columns)]
        columns = tuple(Column(k, name, kind) for k, name, kind in zip(self.keys(), self.columns, kinds, strict=True))
        # A float is shown with all the digits SQLite computed; as a Decimal it gets separators too.
        rows = tuple(tuple(_exact(v) for v in row) for row in self.rows)
        # A table with no rows is not drawn: without a note, a person would see a blank line.
        notes = () if rows else ("(0 rows)",)
        late = f"the answer took longer than {self.timeout:g} s to show as a table (see --timeout, or --format json)"
        extra: dict[str, Any] = {"every_column": True}  # the query chose them: none is dropped to fit
        if self.deadline is not None:
            extra |= {"deadline": self.deadline, "late": late}
        return [Table("", columns, rows, notes=notes, extra=extra)]


def _kind(name: str, values: list[Any]) -> Kind:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, int) for v in present):
        # 2025, not 2,025: a year is a label, not a quantity.
        return "year" if name.lower() == "year" or name.lower().endswith("_year") else "amount"
    if present and all(isinstance(v, (int, float)) for v in present):
        return "real"  # ROUND(x, 1) shows 20.0, not 20
    return "text"


def _exact(value: Any) -> Any:
    if isinstance(value, float) and math.isfinite(value):
        from decimal import Decimal

        return Decimal(repr(value))
    return value


def sql(budget: Budget, query: str, timeout: float = DEFAULT_TIMEOUT) -> SqlResult:
    """Run one read-only query over the budget's tables."""
    if not query.strip():
        raise UsageError("the query is empty")
    _check_text(query)
    db = database(budget)
    try:
        return _run(db, query, timeout)
    finally:
        db.close()


def _check_text(query: str) -> None:
    """SQLite takes UTF-8 without NUL; a command line in another encoding arrives as surrogates."""
    if "\x00" in query:
        raise UsageError("the query contains a NUL character")
    try:
        query.encode("utf-8")
    except UnicodeEncodeError as exc:
        char = ord(query[exc.start])
        byte = f" (byte 0x{char - 0xDC00:02x})" if 0xDC80 <= char <= 0xDCFF else ""
        raise UsageError(f"the query is not UTF-8 text{byte}") from None


def _run(db: sqlite3.Connection, query: str, timeout: float) -> SqlResult:
    refused: list[str] = []
    for name in EPONYMOUS:
        with contextlib.suppress(sqlite3.Error):  # not in this build of SQLite
            db.execute(f"SELECT * FROM {name} LIMIT 0")
    db.execute("PRAGMA query_only = ON")
    db.set_authorizer(lambda *args: _authorize(refused, *args))
    if hasattr(db, "setlimit"):  # Python 3.11+
        db.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
        db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_LENGTH)
    db.text_factory = lambda data: data.decode("utf-8", "replace")
    failed: list[str] = []  # why ratio() refused its arguments: SQLite reports only that it raised
    db.create_function("ratio", -1, lambda *args: _ratio(failed, *args), deterministic=True)
    stop = _Clock(timeout)
    deadline = stop.deadline
    db.set_progress_handler(stop, _CHECK_EVERY)
    try:
        cursor = db.execute(query)
        columns = tuple(d[0] for d in cursor.description or ())
        rows = _fetch(cursor, deadline, timeout)
    except (sqlite3.ProgrammingError, sqlite3.Warning) as exc:
        if "one statement" in str(exc):
            raise UsageError("give one statement at a time (the query has more than one)") from None
        raise UsageError(brief(f"SQL error: {exc}")) from None
    except sqlite3.Error as exc:
        if stop.expired:
            raise UsageError(f"the query ran longer than {timeout:g} s and was stopped (see --timeout)") from None
        if stop.interrupted or str(exc) == "interrupted":
            # Only the progress handler interrupts; when Ctrl-C arrives as it is entered,
            # sqlite3 swallows the KeyboardInterrupt and stops the statement.
            raise KeyboardInterrupt from None
        if refused:
            raise UsageError(brief(refused[0])) from None
        if failed:
            raise UsageError(brief(f"SQL error: {failed[0]}")) from None
        raise UsageError(brief(f"SQL error: {exc}{_tables_hint(str(exc))}")) from None
    return SqlResult(columns, tuple(tuple(_cell(v) for v in row) for row in rows), deadline, timeout)


def _tables_hint(message: str) -> str:
    """For "no such table: feilds": the tables there are, and the closest one."""
    if not message.startswith("no such table: "):
        return ""
    name = message.removeprefix("no such table: ").split(".")[-1]
    close = suggest(name, TABLE_NAMES, 1)
    mean = f"; did you mean {close[0]}?" if close else ""
    return f" (the tables are {', '.join(TABLE_NAMES)}{mean})"


RATIO_USAGE = "ratio(a, b, places) takes two numbers and a whole number of decimal places from 0 to 12"


def _ratio(failed: list[str], *args: Any) -> float | int | None:
    """``ratio(a, b[, places])``: a ÷ b from the exact values, rounded half up (away from zero) like mdbudget.

    Two places when none are given; NULL when a or b is NULL or b is 0 (as SQLite's / gives).
    """
    from decimal import Decimal

    if len(args) not in (2, 3):
        failed.append(RATIO_USAGE)
        raise ValueError(RATIO_USAGE)
    a, b, places = (*args, 2) if len(args) == 2 else args
    if not isinstance(places, int) or not 0 <= places <= 12:
        failed.append(RATIO_USAGE)
        raise ValueError(RATIO_USAGE)
    if a is None or b is None:
        return None
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (a, b)):
        failed.append(RATIO_USAGE)
        raise ValueError(RATIO_USAGE)
    exact = [Decimal(v) if isinstance(v, int) else Decimal(repr(v)) for v in (a, b)]
    if not all(v.is_finite() for v in exact):
        return None
    if exact[1] == 0:
        return None
    value = half_up(exact[0] / exact[1], places)
    return int(value) if places == 0 else float(value)


def _fetch(
    cursor: sqlite3.Cursor, deadline: float = math.inf, timeout: float = DEFAULT_TIMEOUT
) -> list[tuple[Any, ...]]:
    """Every row, counted as it comes: neither many rows, many values nor large values may fill the memory.

    Row by row, not in chunks: a chunk of 10,000 rows of large blobs is gigabytes before
    it can be measured. The time limit covers the rows' arrival in Python too.
    """
    rows: list[tuple[Any, ...]] = []
    size = 0
    memory = 0
    values = 0
    for row in cursor:
        memory += _ROW_BYTES + _CELL_BYTES * len(row)
        for value in row:
            if type(value) is str or type(value) is bytes:
                if len(value) > MAX_LENGTH:  # SQLite refuses it itself where Python can set its limit (3.11+)
                    raise UsageError("SQL error: string or blob too big")
                size += len(value) if type(value) is str else 2 * len(value)  # a blob is shown in hex
                # A str of other than ASCII takes up to 4 bytes a character; a blob, its hex text too.
                memory += _STR_BYTES + len(value) * (1 if type(value) is bytes or value.isascii() else 4)
                if type(value) is bytes:
                    memory += _STR_BYTES + 2 * len(value)
            elif value is not None:
                memory += _NUMBER_BYTES
        values += len(row)
        rows.append(row)
        if values > MAX_VALUES:
            raise UsageError(
                f"the result has more than {MAX_VALUES:,} values (rows × columns); narrow the query or add a LIMIT"
            )
        if memory > MAX_MEMORY:
            raise UsageError(
                f"the result would take more than {MAX_MEMORY // 10**6:,} MB of memory; narrow the query or add a LIMIT"
            )
        if len(rows) % 1024 == 0 and time.monotonic() > deadline:
            raise UsageError(f"the query ran longer than {timeout:g} s and was stopped (see --timeout)")
        if len(rows) > MAX_ROWS:
            raise UsageError(f"the result has more than {MAX_ROWS:,} rows; narrow the query or add a LIMIT")
        if size > MAX_RESULT:
            limit = f"{MAX_RESULT // 10**6:,} MB"
            raise UsageError(f"the result holds more than {limit} of text and blobs; narrow the query or add a LIMIT")
    return rows


def _cell(value: Any) -> Any:
    # A blob has no JSON or CSV form; its hex digits do, as SQLite writes them (X'00FF').
    if isinstance(value, bytes):
        return f"X'{value.hex().upper()}'"
    return value


class _Clock:
    """The progress handler: a non-zero return makes SQLite stop the statement."""

    def __init__(self, timeout: float) -> None:
        self.deadline = time.monotonic() + timeout
        self.expired = False
        self.interrupted = False

    def __call__(self) -> int:
        try:
            self.expired = time.monotonic() > self.deadline
        except KeyboardInterrupt:
            # sqlite3 would swallow it; remember it and stop the statement instead.
            self.interrupted = True
        return int(self.expired or self.interrupted)


def _authorize(refused: list[str], action: int, arg1: str | None, arg2: str | None, *_: object) -> int:
    reason = _refusal(action, arg1, arg2)
    if reason is None:
        return sqlite3.SQLITE_OK
    refused.append(reason)
    return sqlite3.SQLITE_DENY


def _refusal(action: int, arg1: str | None, arg2: str | None) -> str | None:
    """Why an action is refused, or None when it is allowed."""
    if action in _ALLOWED:
        return None
    if action == _FUNCTION:
        name = (arg2 or "").lower()
        return f"{name}() is refused: a query cannot load code" if name in REFUSED_FUNCTIONS else None
    if action == sqlite3.SQLITE_PRAGMA:
        name = (arg1 or "").lower()
        if name in READ_PRAGMAS or (name in READ_SETTINGS and arg2 is None):
            return None
        return f"PRAGMA {name} is refused: only PRAGMAs that describe the tables may run"
    if action in _WRITES:
        if (arg1 or "").startswith("sqlite_"):  # how CREATE, DROP and ANALYZE begin
            return "changing the schema (CREATE, DROP, ANALYZE) is refused"
        return f"{_WRITES[action]} on {arg1} is refused: the budget's tables cannot be changed"
    if action in (sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH):  # VACUUM attaches, too
        return "ATTACH, DETACH and VACUUM are refused: a query cannot open or write database files"
    what = _ACTIONS.get(action, f"action {action}")
    return f"{what} is refused: only queries (SELECT, WITH, VALUES) may run"
