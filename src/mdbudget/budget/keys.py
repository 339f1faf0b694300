"""The kinds of key a budget record declares, and every bound and unit, defined once.

records.py declares each table's keys with these (``id: Annotated[str, Id("...")]``);
the fast checker (loading/plain.py), the pydantic model (loading/model.py), the
cache codec (loading/codec.py), the SQL tables (reports/relational.py) and the JSON
shapes all read the declaration through ``keys_of`` instead of listing keys again.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, Literal, NamedTuple, TypeAlias

# 2^53 − 1: the largest integer every JSON reader keeps exact (jq, pandas and DuckDB read
# numbers as doubles). Every amount, converted to won, stays within it (9,007조원).
MAX_AMOUNT = 2**53 - 1
MAX_TEXT = 10_000  # characters of any text
MAX_ID = 100  # characters of an id
ID_PATTERN = r"[a-z0-9][a-z0-9_-]*"
is_id_text = re.compile(ID_PATTERN).fullmatch
FIRST_YEAR, LAST_YEAR = 1900, 2999
FIRST_DATE, LAST_DATE = datetime.date(FIRST_YEAR, 1, 1), datetime.date(LAST_YEAR, 12, 31)
# A stated multiple such as 2.5: ratios are computed to 6 decimals, so more places claim a
# precision nothing can check (and 30 of them overflow Decimal arithmetic).
MAX_MULTIPLE = 10**6
MULTIPLE_PLACES = 6

# How many won one of each unit is, in the order messages list them.
FACTORS = {"억원": 10**8, "조원": 10**12, "백만원": 10**6, "천원": 10**3, "원": 1}
UNITS = tuple(FACTORS)
# FACTORS' keys as a type, for the Python API's ``unit=``: a type checker cannot read a dict,
# so they are written again here, and tests/test_typed_api.py fails if the two differ.
UnitName: TypeAlias = Literal["억원", "조원", "백만원", "천원", "원"]

REQUIRED: Any = ...  # the default of a key that must be written


class Key(NamedTuple):
    """One key of a table: what it holds, its bounds, its default, one line for people."""

    kind: str  # text, id, whole, date, flag, multiple, unit, texts, table, tables
    description: str
    default: Any = REQUIRED
    low: int | None = None  # bounds of a whole number (and of a multiple: high)
    high: int | None = None
    table: Any = None  # the record of a nested table (table, tables)
    refers: str | None = None  # an id key: the part whose ids it names (fields, project_types)
    column: str | None = None  # its name as a column of the SQL tables, when not its own
    non_empty: bool = False  # tables: at least one entry

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


def Text(description: str, optional: bool = False) -> Key:
    return Key("text", description, None if optional else REQUIRED)


def Unit(description: str) -> Key:
    return Key("unit", description)


def Id(description: str, refers: str | None = None, optional: bool = False, column: str | None = None) -> Key:
    return Key("id", description, None if optional else REQUIRED, refers=refers, column=column)


def Whole(
    description: str, low: int = 0, high: int = MAX_AMOUNT, optional: bool = False, column: str | None = None
) -> Key:
    return Key("whole", description, None if optional else REQUIRED, low, high, column=column)


def Amount(description: str, optional: bool = False, positive: bool = False) -> Key:
    """Money in the file's unit; ``amount`` tells the SQL tables and data package it is money."""
    return Key("amount", description, None if optional else REQUIRED, 1 if positive else 0, MAX_AMOUNT)


def Year(description: str, column: str | None = None) -> Key:
    return Key("whole", description, REQUIRED, FIRST_YEAR, LAST_YEAR, column=column)


def Date(description: str) -> Key:
    return Key("date", description)


def Flag(description: str) -> Key:
    return Key("flag", description, False)


def Multiple(description: str) -> Key:
    return Key("multiple", description, REQUIRED, 0, MAX_MULTIPLE)


def Texts(description: str) -> Key:
    return Key("texts", description, ())


def Table(record: Any, description: str, optional: bool = False) -> Key:
    return Key("table", description, None if optional else REQUIRED, table=record)


def Tables(record: Any, description: str, non_empty: bool = False) -> Key:
    return Key("tables", description, REQUIRED if non_empty else (), table=record, non_empty=non_empty)


_DECLARED: dict[type, dict[str, Key]] = {}


def keys_of(record: type) -> dict[str, Key]:
    """A record's keys, in its fields' order, as its class declares them."""
    found = _DECLARED.get(record)
    if found is None:
        found = {}
        for name, annotation in record.__annotations__.items():
            key = annotation.__metadata__[0]
            assert isinstance(key, Key), (record, name)
            found[name] = key
        _DECLARED[record] = found
    return found
