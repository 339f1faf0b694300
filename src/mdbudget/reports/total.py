"""`mdbudget total`: the programme in one view, and its growth over the earlier year."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..budget.records import Budget
from .common import Amount, Caption, Money
from .views import Column, Lang, Table, ratio

if TYPE_CHECKING:
    from ..budget.units import Unit
    from . import shapes


@dataclass(frozen=True)
class YearRow:
    year: int
    allocation: Amount
    source: str


@dataclass(frozen=True)
class TotalReport:
    """The programme in one view: counts, money, and growth over the earliest year on record."""

    command = "total"  # its entry in registry.REPORTS

    caption: Caption
    fields: int
    projects: int
    continuing: int | None
    new: int | None
    total: Amount
    allocation: Amount
    source: str
    years: tuple[YearRow, ...]  # the years on record, earliest first
    change: Amount | None  # this year − the earliest year
    multiple: Decimal | None  # this year ÷ the earliest year

    @property
    def baseline(self) -> YearRow | None:
        return self.years[0] if len(self.years) > 1 else None

    def data(self) -> shapes.Total:
        """The JSON shape (`mdbudget schema total`)."""
        base = self.baseline
        growth: shapes.Growth | None = None
        if base is not None:
            growth = {
                "from_year": base.year,
                "to_year": self.caption.year,
                "baseline_allocation": base.allocation,
                "baseline_source": base.source,
                "allocation": self.allocation,
                "change": self.change if self.change is not None else 0,
                "multiple": self.multiple,
            }
        return {
            "unit": self.caption.unit,
            "year": self.caption.year,
            "field_count": self.fields,
            "projects": self.projects,
            "continuing_projects": self.continuing,
            "new_projects": self.new,
            "total": self.total,
            "allocation": self.allocation,
            "source": self.source,
            "growth": growth,
        }

    def tables(self, lang: Lang) -> list[Table]:
        ko = lang == "ko"
        c = self.caption
        base = self.baseline
        columns = [
            Column("fields", "분야 수" if ko else "fields", "count"),
            Column("projects", "과제 수" if ko else "projects", "count"),
            Column("continuing_projects", "계속 과제" if ko else "continuing projects", "count"),
            Column("new_projects", "신규 과제" if ko else "new projects", "count"),
            Column("total", c.total_header(lang), "amount"),
            Column("allocation", c.year_header(lang), "amount"),
        ]
        row: list[Any] = [self.fields, self.projects, self.continuing, self.new, self.total, self.allocation]
        if base is not None:
            year = f"{base.year}년" if ko else str(base.year)
            columns += [
                Column("from_year", "비교 연도" if ko else "earlier year"),
                Column("baseline_allocation", c.money(year, lang), "amount"),
                Column("change", c.money("증감" if ko else "change", lang), "amount"),
                Column("multiple", f"{c.year} ÷ {base.year}", "multiple"),
            ]
            row += [base.year, base.allocation, self.change, self.multiple]
        title = f"사업 총괄 — {c.year}" if ko else f"Programme total — {c.year}"
        notes = (c.source(lang, self.source),)
        return [Table(title, tuple(columns), (tuple(row),), notes=notes, detail=True)]


def total(budget: Budget, unit: Unit | None = None) -> TotalReport:
    """The programme total of ``budget``, amounts in ``unit`` (default: the file's)."""
    money = Money.of(budget, unit)
    t, split, base = budget.totals, budget.totals.split, budget.baseline
    years = [YearRow(budget.year, money(t.allocation), t.source)]
    if base is not None:
        years.insert(0, YearRow(base.year, money(base.allocation), base.source))
    return TotalReport(
        caption=Caption.of(budget, money.unit),
        fields=len(budget.fields),
        projects=t.projects,
        continuing=split.continuing if split else None,
        new=split.new if split else None,
        total=money(t.total),
        allocation=money(t.allocation),
        source=t.source,
        years=tuple(years),
        change=money(t.allocation - base.allocation) if base else None,
        multiple=ratio(t.allocation, base.allocation) if base else None,
    )
