"""Everything mdbudget can say about a budget, in one result: one start-up for many answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..budget.records import Budget
from .check.reconcile import CheckReport, check
from .fields import FieldsReport, fields
from .project import ProjectReport, project
from .ratios import RatiosReport, ratios
from .registry import SECTIONS  # each named as the command that gives it alone
from .shares import SharesReport, shares
from .total import TotalReport, total
from .views import Lang, Table

if TYPE_CHECKING:
    from ..budget.units import Unit
    from . import shapes


@dataclass(frozen=True)
class ExportReport:
    """Every report about one budget."""

    command = "export"  # its entry in registry.REPORTS

    unit: str
    year: int
    total: TotalReport
    fields: FieldsReport
    shares: SharesReport
    ratios: RatiosReport
    project: ProjectReport
    check: CheckReport

    def data(self) -> shapes.Export:
        """Each section in the same shape as its own command's JSON (`mdbudget schema export`)."""
        return {"unit": self.unit, "year": self.year} | {name: getattr(self, name).data() for name in SECTIONS}  # type: ignore[return-value]

    def tables(self, lang: Lang) -> list[Table]:
        return [table for _, table in self.named_tables(lang)]

    def named_tables(self, lang: Lang) -> list[tuple[str, Table]]:
        """(file stem, table) pairs: `shares`, or `ratios-growth` for a section's named table."""
        named = []
        for section in SECTIONS:
            for i, table in enumerate(getattr(self, section).tables(lang), start=1):
                suffix = table.name or (str(i) if i > 1 else "")
                named.append((f"{section}-{suffix}" if suffix else section, table))
        return named


def export(budget: Budget, unit: Unit | None = None) -> ExportReport:
    totals = total(budget, unit)
    return ExportReport(
        unit=totals.caption.unit,
        year=budget.year,
        total=totals,
        fields=fields(budget, None, unit),
        shares=shares(budget, unit=unit),
        ratios=ratios(budget, unit),
        project=project(budget, None, unit),
        check=check(budget),
    )
