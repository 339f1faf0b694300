"""The budget as plain records, declared once: what every report, check and diff reads.

Each record's class is the declaration of its table in budget.toml: every key's
kind, bounds, default and a line for people (keys.py). The fast checker
(loading/plain.py), the pydantic model (loading/model.py, for messages and
`mdbudget schema`), the cache codec, the SQL tables and the JSON shapes of the
records are derived from these classes; adding a key here adds it to all of them.
Lists become tuples; an absent optional key is its default.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Any, NamedTuple

from .keys import (
    UNITS,
    Amount,
    Date,
    Flag,
    Id,
    Key,
    Multiple,
    Table,
    Tables,
    Text,
    Texts,
    Unit,
    Whole,
    Year,
    keys_of,
)

PathPart = str | int  # one step of a key path: a key or a list index

__all__ = ["UNITS", "Budget", "PathPart"]


class Program(NamedTuple):
    """The press release the budget comes from."""

    title: Annotated[str, Text("the release's title")]
    title_en: Annotated[str | None, Text("the title in English", optional=True)]
    ministry: Annotated[str, Text("the ministry that published it")]
    ministry_en: Annotated[str | None, Text("the ministry's name in English", optional=True)]
    release_date: Annotated[datetime.date, Date("the day it was published")]
    fiscal_year: Annotated[int, Year("the year the budget is for")]
    unit: Annotated[str, Unit("the unit of every amount in the file")]
    source_file: Annotated[str, Text("the file of the release's text")]
    notes: Annotated[tuple[str, ...], Texts("remarks on the release, such as a typo in it")] = ()


class Split(NamedTuple):
    """The stated projects, split into continuing and new."""

    continuing: Annotated[int, Whole("projects carried over from earlier years")]
    new: Annotated[int, Whole("projects starting this year")]
    source: Annotated[str, Text("where the release states it")]


class Totals(NamedTuple):
    """The table's stated 총합 row."""

    projects: Annotated[int, Whole("stated number of projects")]
    total: Annotated[int, Amount("stated multi-year total")]
    allocation: Annotated[int, Amount("stated allocation of the year")]
    source: Annotated[str, Text("where the release states it")]
    split: Annotated[Split | None, Table(Split, "the continuing/new split", optional=True)] = None


class Baseline(NamedTuple):
    """An earlier year's allocation, for growth."""

    year: Annotated[int, Year("the earlier year the release compares against")]
    allocation: Annotated[int, Amount("that year's allocation")]
    source: Annotated[str, Text("where the release states it")]


class GrowthClaim(NamedTuple):
    """The growth the prose states."""

    text: Annotated[str, Text("the words of the release")]
    multiple: Annotated[Decimal, Multiple("stated growth over the baseline")]
    source: Annotated[str, Text("where the release states it")]


class HeadlineClaim(NamedTuple):
    """The rounded headline amount the prose states."""

    text: Annotated[str, Text("the words of the release")]
    amount: Annotated[int, Amount("the amount it states")]
    rounded_to: Annotated[int, Amount("the step the amount is rounded to", positive=True)]
    source: Annotated[str, Text("where the release states it")]


class FieldClaim(NamedTuple):
    """Figures the prose states about one field."""

    field: Annotated[str, Id("the field it is about", refers="fields")]
    text: Annotated[str, Text("the words of the release")]
    projects: Annotated[int | None, Whole("stated number of projects", optional=True)]
    total: Annotated[int | None, Amount("stated multi-year total", optional=True)]
    allocation: Annotated[int | None, Amount("stated allocation of the year", optional=True)]
    source: Annotated[str, Text("where the release states it")]


class Claims(NamedTuple):
    """Figures the prose states, held against the tables."""

    growth: Annotated[GrowthClaim | None, Table(GrowthClaim, "the growth claim", optional=True)] = None
    headline: Annotated[HeadlineClaim | None, Table(HeadlineClaim, "the headline claim", optional=True)] = None
    fields: Annotated[tuple[FieldClaim, ...], Tables(FieldClaim, "claims about single fields")] = ()


class BudgetField(NamedTuple):
    """A row of the allocation table."""

    id: Annotated[str, Id("the field's id in budget.toml")]
    name: Annotated[str, Text("Korean name, as the table prints it")]
    name_en: Annotated[str, Text("English name")]
    aliases: Annotated[tuple[str, ...], Texts("other names a query finds it by")]
    projects: Annotated[int, Whole("number of projects (지원 과제수)")]
    total: Annotated[int, Amount("multi-year total (총 투자규모)")]
    allocation: Annotated[int, Amount("the fiscal year's allocation")]
    provisional: Annotated[bool, Flag("true when the table's footnote says the amounts may change")]
    source: Annotated[str, Text("where the release states it")]


