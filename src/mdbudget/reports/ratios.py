"""`mdbudget ratios`: per-field, programme and sample-project ratios."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import TYPE_CHECKING

from ..budget.records import Budget
from . import order
from .common import Amount, Caption, Money, choose, field_keys, only_provisional
from .views import Column, Lang, Table, fields_en, half_up, ratio

if TYPE_CHECKING:
    from ..budget.units import Unit
    from . import shapes


@dataclass(frozen=True)
class FieldRatio:
    id: str
    name: str
    name_en: str
    projects: int
    total: Amount
    allocation: Amount
    year_share: Decimal | None  # the year ÷ the multi-year total
    average_total: Amount | None  # per project
    average_allocation: Amount | None  # per project
    provisional: bool


@dataclass(frozen=True)
class ProgrammeRatio:
    """The field ratios for the programme as a whole: the sum of the fields."""

    projects: int
    total: Amount
    allocation: Amount
    year_share: Decimal | None
    average_total: Amount | None
    average_allocation: Amount | None


@dataclass(frozen=True)
class Growth:
    from_year: int
    to_year: int
    baseline_allocation: Amount
    allocation: Amount
    multiple: Decimal | None
    change_rate: Decimal | None  # (the year − the earlier year) ÷ the earlier year
    cagr: Decimal | None  # compound annual growth rate over to_year − from_year years
    claim: str | None
    claim_multiple: Decimal | None
    claim_source: str | None


@dataclass(frozen=True)
class SampleRatio:
    id: str
    name: str
    name_en: str | None
    field: str
    total: Amount
    allocation: Amount
    stated_years: int | None
    year_share: Decimal | None  # the year ÷ the project's total
    per_year: Amount | None  # the total ÷ the stated duration
    even_spread: Decimal | None  # the year ÷ per_year: 1 when the year is an even slice


@dataclass(frozen=True)
class RatiosReport:
    """Per-field, programme, growth and sample-project ratios."""

    command = "ratios"  # its entry in registry.REPORTS

    caption: Caption
    rows: tuple[FieldRatio, ...]
    programme: ProgrammeRatio
    growth: Growth | None
    samples: tuple[SampleRatio, ...]
    field_count: int = 0  # the programme's fields, however many rows a query, --provisional or --top keep
    missed: str | None = None  # why no field matched: the command writes the report, then exits 1

    @property
    def matched(self) -> bool:
        return self.missed is None

    def data(self) -> shapes.Ratios:
        """The JSON shape (`mdbudget schema ratios`)."""
        return {
            "unit": self.caption.unit,
            "year": self.caption.year,
            "rows": [{**vars(r), **self.caption.why(r.provisional)} for r in self.rows],  # type: ignore[typeddict-item]
            "programme": vars(self.programme),  # type: ignore[typeddict-item]
            "growth": vars(self.growth) if self.growth else None,  # type: ignore[typeddict-item]
            "samples": [vars(s) for s in self.samples],  # type: ignore[misc]
        }

    def tables(self, lang: Lang) -> list[Table]:
        tables = [self._fields(lang)]
        if self.growth:
            tables.append(self._growth(lang, self.growth))
        if self.samples:
            tables.append(self._samples(lang))
        return tables

    def _fields(self, lang: Lang) -> Table:
        ko = lang == "ko"
        c = self.caption
        year = f"{c.year}년" if ko else str(c.year)
        columns = (
            Column("id", "id", terminal=False),
            Column("name", "분야" if ko else "Korean", terminal=ko),
            Column("name_en", "English" if ko else "field", terminal=not ko),
            Column("projects", "과제 수" if ko else "projects", "count"),
            Column("total", c.total_header(lang), "amount", terminal=False),
            Column("allocation", c.year_header(lang), "amount", terminal=False),
            Column("year_share", f"{year} ÷ 총액" if ko else f"{year} ÷ total", "ratio"),
            Column("average_total", c.money("과제당 총액" if ko else "total per project", lang), "amount"),
            Column("average_allocation", c.money(f"과제당 {year}" if ko else f"{year} per project", lang), "amount"),
            Column("provisional", "", "flag"),
        )
        p = self.programme
        # Averages with one number of decimals per column, so the points line up (7.80 under 34.45).
        averages = aligned(
            [(r.average_total, r.average_allocation) for r in self.rows] + [(p.average_total, p.average_allocation)]
        )
        rows = tuple((*list(vars(r).values())[:7], *averages[i], r.provisional) for i, r in enumerate(self.rows))
        n = self.field_count or len(rows)
        label = f"합계 ({n}개 분야)" if ko else f"programme ({fields_en(n)})"
        total = (None, label if ko else None, None if ko else label, *list(vars(p).values())[:4], *averages[-1], None)
        title = f"분야별 비율 — {c.year}" if ko else f"Ratios by field — {c.year}"
        notes = c.notes(lang, "참고2", any(r.provisional for r in self.rows))
        return Table(title, columns, rows, total=total, notes=notes)

    def _growth(self, lang: Lang, g: Growth) -> Table:
        ko = lang == "ko"
        c = self.caption
        years = g.to_year - g.from_year
        columns = (
            Column("from_year", "비교 연도" if ko else "earlier year"),
            Column("baseline_allocation", c.money(f"{g.from_year}년" if ko else str(g.from_year), lang), "amount"),
            Column("allocation", c.money(f"{g.to_year}년" if ko else str(g.to_year), lang), "amount"),
            Column("multiple", f"{g.to_year} ÷ {g.from_year}", "multiple"),
            Column("change_rate", "증가율" if ko else "change", "change_ratio"),
            Column("cagr", f"연평균 증가율 ({years}년)" if ko else f"yearly growth (CAGR, {years} years)", "ratio"),
            Column("claim", "자료의 표현" if ko else "the source says"),
            Column("claim_multiple", "자료의 배수" if ko else "stated multiple", "multiple"),
            Column("claim_source", "출처" if ko else "source"),
        )
        title = f"사업 증가 — {g.from_year} 대비 {g.to_year}" if ko else f"Growth — {g.to_year} against {g.from_year}"
        row = (
            g.from_year, g.baseline_allocation, g.allocation, g.multiple, g.change_rate, g.cagr,
            g.claim, g.claim_multiple, g.claim_source,
        )  # fmt: skip
        return Table(title, columns, (row,), detail=True, name="growth")

    def _samples(self, lang: Lang) -> Table:
        ko = lang == "ko"
        c = self.caption
        year = f"{c.year}년" if ko else str(c.year)
        columns = (
            Column("id", "id"),
            Column("name", "과제명" if ko else "Korean", terminal=False),
            Column("name_en", "English" if ko else "project", terminal=False),
            Column("field", "분야" if ko else "field", terminal=False),
            Column("total", c.total_header(lang), "amount", terminal=False),
            Column("allocation", c.year_header(lang), "amount", terminal=False),
            Column("stated_years", "기간(년)" if ko else "years", "count"),
            Column("year_share", f"{year} ÷ 총액" if ko else f"{year} ÷ total", "ratio"),
            Column("per_year", c.money("연평균" if ko else "per year", lang), "amount"),
            Column("even_spread", f"{year} ÷ 연평균" if ko else f"{year} ÷ per year", "multiple"),
        )
        per_year = aligned([(s.per_year,) for s in self.samples])
        rows = tuple((*list(vars(s).values())[:8], *per_year[i], s.even_spread) for i, s in enumerate(self.samples))
        title = "대표 과제 비율 (참고1)" if ko else "Sample projects (참고1)"
        return Table(title, columns, rows, notes=(c.source(lang, "참고1"),), name="samples")


def aligned(rows: Sequence[tuple[Amount | None, ...]]) -> list[tuple[str | None, ...]]:
    """Each column's numbers as text with the same number of decimals, thousands separated."""
    columns = list(zip(*rows, strict=True)) if rows else []
    places = [max((_places(v) for v in column if v is not None), default=0) for column in columns]
    return [tuple(None if v is None else f"{Decimal(v):,.{places[i]}f}" for i, v in enumerate(row)) for row in rows]


