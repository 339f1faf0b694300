"""Two budgets compared, row by row and key by key. Pure: two Budgets in, a Comparison out.

Fields and sample projects are matched by id, so a field renamed under the same
id is a change, not a removal plus an addition. Everything is compared on the
validated records, key by key, never on the text: comments, blank lines and
TOML key order do not count. Amounts in NEW are converted exactly to OLD's unit
first, so a budget rewritten in 조원 compares equal to the same budget in 억원.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from ..budget.records import Budget, Project
from ..budget.records import dump as _dump_record
from ..budget.units import convert
from .views import ratio

Number = int | Decimal
Path = tuple[str, ...]
Status = Literal["added", "removed", "changed", "unchanged"]
Sort = Literal["file", "change"]

# Keys that hold money (converted between units); the other numbers are counts.
AMOUNT_KEYS = frozenset({"total", "allocation", "amount", "rounded_to"})
FACT_KEYS = AMOUNT_KEYS | {"projects", "continuing", "new", "multiple"}
MEASURES = ("projects", "total", "allocation")
# What a field or project row shows itself; its other keys are listed as other changes.
FIELD_SHOWN = frozenset({"id", "name", "name_en", "provisional", *MEASURES})
PROJECT_SHOWN = frozenset({"id", "name", "name_en", "total", "allocation"})
ORDER = "(order)"


@dataclass(frozen=True)
class Change:
    old: Any
    new: Any
    change: Number | None
    change_ratio: Decimal | None

    @classmethod
    def of(cls, old: Any, new: Any, missing_is_zero: bool = False) -> Change:
        numbers = all(isinstance(v, (int, Decimal)) and not isinstance(v, bool) for v in (old, new) if v is not None)
        if not numbers or (old is None and new is None) or (None in (old, new) and not missing_is_zero):
            return cls(old, new, None, None)
        change: Number = (new or 0) - (old or 0)
        return cls(old, new, change, ratio(change, old) if old else None)

    @property
    def size(self) -> Number:
        change: Number = self.change or 0
        return -change if change < 0 else change

    def data(self) -> dict[str, Any]:
        return {"old": self.old, "new": self.new, "change": self.change, "change_ratio": self.change_ratio}


class Row(NamedTuple):
    """One field or sample project, matched by id (a NamedTuple: a diff of 10^5 projects makes 10^5)."""

    status: Status
    id: str
    name: str
    name_en: str | None
    measures: dict[str, Change]  # projects (fields only), total, allocation
    field: str | None = None  # projects only: the field id
    provisional: tuple[bool | None, bool | None] | None = None  # fields only
    renamed_from: dict[str, str | None] | None = None

    @property
    def size(self) -> tuple[Number, ...]:
        return tuple(self.measures[k].size for k in ("allocation", "total", "projects") if k in self.measures)

    def data(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "name": self.name, "name_en": self.name_en, "status": self.status}
        if self.field is not None:
            out["field"] = self.field
        out["renamed_from"] = self.renamed_from
        out.update({k: c.data() for k, c in self.measures.items()})
        if self.provisional is not None:
            out["provisional"] = {"old": self.provisional[0], "new": self.provisional[1]}
        return out


@dataclass(frozen=True)
class Other:
    """A changed key that no row shows: a text, a list, a year, the order of rows."""

    key: str
    old: Any
    new: Any

    def data(self) -> dict[str, Any]:
        return {"key": self.key, "old": self.old, "new": self.new}


class Comparison(NamedTuple):
    """Two budgets compared: every row and fact, every amount in OLD's unit."""

    converted_from: str | None  # NEW's unit when it differed and was converted
    fields: tuple[Row, ...]
    projects: tuple[Row, ...]
    facts: tuple[tuple[str, Change], ...]
    other: tuple[Other, ...]


