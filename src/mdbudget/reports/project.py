"""`mdbudget project`: the sample projects, found by id, name, initials, field or organisation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..budget.records import Budget, BudgetField, Project, ProjectType, dump
from . import order
from .common import Amount, Caption, Keys, Money, by_field, choose, own_project_keys, project_keys
from .views import Column, Lang, Table

if TYPE_CHECKING:
    from ..budget.units import Unit
    from . import shapes


@dataclass(frozen=True)
class ProjectRow:
    project: Project
    field: BudgetField
    type: ProjectType | None
    total: Amount
    allocation: Amount


@dataclass(frozen=True)
class ProjectReport:
    """The sample projects that matched."""

    command = "project"  # its entry in registry.REPORTS

    caption: Caption
    rows: tuple[ProjectRow, ...]
    missed: str | None = None  # why nothing matched: the command writes the empty report, then exits 1

    @property
    def matched(self) -> bool:
        return self.missed is None

    def data(self) -> list[shapes.ProjectRow]:
        """The JSON shape (`mdbudget schema project`)."""
        return [_data(r, self.caption) for r in self.rows]

    def tables(self, lang: Lang) -> list[Table]:
        ko = lang == "ko"
        c = self.caption
        one = len(self.rows) == 1
        wide = one  # the detail view has room for everything
        columns = (
            Column("id", "id"),
            Column("name", "과제명" if ko else "Korean name", terminal=ko or wide),
            Column("name_en", "영문 과제명" if ko else "project", terminal=wide or not ko),
            Column("type", "유형 id" if ko else "type id", terminal=False),
            Column("type_name", "유형" if ko else "type", terminal=wide),
            Column("field", "분야 id" if ko else "field id", terminal=False),
            Column("field_name", "분야" if ko else "field"),
            Column("lead", "주관기관" if ko else "lead"),
            Column("participants", "참여기관" if ko else "participants", terminal=wide),
            Column(
                "participants_partial", "참여기관 일부만 표기(등)" if ko else "more participants (등)", terminal=wide
            ),
            Column("start", "시작" if ko else "start", terminal=wide),
            Column("end", "종료" if ko else "end", terminal=wide),
            Column("stated_years", "기간(년)" if ko else "years", "count", terminal=wide),
            Column("total", c.total_header(lang), "amount"),
            Column("allocation", c.year_header(lang), "amount"),
            Column("development", "개발 내용" if ko else "development", terminal=wide),
            Column("source", "출처" if ko else "source", terminal=wide),
        )
        rows = tuple(_cells(r, lang) for r in self.rows)
        sources = ", ".join(dict.fromkeys(r.project.source for r in self.rows))
        if one:
            p = self.rows[0].project
            title = p.name if ko else (p.name_en or p.name)
        else:
            title = f"대표 과제 {len(rows)}건" if ko else f"{len(rows)} sample projects"
        return [Table(title, columns, rows, notes=(c.source(lang, sources),), detail=one)]


def _cells(r: ProjectRow, lang: Lang) -> tuple[Any, ...]:
    ko = lang == "ko"
    p, f, t = r.project, r.field, r.type
    type_name = f"{_circled(t.number)} {t.name if ko else t.name_en}" if t else None
    return (
        p.id, p.name, p.name_en, t.id if t else None, type_name, f.id, f.name if ko else f.name_en,
        p.lead, tuple(p.participants), _yes_no(p.participants_partial, lang), p.period.start, p.period.end,
        p.stated_years, r.total, r.allocation, DEVELOPMENT_SEPARATOR.join(p.development) or None, p.source,
    )  # fmt: skip


# The items of `development` hold commas themselves ("드론, 자율비행 등"): "; " keeps them apart, as CSV does.
DEVELOPMENT_SEPARATOR = "; "


def _yes_no(flag: bool, lang: Lang) -> str:
    # These tables are for people (CSV and JSON come from data()): the word is in the table's language.
    return ("예" if flag else "아니요") if lang == "ko" else ("yes" if flag else "no")


def _circled(n: int) -> str:
    # ① .. ⑳ as the source numbers its project types; plain digits beyond.
    return chr(0x2460 + n - 1) if 1 <= n <= 20 else f"({n})"


def _data(r: ProjectRow, c: Caption) -> shapes.ProjectRow:
    """The project's keys as records.Project declares them, the type and field as objects, amounts converted."""
    p, f, t = r.project, r.field, r.type
    special = {
        "type": {"id": t.id, "number": t.number, "name": t.name, "name_en": t.name_en} if t else None,
        "field": {"id": f.id, "name": f.name, "name_en": f.name_en},
        "total": r.total,
        "allocation": r.allocation,
    }
    row: dict[str, Any] = {"unit": c.unit, "year": c.year}
    for key, value in zip(Project._fields, p, strict=True):
        row[key] = special[key] if key in special else dump(value)  # lists for tuples, objects for records
    return row


# --sort's names: the JSON keys and short aliases.
SORT_COLUMNS = {
    "total": "total", "allocation": "allocation", "alloc": "allocation", "year": "allocation",
    "stated_years": "stated_years", "years": "stated_years",
    "id": "id", "name": "name", "name_en": "name_en", "lead": "lead",
}  # fmt: skip


def project(
    budget: Budget,
    query: str | None = None,
    unit: Unit | None = None,
    terms: Sequence[str] | None = None,
    sort: str | None = None,
    reverse: bool = False,
    top: int | None = None,
) -> ProjectReport:
    """The sample projects matching ``query`` (all when None); none is an empty report whose ``missed`` says why."""
    money = Money.of(budget, unit)
    fields = budget.field_by_id()
    types = {t.id: t for t in budget.project_types}
    chosen, missed = choose(
        budget.projects, own_project_keys, query, "sample project",
        shared=by_field(budget), suggest_from=lambda p: project_keys(p, budget), terms=terms,
        named_by=Keys(("id",)),  # a lead and a field narrow ("경동제약 advanced-bio"); ids and fields add up
    )  # fmt: skip
    rows = tuple(
        ProjectRow(p, fields[p.field], types.get(p.type) if p.type else None, money(p.total), money(p.allocation))
        for p in chosen
    )
    if order.asks_growth(sort):  # the release gives no project an earlier year's amount either
        rows, missed, sort = (), order.no_growth(budget, "project"), None
    if sort is not None:
        key = order.column(sort, SORT_COLUMNS, "project")
        own = key in ("total", "allocation")  # converted to the unit asked for; the rest are the project's
        rows = tuple(order.arrange(rows, lambda r: getattr(r if own else r.project, key), reverse))
    return ProjectReport(Caption.of(budget, money.unit), rows[:top], missed)