def _places(value: Amount) -> int:
    exponent = Decimal(value).normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


# --sort's names: the per-field JSON keys and short aliases.
SORT_COLUMNS = {
    **order.FIELD_COLUMNS,
    "year_share": "year_share", "share": "year_share",
    "average_total": "average_total", "avg_total": "average_total",
    "average_allocation": "average_allocation", "average": "average_allocation", "avg": "average_allocation",
    "avg_allocation": "average_allocation", "per_project": "average_allocation",
}  # fmt: skip


def ratios(
    budget: Budget,
    unit: Unit | None = None,
    query: str | None = None,
    terms: Sequence[str] | None = None,
    provisional: bool = False,
    sort: str | None = None,
    reverse: bool = False,
    top: int | None = None,
) -> RatiosReport:
    """Every ratio of ``budget``, amounts in ``unit`` (default: the file's).

    ``query``/``terms``/``provisional`` keep some fields' rows, ``sort``/``reverse``/``top``
    order and cut them; the programme row stays the whole programme.
    """
    money = Money.of(budget, unit)
    chosen, missed = only_provisional(*choose(budget.fields, field_keys, query, "field", terms=terms), provisional)
    if order.asks_growth(sort):
        chosen, missed, sort = [], order.no_growth(budget), None
    rows = tuple(
        FieldRatio(
            f.id, f.name, f.name_en, f.projects, money(f.total), money(f.allocation), ratio(f.allocation, f.total),
            money.average(f.total, f.projects), money.average(f.allocation, f.projects), f.provisional,
        )
        for f in chosen
    )  # fmt: skip
    rows = tuple(order.by(rows, sort, reverse, SORT_COLUMNS, "ratios")[:top])
    samples = tuple(
        SampleRatio(
            p.id, p.name, p.name_en, p.field, money(p.total), money(p.allocation), p.stated_years,
            ratio(p.allocation, p.total), money.average(p.total, p.stated_years),
            ratio(p.allocation * p.stated_years, p.total) if p.stated_years else None,
        )
        for p in budget.projects
    )  # fmt: skip
    return RatiosReport(
        Caption.of(budget, money.unit), rows, _programme(budget, money), _growth(budget, money), samples,
        len(budget.fields), missed,
    )  # fmt: skip


