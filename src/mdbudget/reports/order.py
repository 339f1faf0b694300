"""`--sort COLUMN` and `--top N` for the table commands: one rule for every one of them.

A column is named as in the command's JSON (``average_allocation``) or by a short alias
(``average``). Numbers sort largest first and text A→Z; ``--reverse`` turns either
round. Rows that tie keep the order the source prints them in, and a row without a value
goes last. Total rows, folded rows and footnotes are not rows to sort: they stay below.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from ..budget.records import Budget
from ..errors import UsageError
from ..safe import echo
from .views import half_up, number

T = TypeVar("T")

# Questions about a field's growth: the release gives no per-field amounts for the earlier year.
GROWTH = frozenset({"growth", "change", "change_rate", "multiple", "cagr", "baseline", "baseline_allocation"})


def column(spec: str, columns: Mapping[str, str], command: str) -> str:
    """The column ``spec`` names (a JSON key or an alias, case and - or _ forgiven); a usage error if none."""
    name = spec.strip().lower().replace("-", "_").replace(".", "_")  # allocation.change as the JSON nests it
    if name in columns:
        return columns[name]
    choices = ", ".join(dict.fromkeys(columns.values()))
    raise UsageError(
        f"{command} cannot sort by {echo(spec)}: choose one of {choices} (--reverse turns the order round)"
    )


def asks_growth(spec: str | None) -> bool:
    return spec is not None and spec.strip().lower().replace("-", "_") in GROWTH


def no_growth(budget: Budget, what: str = "field") -> str:
    """What exists instead of a per-field (or per-project) growth: the programme's, from the earlier year on record."""
    base = budget.baseline
    unit = budget.unit
    if base is None or base.allocation == 0:
        return "the budget holds no earlier year, so there is no growth to sort by"
    now = budget.totals.allocation
    multiple = half_up(Decimal(now) / Decimal(base.allocation), 2)
    return (
        f"the release gives no per-{what} amounts for {base.year}, so no {what} has a growth to sort by; "
        f"the programme as a whole grew from {number(base.allocation)}{unit} in {base.year} "
        f"to {number(now)}{unit} in {budget.year} ({multiple}×): see mdbudget total"
    )


def arrange(rows: Sequence[T], value: Callable[[T], Any], reverse: bool = False) -> list[T]:
    """``rows`` by ``value``: numbers largest first, text A→Z (``reverse``: the other way); None last."""
    present = [r for r in rows if value(r) is not None]
    absent = [r for r in rows if value(r) is None]
    numeric = all(isinstance(value(r), (int, float, Decimal)) for r in present)
    descending = numeric != reverse
    return sorted(present, key=value, reverse=descending) + absent


def by(
    rows: Sequence[T],
    spec: str | None,
    reverse: bool,
    columns: Mapping[str, str],
    command: str,
    get: Callable[[T, str], Any] = getattr,
) -> list[T]:
    """``rows`` sorted by the column ``spec`` names (unchanged when None); ``get(row, column)`` reads a value."""
    if spec is None:
        return list(rows)
    key = column(spec, columns, command)
    return arrange(rows, lambda r: get(r, key), reverse)


# The columns of the field commands, by their JSON names and short aliases.
FIELD_COLUMNS = {
    "projects": "projects", "count": "projects", "n": "projects",
    "total": "total",
    "allocation": "allocation", "alloc": "allocation", "year": "allocation",
    "id": "id", "name": "name", "name_en": "name_en", "english": "name_en",
}  # fmt: skip