def compare(old: Budget, new: Budget, sort: Sort = "file") -> Comparison:
    """Match ``old`` and ``new`` row by row and key by key; ``sort="change"`` puts the largest first."""
    converted_from = new.unit if new.unit != old.unit else None
    # A project the same in both (most of them, in 10^5) has no key to compare: only the
    # others are flattened. Its row is still listed, unchanged.
    same = _same_projects(old, new) if converted_from is None else set()
    before, after = _dump(old, same), _dump(new, same)
    if converted_from is not None:
        after = _convert(after, new.unit, old.unit)
    flat_before, flat_after = _leaves(before), _leaves(after)
    if same:  # the order of every project, last, where flattening them all puts it
        for budget, flat in ((old, flat_before), (new, flat_after)):
            flat.pop(("projects", ORDER), None)
            if budget.projects:
                flat[("projects", ORDER)] = tuple(p.id for p in budget.projects)
    changed = _changed_keys(flat_before, flat_after)
    fields = _rows(before["fields"], after["fields"], "fields", changed, MEASURES)
    projects = _project_rows(old, new, changed)
    if sort == "change":
        fields = sorted(fields, key=lambda r: r.size, reverse=True)
        projects = sorted(projects, key=lambda r: r.size, reverse=True)
    facts = _facts(flat_before, flat_after)
    # Rows a changed key points into: whether the row shows that key already. Only those few rows are keyed.
    pointed = {p[1][1:-1] for p in changed if len(p) > 1}
    keyed = [
        ((table, f"[{r.id}]"), r)
        for table, rs in (("fields", fields), ("projects", projects))
        for r in rs
        if r.id in pointed
    ]
    rows: set[tuple[str, ...]] = {key for key, _ in keyed}
    whole: set[tuple[str, ...]] = {key for key, r in keyed if r.status in ("added", "removed")}
    other = tuple(Other(_format(p), *changed[p]) for p in changed if not _shown_elsewhere(p, rows, whole))
    return Comparison(converted_from, tuple(fields), tuple(projects), tuple(facts), other)


def _same_projects(old: Budget, new: Budget) -> set[str]:
    """Ids of the projects equal in both budgets (records compare by value)."""
    for budget in (old, new):
        if len({p.id for p in budget.projects}) != len(budget.projects):
            return set()  # ids repeat (a budget built in code): leave the matching to _leaves
    by_id = {p.id: p for p in old.projects}
    return {p.id for p in new.projects if by_id.get(p.id) == p}


def _dump(budget: Budget, leave_out: set[str]) -> dict[str, Any]:
    dumped = budget.dump(("projects",))
    dumped["projects"] = [_dump_record(p) for p in budget.projects if p.id not in leave_out]
    return dumped


def _project_rows(old: Budget, new: Budget, changed: dict[Path, Any]) -> list[Row]:
    """A row per sample project, made from the records themselves; NEW's amounts in OLD's unit.

    The same rows `_rows` makes from dicts, without a dict per project on each side.
    """
    touched = {path[1:-1] for path in _touched(changed, "projects") if path.startswith("[")}  # ids, not "[id]"
    change = _changes()
    old_ids, new_ids = [p.id for p in old.projects], [p.id for p in new.projects]
    pairs: Iterable[tuple[Project | None, Project | None]]
    if old_ids == new_ids and len(set(new_ids)) == len(new_ids):
        pairs = zip(old.projects, new.projects, strict=True)  # the same projects in the same order: matched by place
    else:
        old_by_id, new_by_id = {p.id: p for p in old.projects}, {p.id: p for p in new.projects}
        pairs = ((old_by_id.get(key), new_by_id.get(key)) for key in _merged_order(old_ids, new_ids))
    source, target = new.unit, old.unit
    rows = []
    for o, n in pairs:
        renamed = None
        if o is not None and n is not None:
            status: Status = "changed" if n.id in touched else "unchanged"
            if o.name != n.name or o.name_en != n.name_en:
                renamed = {"name": o.name, "name_en": o.name_en}
        else:
            status = "added" if o is None else "removed"
        now = o if n is None else n
        assert now is not None
        old_total, old_allocation = (None, None) if o is None else (o.total, o.allocation)
        new_total: Number | None = None if n is None else n.total
        new_allocation: Number | None = None if n is None else n.allocation
        if n is not None and source != target:
            new_total, new_allocation = convert(n.total, source, target), convert(n.allocation, source, target)
        measures = {"total": change(old_total, new_total), "allocation": change(old_allocation, new_allocation)}
        rows.append(Row(status, now.id, now.name, now.name_en, measures, now.field, None, renamed))
    return rows


def _convert(tree: Any, source: str, target: str) -> Any:
    """Every amount in ``tree`` from ``source`` to ``target`` units, exactly."""
    if isinstance(tree, list):
        return [_convert(v, source, target) for v in tree]
    if not isinstance(tree, dict):
        return tree
    out = {}
    for key, value in tree.items():
        if key in AMOUNT_KEYS and isinstance(value, int) and not isinstance(value, bool):
            out[key] = convert(value, source, target)
        else:
            out[key] = _convert(value, source, target)
    return out


def _leaves(value: Any, path: Path = (), out: dict[Path, Any] | None = None) -> dict[Path, Any]:
    """Flatten a dumped model; rows of tables are keyed by id (or field), not position."""
    if out is None:
        out = {}  # every leaf goes straight into this one dict: no copying from level to level
    if isinstance(value, dict):
        for key, item in value.items():
            _leaves(item, (*path, key), out)
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        seen, keys = Counter[str](), []
        for i, item in enumerate(value):
            key = str(item.get("id", item.get("field", i)))
            seen[key] += 1
            key = key if seen[key] == 1 else f"{key}#{seen[key]}"
            keys.append(key)
            _leaves(item, (*path, f"[{key}]"), out)
        out[(*path, ORDER)] = tuple(keys)
    elif isinstance(value, list):
        if value:  # an empty list is the same as none
            out[path] = tuple(value)
    elif isinstance(value, datetime.date):
        out[path] = value.isoformat()
    else:
        out[path] = value
    return out


