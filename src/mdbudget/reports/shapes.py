"""The JSON output of every command, declared once.

Each report's ``data()`` is typed with one of these (mypy holds the two
together), `mdbudget schema OUTPUT` turns them into JSON Schema, and the CSV
formatter takes its columns from them, so the three cannot drift apart.
Key order here is the key order of the JSON and of the CSV columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from pydantic import ConfigDict, Field, WithJsonSchema, with_config
from typing_extensions import NotRequired, TypedDict  # pydantic needs these on Python < 3.12

from ..budget import records
from ..budget.keys import keys_of
from .check.codes import PROSE
from .trend_shapes import Trend as Trend  # trend's shape, named in registry.py like the others
from .values import (
    Amount,
    ClaimMultiple,
    Code,
    Count,
    Line,
    Multiple,
    Number,
    Rate,
    Share,
    Sum,
    Top,
    Unit,
    Year,
    number,
    whole,
)

CONFIG = ConfigDict(extra="forbid")

WHY = "Why the amounts may still change (the table's footnote); null unless provisional."
# A figure that may be negative: a difference or a change (check, diff, growth).
Figure = Annotated[Number, number("An amount or count in `unit`; a multiple for `growth`.")]
# What diff compares: a count, an amount or a multiple, never negative.
Level = Annotated[Number, number("An amount or count in `unit`, or a multiple: at least 0.", minimum=0)]


@with_config(CONFIG)
class FieldRow(TypedDict):
    """One field of the allocation table (`fields`)."""

    unit: Unit
    year: Year
    id: str
    name: str
    name_en: str
    aliases: list[str]
    projects: Count
    total: Amount
    allocation: Amount
    provisional: bool
    provisional_note: Annotated[str | None, Field(description=WHY)]
    provisional_note_en: str | None
    provisional_source: str | None
    source: str


@with_config(CONFIG)
class Growth(TypedDict):
    """The year against the earlier year on record."""

    from_year: Year
    to_year: Year
    baseline_allocation: Amount
    baseline_source: str
    allocation: Amount
    change: Figure
    multiple: Multiple | None


@with_config(CONFIG)
class Total(TypedDict):
    """`mdbudget total`: the programme in one object."""

    unit: Unit
    year: Year
    field_count: Count
    projects: Count
    continuing_projects: Count | None
    new_projects: Count | None
    total: Amount
    allocation: Amount
    source: str
    growth: Growth | None


@with_config(CONFIG)
class ShareRow(TypedDict):
    """A field's share, or (`id` null) the row `--top` folds the smaller fields into."""

    id: str | None
    name: str
    name_en: str
    projects: Count
    total: Sum
    allocation: Sum
    share: Share | None
    provisional: bool
    provisional_note: Annotated[str | None, Field(description=WHY)]
    provisional_note_en: str | None
    provisional_source: str | None
    field_ids: Annotated[list[str], Field(description="The fields the row covers: its own id, or those folded.")]


@with_config(CONFIG)
class Shares(TypedDict):
    """`mdbudget shares`: the sums over every field, and one row per field."""

    unit: Unit
    year: Year
    of: Literal["allocation", "total", "projects"]
    sort: Literal["share", "order", "projects", "total", "allocation", "id", "name", "name_en"]
    top: Top | None
    query: str | None  # only the fields it matches are listed, each still a share of the whole
    projects: Count
    total: Sum
    allocation: Sum
    share: Share | None
    rows: list[ShareRow]


@with_config(CONFIG)
class FieldRatio(TypedDict):
    """A field's ratios: the year ÷ its total, averages per project."""

    id: str
    name: str
    name_en: str
    projects: Count
    total: Amount
    allocation: Amount
    year_share: Share | None
    average_total: Amount | None
    average_allocation: Amount | None
    provisional: bool
    provisional_note: Annotated[str | None, Field(description=WHY)]
    provisional_note_en: str | None
    provisional_source: str | None


@with_config(CONFIG)
class ProgrammeRatio(TypedDict):
    """The same ratios for the whole programme (the sum of the fields)."""

    projects: Count
    total: Sum
    allocation: Sum
    year_share: Share | None
    average_total: Sum | None
    average_allocation: Sum | None


