"""The pydantic schema of budget.toml.

Strict on purpose: a budget file is edited by hand, and a typo that is
silently ignored (``alocation = 627``) is worse than a refusal. Rules that
span several keys (unique ids, references, allocation ≤ total) are checked
here too, so ``Budget`` can never hold an inconsistent document.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, WithJsonSchema, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError, ValidationError

from .units import UNITS

# 10^18 leaves room for any budget in won while staying far from float range.
MAX_AMOUNT = 10**18

Amount = Annotated[int, Field(ge=0, le=MAX_AMOUNT)]
Count = Annotated[int, Field(ge=0, le=MAX_AMOUNT)]
Year = Annotated[int, Field(ge=1900, le=2999)]
Text = Annotated[str, Field(min_length=1, max_length=10_000)]
Id = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9_-]*$")]


def _int_to_decimal(value: object) -> object:
    # "3배" is written `multiple = 3`; strict mode would refuse the int.
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return value


# The JSON Schema says what budget.toml holds: a TOML number (pydantic would add strings).
Multiple = Annotated[
    Decimal,
    BeforeValidator(_int_to_decimal),
    Field(gt=0, allow_inf_nan=False),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0}),
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
    release_date: datetime.date
    fiscal_year: Year
    unit: Annotated[Text, Field(json_schema_extra={"enum": list(UNITS)})]
    source_file: Text
    notes: list[Text] = Field(default_factory=_empty)

    @model_validator(mode="after")
    def _known_unit(self) -> "Program":
        if self.unit not in UNITS:
            _fail(("unit",), self.unit, f"must be one of {', '.join(UNITS)} (got {self.unit!r})")
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
    number: int = Field(ge=1, le=1000)
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
    stated_years: int | None = Field(default=None, ge=1, le=100)
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

    # Where the budget came from, for error and finding locations; set by load().
    _origin: Any = PrivateAttr(default=None)
    _fields_by_id: dict[str, BudgetField] | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _references(self) -> "Budget":
        problems: list[InitErrorDetails] = []
        field_ids = _unique_ids(self.fields, "fields", problems)
        type_ids = _unique_ids(self.project_types, "project_types", problems)
        _unique_ids(self.projects, "projects", problems)
        for i, claim in enumerate(self.claims.fields):
            _check_ref(claim.field, field_ids, ("claims", "fields", i, "field"), "field", problems)
        for i, project in enumerate(self.projects):
            _check_ref(project.field, field_ids, ("projects", i, "field"), "field", problems)
            if project.type is not None:
                _check_ref(project.type, type_ids, ("projects", i, "type"), "project type", problems)
        if problems:
            raise ValidationError.from_exception_data("Budget", problems)
        return self

    @property
    def unit(self) -> str:
        return self.program.unit

    @property
    def year(self) -> int:
        return self.program.fiscal_year

    @property
    def source_name(self) -> str:
        """The file it was read from, as messages name it ("<memory>" when not loaded from one)."""
        return self._origin.name if self._origin is not None else "<memory>"

    def line_of(self, path: tuple[str | int, ...]) -> int | None:
        """The budget-file line of a key path, when the budget was loaded from a file."""
        where = self._origin.locate(path) if self._origin is not None else None
        return where[0] if where else None

    def field_by_id(self) -> dict[str, BudgetField]:
        # Built once: reports look fields up once per project, and budgets can hold 10^5 projects.
        if self._fields_by_id is None:
            self._fields_by_id = {f.id: f for f in self.fields}
        return self._fields_by_id


def _rule(loc: tuple[str | int, ...], value: object, message: str) -> InitErrorDetails:
    return InitErrorDetails(
        type=PydanticCustomError("budget_rule", "{message}", {"message": message}),
        loc=loc,
        input=value,
    )


def _fail(loc: tuple[str | int, ...], value: object, message: str) -> None:
    raise ValidationError.from_exception_data("Budget", [_rule(loc, value, message)])


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


def _check_ref(
    value: str,
    known: set[str],
    loc: tuple[str | int, ...],
    what: str,
    problems: list[InitErrorDetails],
) -> None:
    if value in known:
        return
    from difflib import get_close_matches

    close = get_close_matches(value, sorted(known), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    problems.append(_rule(loc, value, f"no {what} has the id {value!r}{hint}"))
