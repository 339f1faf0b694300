"""The value rules of the JSON output, as JSON Schema states them: from the one declaration.

Bounds and units come from budget/keys.py, the check codes from reports/check/codes.py;
shapes.py and trend_shapes.py type their keys with these, so `mdbudget schema OUTPUT`
says what mdbudget writes and refuses what it never writes. What JSON Schema cannot
compare (one key against another) is listed in docs/json.md as checked by mdbudget.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Union

from pydantic import Field, WithJsonSchema

from ..budget.keys import FIRST_YEAR, LAST_YEAR, MAX_AMOUNT, MAX_MULTIPLE, UNITS, Key
from .check.codes import CODES

Number = Union[int, Decimal]  # noqa: UP007 - pydantic evaluates these at run time on Python 3.10


def number(description: str, **rules: Any) -> WithJsonSchema:
    return WithJsonSchema({"type": "number", **rules, "description": description})


Unit = Annotated[
    str, WithJsonSchema({"type": "string", "enum": list(UNITS), "description": "The unit of every amount."})
]
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
Count = Annotated[int, Field(ge=0)]
# One amount the budget file states, or a part of one: within 2^53 − 1 in any unit, since
# mdbudget refuses a file whose amount is more than 2^53 − 1 won (a larger unit's bound is
# smaller still: 90,071,992 in 억원, checked by mdbudget, not by the schema).
Amount = Annotated[
    Number,
    number("Money, exact, in `unit`: at least 0 and at most 2^53 − 1 won in that unit.", minimum=0, maximum=MAX_AMOUNT),
]
# A sum over fields (or an average of one): never negative, but 17 fields may add up past 2^53 − 1 won.
Sum = Annotated[Number, number("Money, exact, in `unit`: a sum over fields, at least 0.", minimum=0)]
Share = Annotated[Decimal, number("A fraction of a whole, rounded to 6 decimals: from 0 to 1.", minimum=0, maximum=1)]
Rate = Annotated[Decimal, number("A rate of change, rounded to 6 decimals: at least -1 (all gone).", minimum=-1)]
Multiple = Annotated[Decimal, number("A ratio rounded to 6 decimals, at least 0.", minimum=0)]
ClaimMultiple = Annotated[
    Decimal, number("A multiple as the budget file states it.", exclusiveMinimum=0, maximum=MAX_MULTIPLE)
]
Line = Annotated[int, Field(ge=1)]
Top = Annotated[int, Field(ge=1)]
Code = Annotated[str, WithJsonSchema({"type": "string", "enum": list(CODES), "description": "The kind of check."})]


def whole(key: Key) -> Any:
    """A whole number within its declared bounds (budget/keys.py)."""
    return Annotated[int, Field(ge=key.low, le=key.high)]
