"""The JSON shape of `mdbudget trend` (`mdbudget schema trend`), beside its report.

Kept apart from shapes.py, which lists it among the outputs, so that neither imports the other's
half-built module. Amounts and ratios are described as shapes.py describes them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, with_config
from typing_extensions import TypedDict  # pydantic needs it on Python < 3.12

from .values import Number, Rate, Unit, Year, number

CONFIG = ConfigDict(extra="forbid")

WHAT = "An amount, exact, in `unit`; a count of projects when `of` is projects"
Value = Annotated[Number, number(f"{WHAT}: at least 0.", minimum=0)]
Figure = Annotated[Number, number(f"{WHAT}; a change may be negative.")]


@with_config(CONFIG)
class TrendFile(TypedDict):
    year: Year
    file: str
    unit: Unit


@with_config(CONFIG)
class TrendYear(TypedDict):
    """One year of a row; value is null when the field is not in that year's budget."""

    year: Year
    value: Value | None
    change: Figure | None
    growth: Rate | None


@with_config(CONFIG)
class TrendEvent(TypedDict):
    """Something that happened to a field in a year: appeared, disappeared or renamed (from old_id/old_name)."""

    year: Year
    event: Literal["appeared", "disappeared", "renamed"]
    old_id: str | None
    old_name: str | None


@with_config(CONFIG)
class TrendRow(TypedDict):
    """One field followed through the years (or the programme: the sum of the fields)."""

    id: str
    name: str
    name_en: str
    status: Literal["kept", "renamed", "appeared", "disappeared"]
    first_year: Year
    last_year: Year
    change: Figure
    growth: Rate | None
    cagr: Rate | None
    years: list[TrendYear]
    events: list[TrendEvent]


@with_config(CONFIG)
class Trend(TypedDict):
    """`mdbudget trend`: each field's figure in each year's budget, in one unit."""

    of: Literal["total", "allocation", "projects"]
    unit: Unit | None
    years: list[Year]
    files: list[TrendFile]
    rows: list[TrendRow]
    programme: TrendRow
