"""Records straight from a plainly valid document, in plain Python: no pydantic at all.

Most budget files are plainly valid: exact types, every number and length in
range, no unknown key. Those are checked here and become records directly, so
the first run after an edit imports neither pydantic nor the model. Anything less
plain — a Decimal where an int belongs (`1516.0`), a quoted date, an unknown key,
a number out of range, a broken rule — gives None, and the model validates the
document as it always has, with its messages. These rules may only ever be
stricter than model.py's: a property test holds every budget made here equal to
the model's.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from operator import attrgetter
from typing import Any, NamedTuple, TypeGuard, TypeVar

from ..budget import records

# 2^53 − 1: the largest integer every JSON reader keeps exact (jq, pandas and DuckDB read
# numbers as doubles). Every amount, in won, stays within it (9,007조원): see model._exact_in_json.
MAX_AMOUNT = 2**53 - 1
WON = {"원": 1, "천원": 10**3, "백만원": 10**6, "억원": 10**8, "조원": 10**12}
MAX_TEXT = 10_000
MAX_MULTIPLE = 10**6
MULTIPLE_PLACES = 6

_ID = re.compile(r"[a-z0-9][a-z0-9_-]*").fullmatch
_FIRST_DATE, _LAST_DATE = datetime.date(1900, 1, 1), datetime.date(2999, 12, 31)


class _Not(Exception):
    """Not plain: leave the document to the model."""


def _text(value: object) -> str:
    if type(value) is str and 0 < len(value) <= MAX_TEXT:
        return value
    raise _Not


def _id(value: object) -> str:
    if _is_id(value):
        return value
    raise _Not


def _amount(value: object) -> int:
    if type(value) is int and 0 <= value <= MAX_AMOUNT:
        return value
    raise _Not


def _positive(value: object) -> int:
    if type(value) is int and 0 < value <= MAX_AMOUNT:
        return value
    raise _Not


def _year(value: object) -> int:
    if type(value) is int and 1900 <= value <= 2999:
        return value
    raise _Not


def _type_number(value: object) -> int:
    if type(value) is int and 1 <= value <= 1000:
        return value
    raise _Not


def _date(value: object) -> datetime.date:
    if type(value) is datetime.date and _FIRST_DATE <= value <= _LAST_DATE:
        return value
    raise _Not


def _flag(value: object) -> bool:
    if type(value) is bool:
        return value
    raise _Not


def _multiple(value: object) -> Decimal:
    if type(value) is int and 0 < value <= MAX_MULTIPLE:
        return Decimal(value)
    if type(value) is Decimal and value.is_finite() and 0 < value <= MAX_MULTIPLE:
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent >= -MULTIPLE_PLACES:
            return value
    raise _Not


def _texts(value: object) -> tuple[str, ...]:
    if type(value) is list:
        return tuple([_text(item) for item in value])
    raise _Not


R = TypeVar("R", bound=NamedTuple)
Check = Callable[[Any], Any]
_REQUIRED = object()


def _table(cls: type[R], spec: dict[str, tuple[Check, Any]]) -> Callable[[Any], R]:
    """A checker that makes ``cls`` from a table with only ``spec``'s keys, in ``cls``'s field order."""
    assert tuple(spec) == cls._fields, cls  # the record and its spec list the same keys
    keys = spec.keys()
    steps = tuple(spec.items())

    def make(table: Any) -> R:
        if type(table) is not dict or not table.keys() <= keys:
            raise _Not
        values = []
        for key, (check, default) in steps:
            if key in table:
                values.append(check(table[key]))
            elif default is _REQUIRED:
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


_PROGRAM = _table(
    records.Program,
    {
        "title": (_text, _REQUIRED), "title_en": (_text, None), "ministry": (_text, _REQUIRED),
        "ministry_en": (_text, None), "release_date": (_date, _REQUIRED), "fiscal_year": (_year, _REQUIRED),
        "unit": (_text, _REQUIRED), "source_file": (_text, _REQUIRED), "notes": (_texts, ()),
    },
)  # fmt: skip
_SPLIT = _table(
    records.Split, {"continuing": (_amount, _REQUIRED), "new": (_amount, _REQUIRED), "source": (_text, _REQUIRED)}
)
_TOTALS = _table(
    records.Totals,
    {
        "projects": (_amount, _REQUIRED), "total": (_amount, _REQUIRED), "allocation": (_amount, _REQUIRED),
        "source": (_text, _REQUIRED), "split": (_SPLIT, None),
    },
)  # fmt: skip
_BASELINE = _table(
    records.Baseline, {"year": (_year, _REQUIRED), "allocation": (_amount, _REQUIRED), "source": (_text, _REQUIRED)}
)
_GROWTH = _table(
    records.GrowthClaim, {"text": (_text, _REQUIRED), "multiple": (_multiple, _REQUIRED), "source": (_text, _REQUIRED)}
)
_HEADLINE = _table(
    records.HeadlineClaim,
    {
        "text": (_text, _REQUIRED), "amount": (_amount, _REQUIRED), "rounded_to": (_positive, _REQUIRED),
        "source": (_text, _REQUIRED),
    },
)  # fmt: skip
_FIELD_CLAIM = _table(
    records.FieldClaim,
    {
        "field": (_id, _REQUIRED), "text": (_text, _REQUIRED), "projects": (_amount, None), "total": (_amount, None),
        "allocation": (_amount, None), "source": (_text, _REQUIRED),
    },
)  # fmt: skip
_CLAIMS = _table(
    records.Claims, {"growth": (_GROWTH, None), "headline": (_HEADLINE, None), "fields": (_list(_FIELD_CLAIM), ())}
)
_FIELD = _table(
    records.BudgetField,
    {
        "id": (_id, _REQUIRED), "name": (_text, _REQUIRED), "name_en": (_text, _REQUIRED), "aliases": (_texts, ()),
        "projects": (_amount, _REQUIRED), "total": (_amount, _REQUIRED), "allocation": (_amount, _REQUIRED),
        "provisional": (_flag, False), "source": (_text, _REQUIRED),
    },
)  # fmt: skip
_PROVISIONAL = _table(
    records.Provisional, {"note": (_text, _REQUIRED), "note_en": (_text, None), "source": (_text, _REQUIRED)}
)
_TYPE = _table(
    records.ProjectType,
    {
        "id": (_id, _REQUIRED), "number": (_type_number, _REQUIRED), "name": (_text, _REQUIRED),
        "name_en": (_text, _REQUIRED), "source": (_text, _REQUIRED),
    },
)  # fmt: skip
_BUDGET_KEYS = frozenset(
    {"program", "totals", "baseline", "claims", "fields", "provisional", "project_types", "projects"}
)


def budget(data: dict[str, Any], projects: list[Any], origin: Any) -> records.Budget | None:
    """The records of a plainly valid document whose ``projects`` are records already; None otherwise.

    ``projects`` is the document's list of projects after ``plain_records`` (empty
    when it has none): one table left in it means a project was not plain.
    """
    if not data.keys() <= _BUDGET_KEYS or "program" not in data or "totals" not in data or "fields" not in data:
        return None
    if data.get("projects", projects) is not projects or any(type(item) is not records.Project for item in projects):
        return None
    try:
        program = _PROGRAM(data["program"])
        totals = _TOTALS(data["totals"])
        baseline = _BASELINE(data["baseline"]) if "baseline" in data else None
        claims = _CLAIMS(data["claims"]) if "claims" in data else records.Claims()
        fields = _list(_FIELD)(data["fields"])
        provisional = _PROVISIONAL(data["provisional"]) if "provisional" in data else None
        types = _list(_TYPE)(data["project_types"]) if "project_types" in data else ()
    except _Not:
        return None
    made = records.Budget(program, totals, baseline, claims, fields, provisional, types, tuple(projects), origin)
    return made if _keeps_the_rules(made) else None


def _keeps_the_rules(b: records.Budget) -> bool:
    """model.py's rules within and across tables (the validators), for a budget made above."""
    unit = b.program.unit
    if unit not in WON or not b.fields:
        return False
    if b.baseline is not None and b.baseline.year >= b.program.fiscal_year:
        return False
    if any(f.allocation > f.total for f in b.fields):
        return False
    field_ids = {f.id for f in b.fields}
    type_ids = {t.id for t in b.project_types}
    if len(field_ids) != len(b.fields) or len(type_ids) != len(b.project_types):
        return False
    if any(c.field not in field_ids for c in b.claims.fields):
        return False
    limit = MAX_AMOUNT // WON[unit]
    amounts = [b.totals.total, b.totals.allocation, *(f.total for f in b.fields)]
    if b.baseline is not None:
        amounts.append(b.baseline.allocation)
    if b.claims.headline is not None:
        amounts += [b.claims.headline.amount, b.claims.headline.rounded_to]
    amounts += [a for c in b.claims.fields for a in (c.total, c.allocation) if a is not None]
    if amounts and max(amounts) > limit:
        return False
    return cross_checked(b.projects, field_ids, type_ids, limit)


