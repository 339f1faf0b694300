"""Records straight from a plainly valid document, in plain Python: no pydantic at all.

Most budget files are plainly valid: exact types, every number and length in
range, no unknown key. Those are checked here, each key by the check of the kind
records.py declares for it, and become records directly, so the first run after
an edit imports neither pydantic nor the model. Anything less
plain — a Decimal where an int belongs (`1516.0`), a quoted date, an unknown key,
a number out of range, a broken rule — gives None, and the model validates the
document as it always has, with its messages. These rules may only ever be
stricter than model.py's: a property test holds every budget made here equal to
the model's.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, NamedTuple, TypeGuard, TypeVar

from ..budget import records
from ..budget.keys import (
    FIRST_DATE,
    FIRST_YEAR,
    LAST_DATE,
    LAST_YEAR,
    MAX_AMOUNT,
    MAX_ID,
    MAX_TEXT,
    MULTIPLE_PLACES,
    UNITS,
    Key,
    is_id_text,
    keys_of,
)
from .rules import broken


class _Not(Exception):
    """Not plain: leave the document to the model."""


def _text(value: object) -> str:
    if type(value) is str and 0 < len(value) <= MAX_TEXT:
        return value
    raise _Not


def _unit(value: object) -> str:
    if type(value) is str and value in UNITS:
        return value
    raise _Not


def _id(value: object) -> str:
    if _is_id(value):
        return value
    raise _Not


def _whole(low: int, high: int) -> Callable[[object], int]:
    def check(value: object) -> int:
        if type(value) is int and low <= value <= high:
            return value
        raise _Not

    return check


def _date(value: object) -> Any:
    if type(value) is type(FIRST_DATE) and FIRST_DATE <= value <= LAST_DATE:  # exactly a date, not a datetime
        return value
    raise _Not


def _flag(value: object) -> bool:
    if type(value) is bool:
        return value
    raise _Not


def _multiple(high: int) -> Callable[[object], Decimal]:
    def check(value: object) -> Decimal:
        if type(value) is int and 0 < value <= high:
            return Decimal(value)
        if type(value) is Decimal and value.is_finite() and 0 < value <= high:
            exponent = value.as_tuple().exponent
            if isinstance(exponent, int) and exponent >= -MULTIPLE_PLACES:
                return value
        raise _Not

    return check


def _texts(value: object) -> tuple[str, ...]:
    if type(value) is list:
        return tuple([_text(item) for item in value])
    raise _Not


R = TypeVar("R", bound=NamedTuple)
Check = Callable[[Any], Any]


def check_of(key: Key) -> Check:
    """The plain check of a declared key: its value (as the record holds it), or _Not."""
    kind = key.kind
    if kind in ("whole", "amount"):
        return _whole(key.low or 0, MAX_AMOUNT if key.high is None else key.high)
    if kind == "multiple":
        return _multiple(key.high or 0)
    if kind == "table":
        return _table(key.table)
    if kind == "tables":
        return _list(_table(key.table))
    return _CHECKS[kind]


_CHECKS: dict[str, Check] = {"text": _text, "unit": _unit, "id": _id, "date": _date, "flag": _flag, "texts": _texts}


def _steps(cls: Any) -> tuple[tuple[str, Check, Any], ...]:
    return tuple((name, check_of(key), key.default) for name, key in keys_of(cls).items())


def _table(cls: type[R]) -> Callable[[Any], R]:
    """A checker that makes ``cls`` from a table with only the keys ``cls`` declares."""
    steps = _steps(cls)
    keys = {name: None for name, _, _ in steps}.keys()

    def make(table: Any) -> R:
        if type(table) is not dict or not table.keys() <= keys:
            raise _Not
        values = []
        for key, check, default in steps:
            if key in table:
                values.append(check(table[key]))
            elif default is ...:
                raise _Not
            else:
                values.append(default)
        return cls._make(values)

    return make


def _list(make: Callable[[Any], R]) -> Callable[[Any], tuple[R, ...]]:
    def each(value: Any) -> tuple[R, ...]:
        if type(value) is list:
            return tuple([make(item) for item in value])
        raise _Not

    return each


_PARTS = {name: (check_of(key), key.default) for name, key in records.PARTS_DECLARED.items() if name != "projects"}
_BUDGET_KEYS = records.PARTS_DECLARED.keys()


def budget(data: dict[str, Any], projects: list[Any], origin: Any) -> records.Budget | None:
    """The records of a plainly valid document whose ``projects`` are records already; None otherwise.

    ``projects`` is the document's list of projects after ``plain_records`` (empty
    when it has none): one table left in it means a project was not plain.
    """
    if not data.keys() <= _BUDGET_KEYS:
        return None
    if data.get("projects", projects) is not projects or any(type(item) is not records.Project for item in projects):
        return None
    parts: dict[str, Any] = {}
    try:
        for name, (check, default) in _PARTS.items():
            if name in data:
                parts[name] = check(data[name])
            elif default is ...:
                return None
            else:
                parts[name] = default
    except _Not:
        return None
    if not parts["fields"]:
        return None
    made = records.Budget(**parts, projects=tuple(projects), origin=origin)
    return None if broken(made) else made


# --- projects, one by one -------------------------------------------------------------
#
# Kept apart from the rest of the budget: a file of 10^5 projects replaces each table by
# its record as soon as it is made, so the table can be freed (bulk.py does the same for
# tables that need the model). For speed the checks of the keys in HOT are written out by
# hand below; test_declaration.py derives them from records.Project's declaration and
# fails if the two part. Keys declared after them are checked by their declared checks.

HOT = (
    "id", "name", "name_en", "type", "field", "lead", "participants", "participants_partial", "period",
    "stated_years", "total", "allocation", "development", "source",
)  # fmt: skip
_DECLARED = keys_of(records.Project)
_KEYS = frozenset(_DECLARED)
_MORE = tuple(step for step in _steps(records.Project) if step[0] not in HOT)
_PERIOD_KEYS = {"start": None, "end": None}.keys()
_YEARS_LOW, _YEARS_HIGH = _DECLARED["stated_years"].low or 0, _DECLARED["stated_years"].high or 0


class Sharing:
    """One str for text repeated across projects (leads, sources), one Period per span, known ids."""

    __slots__ = ("ids", "periods", "share")

    def __init__(self) -> None:
        strings: dict[str, str] = {}
        self.share = strings.setdefault
        self.periods: dict[tuple[int, int], records.Period] = {}
        self.ids: set[str] = set()  # field and type ids seen valid: a handful, used 10^5 times


def _is_id(value: object) -> TypeGuard[str]:
    return type(value) is str and len(value) <= MAX_ID and is_id_text(value) is not None


def _all_texts(value: object) -> bool:
    if type(value) is not list:
        return False
    return all(type(text) is str and 0 < len(text) <= MAX_TEXT for text in value)


def plain_project(item: Any, sharing: Sharing) -> records.Project | None:
    """The record of a plainly valid project table, or None to leave the table to the model."""
    if type(item) is not dict or not item.keys() <= _KEYS:
        return None
    try:
        pid, name, field, lead = item["id"], item["name"], item["field"], item["lead"]
        period, total, allocation, source = item["period"], item["total"], item["allocation"], item["source"]
    except KeyError:
        return None
    get, ids = item.get, sharing.ids
    name_en, kind, years = get("name_en"), get("type"), get("stated_years")
    participants, development = get("participants", []), get("development", [])
    partial = get("participants_partial", False)
    if not (
        type(total) is int
        and type(allocation) is int
        and 0 <= allocation <= total <= MAX_AMOUNT
        and type(period) is dict
        and period.keys() == _PERIOD_KEYS
        and type(name) is str
        and 0 < len(name) <= MAX_TEXT
        and type(lead) is str
        and 0 < len(lead) <= MAX_TEXT
        and type(source) is str
        and 0 < len(source) <= MAX_TEXT
        and (name_en is None or (type(name_en) is str and 0 < len(name_en) <= MAX_TEXT))
        and type(partial) is bool
        and (years is None or (type(years) is int and _YEARS_LOW <= years <= _YEARS_HIGH))
        and _is_id(pid)
        and type(field) is str
        and (field in ids or _is_id(field))
        and (kind is None or (type(kind) is str and (kind in ids or _is_id(kind))))
        and _all_texts(participants)
        and _all_texts(development)
    ):
        return None
    start, end = period["start"], period["end"]
    if not (type(start) is int and type(end) is int and FIRST_YEAR <= start <= end <= LAST_YEAR):
        return None
    more = _more(item) if _MORE else ()
    if more is None:
        return None
    ids.add(field)
    share, span = sharing.share, (start, end)
    if kind is not None:
        ids.add(kind)
        kind = share(kind, kind)
    shared = sharing.periods.get(span) or sharing.periods.setdefault(span, records.Period(start, end))
    return records.Project(
        pid, name, name_en, kind, share(field, field), share(lead, lead),
        tuple([share(s, s) for s in participants]), partial, shared, years, total, allocation,
        tuple(development), share(source, source), *more,
    )  # fmt: skip


def _more(item: dict[str, Any]) -> tuple[Any, ...] | None:
    """The values of the keys declared after HOT, by their declared checks; None if one is not plain."""
    values = []
    try:
        for key, check, default in _MORE:
            if key in item:
                values.append(check(item[key]))
            elif default is ...:
                return None
            else:
                values.append(default)
    except _Not:
        return None
    return tuple(values)


def plain_records(items: list[Any], sharing: Sharing) -> None:
    """Replace each plainly valid project table in ``items`` by its record, in place.

    Only numbers in range pass, so the walk for absurd numbers can skip the records.
    """
    for i, item in enumerate(items):
        made = plain_project(item, sharing)
        if made is not None:
            items[i] = made
