"""The pydantic model of budget.toml, made from the records' declaration (budget/records.py).

Kept for its messages (messages.py reads pydantic's errors) and for `mdbudget
schema`, whose descriptions are the declaration's. Strict on purpose: a budget
file is edited by hand, and a typo that is silently ignored (``alocation = 627``)
is worse than a refusal. The rules within and across tables are rules.py's, run
by the model's one validator, so ``Budget`` never holds an inconsistent document.
"""

import datetime
import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    create_model,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError, ValidationError

from ..budget import records
from ..budget.keys import (
    FIRST_DATE,
    FIRST_YEAR,
    ID_PATTERN,
    LAST_DATE,
    LAST_YEAR,
    MAX_AMOUNT,
    MAX_ID,
    MAX_MULTIPLE,
    MAX_TEXT,
    MULTIPLE_PLACES,
    UNITS,
    Key,
    keys_of,
)
from .rules import broken
from .spellings import DATE_SCHEMA, WholeSchema


def _whole(value: object) -> object:
    # `total = 1516.0` is 1516 to a person (and to a JSON Schema's "integer"): take it exactly.
    # Only for numbers an amount can be: int() of 1e999999999 would build a billion digits.
    if (
        isinstance(value, Decimal)
        and value.is_finite()
        and value.adjusted() <= 40
        and value == value.to_integral_value()
    ):
        return int(value)
    return value


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value: object) -> object:
    # A quoted date ("2025-05-28") is what JSON Schema's "date" format describes: take it too.
    # YYYY-MM-DD only: date.fromisoformat also takes week dates (2025-W22-3) on Python 3.11+.
    if isinstance(value, str) and len(value) == 10 and _DAY.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value


Whole = BeforeValidator(_whole)
AsWhole = WholeSchema()  # in the schema too: 1516.0 is 1516 (spellings.py)
Amount = Annotated[int, Field(ge=0, le=MAX_AMOUNT), Whole, AsWhole]
Count = Annotated[int, Field(ge=0, le=MAX_AMOUNT), Whole, AsWhole]
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR), Whole, AsWhole]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
# The schema also says "no newline": a JSON Schema validator built on Python's re lets "$"
# match before a final newline, which mdbudget's own pattern never does.
Id = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MAX_ID,
        pattern=f"^{ID_PATTERN}$",
        json_schema_extra={"not": {"pattern": "\n"}},
    ),
]
# The same years as a date (0001-01-01 is a placeholder, not a release); quoted ISO dates too.
Date = Annotated[datetime.date, Field(ge=FIRST_DATE, le=LAST_DATE), BeforeValidator(_iso_date), DATE_SCHEMA]


def _int_to_decimal(value: object) -> object:
    # "3배" is written `multiple = 3`; strict mode would refuse the int.
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return value


def _bounded_places(value: Decimal) -> Decimal:
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MULTIPLE_PLACES:
        raise PydanticCustomError(
            "budget_rule",
            "{message}",
            {"message": f"has too many decimal places (at most {MULTIPLE_PLACES}; got {-exponent})"},
        )
    return value


# The JSON Schema says what budget.toml holds: a TOML number (pydantic would add strings).
# The maximum (MAX_MULTIPLE) keeps `inf` out in the schema too (no multiple of a budget comes near it).
Multiple = Annotated[
    Decimal,
    BeforeValidator(_int_to_decimal),
    Field(gt=0, le=MAX_MULTIPLE, allow_inf_nan=False),
    AfterValidator(_bounded_places),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "maximum": MAX_MULTIPLE}),
]


def _empty() -> list[Any]:
    # Not default_factory=list: pydantic reads a builtin's signature by tokenizing its
    # text, and compiling the tokenizer costs ~2 ms of every start-up.
    return []


def _known_unit(value: str) -> str:
    if value not in UNITS:
        from ..safe import echo

        raise PydanticCustomError(
            "budget_rule", "{message}", {"message": f"must be one of {', '.join(UNITS)} (got {echo(value)})"}
        )
    return value


Unit = Annotated[Text, Field(json_schema_extra={"enum": list(UNITS)}), AfterValidator(_known_unit)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class Rules(Strict):
    """The model of the whole budget: its one validator runs rules.py's rules."""

    @model_validator(mode="after")
    def _rules(self) -> "Rules":
        found = broken(self)
        if found:
            raise ValidationError.from_exception_data(
                "Budget",
                [
                    InitErrorDetails(
                        type=PydanticCustomError("budget_rule", "{message}", {"message": message}), loc=loc, input=value
                    )
                    for loc, value, message in found
                ],
            )
        return self


def _annotation(key: Key, models: dict[type, type[BaseModel]]) -> Any:
    """The pydantic type of a declared key, without its default."""
    kind = key.kind
    if kind == "text":
        return Text
    if kind == "unit":
        return Unit
    if kind == "id":
        return Id
    if kind == "date":
        return Date
    if kind == "flag":
        return bool
    if kind == "multiple":
        return Multiple
    if kind == "texts":
        return list[Text]
    if kind in ("whole", "amount"):
        if (key.low, key.high) == (FIRST_YEAR, LAST_YEAR):
            return Year
        if key.high == MAX_AMOUNT:
            return Amount
        return Annotated[int, Field(ge=key.low, le=key.high), Whole, AsWhole]
    inner = _model(key.table, models)
    return list[inner] if kind == "tables" else inner  # type: ignore[valid-type]


def _field(name: str, key: Key, models: dict[type, type[BaseModel]]) -> tuple[Any, Any]:
    annotation = _annotation(key, models)
    more: dict[str, Any] = {"description": key.description[:1].upper() + key.description[1:] + "."}
    if key.kind == "amount" and key.low == 1:
        more["gt"] = 0
    if key.non_empty:
        more["min_length"] = 1
    if key.required:
        return annotation, Field(**more)
    if key.default is None:
        return annotation | None, Field(None, **more)
    if key.kind in ("texts", "tables"):
        return annotation, Field(default_factory=_empty, **more)
    if key.kind == "table":  # a table whose keys are all optional: absent is empty
        return annotation, Field(annotation(), **more)
    return annotation, Field(key.default, **more)


def _model(record: Any, models: dict[type, type[BaseModel]]) -> type[BaseModel]:
    made = models.get(record)
    if made is None:
        fields = {name: _field(name, key, models) for name, key in keys_of(record).items()}
        made = create_model(record.__name__, __base__=Strict, __doc__=record.__doc__, **fields)  # type: ignore[call-overload]
        models[record] = made
    return made


def _budget() -> tuple[type[BaseModel], dict[type, type[BaseModel]]]:
    models: dict[type, type[BaseModel]] = {}
    fields = {name: _field(name, key, models) for name, key in records.PARTS_DECLARED.items()}
    made = create_model("Budget", __base__=Rules, __doc__=None, **fields)  # type: ignore[call-overload]
    return made, models


Budget, _MODELS = _budget()
# Each table's model by its record's name (model.Project), for messages and tests.
globals().update({record.__name__: made for record, made in _MODELS.items()})
Program, Period, Project = (_MODELS[cls] for cls in (records.Program, records.Period, records.Project))