def _programme(budget: Budget, money: Money) -> ProgrammeRatio:
    projects = sum(f.projects for f in budget.fields)
    total = sum(f.total for f in budget.fields)
    allocation = sum(f.allocation for f in budget.fields)
    return ProgrammeRatio(
        projects, money(total), money(allocation), ratio(allocation, total),
        money.average(total, projects), money.average(allocation, projects),
    )  # fmt: skip


def _growth(budget: Budget, money: Money) -> Growth | None:
    base = budget.baseline
    if base is None:
        return None
    now = budget.totals.allocation
    claim = budget.claims.growth
    return Growth(
        from_year=base.year,
        to_year=budget.year,
        baseline_allocation=money(base.allocation),
        allocation=money(now),
        multiple=ratio(now, base.allocation),
        change_rate=ratio(now - base.allocation, base.allocation),
        cagr=cagr(now, base.allocation, budget.year - base.year),
        claim=claim.text if claim else None,
        claim_multiple=claim.multiple if claim else None,
        claim_source=claim.source if claim else None,
    )


def cagr(end: int, start: int, years: int) -> Decimal | None:
    """(end ÷ start)^(1/years) − 1, as a fraction rounded to 6 decimals."""
    if start <= 0 or years <= 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 40
        rate = (Decimal(end) / Decimal(start)) ** (Decimal(1) / Decimal(years)) - 1
    return half_up(rate, 6)
