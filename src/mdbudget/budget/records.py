"""The budget as plain records: what every report, check and diff reads.

pydantic validates a budget file once (model.py); the result is turned into
these NamedTuples, which the cache can also rebuild from a file without
importing pydantic at all. Each record has the same fields, in the same order,
as its model; lists become tuples. A test holds the two in step.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, NamedTuple

PathPart = str | int  # one step of a key path: a key or a list index

UNITS = ("억원", "조원", "백만원", "천원", "원")


class Program(NamedTuple):
    title: str
    title_en: str | None
    ministry: str
    ministry_en: str | None
    release_date: datetime.date
    fiscal_year: int
    unit: str
    source_file: str
    notes: tuple[str, ...] = ()


class Split(NamedTuple):
    continuing: int
    new: int
    source: str


class Totals(NamedTuple):
    projects: int
    total: int
    allocation: int
    source: str
    split: Split | None = None


class Baseline(NamedTuple):
    year: int
    allocation: int
    source: str


class GrowthClaim(NamedTuple):
    text: str
    multiple: Decimal
    source: str


class HeadlineClaim(NamedTuple):
    text: str
    amount: int
    rounded_to: int
    source: str


class FieldClaim(NamedTuple):
    field: str
    text: str
    projects: int | None
    total: int | None
    allocation: int | None
    source: str


class Claims(NamedTuple):
    growth: GrowthClaim | None = None
    headline: HeadlineClaim | None = None
    fields: tuple[FieldClaim, ...] = ()


class BudgetField(NamedTuple):
    id: str
    name: str
    name_en: str
    aliases: tuple[str, ...]
    projects: int
    total: int
    allocation: int
    provisional: bool
    source: str


class Provisional(NamedTuple):
    note: str
    note_en: str | None
    source: str


class ProjectType(NamedTuple):
    id: str
    number: int
    name: str
    name_en: str
    source: str


class Period(NamedTuple):
    start: int
    end: int

    @property
    def calendar_years(self) -> int:
        """Calendar years touched, counting both ends ('24~'28 → 5)."""
        return self.end - self.start + 1


class Project(NamedTuple):
    id: str
    name: str
    name_en: str | None
    type: str | None
    field: str
    lead: str
    participants: tuple[str, ...]
    participants_partial: bool
    period: Period
    stated_years: int | None
    total: int
    allocation: int
    development: tuple[str, ...]
    source: str


# Budget's parts, in the order of the model's fields.
PARTS = ("program", "totals", "baseline", "claims", "fields", "provisional", "project_types", "projects")


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

    def replace(self, **parts: Any) -> Budget:
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


def project_record(x: Any, share: Any, periods: dict[tuple[int, int], Period]) -> Project:
    """The record of a validated model.Project; ``share`` gives one str for repeated text."""
    span = (x.period.start, x.period.end)
    period = periods.get(span) or periods.setdefault(span, Period(*span))
    return Project(
        x.id, x.name, x.name_en, x.type and share(x.type, x.type), share(x.field, x.field),
        share(x.lead, x.lead), tuple([share(s, s) for s in x.participants]), x.participants_partial,
        period, x.stated_years, x.total, x.allocation, tuple(x.development), share(x.source, x.source),
    )  # fmt: skip


def from_model(model: Any, origin: Any = None, projects: tuple[Project, ...] | None = None) -> Budget:
    """The records of a validated model.Budget (duck-typed: no pydantic needed here).

    ``projects``, when given, are the projects' records made already (bulk.project_records).
    """
    p, t, c = model.program, model.totals, model.claims
    split = Split(t.split.continuing, t.split.new, t.split.source) if t.split else None
    base = model.baseline
    growth, headline = c.growth, c.headline
    note = model.provisional
    if projects is None:
        strings: dict[str, str] = {}
        share = strings.setdefault  # one str object for text repeated across projects (leads, sources)
        periods: dict[tuple[int, int], Period] = {}
        projects = tuple([project_record(x, share, periods) for x in model.projects])
    return Budget(
        Program._make([*(getattr(p, key) for key in Program._fields[:-1]), tuple(p.notes)]),
        Totals(t.projects, t.total, t.allocation, t.source, split),
        Baseline(base.year, base.allocation, base.source) if base else None,
        Claims(
            GrowthClaim(growth.text, growth.multiple, growth.source) if growth else None,
            HeadlineClaim(headline.text, headline.amount, headline.rounded_to, headline.source) if headline else None,
            tuple(FieldClaim(f.field, f.text, f.projects, f.total, f.allocation, f.source) for f in c.fields),
        ),
        tuple(
            BudgetField(
                f.id, f.name, f.name_en, tuple(f.aliases), f.projects, f.total, f.allocation, f.provisional, f.source
            )
            for f in model.fields
        ),
        Provisional(note.note, note.note_en, note.source) if note else None,
        tuple(ProjectType(x.id, x.number, x.name, x.name_en, x.source) for x in model.project_types),
        projects,
        origin,
    )
