"""`mdbudget shares`: each field's share of the year, the multi-year total or the projects."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, cast

from ..budget.records import Budget, BudgetField
from . import order
from .common import Amount, Caption, Money, choose, field_keys, only_provisional
from .views import Column, Lang, Table, fields_en, ratio

if TYPE_CHECKING:
    from ..budget.units import Unit
    from . import shapes

Of = Literal["allocation", "total", "projects"]
Sort = Literal["share", "order", "projects", "total", "allocation", "id", "name", "name_en"]
OF: tuple[Of, ...] = ("allocation", "total", "projects")
SORTS: tuple[Sort, ...] = ("share", "order", "projects", "total", "allocation", "id", "name", "name_en")
# --sort's names: the JSON keys and short aliases (order.FIELD_COLUMNS), and the source's order.
SORT_COLUMNS = {"share": "share", "order": "order", "printed": "order", **order.FIELD_COLUMNS}


@dataclass(frozen=True)
class ShareRow:
    id: str | None  # None for the row the --top fold makes of the rest
    name: str
    name_en: str
    projects: int
    total: Amount
    allocation: Amount
    share: Decimal | None
    provisional: bool
    field_ids: tuple[str, ...]  # its own id, or the ids of the fields folded into it


@dataclass(frozen=True)
class SharesReport:
    """Each field's share of one basis (`of`), largest first unless sorted otherwise."""

    command = "shares"  # its entry in registry.REPORTS

    caption: Caption
    of: Of
    sort: Sort
    top: int | None
    rows: tuple[ShareRow, ...]
    sum: ShareRow
    query: str | None = None  # only the fields matching it are shown, each still a share of the whole
    missed: str | None = None  # why nothing matched: the command writes the empty report, then exits 1
    provisional: bool = False  # only the provisional fields (--provisional); the sum row then counts them

    @property
    def matched(self) -> bool:
        return self.missed is None

    def data(self) -> shapes.Shares:
        """The JSON shape (`mdbudget schema shares`)."""
        s = self.sum
        return {
            "unit": self.caption.unit,
            "year": self.caption.year,
            "of": self.of,
            "sort": self.sort,
            "top": self.top,
            "query": self.query,
            "projects": s.projects,
            "total": s.total,
            "allocation": s.allocation,
            "share": s.share,
            "rows": [
                {
                    "id": r.id,
                    "name": r.name,
                    "name_en": r.name_en,
                    "projects": r.projects,
                    "total": r.total,
                    "allocation": r.allocation,
                    "share": r.share,
                    "provisional": r.provisional,
                    **self.caption.why(r.provisional),  # type: ignore[typeddict-item]
                    "field_ids": list(r.field_ids),
                }
                for r in self.rows
            ],
        }

    def tables(self, lang: Lang) -> list[Table]:
        ko = lang == "ko"
        c = self.caption
        basis = {
            "allocation": (f"{c.year}년 투자규모", f"the {c.year} allocation"),
            "total": ("총 투자규모", "the multi-year total"),
            "projects": ("과제 수", "the project count"),
        }[self.of]
        columns = (
            Column("id", "id", terminal=False),
            Column("name", "분야" if ko else "Korean", terminal=ko),
            Column("name_en", "English" if ko else "field"),
            Column("projects", "과제 수" if ko else "projects", "count", terminal=self.of == "projects"),
            Column("total", c.total_header(lang), "amount", terminal=self.of == "total"),
            Column("allocation", c.year_header(lang), "amount", terminal=self.of == "allocation"),
            Column("share", "비중" if ko else "share", "ratio"),
            Column("bar", "", "bar"),
            Column("provisional", "", "flag"),
            Column("field_ids", "묶은 분야" if ko else "folded", terminal=False),
        )
        rows = tuple(_cells(r) for r in self.rows)
        chosen = self.query is not None or self.provisional
        n = len(self.sum.field_ids) if chosen else 0
        label = (
            ("합계" if ko else "total") if not chosen else (f"합계 ({n}개 분야)" if ko else f"total ({fields_en(n)})")
        )
        s = self.sum
        # The label goes in the name column a person sees: Korean for ko, English for en.
        total = (
            None,
            label if ko else None,
            None if ko else label,
            s.projects,
            s.total,
            s.allocation,
            s.share,
            None,
            None,
            None,
        )
        title = f"분야별 비중 — {basis[0]} 기준" if ko else f"Each field's share of {basis[1]}"
        notes = c.notes(lang, "참고2", any(r.provisional for r in self.rows))
        # A full bar is the whole base (100%), so a bar's length means the same in every view.
        extra = {"bar_max": Decimal(1)}
        return [Table(title, columns, rows, total=total, notes=notes, extra=extra)]


