"""The JSON shape of `mdbudget trend` (`mdbudget schema trend`), beside its report.

Kept apart from shapes.py, which lists it among the outputs, so that neither imports the other's
half-built module. Amounts and ratios are described as shapes.py describes them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal, Union

from pydantic import ConfigDict, WithJsonSchema, with_config
from typing_extensions import TypedDict  # pydantic needs it on Python < 3.12

CONFIG = ConfigDict(extra="forbid")

Figure = Annotated[
    Union[int, Decimal],  # noqa: UP007 - pydantic evaluates these at run time on Python 3.10
    WithJsonSchema(
        {"type": "number", "description": "An amount, exact, in `unit`; a count of projects when `of` is projects."}
    ),
]
Ratio = Annotated[Decimal, WithJsonSchema({"type": "number", "description": "A fraction rounded to 6 decimals."})]


@with_config(CONFIG)
class TrendFile(TypedDict):
    year: int
    file: str
    unit: str


@with_config(CONFIG)
class TrendYear(TypedDict):
    """One year of a row; value is null when the field is not in that year's budget."""

    year: int
    value: Figure | None
    change: Figure | None
    growth: Ratio | None


@with_config(CONFIG)
class TrendEvent(TypedDict):
    """Something that happened to a field in a year: appeared, disappeared or renamed (from old_id/old_name)."""

    year: int
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
    first_year: int
    last_year: int
    change: Figure
    growth: Ratio | None
    cagr: Ratio | None
    years: list[TrendYear]
    events: list[TrendEvent]


@with_config(CONFIG)
class Trend(TypedDict):
    """`mdbudget trend`: each field's figure in each year's budget, in one unit."""

    of: Literal["total", "allocation", "projects"]
    unit: str | None
    years: list[int]
    files: list[TrendFile]
    rows: list[TrendRow]
    programme: TrendRow
