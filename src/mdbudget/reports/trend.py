"""Several years' budgets side by side: per field, each year's figure, the change and the growth.

Pure: Budgets in, a Trend out. The budgets are put in fiscal-year order; two of
the same year are refused (which one would count?). Amounts are converted exactly
to one unit (``unit``, else the earliest budget's), so budgets written in 억원 and
in 천원 line up. A field is followed from one year to the next by its id, then, for
the ones left over, by a name or alias they share: a field whose id changed is one
row, not a removal and an addition. Growth is exact arithmetic rounded only at the
end, to 6 decimals, as every ratio of mdbudget is.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

from ..budget import units
from ..budget.records import Budget, BudgetField
from ..errors import UsageError
from . import order
from .common import Amount
from .compare import _merged_order
from .ratios import cagr
from .search import normalise
from .trend_result import Happened, Of, Step, Trend, TrendRow
from .views import ratio


def sort_columns(years: Sequence[int]) -> dict[str, str]:
    """--sort's names: the rows' JSON keys, each year's figure (2025 or y2025) and the growth between two years.

    growth is the CAGR, as it always was here: a yearly rate compares fields that span different years.
    """
    columns = {
        "file": "file", "change": "change", "growth": "cagr", "cagr": "cagr", "status": "status",
        "id": "id", "name": "name", "name_en": "name_en", "first_year": "first_year", "last_year": "last_year",
    }  # fmt: skip
    for y in years:
        columns[f"y{y}"] = columns[str(y)] = f"y{y}"
    for a, b in itertools.pairwise(years):
        columns[f"growth_{a}_{b}"] = f"growth_{a}_{b}"
    columns.update(latest=f"y{years[-1]}", value=f"y{years[-1]}", earliest=f"y{years[0]}")
    return columns


def _sort_value(row: TrendRow, column: str) -> object:
    if column.startswith("y") and column[1:].isdigit():
        return next(s.value for s in row.steps if s.year == int(column[1:]))
    if column.startswith("growth_"):
        return next(s.growth for s in row.steps if s.year == int(column.rsplit("_", 1)[1]))
    return getattr(row, column)


def trend(
    budgets: Sequence[tuple[str, Budget]],
    of: Of = "allocation",
    unit: units.Unit | None = None,
    sort: str = "file",
    reverse: bool = False,
) -> Trend:
    """Line up ``budgets`` ((file name, budget) pairs, any order) by fiscal year; ``sort`` and ``reverse``
    order the fields (order.py), the programme row staying last."""
    if len(budgets) < 2:
        raise UsageError("trend needs two budget files or more, one per year")
    ordered = sorted(budgets, key=lambda fb: fb[1].year)
    for (first, a), (second, b) in itertools.pairwise(ordered):
        if a.year == b.year:
            raise UsageError(f"{first} and {second} are both fiscal year {a.year}; give one budget per year")
    target = None if of == "projects" else (units.unit_name(unit) if unit else ordered[0][1].unit)
    years = tuple(b.year for _, b in ordered)
    columns = sort_columns(years)
    column = order.column(sort, columns, "trend")  # a wrong name is told before the work
    chains = _follow([b for _, b in ordered])
    rows = [_row(chain, years, of, target, [b.unit for _, b in ordered]) for chain in chains]
    if column != "file":
        rows = order.by(rows, sort, reverse, columns, "trend", _sort_value)
    elif reverse:
        rows.reverse()
    programme = _programme([b for _, b in ordered], years, of, target)
    files = tuple((b.year, name, b.unit) for name, b in ordered)
    return Trend(of, target, years, files, tuple(rows), programme)


# A chain is one field followed through the years: the field in each year's budget, or None.
Chain = list[BudgetField | None]


def _follow(budgets: list[Budget]) -> list[Chain]:
    """Each field followed year to year, by id and then by a shared name; in the latest budget's order."""
    chains: dict[str, Chain] = {}  # keyed by the id of the field's latest appearance
    order: list[str] = []
    for n, budget in enumerate(budgets):
        current = {f.id: f for f in budget.fields}
        open_ids = [key for key in order if chains[key][n - 1] is not None] if n else []
        still_open = set(open_ids)
        matched: dict[str, str] = {f_id: f_id for f_id in current if f_id in still_open}
        left = [key for key in open_ids if key not in matched]
        by_name: dict[str, str] = {}
        for key in left:
            last = chains[key][n - 1]
            assert last is not None
            for text in (last.name, *last.aliases):
                by_name.setdefault(normalise(text), key)
        for f in budget.fields:
            if f.id in matched:
                continue
            found = next((by_name[t] for t in map(normalise, (f.name, *f.aliases)) if t in by_name), None)
            if found is not None and found not in matched.values():
                matched[f.id] = found
        renamed: dict[str, str] = {}
        for f_id, key in matched.items():
            if f_id != key:
                chain = chains.pop(key)
                chains[f_id] = chain
                renamed[key] = f_id
        order = [renamed.get(key, key) for key in order]
        for key, chain in chains.items():
            chain.append(current.get(key))
        for f in budget.fields:
            if f.id not in chains:
                chains[f.id] = [None] * n + [f]
        order = _merged_order(order, [f.id for f in budget.fields])
    return [chains[key] for key in order]