class Provisional(NamedTuple):
    """The footnote on provisional amounts."""

    note: Annotated[str, Text("the footnote")]
    note_en: Annotated[str | None, Text("the footnote in English", optional=True)]
    source: Annotated[str, Text("where the release states it")]


class ProjectType(NamedTuple):
    """One of the programme's kinds of project."""

    id: Annotated[str, Id("the type's id in budget.toml")]
    number: Annotated[int, Whole("its number in the release (①②③)", low=1, high=1000)]
    name: Annotated[str, Text("Korean name")]
    name_en: Annotated[str, Text("English name")]
    source: Annotated[str, Text("where the release states it")]


class Period(NamedTuple):
    """The calendar years a project runs."""

    start: Annotated[int, Year("first calendar year", column="start_year")]
    end: Annotated[int, Year("last calendar year", column="end_year")]

    @property
    def calendar_years(self) -> int:
        """Calendar years touched, counting both ends ('24~'28 → 5)."""
        return self.end - self.start + 1


class Project(NamedTuple):
    """A sample project the release describes."""

    id: Annotated[str, Id("the project's id in budget.toml")]
    name: Annotated[str, Text("Korean name")]
    name_en: Annotated[str | None, Text("English name", optional=True)]
    type: Annotated[str | None, Id("its kind of project", refers="project_types", optional=True, column="type_id")]
    field: Annotated[str, Id("its field", refers="fields", column="field_id")]
    lead: Annotated[str, Text("the lead organisation")]
    participants: Annotated[tuple[str, ...], Texts("the organisations taking part, besides the lead")]
    participants_partial: Annotated[bool, Flag("true when the release ends the participants with 등 (and others)")]
    period: Annotated[Period, Table(Period, "the calendar years it runs")]
    stated_years: Annotated[
        int | None, Whole("the duration the release prints beside the period", low=1, high=100, optional=True)
    ]
    total: Annotated[int, Amount("multi-year total")]
    allocation: Annotated[int, Amount("the fiscal year's allocation")]
    development: Annotated[tuple[str, ...], Texts("what it develops, line by line")]
    source: Annotated[str, Text("where the release states it")]


class CheckSettings(NamedTuple):
    """What `mdbudget check` is told of this budget."""

    accept: Annotated[
        tuple[str, ...],
        Texts("warnings known and accepted: CODE, or CODE:PATH with the finding's path as check prints it"),
    ] = ()


NO_SETTINGS = CheckSettings()

# The budget's parts: the file's top-level tables, in this order.
PARTS_DECLARED: dict[str, Key] = {
    "program": Table(Program, "the press release"),
    "totals": Table(Totals, "the table's stated totals"),
    "baseline": Table(Baseline, "an earlier year's allocation", optional=True),
    "claims": Key("table", "figures the prose states", Claims(), table=Claims),
    "fields": Tables(BudgetField, "the allocation table's rows", non_empty=True),
    "provisional": Table(Provisional, "the footnote on provisional amounts", optional=True),
    "project_types": Tables(ProjectType, "the kinds of project"),
    "projects": Tables(Project, "the sample projects"),
    "check": Key("table", "settings for mdbudget check", NO_SETTINGS, table=CheckSettings),
}
PARTS = tuple(PARTS_DECLARED)


