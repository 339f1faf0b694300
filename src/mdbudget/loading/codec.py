"""A budget as plain tuples for the cache, and back, key by key as records.py declares them.

An entry holds the names of every record's keys beside the values, and is read
by those names: an entry written before a key was added, removed or moved is a
``CacheMismatch``, never a record with its values shifted. Values are checked
against the declaration's types and bounds as they are read (a column at a
time, so 10^5 projects stay fast); anything unexpected is a ``CacheMismatch``,
which the cache counts as a miss.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from functools import partial
from itertools import chain
from operator import is_not, itemgetter
from typing import Any

from ..budget import records as r
from ..budget.keys import (
    FIRST_DATE,
    LAST_DATE,
    MAX_ID,
    MAX_TEXT,
    MULTIPLE_PLACES,
    UNITS,
    keys_of,
)


class CacheMismatch(ValueError):
    """A cache entry that is not a budget as this mdbudget declares it."""


def _layout(cls: type, seen: dict[str, tuple[str, ...]]) -> None:
    seen[cls.__name__] = tuple(keys_of(cls))
    for key in keys_of(cls).values():
        if key.table is not None:
            _layout(key.table, seen)


def _all_layouts() -> tuple[tuple[str, tuple[str, ...]], ...]:
    seen: dict[str, tuple[str, ...]] = {"Budget": r.PARTS}
    for key in r.PARTS_DECLARED.values():
        _layout(key.table, seen)
    return tuple(seen.items())


LAYOUT = _all_layouts()
_FIRST_DAY, _LAST_DAY = FIRST_DATE.toordinal(), LAST_DATE.toordinal()


# --- writing -------------------------------------------------------------------------


def encode(budget: r.Budget) -> tuple[Any, ...]:
    """The budget as tuples of str, int, bool and None, which marshal writes; its layout first.

    A list of records (fields, projects) is stored a column per key: 10^5 projects are
    14 columns, read back without a tuple per project to take apart.
    """
    parts: list[Any] = []
    for name, key in r.PARTS_DECLARED.items():
        value = getattr(budget, name)
        if key.kind == "tables":
            parts.append(_columns(key.table, value))
        else:
            parts.append(None if value is None else _row(key.table, value))
    return (LAYOUT, tuple(parts))


def _row(cls: Any, record: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(column[0] for column in _columns(cls, (record,)))


def _columns(cls: Any, records: tuple[Any, ...]) -> tuple[tuple[Any, ...], ...]:
    """Records as a plain tuple per declared key, in declared order."""
    declared = keys_of(cls)
    if not records:
        return tuple(() for _ in declared)
    columns: list[Any] = list(zip(*records, strict=True))
    for i, key in enumerate(declared.values()):
        code = _ENCODE.get(key.kind)
        if code is not None:
            columns[i] = tuple([None if value is None else code(key, value) for value in columns[i]])
        elif key.kind == "table":
            # Nested tables repeat (a handful of periods for 10^5 projects): each distinct one is written once.
            plain: dict[Any, Any] = {value: _row(key.table, value) for value in set(columns[i]) - {None}}
            plain[None] = None
            columns[i] = tuple(map(plain.__getitem__, columns[i]))
        elif key.kind == "tables":
            columns[i] = tuple([_columns(key.table, value) for value in columns[i]])
    return tuple(columns)


_ENCODE: dict[str, Any] = {
    "date": lambda key, value: value.toordinal(),
    "multiple": lambda key, value: str(value),
}


# --- reading -------------------------------------------------------------------------


def decode(data: Any) -> r.Budget:
    """encode's inverse; CacheMismatch if ``data`` is not a budget in today's layout, types and bounds."""
    if type(data) is not tuple or len(data) != 2 or data[0] != LAYOUT:
        raise CacheMismatch("not a budget entry of this layout")
    stored = data[1]
    _expect(type(stored) is tuple and len(stored) == len(r.PARTS), "parts")
    parts: dict[str, Any] = {}
    for (name, key), value in zip(r.PARTS_DECLARED.items(), stored, strict=True):
        if key.kind == "tables":
            parts[name] = _records(key.table, value)
        elif value is None:
            _expect(not key.required, name)
            parts[name] = key.default
        else:
            parts[name] = _records(key.table, _as_columns(key.table, (value,)))[0]
    return r.Budget(**parts)


def _expect(holds: bool, what: str) -> None:
    if not holds:
        raise CacheMismatch(f"unexpected {what} in a cache entry")


def _as_columns(cls: Any, rows: Any) -> tuple[Any, ...]:
    """Rows (each a plain tuple of a record's values) as columns."""
    _expect(set(map(type, rows)) == {tuple} and set(map(len, rows)) == {len(keys_of(cls))}, cls.__name__)
    return tuple(zip(*rows, strict=True))


def _records(cls: Any, columns: Any) -> tuple[Any, ...]:
    """The records ``cls`` of stored columns, each column checked against its key's declaration."""
    declared = keys_of(cls)
    _expect(type(columns) is tuple and len(columns) == len(declared), cls.__name__)
    _expect(set(map(type, columns)) == {tuple} and len(set(map(len, columns))) == 1, cls.__name__)
    if not columns[0]:
        return ()
    decoded = list(columns)
    for i, (name, key) in enumerate(declared.items()):
        made = _column(key, columns[i], f"{cls.__name__}.{name}")
        if made is not None:
            decoded[i] = made
    return tuple(map(partial(tuple.__new__, cls), zip(*decoded, strict=True)))  # in C: no frame per record


_NONE = type(None)
_ID_FIRST = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_ID_REST = re.compile(r"[a-z0-9_-]*").fullmatch


def _column(key: Any, values: tuple[Any, ...], what: str) -> list[Any] | None:
    """Check one column, a whole column per call where it can; its decoded values when they differ."""
    kind = key.kind
    types = set(map(type, values))
    if key.default is None:  # optional: None stands for absent
        types.discard(_NONE)
        present: Any = list(filter(partial(is_not, None), values)) if len(types) else ()
    else:
        present = values
    if not present:
        return None
    if kind in ("text", "unit", "id"):
        _expect(types == {str} and "" not in present and max(map(len, present)) <= MAX_TEXT, what)
        if kind == "unit":
            _expect(set(present) <= set(UNITS), what)
        elif kind == "id":
            ids = set(present) if key.refers else present  # references repeat a handful of ids
            # The pattern over all ids at once: each id's first character, then every character.
            _expect(
                max(map(len, ids)) <= MAX_ID
                and set(map(itemgetter(0), ids)) <= _ID_FIRST
                and _ID_REST("".join(ids)) is not None,
                what,
            )
    elif kind in ("whole", "amount"):
        _expect(types == {int} and min(present) >= key.low and max(present) <= key.high, what)
    elif kind == "flag":
        _expect(types == {bool}, what)
    elif kind == "texts":
        _expect(types == {tuple}, what)
        items = list(chain.from_iterable(present))
        texts = not items or (set(map(type, items)) == {str} and "" not in items and max(map(len, items)) <= MAX_TEXT)
        _expect(texts, what)
    elif kind == "date":
        _expect(types == {int} and min(present) >= _FIRST_DAY and max(present) <= _LAST_DAY, what)
        return [None if v is None else datetime.date.fromordinal(v) for v in values]
    elif kind == "multiple":
        return [None if v is None else _multiple(v, key.high, what) for v in values]
    elif kind == "table":
        # Nested tables repeat (a handful of periods for 10^5 projects): each distinct one is made once.
        _expect(types == {tuple}, what)
        unique = list(set(present))
        made: dict[Any, Any] = dict(zip(unique, _records(key.table, _as_columns(key.table, unique)), strict=True))
        made[None] = None
        return list(map(made.__getitem__, values))
    elif kind == "tables":
        _expect(types == {tuple}, what)
        return [_records(key.table, v) for v in values]
    else:
        raise CacheMismatch(f"no decoder for {kind}")
    return None


def _multiple(value: object, high: int, what: str) -> Decimal:
    _expect(type(value) is str and len(value) <= 100, what)
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise CacheMismatch(f"unexpected {what} in a cache entry") from None
    exponent = number.as_tuple().exponent
    _expect(
        number.is_finite() and 0 < number <= high and isinstance(exponent, int) and exponent >= -MULTIPLE_PLACES, what
    )
    return number
