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
from decimal import Decimal, InvalidOperation
from itertools import chain
from typing import Any

from ..budget import records as r
from ..budget.keys import (
    FIRST_DATE,
    LAST_DATE,
    MAX_ID,
    MAX_TEXT,
    MULTIPLE_PLACES,
    UNITS,
    is_id_text,
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
    """The budget as tuples of str, int, bool and None, which marshal writes; its layout first."""
    parts: list[Any] = []
    for name, key in r.PARTS_DECLARED.items():
        value = getattr(budget, name)
        if key.kind == "tables":
            parts.append(_encode_rows(key.table, value))
        else:
            parts.append(None if value is None else _encode_rows(key.table, (value,))[0])
    return (LAYOUT, tuple(parts))


def _encode_rows(cls: Any, records: tuple[Any, ...]) -> tuple[Any, ...]:
    """Records as plain tuples, a column at a time (10^5 projects: one pass per converted key)."""
    if not records:
        return ()
    columns: list[Any] = list(zip(*records, strict=True))
    for i, key in enumerate(keys_of(cls).values()):
        code = _ENCODE.get(key.kind)
        if code is not None:
            columns[i] = [None if value is None else code(key, value) for value in columns[i]]
        elif key.kind == "table":
            column = columns[i]
            unique = list(set(column) - {None})
            plain = dict(zip(unique, _encode_rows(key.table, tuple(unique)), strict=True))
            columns[i] = [None if value is None else plain[value] for value in column]
        elif key.kind == "tables":
            columns[i] = [_encode_rows(key.table, value) for value in columns[i]]
    return tuple(zip(*columns, strict=True))


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
            _expect(type(value) is tuple, name)
            parts[name] = _rows(key.table, value)
        elif value is None:
            _expect(not key.required, name)
            parts[name] = key.default
        else:
            parts[name] = _rows(key.table, (value,))[0]
    return r.Budget(**parts)


def _expect(holds: bool, what: str) -> None:
    if not holds:
        raise CacheMismatch(f"unexpected {what} in a cache entry")


def _rows(cls: Any, rows: tuple[Any, ...]) -> tuple[Any, ...]:
    """The records ``cls`` of encoded rows, each column checked against its key's declaration."""
    declared = keys_of(cls)
    if not rows:
        return ()
    _expect(set(map(type, rows)) == {tuple} and set(map(len, rows)) == {len(declared)}, cls.__name__)
    columns: list[Any] = list(zip(*rows, strict=True))
    changed = False
    for i, (name, key) in enumerate(declared.items()):
        decoded = _column(key, columns[i], f"{cls.__name__}.{name}")
        if decoded is not None:
            columns[i] = decoded
            changed = True
    make = tuple.__new__
    if not changed:
        return tuple([make(cls, row) for row in rows])
    return tuple([make(cls, row) for row in zip(*columns, strict=True)])


def _column(key: Any, values: tuple[Any, ...], what: str) -> list[Any] | None:
    """Check one column; its decoded values when they differ from the stored ones."""
    present = values if key.default is not None else [v for v in values if v is not None]  # None: absent
    kind = key.kind
    if not present:
        return None
    types = set(map(type, present))
    if kind in ("text", "unit", "id"):
        _expect(types == {str} and min(map(len, present)) > 0 and max(map(len, present)) <= MAX_TEXT, what)
        if kind == "unit":
            _expect(set(present) <= set(UNITS), what)
        elif kind == "id":
            _expect(max(map(len, present)) <= MAX_ID and all(map(is_id_text, present)), what)
    elif kind in ("whole", "amount"):
        _expect(types == {int} and key.low <= min(present) and max(present) <= key.high, what)
    elif kind == "flag":
        _expect(types == {bool}, what)
    elif kind == "texts":
        _expect(types == {tuple}, what)
        items = list(chain.from_iterable(present))
        _expect(set(map(type, items)) <= {str} and all(0 < len(s) <= MAX_TEXT for s in set(items)), what)
    elif kind == "date":
        _expect(types == {int} and min(present) >= _FIRST_DAY and max(present) <= _LAST_DAY, what)
        return [None if v is None else datetime.date.fromordinal(v) for v in values]
    elif kind == "multiple":
        return [None if v is None else _multiple(v, key.high, what) for v in values]
    elif kind == "table":
        # Nested tables repeat (a handful of periods for 10^5 projects): each distinct one is made once.
        _expect(types == {tuple}, what)
        unique = list(set(present))
        made = dict(zip(unique, _rows(key.table, tuple(unique)), strict=True))
        return [None if v is None else made[v] for v in values]
    elif kind == "tables":
        _expect(types == {tuple}, what)
        return [_rows(key.table, v) for v in values]
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