def _cells(r: ShareRow) -> tuple[Any, ...]:
    # The share twice: once as a number, once drawn as a bar; the field ids only where folded.
    folded = r.field_ids if r.id is None else None
    return (r.id, r.name, r.name_en, r.projects, r.total, r.allocation, r.share, r.share, r.provisional, folded)


def shares(
    budget: Budget,
    of: Of = "allocation",
    sort: str = "share",
    top: int | None = None,
    unit: Unit | None = None,
    query: str | None = None,
    terms: Sequence[str] | None = None,
    provisional: bool = False,
    reverse: bool = False,
) -> SharesReport:
    """Each field's share of ``of``; with ``query``, only the fields it matches (still of the whole);
    with ``top``, the N largest and one row for the rest (never for one field)."""
    money = Money.of(budget, unit)
    whole = sum(getattr(f, of) for f in budget.fields)
    chosen, missed = only_provisional(*choose(budget.fields, field_keys, query, "field", terms=terms), provisional)
    if order.asks_growth(sort):
        chosen, missed, sort = [], order.no_growth(budget), "share"
    column = cast("Sort", order.column(sort, SORT_COLUMNS, "shares"))

    def row(f: BudgetField) -> ShareRow:
        share = ratio(getattr(f, of), whole)
        return ShareRow(
            f.id, f.name, f.name_en, f.projects, money(f.total), money(f.allocation), share, f.provisional, (f.id,)
        )

    # Largest first; equal shares keep the order the source prints them in.
    by_share = sorted(chosen, key=lambda f: -getattr(f, of))
    # A fold of one field would hide its name for nothing: show it instead.
    fold = top is not None and len(by_share) - top > 1
    kept, rest = (by_share[:top], by_share[top:]) if fold else (by_share, [])
    kept = _sorted(kept, column, [f.id for f in budget.fields], of, reverse)
    rows = [row(f) for f in kept]
    if rest:
        rows.append(_fold(rest, of, whole, money))
    # The sum row of a query lists what it sums; of the whole file it needs not.
    total = _fold(chosen, of, whole, money, label=("합계", "total"))
    return SharesReport(
        caption=Caption.of(budget, money.unit),
        of=of,
        sort=column,
        top=top,
        rows=tuple(rows),
        sum=total,
        query=query,
        missed=missed,
        provisional=provisional,
    )


def _sorted(fields: list[BudgetField], sort: Sort, printed: list[str], of: Of, reverse: bool) -> list[BudgetField]:
    if sort == "order":
        rows = sorted(fields, key=lambda f: printed.index(f.id))
        return rows[::-1] if reverse else rows
    key = of if sort == "share" else sort
    return order.arrange(fields, lambda f: getattr(f, key), reverse)


def _fold(
    fields: Sequence[BudgetField],
    of: Of,
    whole: int,
    money: Money,
    label: tuple[str, str] | None = None,
) -> ShareRow:
    n = len(fields)
    name, name_en = label or (f"그 외 {n}개 분야", fields_en(n, other=True))
    return ShareRow(
        id=None,
        name=name,
        name_en=name_en,
        projects=sum(f.projects for f in fields),
        total=money(sum(f.total for f in fields)),
        allocation=money(sum(f.allocation for f in fields)),
        # The fold's share comes from its amounts, not from adding rounded shares.
        share=ratio(sum(getattr(f, of) for f in fields), whole),
        provisional=any(f.provisional for f in fields),
        field_ids=tuple(f.id for f in fields),
    )