class Budget:
    """A valid budget. Plain attributes; where it came from is kept for locating keys."""

    __slots__ = (*PARTS, "_fields_by_id", "cache_key", "cached_lines", "lines", "origin")

    def __init__(
        self,
        program: Program,
        totals: Totals,
        baseline: Baseline | None,
        claims: Claims,
        fields: tuple[BudgetField, ...],
        provisional: Provisional | None,
        project_types: tuple[ProjectType, ...],
        projects: tuple[Project, ...],
        check: CheckSettings = NO_SETTINGS,
        origin: Any = None,
    ) -> None:
        self.program = program
        self.totals = totals
        self.baseline = baseline
        self.claims = claims
        self.fields = fields
        self.provisional = provisional
        self.project_types = project_types
        self.projects = projects
        self.check = check
        # Anything with .name and .locate(path) -> (line, column) | None, usually load.Origin.
        self.origin = origin
        # Lines found so far, by key path: the cache keeps them beside the budget.
        self.lines: dict[tuple[PathPart, ...], int | None] = {}
        self.cache_key: str | None = None  # the cache entry it was read from or saved to
        self.cached_lines = 0  # how many of ``lines`` that entry already holds
        self._fields_by_id: dict[str, BudgetField] | None = None

    def __repr__(self) -> str:
        return f"Budget({self.source_name!r}, {len(self.fields)} fields, {len(self.projects)} projects)"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Budget):
            return NotImplemented
        return all(getattr(self, part) == getattr(other, part) for part in PARTS)

    __hash__ = None  # type: ignore[assignment]

    @property
    def unit(self) -> str:
        return self.program.unit

    @property
    def year(self) -> int:
        return self.program.fiscal_year

    @property
    def source_name(self) -> str:
        """The file it was read from, as messages name it ("<memory>" when not loaded from one)."""
        return self.origin.name if self.origin is not None else "<memory>"

    @property
    def source_identity(self) -> tuple[int, int] | None:
        """(device, inode) of the file it was read from, when that is a regular file."""
        return getattr(self.origin, "identity", None)

    def line_of(self, path: tuple[PathPart, ...]) -> int | None:
        """The budget-file line of a key path, when the budget was loaded from a file."""
        line = self.lines.get(path, -1)  # one look-up: check asks for 10^5 lines
        if line != -1:
            return line
        where = self.origin.locate(path) if self.origin is not None else None
        line = where[0] if where else None
        self.lines[path] = line
        return line

    def field_by_id(self) -> dict[str, BudgetField]:
        # Built once: reports look fields up once per project, and budgets can hold 10^5 projects.
        if self._fields_by_id is None:
            self._fields_by_id = {f.id: f for f in self.fields}
        return self._fields_by_id

    def replace(self, **parts: Any) -> "Budget":
        """A copy with some parts replaced (``fields=...``), from the same origin."""
        values = {part: getattr(self, part) for part in PARTS} | parts
        return Budget(**values, origin=self.origin)

    def dump(self, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
        """Plain dicts and lists, keyed as in the budget file (what diff compares)."""
        return {part: dump(getattr(self, part)) for part in PARTS if part not in leave_out}


def dump(value: Any) -> Any:
    """A record (or a tuple of them) as plain dicts and lists."""
    return _dump(value)


def _dump(value: Any) -> Any:
    if isinstance(value, tuple):
        fields = getattr(value, "_fields", None)
        if fields is not None:
            return {key: _dump(item) for key, item in zip(fields, value, strict=True)}
        return [_dump(item) for item in value]
    return value


def record_of(cls: Any, model: Any, share: Any = None) -> Any:
    """The record ``cls`` of a validated model table, key by key as ``cls`` declares them.

    ``share`` (dict.setdefault) gives one str for text repeated across records (leads, sources).
    """
    values = []
    for name, key in keys_of(cls).items():
        value = getattr(model, name)
        if value is None:
            pass
        elif key.kind == "table":
            value = record_of(key.table, value, share)
        elif key.kind == "tables":
            value = tuple([record_of(key.table, item, share) for item in value])
        elif key.kind == "texts":
            value = tuple([share(s, s) for s in value] if share else value)
        elif share is not None and type(value) is str and name != "id":
            value = share(value, value)
        values.append(value)
    return cls._make(values)


def project_record(x: Any, share: Any, periods: dict[tuple[int, int], Period]) -> Project:
    """The record of a validated model.Project; one Period per span, one str for repeated text."""
    made: Project = record_of(Project, x, share)
    span = (made.period.start, made.period.end)
    period = periods.get(span) or periods.setdefault(span, made.period)
    return made._replace(period=period)


def from_model(model: Any, origin: Any = None, projects: tuple[Project, ...] | None = None) -> Budget:
    """The records of a validated model.Budget (duck-typed: no pydantic needed here).

    ``projects``, when given, are the projects' records made already (bulk.project_records).
    """
    parts: dict[str, Any] = {}
    for name, key in PARTS_DECLARED.items():
        if name == "projects":
            continue
        value = getattr(model, name)
        if value is None:
            parts[name] = None
        elif key.kind == "table":
            parts[name] = record_of(key.table, value)
        else:
            parts[name] = tuple([record_of(key.table, item) for item in value])
    if projects is None:
        strings: dict[str, str] = {}
        share = strings.setdefault  # one str object for text repeated across projects (leads, sources)
        periods: dict[tuple[int, int], Period] = {}
        projects = tuple([project_record(x, share, periods) for x in model.projects])
    return Budget(**parts, projects=projects, origin=origin)