@with_config(CONFIG)
class GrowthRatio(TypedDict):
    """The year against the earlier year, beside what the source claims."""

    from_year: Year
    to_year: Year
    baseline_allocation: Amount
    allocation: Amount
    multiple: Multiple | None
    change_rate: Rate | None
    cagr: Rate | None
    claim: str | None
    claim_multiple: ClaimMultiple | None
    claim_source: str | None


@with_config(CONFIG)
class SampleRatio(TypedDict):
    """A sample project's ratios."""

    id: str
    name: str
    name_en: str | None
    field: str
    total: Amount
    allocation: Amount
    stated_years: whole(keys_of(records.Project)["stated_years"]) | None  # type: ignore[valid-type]
    year_share: Share | None
    per_year: Amount | None
    even_spread: Multiple | None


@with_config(CONFIG)
class Ratios(TypedDict):
    """`mdbudget ratios`: per field, for the programme, its growth, and per sample project."""

    unit: Unit
    year: Year
    rows: list[FieldRatio]
    programme: ProgrammeRatio
    growth: GrowthRatio | None
    samples: list[SampleRatio]


@with_config(CONFIG)
class ProjectType(TypedDict):
    id: str
    number: whole(keys_of(records.ProjectType)["number"])  # type: ignore[valid-type]
    name: str
    name_en: str


@with_config(CONFIG)
class FieldRef(TypedDict):
    id: str
    name: str
    name_en: str


@with_config(CONFIG)
class Period(TypedDict):
    start: Year
    end: Year


def _project_row() -> Any:
    """One sample project (`project`): the keys records.Project declares, in its order, after unit and year.

    Derived, so a key declared there is in `project --json`, its schema and its CSV.
    """
    from ..budget.keys import FIRST_YEAR

    special: dict[str, Any] = {
        "type": ProjectType | None,
        "field": FieldRef,
        "period": Period,
        "total": Amount,
        "allocation": Amount,
    }
    plain: dict[str, Any] = {"text": str, "id": str, "unit": Unit, "flag": bool, "texts": list[str], "date": str}
    shape: dict[str, Any] = {"unit": Unit, "year": Year}
    for name, key in keys_of(records.Project).items():
        hint: Any
        if name in special:
            hint = special[name]
        elif key.kind in plain:
            hint = plain[key.kind]
        elif key.kind in ("whole", "amount"):
            hint = Year if key.low == FIRST_YEAR else whole(key) if key.kind == "whole" else Amount
        else:
            hint = Any
        shape[name] = hint if key.default is not None else hint | None
    made = TypedDict("ProjectRow", shape)  # type: ignore[misc]
    made.__doc__ = "One sample project (`project`)."
    return with_config(CONFIG)(made)


if TYPE_CHECKING:
    ProjectRow = dict[str, Any]
else:
    ProjectRow = _project_row()


# A finding compares one figure (all three keys) or none (a rule's summary); difference is
# computed − stated, so it comes with both. Only a text's finding may hold one figure alone.
_FIGURES: dict[str, Any] = {
    "dependentRequired": {"difference": ["stated", "computed"]},
    "if": {"required": ["stated", "computed"]},
    "then": {"required": ["difference"]},
    "anyOf": [
        {"properties": {"code": {"enum": list(PROSE)}}, "required": ["code"]},
        {"dependentRequired": {"stated": ["computed"], "computed": ["stated"]}},
    ],
}


@with_config(ConfigDict(extra="forbid", json_schema_extra=_FIGURES))
class Finding(TypedDict):
    """One check. `stated` is the figure at `path`; `computed` the figure it is held against."""

    code: Code
    status: Literal["pass", "warning", "accepted", "error"]
    subject: str
    message: str
    stated: NotRequired[Figure]
    computed: NotRequired[Figure]
    difference: NotRequired[Figure]
    path: str
    line: Line | None
    source: str | None


@with_config(CONFIG)
class Check(TypedDict):
    """`mdbudget check`: the verdict and every finding."""

    file: str
    unit: Unit
    year: Year
    ok: bool
    strict: bool
    check_count: Count
    error_count: Count
    warning_count: Count
    accepted_count: Count
    findings: list[Finding]


@with_config(CONFIG)
class OldNew(TypedDict):
    old: str
    new: str


@with_config(CONFIG)
class Years(TypedDict):
    old: Year
    new: Year


