"""`mdbudget fields`: the allocation table's rows, all or those matching a query."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..budget.records import Budget
from . import order
from .common import Amount, Caption, Money, choose, field_keys, only_provisional
from .views import Column, Lang, Table, fields_en

if TYPE_CHECKING:
    from ..budget.units import Unit
    from . import shapes


@dataclass(frozen=True)
class FieldRow:
    id: str
    name: str
    name_en: str
    aliases: tuple[str, ...]
    projects: int
    total: Amount
    allocation: Amount
    provisional: bool
    source: str


@dataclass(frozen=True)
class FieldsReport:
    """The fields that matched, with their sums."""

    command = "fields"  # its entry in registry.REPORTS

    caption: Caption
    rows: tuple[FieldRow, ...]
    projects: int
    total: Amount
    allocation: Amount
    missed: str | None = None  # why nothing matched: the command writes the empty report, then exits 1
    programme_total: Amount | None = None  # every field's multi-year total: a chart's full bar

    @property
    def matched(self) -> bool:
        return self.missed is None

    def data(self) -> list[shapes.FieldRow]:
        """The JSON shape (`mdbudget schema fields`)."""
        return [
            {
                "unit": self.caption.unit,
                "year": self.caption.year,
                "id": r.id,
                "name": r.name,
                "name_en": r.name_en,
                "aliases": list(r.aliases),
                "projects": r.projects,
                "total": r.total,
                "allocation": r.allocation,
                "provisional": r.provisional,
                **self.caption.why(r.provisional),  # type: ignore[typeddict-item]
                "source": r.source,
            }
            for r in self.rows
        ]

    def tables(self, lang: Lang) -> list[Table]:
        ko = lang == "ko"
        c = self.caption
        columns = (
            Column("id", "id", terminal=not ko),
            Column("name", "분야" if ko else "Korean", terminal=ko),
            Column("name_en", "English" if ko else "field"),
            Column("projects", "과제 수" if ko else "projects", "count"),
            Column("total", c.total_header(lang), "amount"),
            Column("allocation", c.year_header(lang), "amount"),
            Column("provisional", "", "flag"),
            Column("aliases", "별칭" if ko else "aliases", terminal=False),
            Column("source", "출처" if ko else "source", terminal=False),
        )
        rows = tuple(
            (r.id, r.name, r.name_en, r.projects, r.total, r.allocation, r.provisional, r.aliases, r.source)
            for r in self.rows
        )
        n = len(self.rows)
        label = f"합계 ({n}개 분야)" if ko else f"total ({fields_en(n)})"
        total = (
            None
            if not self.rows
            else (
                None if ko else label,
                label if ko else None,
                None,
                self.projects,
                self.total,
                self.allocation,
                None,
                None,
                None,
            )
        )
        title = f"분야별 투자규모 — {c.year}" if ko else f"Budget by field — {c.year}"
        notes = c.notes(lang, "참고2", any(r.provisional for r in self.rows))
        return [Table(title, columns, rows, total=total, notes=notes)]


def fields(
    budget: Budget,
    query: str | None = None,
    unit: Unit | None = None,
    terms: Sequence[str] | None = None,
    provisional: bool = False,
    sort: str | None = None,
    reverse: bool = False,
    top: int | None = None,
) -> FieldsReport:
    """The fields matching ``query`` (all when None); none is an empty report whose ``missed`` says why.

    ``terms``: the query's arguments as typed, for the union rule (common.choose);
    ``provisional``: only the fields whose amounts may still change; ``sort``, ``reverse``
    and ``top``: the order of the rows and how many (order.py), the total row summing those shown.
    """
    money = Money.of(budget, unit)
    chosen, missed = only_provisional(*choose(budget.fields, field_keys, query, "field", terms=terms), provisional)
    if order.asks_growth(sort):
        chosen, missed, sort = [], order.no_growth(budget), None
    chosen = order.by(chosen, sort, reverse, order.FIELD_COLUMNS, "fields")[:top]
    rows = tuple(
        FieldRow(
            f.id, f.name, f.name_en, tuple(f.aliases), f.projects, money(f.total), money(f.allocation),
            f.provisional, f.source,
        )
        for f in chosen
    )  # fmt: skip
    return FieldsReport(
        caption=Caption.of(budget, money.unit),
        rows=rows,
        projects=sum(f.projects for f in chosen),
        total=money(sum(f.total for f in chosen)),
        allocation=money(sum(f.allocation for f in chosen)),
        missed=missed,
        programme_total=money(sum(f.total for f in budget.fields)),
    )