def cross_checked(projects: Sequence[records.Project], field_ids: set[str], type_ids: set[str], limit: int) -> bool:
    """Whether the projects pass the budget's rules across tables (model.Budget's, for projects).

    Unique ids, known fields and types, totals within what JSON keeps exact in the unit.
    """
    if not projects:
        return True
    kinds = set(map(_TYPE_OF, projects))
    kinds.discard(None)
    return (
        len(set(map(_ID_OF, projects))) == len(projects)
        and set(map(_FIELD_OF, projects)) <= field_ids
        and kinds <= type_ids
        and max(map(_TOTAL_OF, projects)) <= limit
    )


_ID_OF, _TYPE_OF, _FIELD_OF, _TOTAL_OF = (attrgetter(key) for key in ("id", "type", "field", "total"))


# --- projects, one by one -------------------------------------------------------------
#
# Kept apart from the rest of the budget: a file of 10^5 projects replaces each table by
# its record as soon as it is made, so the table can be freed (bulk.py does the same for
# tables that need the model).

_KEYS = frozenset(records.Project._fields)
_PERIOD_KEYS = {"start": None, "end": None}.keys()


class Sharing:
    """One str for text repeated across projects (leads, sources), one Period per span, known ids."""

    __slots__ = ("ids", "periods", "share")

    def __init__(self) -> None:
        strings: dict[str, str] = {}
        self.share = strings.setdefault
        self.periods: dict[tuple[int, int], records.Period] = {}
        self.ids: set[str] = set()  # field and type ids seen valid: a handful, used 10^5 times


def _is_id(value: object) -> TypeGuard[str]:
    return type(value) is str and len(value) <= 100 and _ID(value) is not None


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
        and (years is None or (type(years) is int and 1 <= years <= 100))
        and _is_id(pid)
        and type(field) is str
        and (field in ids or _is_id(field))
        and (kind is None or (type(kind) is str and (kind in ids or _is_id(kind))))
        and _all_texts(participants)
        and _all_texts(development)
    ):
        return None
    start, end = period["start"], period["end"]
    if not (type(start) is int and type(end) is int and 1900 <= start <= end <= 2999):
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
        tuple(development), share(source, source),
    )  # fmt: skip


def plain_records(items: list[Any], sharing: Sharing) -> None:
    """Replace each plainly valid project table in ``items`` by its record, in place.

    Only numbers in range pass, so the walk for absurd numbers can skip the records.
    """
    for i, item in enumerate(items):
        made = plain_project(item, sharing)
        if made is not None:
            items[i] = made