@with_config(CONFIG)
class Change(TypedDict):
    """A figure in OLD and in NEW (null where the row is absent), NEW − OLD and that ÷ OLD."""

    old: Level | None
    new: Level | None
    change: Figure | None
    change_ratio: Rate | None


@with_config(CONFIG)
class Flags(TypedDict):
    old: bool | None
    new: bool | None


@with_config(CONFIG)
class OldName(TypedDict):
    name: str
    name_en: str | None


@with_config(CONFIG)
class DiffField(TypedDict):
    """A field matched by id in OLD and NEW."""

    id: str
    name: str
    name_en: str | None
    status: Literal["added", "removed", "changed", "unchanged"]
    renamed_from: OldName | None
    projects: Change
    total: Change
    allocation: Change
    provisional: Flags


@with_config(CONFIG)
class DiffSample(TypedDict):
    """A sample project matched by id in OLD and NEW."""

    id: str
    name: str
    name_en: str | None
    status: Literal["added", "removed", "changed", "unchanged"]
    field: str
    renamed_from: OldName | None
    total: Change
    allocation: Change


@with_config(CONFIG)
class Fact(TypedDict):
    """A count, amount or multiple outside the rows, by its key path."""

    key: str
    old: Level | None
    new: Level | None
    change: Figure | None
    change_ratio: Rate | None


OtherValue = Union[str, int, float, bool, list[str], None]  # noqa: UP007


@with_config(CONFIG)
class Other(TypedDict):
    """Any other changed key: a text, a list, a year, the order of rows."""

    key: str
    old: Annotated[OtherValue, WithJsonSchema({})]
    new: Annotated[OtherValue, WithJsonSchema({})]


@with_config(CONFIG)
class MeasureChange(TypedDict):
    """A row of diff's CSV `summary` table: one of `summary`'s measures."""

    measure: Literal["projects", "total", "allocation"]
    old: Level | None
    new: Level | None
    change: Figure | None
    change_ratio: Rate | None


@with_config(CONFIG)
class Summary(TypedDict):
    projects: Change
    total: Change
    allocation: Change


@with_config(CONFIG)
class Counts(TypedDict):
    added: Count
    removed: Count
    changed: Count
    unchanged: Count


@with_config(CONFIG)
class DiffCounts(TypedDict):
    fields: Counts
    samples: Counts


@with_config(CONFIG)
class Diff(TypedDict):
    """`mdbudget diff OLD NEW`: every amount in OLD's unit."""

    files: OldNew
    unit: Unit
    converted_from: Unit | None
    years: Years
    same: bool
    summary: Summary
    counts: DiffCounts
    fields: list[DiffField]
    samples: list[DiffSample]
    facts: list[Fact]
    other: list[Other]


@with_config(CONFIG)  # its sections agree on the unit: schema.py adds the rule (from registry.py)
class Export(TypedDict):
    """`mdbudget export`: each section in the shape of its own command's JSON."""

    unit: Unit
    year: Year
    total: Total
    fields: list[FieldRow]
    shares: Shares
    ratios: Ratios
    project: list[ProjectRow]
    check: Check


@with_config(CONFIG)
class Problem(TypedDict):
    """One thing wrong with the budget file, located as precisely as mdbudget can."""

    file: str
    message: str
    line: Line | None
    column: Line | None
    path: str
    chosen_by: Annotated[
        str,
        Field(
            description="How the file was chosen: --file, $MDBUDGET_FILE, ./budget.toml, --packaged, or the "
            "argument that named it (check's FILE, diff's OLD or NEW, trend's FILE 1, FILE 2, ...)."
        ),
    ]


@with_config(CONFIG)
class Problems(TypedDict):
    """The answer of a command that reads a budget file, with --format json, when the file cannot be used (exit 2)."""

    ok: Literal[False]
    problems: Annotated[list[Problem], Field(min_length=1)]
    omitted: Annotated[Count, Field(description="Problems found but not described, past the first thousands.")]


SqlRow = Annotated[
    dict[str, Union[int, float, str, None]],  # noqa: UP007
    WithJsonSchema(
        {
            "type": "object",
            "description": "One row of `mdbudget sql`: the query's columns, in its order (a blob as X'..' text).",
            "additionalProperties": {"type": ["integer", "number", "string", "null"]},
        }
    ),
]
