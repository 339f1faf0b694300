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

from typing import Any

from pydantic import BaseModel, ValidationError

from ..budget import records
from .model import Period, Project
from .plain import Sharing

Model = Any  # a model made from the declaration (model.py): mypy sees no class

FieldsSets = dict[frozenset[str], set[str]]
Periods = dict[tuple[int, int], records.Period]


def validate_projects(items: list[Any]) -> None:
    """Replace each valid project table in ``items`` by its Project, in place."""
    validate = Project.model_validate
    sets: FieldsSets = {}
    periods: dict[tuple[tuple[str, int], ...], Model] = {}
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


def _shared_period(raw: Any, periods: dict[tuple[tuple[str, int], ...], Model], sets: FieldsSets) -> Model | None:
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


def project_records(items: list[Any], sharing: Sharing) -> bool:
    """Each project table through the model, into its record; False if any is invalid.

    On False every table is put back as it was read, for the model to report on the
    whole budget exactly as it would have without this shortcut.
    """
    validate = Project.model_validate
    for i, item in enumerate(items):
        if type(item) is records.Project:
            continue  # made already by plain.plain_records
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
