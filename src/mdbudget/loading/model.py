"""The pydantic schema of budget.toml.

Strict on purpose: a budget file is edited by hand, and a typo that is
silently ignored (``alocation = 627``) is worse than a refusal. Rules that
span several keys (unique ids, references, allocation ≤ total) are checked
here too, so ``Budget`` can never hold an inconsistent document.
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
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError, ValidationError

from ..budget.records import UNITS

# The bounds plain.py checks without pydantic, so the two cannot differ (2^53 − 1: see _exact_in_json).
from .plain import MAX_AMOUNT, MAX_MULTIPLE, MULTIPLE_PLACES, WON


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
Amount = Annotated[int, Field(ge=0, le=MAX_AMOUNT), Whole]
Count = Annotated[int, Field(ge=0, le=MAX_AMOUNT), Whole]
Year = Annotated[int, Field(ge=1900, le=2999), Whole]
Text = Annotated[str, Field(min_length=1, max_length=10_000)]
# The schema also says "no newline": a JSON Schema validator built on Python's re lets "$"
# match before a final newline, which mdbudget's own pattern never does.
Id = Annotated[
    str,
    Field(
        min_length=1,
        max_length=100,
        pattern=r"^[a-z0-9][a-z0-9_-]*$",
        json_schema_extra={"not": {"pattern": "\n"}},
    ),
]
# The same years as a date (0001-01-01 is a placeholder, not a release); quoted ISO dates too.
Date = Annotated[
    datetime.date, Field(ge=datetime.date(1900, 1, 1), le=datetime.date(2999, 12, 31)), BeforeValidator(_iso_date)
]


def _int_to_decimal(value: object) -> object:
    # "3배" is written `multiple = 3`; strict mode would refuse the int.
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return value


# A stated multiple such as 2.5: ratios are computed to 6 decimals, so more places
# claim a precision nothing can check (and 30 of them overflow Decimal arithmetic).


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


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class Program(Strict):
    title: Text
    title_en: Text | None = None
    ministry: Text
    ministry_en: Text | None = None
    release_date: Date
    fiscal_year: Year
    unit: Annotated[Text, Field(json_schema_extra={"enum": list(UNITS)})]
    source_file: Text
    notes: list[Text] = Field(default_factory=_empty)

    @model_validator(mode="after")
    def _known_unit(self) -> "Program":
        if self.unit not in UNITS:
            from ..safe import echo

            _fail(("unit",), self.unit, f"must be one of {', '.join(UNITS)} (got {echo(self.unit)})")
        return self


class Split(Strict):
    continuing: Count
    new: Count
    source: Text


class Totals(Strict):
    projects: Count
    total: Amount
    allocation: Amount
    source: Text
    split: Split | None = None


class Baseline(Strict):
    year: Year
    allocation: Amount
    source: Text


class GrowthClaim(Strict):
    text: Text
    multiple: Multiple
    source: Text


class HeadlineClaim(Strict):
    text: Text
    amount: Amount
    rounded_to: Amount = Field(gt=0)
    source: Text


class FieldClaim(Strict):
    field: Id
    text: Text
    projects: Count | None = None
    total: Amount | None = None
    allocation: Amount | None = None
    source: Text


class Claims(Strict):
    growth: GrowthClaim | None = None
    headline: HeadlineClaim | None = None
    fields: list[FieldClaim] = Field(default_factory=_empty)


class BudgetField(Strict):
    id: Id
    name: Text
    name_en: Text
    aliases: list[Text] = Field(default_factory=_empty)
    projects: Count
    total: Amount
    allocation: Amount
    provisional: bool = False
    source: Text

    @model_validator(mode="after")
    def _year_within_total(self) -> "BudgetField":
        if self.allocation > self.total:
            _fail(
                ("allocation",),
                self.allocation,
                f"the year's allocation ({self.allocation}) exceeds the multi-year total ({self.total})",
            )
        return self


class Provisional(Strict):
    note: Text
    note_en: Text | None = None
    source: Text


class ProjectType(Strict):
    id: Id
    number: Annotated[int, Whole] = Field(ge=1, le=1000)
    name: Text
    name_en: Text
    source: Text


class Period(Strict):
    start: Year
    end: Year

    @model_validator(mode="after")
    def _start_before_end(self) -> "Period":
        if self.start > self.end:
            _fail(("end",), self.end, f"ends ({self.end}) before it starts ({self.start})")
        return self

    @property
    def calendar_years(self) -> int:
        """Calendar years touched, counting both ends ('24~'28 → 5)."""
        return self.end - self.start + 1


class Project(Strict):
    id: Id
    name: Text
    name_en: Text | None = None
    type: Id | None = None
    field: Id
    lead: Text
    participants: list[Text] = Field(default_factory=_empty)
    participants_partial: bool = False
    period: Period
    stated_years: Annotated[int, Field(ge=1, le=100), Whole] | None = None
    total: Amount
    allocation: Amount
    development: list[Text] = Field(default_factory=_empty)
    source: Text

    @model_validator(mode="after")
    def _year_within_total(self) -> "Project":
        if self.allocation > self.total:
            _fail(
                ("allocation",),
                self.allocation,
                f"the year's allocation ({self.allocation}) exceeds the project's total ({self.total})",
            )
        return self


class Budget(Strict):
    program: Program
    totals: Totals
    baseline: Baseline | None = None
    claims: Claims = Claims()
    fields: list[BudgetField] = Field(min_length=1)
    provisional: Provisional | None = None
    project_types: list[ProjectType] = Field(default_factory=_empty)
    projects: list[Project] = Field(default_factory=_empty)

    @model_validator(mode="after")
    def _references(self) -> "Budget":
        problems: list[InitErrorDetails] = []
        if self.baseline is not None and self.baseline.year >= self.program.fiscal_year:
            # Growth is measured from an earlier year; a later one gives a negative number of years.
            message = (
                f"the baseline year ({self.baseline.year}) must be before the fiscal year ({self.program.fiscal_year})"
            )
            problems.append(_rule(("baseline", "year"), self.baseline.year, message))
        field_ids = _unique_ids(self.fields, "fields", problems)
        type_ids = _unique_ids(self.project_types, "project_types", problems)
        _unique_ids(self.projects, "projects", problems)
        for i, claim in enumerate(self.claims.fields):
            _check_ref(claim.field, field_ids, ("claims", "fields", i, "field"), "field", problems)
        for i, project in enumerate(self.projects):
            _check_ref(project.field, field_ids, ("projects", i, "field"), "field", problems)
            if project.type is not None:
                _check_ref(project.type, type_ids, ("projects", i, "type"), "project type", problems)
        _exact_in_json(self, problems)
        if problems:
            raise ValidationError.from_exception_data("Budget", problems)
        return self


def _rule(loc: tuple[str | int, ...], value: object, message: str) -> InitErrorDetails:
    return InitErrorDetails(
        type=PydanticCustomError("budget_rule", "{message}", {"message": message}),
        loc=loc,
        input=value,
    )


def _fail(loc: tuple[str | int, ...], value: object, message: str) -> None:
    raise ValidationError.from_exception_data("Budget", [_rule(loc, value, message)])


def _exact_in_json(budget: "Budget", problems: list[InitErrorDetails]) -> None:
    """Every amount, converted to won, at most 2^53 − 1, so every JSON reader reads it exactly in any unit."""
    unit = budget.program.unit
    limit = MAX_AMOUNT // WON.get(unit, 1)
    if limit == MAX_AMOUNT:
        return  # in won the field limit is this limit
    t, base, headline = budget.totals, budget.baseline, budget.claims.headline
    found: list[tuple[tuple[str | int, ...], int]] = [
        (("totals", "total"), t.total),
        (("totals", "allocation"), t.allocation),
    ]
    if base is not None:
        found.append((("baseline", "allocation"), base.allocation))
    if headline is not None:
        found += [
            (("claims", "headline", "amount"), headline.amount),
            (("claims", "headline", "rounded_to"), headline.rounded_to),
        ]
    for i, c in enumerate(budget.claims.fields):
        found += [
            (("claims", "fields", i, k), getattr(c, k)) for k in ("total", "allocation") if getattr(c, k) is not None
        ]
    # A row's allocation is at most its total, so the total alone says whether to look closer.
    for i, f in enumerate(budget.fields):
        if f.total > limit:
            found += [(("fields", i, "total"), f.total), (("fields", i, "allocation"), f.allocation)]
    for i, p in enumerate(budget.projects):
        if p.total > limit:
            found += [(("projects", i, "total"), p.total), (("projects", i, "allocation"), p.allocation)]
    for loc, value in found:
        if value > limit:
            problems.append(
                _rule(
                    loc,
                    value,
                    f"must be ≤ {limit} {unit} (2^53 − 1 원, the most every JSON reader keeps exact; got {value})",
                )
            )


def _unique_ids(items: list[Any], table: str, problems: list[InitErrorDetails]) -> set[str]:
    ids = {item.id for item in items}
    if len(ids) == len(items):
        return ids  # the usual case, without an index per id (10^5 of them in a large budget)
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.id in seen:
            first = seen[item.id]
            problems.append(
                _rule((table, i, "id"), item.id, f"duplicate id {item.id!r} (first used by {table}[{first}])")
            )
        else:
            seen[item.id] = i
    return ids


# Did-you-mean hints for dangling references: only the first ones are shown, and each
# compares against a bounded pool, so 10^5 misspelt references stay linear.
MAX_HINTS = 20
MAX_POOL = 2_000


def _check_ref(
    value: str,
    known: set[str],
    loc: tuple[str | int, ...],
    what: str,
    problems: list[InitErrorDetails],
) -> None:
    if value in known:
        return
    close = _closest(value, known) if len(problems) < MAX_HINTS else None
    hint = f" (did you mean {close!r}?)" if close else ""
    problems.append(_rule(loc, value, f"no {what} has the id {value!r}{hint}"))


def _closest(value: str, known: set[str]) -> str | None:
    from difflib import get_close_matches

    # difflib's cutoff (0.6) needs lengths within a factor of 2; then, if still many,
    # the ids that begin as the value does.
    pool = [k for k in known if len(value) <= 2 * len(k) and len(k) <= 2 * len(value)]
    if len(pool) > MAX_POOL:
        pool = [k for k in pool if k[:3] == value[:3]] or pool
    close = get_close_matches(value, sorted(pool)[:MAX_POOL], n=1)
    return close[0] if close else None
