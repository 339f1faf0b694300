"""Validate a budget's projects one by one, so a file of 10^5 of them fits in memory.

Validating the whole parsed document at once holds every parsed table and every
model together: twice the memory. Here each project table is replaced in its
list by its Project as soon as that is made, so the table can be freed, and
models that would be identical share memory. A table that does not validate is
left exactly as it was: validating the Budget afterwards reports it as before,
with the same messages, locations and order. Valid Projects pass through that
validation untouched (strict mode accepts instances of the model).
"""

from __future__ import annotations

import re
from operator import attrgetter
from typing import Any

from pydantic import BaseModel, ValidationError

from ..budget import records
from .model import MAX_AMOUNT, Period, Project

FieldsSets = dict[frozenset[str], set[str]]
Periods = dict[tuple[int, int], records.Period]


def validate_projects(items: list[Any]) -> None:
    """Replace each valid project table in ``items`` by its Project, in place."""
    validate = Project.model_validate
    sets: FieldsSets = {}
    periods: dict[tuple[tuple[str, int], ...], Period] = {}
    for i, item in enumerate(items):
        raw_period = item.get("period") if type(item) is dict else None
        period = _shared_period(raw_period, periods, sets)
        if period is not None:
            item["period"] = period
        try:
            project = validate(item)
        except ValidationError:
            if period is not None:
                item["period"] = raw_period  # the table as it was, for Budget to report
            continue
        share_fields_set(project, sets)
        items[i] = project


def _shared_period(raw: Any, periods: dict[tuple[tuple[str, int], ...], Period], sets: FieldsSets) -> Period | None:
    """One frozen Period for every project with the same years (most share a handful)."""
    if type(raw) is not dict:
        return None
    key = tuple(raw.items())
    # Exactly int: True == 1, but strict validation refuses the bool, so it must not find 1's Period.
    if not all(type(value) is int for _, value in key):
        return None
    period = periods.get(key)
    if period is None:
        try:
            period = Period.model_validate(raw)
        except ValidationError:
            return None  # validated again, and reported, with its project
        share_fields_set(period, sets)
        periods[key] = period
    return period


def share_fields_set(model: BaseModel, sets: FieldsSets) -> None:
    """Let models made from tables with the same keys share one set of those keys.

    pydantic keeps, per model, the set of keys its table gave (model_fields_set):
    ~0.7 kB, as much as the rest of a Project. Sharing is safe: the models are
    frozen, and pydantic copies the set before changing it in a copy.
    """
    mine = model.__pydantic_fields_set__
    object.__setattr__(model, "__pydantic_fields_set__", sets.setdefault(frozenset(mine), mine))


# --- records straight from the tables -------------------------------------------------
#
# Most project tables are plainly valid: exact types, every number and length in
# range. Those are checked here in plain Python and become records directly: no
# model per project and no model beside each record. Anything less plain — a
# Decimal where an int belongs, an unknown key, a number out of range — is left to
# the model, so these rules may only ever be stricter than model.Project's; a test
# holds every record made here equal to the model's.

_ID = re.compile(r"[a-z0-9][a-z0-9_-]*").fullmatch
_KEYS = frozenset(records.Project._fields)
_PERIOD_KEYS = {"start": None, "end": None}.keys()
_MAX_TEXT = 10_000


class Sharing:
    """One str for text repeated across projects (leads, sources), one Period per span, known ids."""

    __slots__ = ("ids", "periods", "share")

    def __init__(self) -> None:
        strings: dict[str, str] = {}
        self.share = strings.setdefault
        self.periods: Periods = {}
        self.ids: set[str] = set()  # field and type ids seen valid: a handful, used 10^5 times


def _is_id(value: object) -> bool:
    return type(value) is str and len(value) <= 100 and _ID(value) is not None


def _texts(value: object) -> bool:
    if type(value) is not list:
        return False
    return all(type(text) is str and 0 < len(text) <= _MAX_TEXT for text in value)


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
        and 0 < len(name) <= _MAX_TEXT
        and type(lead) is str
        and 0 < len(lead) <= _MAX_TEXT
        and type(source) is str
        and 0 < len(source) <= _MAX_TEXT
        and (name_en is None or (type(name_en) is str and 0 < len(name_en) <= _MAX_TEXT))
        and type(partial) is bool
        and (years is None or (type(years) is int and 1 <= years <= 100))
        and _is_id(pid)
        and type(field) is str
        and (field in ids or _is_id(field))
        and (kind is None or (type(kind) is str and (kind in ids or _is_id(kind))))
        and _texts(participants)
        and _texts(development)
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


def project_records(items: list[Any], sharing: Sharing) -> bool:
    """Each project table through the model, into its record; False if any is invalid.

    On False every table is put back as it was read, for the model to report on the
    whole budget exactly as it would have without this shortcut.
    """
    validate = Project.model_validate
    for i, item in enumerate(items):
        if type(item) is records.Project:
            continue  # made by column_records
        try:
            items[i] = records.project_record(validate(item), sharing.share, sharing.periods)
        except ValidationError:
            put_back(items)
            return False
    return True


def put_back(items: list[Any]) -> None:
    for i, item in enumerate(items):
        if type(item) is records.Project:
            items[i] = table_of(item)


def table_of(project: records.Project) -> dict[str, Any]:
    """A project table that validates to ``project`` (absent keys stay absent)."""
    table: dict[str, Any] = {}
    for key, value in zip(records.Project._fields, project, strict=True):
        if type(value) is tuple:
            table[key] = list(value)
        elif type(value) is records.Period:
            table[key] = {"start": value.start, "end": value.end}
        elif value is not None:
            table[key] = value
    return table


def cross_checked(projects: list[records.Project], field_ids: set[str], type_ids: set[str], limit: int) -> bool:
    """Whether the projects pass the budget's rules across tables (model.Budget's, for projects).

    Unique ids, known fields and types, totals within what JSON keeps exact in the unit.
    """
    if not projects:
        return True
    kinds = set(map(_TYPE, projects))
    kinds.discard(None)
    return (
        len(set(map(_ID_OF, projects))) == len(projects)
        and set(map(_FIELD, projects)) <= field_ids
        and kinds <= type_ids
        and max(map(_TOTAL, projects)) <= limit
    )


_ID_OF, _TYPE, _FIELD, _TOTAL = (attrgetter(key) for key in ("id", "type", "field", "total"))
