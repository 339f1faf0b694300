"""How budget.schema.json spells what mdbudget accepts, for editors that hold TOML's own types to it.

mdbudget reads `total = 1516.0` and `1.516e3` as 1516, and a quoted date ("2025-05-28") as the
date. A JSON Schema validator sees 1516.0 as an integer and a date as a string, but tombi
checks TOML's types: a float where the schema says "integer", a string where it says
"format: date" (a TOML date to tombi) is an error. So a whole number is an integer or a
number that is a multiple of 1, and a date a TOML date or a quoted one of the same days.
"""

from __future__ import annotations

from typing import Any

from pydantic import GetJsonSchemaHandler, WithJsonSchema
from pydantic_core import CoreSchema

from ..budget.keys import FIRST_YEAR, LAST_YEAR


class WholeSchema:
    """A whole number's schema: an integer, or a float with no fraction; its bounds kept."""

    def __get_pydantic_json_schema__(self, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> Any:
        schema = handler(core_schema)
        if schema.get("type") == "integer":
            del schema["type"]
            schema["anyOf"] = [{"type": "integer"}, {"type": "number", "multipleOf": 1}]
        return schema


# The days from FIRST_YEAR to LAST_YEAR, ASCII digits only (Python's \d takes others), Feb 29 in
# leap years only: every quoted date mdbudget takes, and nothing else.
assert (FIRST_YEAR, LAST_YEAR) == (1900, 2999), "rewrite the year patterns below"
_YEAR = "(?:19[0-9]{2}|2[0-9]{3})"
_LEAP = "(?:19(?:0[48]|[2468][048]|[13579][26])|2[0-9](?:0[48]|[2468][048]|[13579][26])|2[048]00)"
_MONTH_DAY = (
    "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    "|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
DATE_PATTERN = f"^(?:{_YEAR}-{_MONTH_DAY}|{_LEAP}-02-29)$"
# The first branch is a TOML date to tombi (which ignores its pattern), the second a quoted one; to a
# JSON Schema validator, which sees every date as a string, both are the days from 1900 to 2999.
DATE_SCHEMA = WithJsonSchema(
    {
        "anyOf": [
            {"type": "string", "format": "date", "pattern": DATE_PATTERN},
            {"type": "string", "pattern": DATE_PATTERN},
        ]
    }
)
