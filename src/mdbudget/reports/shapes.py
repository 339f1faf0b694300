"""The JSON output of every command, declared once.

Each report's ``data()`` is typed with one of these (mypy holds the two
together), `mdbudget schema OUTPUT` turns them into JSON Schema, and the CSV
formatter takes its columns from them, so the three cannot drift apart.
Key order here is the key order of the JSON and of the CSV columns.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from pydantic import ConfigDict, Field, WithJsonSchema, with_config
from typing_extensions import NotRequired, TypedDict  # pydantic needs these on Python < 3.12

from .trend_shapes import Trend as Trend  # trend's shape, named in registry.py like the others

CONFIG = ConfigDict(extra="forbid")

Amount = Annotated[
    Union[int, Decimal],  # noqa: UP007 - pydantic evaluates these at run time on Python 3.10
    WithJsonSchema({"type": "number", "description": "Money, exact, in `unit`: an integer in the file's unit."}),
]
Ratio = Annotated[Decimal, WithJsonSchema({"type": "number", "description": "A fraction rounded to 6 decimals."})]
Multiple = Annotated[Decimal, WithJsonSchema({"type": "number", "description": "A ratio rounded to 6 decimals."})]
WHY = "Why the amounts may still change (the table's footnote); null unless provisional."
Count = Annotated[int, Field(ge=0)]
Year = int
Figure = Annotated[
    Union[int, Decimal],  # noqa: UP007
    WithJsonSchema({"type": "number", "description": "An amount or count in `unit`; a multiple for `growth`."}),
]


@with_config(CONFIG)
class FieldRow(TypedDict):
    """One field of the allocation table (`fields`)."""

    unit: str
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
    change: Amount
    multiple: Multiple | None


@with_config(CONFIG)
class Total(TypedDict):
    """`mdbudget total`: the programme in one object."""

    unit: str
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
    total: Amount
    allocation: Amount
    share: Ratio | None
    provisional: bool
    provisional_note: Annotated[str | None, Field(description=WHY)]
    provisional_note_en: str | None
    provisional_source: str | None
    field_ids: Annotated[list[str], Field(description="The fields the row covers: its own id, or those folded.")]


@with_config(CONFIG)
class Shares(TypedDict):
    """`mdbudget shares`: the sums over every field, and one row per field."""

    unit: str
    year: Year
    of: Literal["allocation", "total", "projects"]
    sort: Literal["share", "order", "projects", "total", "allocation", "id", "name", "name_en"]
    top: int | None
    query: str | None  # only the fields it matches are listed, each still a share of the whole
    projects: Count
    total: Amount
    allocation: Amount
    share: Ratio | None
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
    year_share: Ratio | None
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
    total: Amount
    allocation: Amount
    year_share: Ratio | None
    average_total: Amount | None
    average_allocation: Amount | None


@with_config(CONFIG)
class GrowthRatio(TypedDict):
    """The year against the earlier year, beside what the source claims."""

    from_year: Year
    to_year: Year
    baseline_allocation: Amount
    allocation: Amount
    multiple: Multiple | None
    change_rate: Ratio | None
    cagr: Ratio | None
    claim: str | None
    claim_multiple: Annotated[Decimal, WithJsonSchema({"type": "number"})] | None
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
    stated_years: Count | None
    year_share: Ratio | None
    per_year: Amount | None
    even_spread: Multiple | None


@with_config(CONFIG)
class Ratios(TypedDict):
    """`mdbudget ratios`: per field, for the programme, its growth, and per sample project."""

    unit: str
    year: Year
    rows: list[FieldRatio]
    programme: ProgrammeRatio
    growth: GrowthRatio | None
    samples: list[SampleRatio]


@with_config(CONFIG)
class ProjectType(TypedDict):
    id: str
    number: int
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
    from ..budget.keys import FIRST_YEAR, keys_of
    from ..budget.records import Project

    special: dict[str, Any] = {
        "type": ProjectType | None,
        "field": FieldRef,
        "period": Period,
        "total": Amount,
        "allocation": Amount,
    }
    plain: dict[str, Any] = {"text": str, "id": str, "unit": str, "flag": bool, "texts": list[str], "date": str}
    shape: dict[str, Any] = {"unit": str, "year": Year}
    for name, key in keys_of(Project).items():
        hint: Any
        if name in special:
            hint = special[name]
        elif key.kind in plain:
            hint = plain[key.kind]
        elif key.kind in ("whole", "amount"):
            hint = Year if key.low == FIRST_YEAR else Count if key.kind == "whole" else Amount
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


@with_config(CONFIG)
class Finding(TypedDict):
    """One check. `stated` is the figure at `path`; `computed` the figure it is held against."""

    code: str
    status: Literal["pass", "warning", "accepted", "error"]
    subject: str
    message: str
    stated: NotRequired[Figure]
    computed: NotRequired[Figure]
    difference: NotRequired[Figure]
    path: str
    line: int | None
    source: str | None


@with_config(CONFIG)
class Check(TypedDict):
    """`mdbudget check`: the verdict and every finding."""

    file: str
    unit: str
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

    old: Figure | None
    new: Figure | None
    change: Figure | None
    change_ratio: Ratio | None


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
    old: Figure | None
    new: Figure | None
    change: Figure | None
    change_ratio: Ratio | None


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
    old: Figure | None
    new: Figure | None
    change: Figure | None
    change_ratio: Ratio | None


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
    unit: str
    converted_from: str | None
    years: Years
    same: bool
    summary: Summary
    counts: DiffCounts
    fields: list[DiffField]
    samples: list[DiffSample]
    facts: list[Fact]
    other: list[Other]


@with_config(CONFIG)
class Export(TypedDict):
    """`mdbudget export`: each section in the shape of its own command's JSON."""

    unit: str
    year: Year
    total: Total
    fields: list[FieldRow]
    shares: Shares
    ratios: Ratios
    project: list[ProjectRow]
    check: Check