def _changed_keys(before: dict[Path, Any], after: dict[Path, Any]) -> dict[Path, tuple[Any, Any]]:
    changed = {}
    for path in list(before) + [p for p in after if p not in before]:
        old, new = before.get(path), after.get(path)
        if path == ("program", "unit"):
            continue  # reported as the conversion, not as a change
        if path[-1] == ORDER and old != new:
            # Only a change in the order of rows present in both counts.
            common = set(old or ()) & set(new or ())
            old = tuple(k for k in old or () if k in common)
            new = tuple(k for k in new or () if k in common)
        if old != new:
            changed[path] = (old, new)
    return changed


def _rows(
    before: list[dict[str, Any]],
    after: list[dict[str, Any]],
    table: str,
    changed: dict[tuple[str, ...], Any],
    measures: tuple[str, ...],
) -> list[Row]:
    old_by_id, new_by_id = {r["id"]: r for r in before}, {r["id"]: r for r in after}
    touched = _touched(changed, table)
    change = _changes()
    rows = []
    for key in _merged_order([r["id"] for r in before], [r["id"] for r in after]):
        old, new = old_by_id.get(key), new_by_id.get(key)
        now = new or old
        assert now is not None
        if old is None or new is None:
            status: Status = "added" if old is None else "removed"
        else:
            status = "changed" if f"[{key}]" in touched else "unchanged"
        renamed = None
        if old and new and (old["name"], old.get("name_en")) != (new["name"], new.get("name_en")):
            renamed = {"name": old["name"], "name_en": old.get("name_en")}
        rows.append(
            Row(
                status, key, now["name"], now.get("name_en"),
                {m: change((old or {}).get(m), (new or {}).get(m)) for m in measures},
                field=now["field"] if table == "projects" else None,
                provisional=(
                    (bool(old["provisional"]) if old else None, bool(new["provisional"]) if new else None)
                    if table == "fields" else None
                ),
                renamed_from=renamed,
            )
        )  # fmt: skip
    return rows


def _touched(changed: dict[Path, Any], table: str) -> set[str]:
    """The rows of ``table`` with a changed key, found in one pass: not one pass over the changes per row."""
    return {p[1] for p in changed if p[0] == table and len(p) > 1}


def _changes() -> Callable[[Any, Any], Change]:
    """Change.of for rows, missing counting as zero; rows with the same figures share one (Changes are immutable)."""
    made: dict[tuple[Any, ...], Change] = {}

    def change(old: Any, new: Any) -> Change:
        key = (type(old), old, type(new), new)
        found = made.get(key)
        if found is None:
            found = made[key] = Change.of(old, new, missing_is_zero=True)
        return found

    return change


def _merged_order(old: list[str], new: list[str]) -> list[str]:
    """NEW's order, with each removed row placed after the row it followed in OLD.

    Linear: each removed row is attached to the last row of OLD before it that NEW
    still has (or to the start), then the rows are laid out once.
    """
    kept = set(new)
    after: dict[str | None, list[str]] = {}
    anchor: str | None = None  # the last row of OLD seen so far that NEW still has
    for key in old:
        if key in kept:
            anchor = key
        else:
            after.setdefault(anchor, []).append(key)
    if not after:
        return list(new)
    order = list(after.get(None, ()))
    for key in new:
        order.append(key)
        order.extend(after.get(key, ()))
    return order


def _facts(before: dict[Path, Any], after: dict[Path, Any]) -> list[tuple[str, Change]]:
    paths = list(before) + [p for p in after if p not in before]
    return [
        (_format(p), Change.of(before.get(p), after.get(p)))
        for p in paths
        if p[0] not in ("fields", "projects") and p[-1] in FACT_KEYS
    ]


def _shown_elsewhere(path: Path, rows: set[Path], whole: set[Path]) -> bool:
    if path[-1] in FACT_KEYS and path[0] not in ("fields", "projects"):
        return True
    if path[:2] in rows:
        shown = FIELD_SHOWN if path[0] == "fields" else PROJECT_SHOWN
        # An added or removed row is one change; its keys need not be listed.
        return path[:2] in whole or (len(path) == 3 and path[2] in shown)
    return False


def _format(path: Path) -> str:
    return "".join(p if p.startswith("[") or i == 0 else f".{p}" for i, p in enumerate(path))
