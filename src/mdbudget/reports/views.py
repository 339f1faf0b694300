"""The shapes every result hands to the formatters.

A result object (from a report or from `check`) offers two views:
``data()``, the JSON contract scripts rely on, and ``tables(lang)``, a list of
plain ``Table`` objects that the table, CSV and Markdown formatters render.
Values stay raw (int, Decimal, str, bool) until a formatter decides how to
show them, so CSV gets 4787 while the terminal gets 4,787.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any, Literal, Protocol

# How a column's values are shown: amounts and counts with separators,
# ratios as percentages for people and as fractions for machines. "change" and
# "change_ratio" are the same numbers shown signed (+56, -8.2%). A "year" is a number
# without separators (2025); a "real" keeps every digit it has (20.0, 1,234.5).
Kind = Literal[
    "text", "count", "amount", "ratio", "multiple", "bar", "status", "flag", "change", "change_ratio", "year", "real"
]
Lang = Literal["ko", "en"]

RATIO_PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class Column:
    key: str  # the CSV header: English snake_case, matching the JSON keys
    header: str  # what a person sees in a table
    kind: Kind = "text"
    terminal: bool = True  # False: too wide for a terminal table; CSV and Markdown still show it


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    total: tuple[Any, ...] | None = None  # a closing row, kept apart so CSV can leave it out
    notes: tuple[str, ...] = ()  # footnotes and the source caption
    statuses: tuple[str, ...] = ()  # per row, for colouring ("pass", "warning", "error", "+", "-")
    detail: bool = False  # a two-column "label: value" view of one item
    extra: dict[str, Any] = field(default_factory=dict)
    name: str = ""  # what sets it apart from its result's other tables, e.g. "growth" (file names)


class Result(Protocol):
    def data(self) -> Any: ...

    def tables(self, lang: Lang) -> list[Table]: ...


def half_up(value: Decimal, places: int) -> Decimal:
    """``value`` to ``places`` decimals, a half rounded away from zero (8.525 → 8.53), as spreadsheets do."""
    if not value.is_finite():
        return value
    with localcontext() as ctx:  # enough digits that a huge value keeps every one before the point
        ctx.prec = max(28, value.adjusted() + places + 2)
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def ratio(numerator: int | Decimal, denominator: int | Decimal) -> Decimal | None:
    """An exact quotient rounded to 6 decimals (0.251932); None when undefined."""
    if denominator == 0:
        return None
    return half_up(Decimal(numerator) / Decimal(denominator), 6)


def fields_en(n: int, other: bool = False) -> str:
    """ "1 field", "17 fields" ("1 other field" with ``other``): English counts take a plural only past one."""
    return f"{n}{' other' if other else ''} field{'' if n == 1 else 's'}"


# How a number reads in a person's text: reports write some into notes, formatters into cells.
def number(value: int | Decimal) -> str:
    if isinstance(value, Decimal):
        text = f"{value:,f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return f"{value:,}"


def signed(value: int | Decimal, kind: Kind) -> str:
    """+56, -56, 0; a change_ratio as a signed percentage (+8.9%)."""
    if value == 0:
        return "0.0%" if kind == "change_ratio" else "0"
    if kind == "change_ratio":
        return f"{half_up(Decimal(value) * 100, 1):+f}%"
    return ("+" if value > 0 else "") + number(value)
