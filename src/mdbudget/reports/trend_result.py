"""What `trend` answers: each field followed through the years, and how it reads as tables.

A person reads one column per year; a spreadsheet gets one row per field and year
(``Trend.long()``), rectangular whatever the number of years, with a unit column.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from ..budget import units
from .common import Amount
from .views import Column, Kind, Lang, Table

if TYPE_CHECKING:
    from . import trend_shapes


Of = Literal["total", "allocation", "projects"]
Event = Literal["appeared", "disappeared", "renamed"]


@dataclass(frozen=True)
class Step:
    """One year of a row: its figure (None: not in that year's budget) and the move from the year before."""

    year: int
    value: Amount | None
    change: Amount | None
    growth: Decimal | None  # change ÷ the year before's figure


@dataclass(frozen=True)
class Happened:
    year: int
    event: Event
    old_id: str | None = None  # renamed: what the field was called the year before
    old_name: str | None = None


@dataclass(frozen=True)
class TrendRow:
    id: str  # as in the latest budget that has the field
    name: str
    name_en: str
    status: Literal["kept", "renamed", "appeared", "disappeared"]
    steps: tuple[Step, ...]
    events: tuple[Happened, ...]
    first_year: int
    last_year: int
    change: Amount  # the last year it is in against the first
    growth: Decimal | None
    cagr: Decimal | None  # compound yearly growth between first_year and last_year


@dataclass(frozen=True)
class Trend:
    command = "trend"  # its entry in registry.py

    of: Of
    unit: str | None  # None for project counts
    years: tuple[int, ...]
    files: tuple[tuple[int, str, str], ...]  # (year, file, the file's own unit)
    rows: tuple[TrendRow, ...]
    programme: TrendRow

    def data(self) -> trend_shapes.Trend:
        """The JSON shape (`mdbudget schema trend`)."""
        return {
            "of": self.of,
            "unit": self.unit,
            "years": list(self.years),
            "files": [{"year": y, "file": f, "unit": u} for y, f, u in self.files],
            "rows": [_row_data(r) for r in self.rows],
            "programme": _row_data(self.programme),
        }

    def tables(self, lang: Lang) -> list[Table]:
        return [wide(self, lang)]

    def long(self) -> TrendRows:
        """One row per field and year, for CSV: rectangular whatever the number of years."""
        return TrendRows(self)


@dataclass(frozen=True)
class TrendRows:
    trend: Trend

    def data(self) -> trend_shapes.Trend:
        return self.trend.data()

    def tables(self, lang: Lang) -> list[Table]:
        return [long(self.trend)]


def _row_data(r: TrendRow) -> trend_shapes.TrendRow:
    return {
        "id": r.id,
        "name": r.name,
        "name_en": r.name_en,
        "status": r.status,
        "first_year": r.first_year,
        "last_year": r.last_year,
        "change": r.change,
        "growth": r.growth,
        "cagr": r.cagr,
        "years": [{"year": s.year, "value": s.value, "change": s.change, "growth": s.growth} for s in r.steps],
        "events": [{"year": e.year, "event": e.event, "old_id": e.old_id, "old_name": e.old_name} for e in r.events],
    }


MEASURE = {
    "allocation": ("해당 연도 투자규모", "the year's allocation"),
    "total": ("총 투자규모", "total investment"),
    "projects": ("지원 과제수", "funded projects"),
}


def wide(trend: Trend, lang: Lang) -> Table:
    ko = lang == "ko"
    kind: Kind = "count" if trend.unit is None else "amount"
    years = trend.years
    columns = [
        Column("id", "id", terminal=False),
        Column("name", "분야" if ko else "Korean", terminal=ko),
        Column("name_en", "English" if ko else "field", terminal=not ko),
        *(Column(f"y{y}", str(y), kind) for y in years),
        *(Column(f"growth_{a}_{b}", f"{a}→{b}", "change_ratio") for a, b in itertools.pairwise(years)),
        Column("change", "증감" if ko else "change", "change"),
        Column("cagr", "연평균 증가율" if ko else "CAGR", "ratio"),
        Column("note", "비고" if ko else "note"),
    ]
    rows = tuple(_wide_row(r, lang) for r in trend.rows)
    label = f"합계 ({len(rows)}개 분야)" if ko else f"programme ({len(rows)} fields)"
    p = _wide_row(trend.programme, lang)
    total = (None, label if ko else None, None if ko else label, *p[3:])
    what = MEASURE[trend.of][0 if ko else 1]
    unit = f" ({units.label(trend.unit, lang)})" if trend.unit else ""
    span = f"{years[0]}~{years[-1]}"
    title = f"분야별 추이 — {what}{unit}, {span}" if ko else f"Trend by field — {what}{unit}, {span}"
    sources = ", ".join(f"{y}: {f}" for y, f, _ in trend.files)
    notes = (
        ("연평균 증가율: 분야가 있는 첫해와 마지막 해 사이의 복리 연 증가율" if ko
         else "CAGR: compound yearly growth between the first and the last year a field is in"),
        ("출처: " if ko else "Sources: ") + sources,
    )  # fmt: skip
    return Table(title, tuple(columns), rows, total=total, notes=notes)


def _wide_row(r: TrendRow, lang: Lang) -> tuple[object, ...]:
    growths = [s.growth for s in r.steps[1:]]
    return (r.id, r.name, r.name_en, *(s.value for s in r.steps), *growths, r.change, r.cagr, _note(r, lang))


def _note(r: TrendRow, lang: Lang) -> str | None:
    ko = lang == "ko"
    parts = []
    for e in r.events:
        if e.event == "appeared":
            parts.append(f"{e.year}년 신설" if ko else f"new in {e.year}")
        elif e.event == "disappeared":
            parts.append(f"{e.year}년 없음" if ko else f"gone in {e.year}")
        elif e.old_name == r.name:  # found by its name: only the id changed
            parts.append(f"{e.year}년 ← id {e.old_id}" if ko else f"{e.year} ← id {e.old_id}")
        else:
            parts.append(f"{e.year}년 ← {e.old_name}" if ko else f"{e.year} ← {e.old_name}")
    return "; ".join(parts) or None


def long(trend: Trend) -> Table:
    columns = (
        Column("of", "of"), Column("unit", "unit"), Column("year", "year", "year"), Column("id", "id"),
        Column("name", "name"), Column("name_en", "name_en"), Column("status", "status"),
        Column("value", "value", "amount"), Column("change", "change", "change"),
        Column("growth", "growth", "change_ratio"), Column("cagr", "cagr", "ratio"),
    )  # fmt: skip
    rows = tuple(
        (trend.of, trend.unit, s.year, r.id, r.name, r.name_en, r.status, s.value, s.change, s.growth, r.cagr)
        for r in (*trend.rows, trend.programme)
        for s in r.steps
    )
    return Table("trend", columns, rows, name="trend")