def _value(f: BudgetField, of: Of, source: str, target: str | None) -> Amount:
    value: int = getattr(f, of)
    return value if target is None else units.convert(value, source, target)


def _row(chain: Chain, years: tuple[int, ...], of: Of, target: str | None, file_units: list[str]) -> TrendRow:
    values = [None if f is None else _value(f, of, u, target) for f, u in zip(chain, file_units, strict=True)]
    events: list[Happened] = []
    for n in range(1, len(chain)):
        before, now = chain[n - 1], chain[n]
        if before is None and now is not None:
            events.append(Happened(years[n], "appeared"))
        elif before is not None and now is None:
            events.append(Happened(years[n], "disappeared"))
        elif before is not None and now is not None and (before.id, before.name) != (now.id, now.name):
            events.append(Happened(years[n], "renamed", before.id, before.name))
    latest = next(f for f in reversed(chain) if f is not None)
    return _summed(latest.id, latest.name, latest.name_en, years, values, tuple(events))


def _summed(
    id: str, name: str, name_en: str, years: tuple[int, ...], values: list[Amount | None], events: tuple[Happened, ...]
) -> TrendRow:
    steps = []
    for n, value in enumerate(values):
        before = values[n - 1] if n else None
        change = value - before if value is not None and before is not None else None
        steps.append(Step(years[n], value, change, ratio(change, before) if change is not None and before else None))
    present = [n for n, v in enumerate(values) if v is not None]
    first, last = present[0], present[-1]
    start, end = values[first], values[last]
    assert start is not None and end is not None
    span = years[last] - years[first]
    if values[0] is None:
        status: Literal["kept", "renamed", "appeared", "disappeared"] = "appeared"
    elif values[-1] is None:
        status = "disappeared"
    else:
        status = "renamed" if any(e.event == "renamed" for e in events) else "kept"
    return TrendRow(
        id, name, name_en, status, tuple(steps), events, years[first], years[last], end - start,
        ratio(end - start, start) if start and span else None, _cagr(end, start, span),
    )  # fmt: skip


def _cagr(end: Amount, start: Amount, years: int) -> Decimal | None:
    if isinstance(end, int) and isinstance(start, int):
        return cagr(end, start, years)
    # Converted amounts keep their ratio: scale both to whole numbers first.
    scale = 10 ** max(0, *(-int(Decimal(v).as_tuple().exponent) for v in (end, start)))
    return cagr(int(Decimal(end) * scale), int(Decimal(start) * scale), years)


def _programme(budgets: list[Budget], years: tuple[int, ...], of: Of, target: str | None) -> TrendRow:
    """The programme: the sum of each year's fields (as `ratios` sums them)."""
    values: list[Amount | None] = [sum((_value(f, of, b.unit, target) for f in b.fields), start=0) for b in budgets]
    return _summed("", "합계", "programme", years, values, ())
