"""`diff`'s report: what moved between two budgets, as JSON and as tables.

The comparing is compare.py's; this is what a person or a script is shown of it:
the fields, the sample projects, the program's facts and the other changed keys.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..budget.units import label as unit_label
from . import order
from .compare import MEASURES, Change, Number, Other, Row, compare
from .views import Column, Kind, Lang, Table, number, signed

if TYPE_CHECKING:
    from ..budget.records import Budget
    from . import shapes


@dataclass(frozen=True)
class DiffReport:
    """What moved between two budgets, every amount in OLD's unit."""

    command = "diff"  # its entry in registry.REPORTS

    old_file: str
    new_file: str
    unit: str  # OLD's unit: every amount is in it
    converted_from: str | None  # NEW's unit when it differed and was converted
    years: tuple[int, int]
    fields: tuple[Row, ...]  # every field, in the chosen order
    projects: tuple[Row, ...]  # every sample project
    facts: tuple[tuple[str, Change], ...]  # every count, amount and multiple outside the rows
    other: tuple[Other, ...]  # only changed keys
    show_all: bool = False
    top: int | None = None  # --top: the first N fields and N sample projects listed

    @property
    def same(self) -> bool:
        return not (
            self.changed_rows(self.fields) or self.changed_rows(self.projects) or self.changed_facts or self.other
        )

    @property
    def changed_facts(self) -> tuple[tuple[str, Change], ...]:
        return tuple((k, c) for k, c in self.facts if c.old != c.new)

    @staticmethod
    def changed_rows(rows: tuple[Row, ...]) -> tuple[Row, ...]:
        return tuple(r for r in rows if r.status != "unchanged")

    def listed(self) -> tuple[tuple[Row, ...], tuple[Row, ...], tuple[tuple[str, Change], ...]]:
        """The rows and facts to show, before --top cuts them."""
        if self.show_all:
            return self.fields, self.projects, self.facts
        return self.changed_rows(self.fields), self.changed_rows(self.projects), self.changed_facts

    def shown(self) -> tuple[tuple[Row, ...], tuple[Row, ...], tuple[tuple[str, Change], ...]]:
        fields, projects, facts = self.listed()
        return fields[: self.top], projects[: self.top], facts

    def summary(self) -> dict[str, Change]:
        def total(key: str, side: str) -> Number:
            return sum((getattr(r.measures[key], side) or 0 for r in self.fields), 0)

        return {k: Change.of(total(k, "old"), total(k, "new")) for k in MEASURES}

    def counts(self, rows: tuple[Row, ...]) -> dict[str, int]:
        found = Counter(r.status for r in rows)
        return {s: found[s] for s in ("added", "removed", "changed", "unchanged")}

    def data(self) -> shapes.Diff:
        """The JSON shape (`mdbudget schema diff`)."""
        fields, projects, facts = self.shown()
        return {
            "files": {"old": self.old_file, "new": self.new_file},
            "unit": self.unit,
            "converted_from": self.converted_from,
            "years": {"old": self.years[0], "new": self.years[1]},
            "same": self.same,
            "summary": {k: c.data() for k, c in self.summary().items()},  # type: ignore[typeddict-item]
            "counts": {"fields": self.counts(self.fields), "samples": self.counts(self.projects)},  # type: ignore[typeddict-item]
            "fields": [r.data() for r in fields],  # type: ignore[misc]
            "samples": [r.data() for r in projects],  # type: ignore[misc]
            "facts": [{"key": k, **c.data()} for k, c in facts],  # type: ignore[typeddict-item]
            "other": [o.data() for o in self.other],  # type: ignore[misc]
        }

    def tables(self, lang: Lang) -> list[Table]:
        return tables(self, lang)


# --sort's names: the rows' JSON keys (allocation.change is allocation_change) and short aliases.
# file is the files' order; change the largest change first, either way (allocation, then total, then projects).
SORT_COLUMNS: dict[str, str] = {
    "file": "file", "change": "change", "status": "status", "id": "id", "name": "name", "name_en": "name_en",
    **{f"{m}_{part}": f"{m}_{part}" for m in MEASURES for part in ("old", "new", "change", "change_ratio")},
    **{f"{m}_growth": f"{m}_change_ratio" for m in MEASURES},
    "projects": "projects_new", "count": "projects_new", "total": "total_new",
    "allocation": "allocation_new", "alloc": "allocation_new", "year": "allocation_new",
    "old": "allocation_old", "new": "allocation_new",
    "change_ratio": "allocation_change_ratio", "growth": "allocation_change_ratio", "ratio": "allocation_change_ratio",
}  # fmt: skip


def _sort_value(row: Row, column: str) -> Any:
    measure, _, part = column.partition("_")
    if measure not in MEASURES:
        return getattr(row, column)
    change = row.measures.get(measure)  # a sample project has no project count
    return None if change is None else getattr(change, part)


def _sorted(rows: tuple[Row, ...], spec: str, reverse: bool) -> tuple[Row, ...]:
    column = order.column(spec, SORT_COLUMNS, "diff")
    if column == "file":
        return rows[::-1] if reverse else rows
    if column == "change":
        return tuple(sorted(rows, key=lambda r: r.size, reverse=not reverse))
    return tuple(order.by(rows, spec, reverse, SORT_COLUMNS, "diff", _sort_value))


def diff(
    old: Budget, new: Budget, show_all: bool = False, sort: str = "file", reverse: bool = False, top: int | None = None
) -> DiffReport:
    """Compare ``old`` with ``new``; ``show_all`` keeps unchanged rows; ``sort``, ``reverse`` and ``top``
    order the fields and sample projects (order.py) and keep the first N of each."""
    order.column(sort, SORT_COLUMNS, "diff")  # a wrong name is told before the work
    found = compare(old, new)
    return DiffReport(
        old_file=old.source_name, new_file=new.source_name, unit=old.unit, converted_from=found.converted_from,
        years=(old.year, new.year), fields=_sorted(found.fields, sort, reverse),
        projects=_sorted(found.projects, sort, reverse), facts=found.facts, other=found.other,
        show_all=show_all, top=top,
    )  # fmt: skip


HEADERS = {
    "projects": ("과제수", "projects"),
    "total": ("총 투자", "total"),
    "allocation": ("연간 투자", "alloc."),  # short: a terminal table has eight number columns
}

# A diff lists what moved: a table with nothing in it is left out (its notes say so), not drawn empty.
HIDE_WHEN_EMPTY = {"hide_when_empty": True}


def tables(report: DiffReport, lang: Lang) -> list[Table]:
    ko = lang == "ko"
    fields, projects, facts = report.shown()
    unit = unit_label(report.unit, lang)
    out = [_fields(report, fields, ko, unit)]
    if projects:
        table = _rows_table("표본 과제" if ko else "sample projects", projects, ("total", "allocation"), ko, unit)
        cut = len(report.listed()[1]) - len(projects)
        if cut:
            table = replace(table, notes=(*table.notes, _cut(cut, "표본 과제", "sample project", report.top, ko)))
        out.append(table)
    if facts:
        out.append(_facts(facts, ko))
    if report.other:
        out.append(_other(report, ko))
    out[-1] = replace(out[-1], notes=out[-1].notes + _closing(report, ko))
    return out


def _measure_columns(key: str, ko: bool, terminal: tuple[bool, bool, bool, bool], unit: str) -> tuple[Column, ...]:
    name = HEADERS[key][0 if ko else 1]
    kind: Kind = "count" if key == "projects" else "amount"
    labels = ("이전", "이후", "증감", "증감률") if ko else ("old", "new", "±", "±%")
    # Amounts say their unit, as every other table's headers do; counts and ratios have none.
    money = f" ({unit})" if kind == "amount" else ""
    units = (money, money, money, "")
    kinds: tuple[Kind, ...] = (kind, kind, "change", "change_ratio")
    suffixes = ("old", "new", "change", "change_ratio")
    parts = zip(suffixes, labels, units, kinds, terminal, strict=True)
    return tuple(Column(f"{key}_{s}", f"{name} {label}{u}", k, t) for s, label, u, k, t in parts)


def _row_columns(measures: tuple[str, ...], ko: bool, is_fields: bool, unit: str) -> tuple[Column, ...]:
    columns = [
        Column("status", "", "status"),
        Column("id", "id", terminal=not is_fields),
        Column("name", "분야" if ko and is_fields else "이름" if ko else "name", terminal=ko and is_fields),
        Column("name_en", "name_en", terminal=not ko and is_fields),
    ]
    if not is_fields:
        columns.append(Column("field", "분야" if ko else "field"))
    visible = {
        "projects": (False, False, True, False),
        "total": (False, False, True, not is_fields),
        "allocation": (True, True, True, True),
    }
    for key in measures:
        columns.extend(_measure_columns(key, ko, visible[key], unit))
    if is_fields:
        columns.append(Column("provisional_old", "변동가능 이전" if ko else "provisional old", "flag", False))
        columns.append(Column("provisional_new", "변동가능 이후" if ko else "provisional new", "flag", False))
    columns.append(Column("renamed_from", "이전 이름" if ko else "renamed from", terminal=False))
    return tuple(columns)


def _row_cells(row: Row, measures: tuple[str, ...], ko: bool) -> tuple[Any, ...]:
    cells: list[Any] = [row.status, row.id, row.name, row.name_en]
    if row.field is not None:
        cells.append(row.field)
    for key in measures:
        c = row.measures[key]
        cells.extend((c.old, c.new, c.change, c.change_ratio))
    if row.provisional is not None:
        cells.extend(row.provisional)
    cells.append(_old_name(row, ko))
    return tuple(cells)


def _old_name(row: Row, ko: bool) -> str | None:
    if not row.renamed_from:
        return None
    return row.renamed_from["name"] if ko else row.renamed_from["name_en"] or row.renamed_from["name"]


def _note(row: Row, ko: bool) -> str | None:
    """What the numbers do not show, as a footnote (a column would crowd the terminal)."""
    notes = []
    old_name = _old_name(row, ko)
    if old_name is not None:
        notes.append(f"이전 이름 {old_name}" if ko else f"renamed from {old_name}")
    if row.provisional and None not in row.provisional and row.provisional[0] != row.provisional[1]:
        if ko:
            notes.append("변동가능 해제" if row.provisional[0] else "변동가능 지정")
        else:
            notes.append("no longer provisional" if row.provisional[0] else "now provisional")
    if row.status == "changed" and not notes and not any(c.change for c in row.measures.values()):
        notes.append("다른 항목 변경 (아래 표)" if ko else "other keys changed (see below)")
    if not notes:
        return None
    return f"{row.name if ko else row.name_en or row.name}: {'; '.join(notes)}"


def _colour(row: Row) -> str:
    """'+' (green) or '-' (red) by the direction of the largest measure that moved."""
    if row.status in ("added", "removed"):
        return "+" if row.status == "added" else "-"
    for key in ("allocation", "total", "projects"):
        change = row.measures[key].change if key in row.measures else None
        if change:
            return "+" if change > 0 else "-"
    return ""


def _rows_table(title: str, rows: tuple[Row, ...], measures: tuple[str, ...], ko: bool, unit: str) -> Table:
    return Table(
        title,
        _row_columns(measures, ko, "projects" in measures, unit),
        tuple(_row_cells(r, measures, ko) for r in rows),
        notes=tuple(note for note in (_note(r, ko) for r in rows) if note),
        statuses=tuple(_colour(r) for r in rows),
        extra=HIDE_WHEN_EMPTY,
    )


def _fields(report: DiffReport, rows: tuple[Row, ...], ko: bool, unit: str) -> Table:
    measures = ("projects", "total", "allocation")
    table = _rows_table(
        f"분야: {report.old_file} → {report.new_file}" if ko else f"fields: {report.old_file} → {report.new_file}",
        rows, measures, ko, unit,
    )  # fmt: skip
    listed = len(report.listed()[0])
    summary = report.summary()
    total: list[Any] = [None, None, "합계" if ko else "total", "total"]
    for key in measures:
        c = summary[key]
        total.extend((c.old, c.new, c.change, c.change_ratio))
    total.extend((None, None, None, None))
    return Table(
        table.title, table.columns, table.rows, total=tuple(total),
        notes=table.notes + _opening(report, len(report.fields) - listed, ko)
        + _cut_note(report, listed - len(rows), ko),
        statuses=table.statuses,
        extra=HIDE_WHEN_EMPTY,
    )  # fmt: skip


def _opening(report: DiffReport, hidden: int, ko: bool) -> tuple[str, ...]:
    lang = "ko" if ko else "en"
    unit, source = unit_label(report.unit, lang), report.converted_from
    source = unit_label(source, lang) if source else None
    if source is None:
        notes = [f"단위: {unit} (두 파일 모두)" if ko else f"unit: {unit} in both files"]
    elif ko:
        notes = [f"단위: {unit} — {report.new_file}의 {source}을 {unit}으로 정확히 환산"]
    else:
        notes = [f"unit: {unit}; {report.new_file} is in {source}, converted exactly to {unit}"]
    old_year, new_year = report.years
    if old_year != new_year:
        notes.append(f"회계연도: {old_year} → {new_year}" if ko else f"fiscal year: {old_year} → {new_year}")
    if hidden:
        notes.append(
            f"변화 없는 분야 {hidden}개는 숨김 (--all)"
            if ko
            else f"{hidden} unchanged fields hidden (--all shows them)"
        )
    return tuple(notes)


def _cut_note(report: DiffReport, cut: int, ko: bool) -> tuple[str, ...]:
    return (_cut(cut, "분야", "field", report.top, ko),) if cut else ()


def _cut(cut: int, ko_what: str, en_what: str, top: int | None, ko: bool) -> str:
    # The total row stays the whole budget's: --top shortens the list, not the sum.
    if ko:
        return f"{ko_what} {cut}개 더 있음 (--top {top}); 합계는 전체"
    return f"{cut} more {en_what}{'s' if cut != 1 else ''} not listed (--top {top}); the total is of them all"


def _facts(facts: tuple[tuple[str, Change], ...], ko: bool) -> Table:
    columns = (
        Column("key", "항목" if ko else "key"),
        Column("old", "이전" if ko else "old", "amount"),
        Column("new", "이후" if ko else "new", "amount"),
        Column("change", "증감" if ko else "±", "change"),
        Column("change_ratio", "증감률" if ko else "±%", "change_ratio"),
    )
    rows = tuple((k, c.old, c.new, c.change, c.change_ratio) for k, c in facts)
    statuses = tuple("" if not c.change else "+" if c.change > 0 else "-" for _, c in facts)
    return Table(
        "총계·기준·주장" if ko else "totals, baseline and claims",
        columns,
        rows,
        statuses=statuses,
        extra=HIDE_WHEN_EMPTY,
    )


def _other(report: DiffReport, ko: bool) -> Table:
    columns = (
        Column("key", "항목" if ko else "key"),
        Column("old", "이전" if ko else "old"),
        Column("new", "이후" if ko else "new"),
    )
    rows = tuple((o.key, o.old, o.new) for o in report.other)
    return Table("그 밖의 변경" if ko else "other changes", columns, rows, extra=HIDE_WHEN_EMPTY)


def _closing(report: DiffReport, ko: bool) -> tuple[str, ...]:
    summary = report.summary()
    parts = []
    for key in ("projects", "total", "allocation"):
        c = summary[key]
        name = HEADERS[key][0] if ko else key
        parts.append(f"{name} {number(c.old)} → {number(c.new)} ({signed(c.change or 0, 'change')})")
    unit = unit_label(report.unit, "ko" if ko else "en")
    net = ("순변화: " if ko else "net change: ") + ", ".join(parts) + f" {unit}"
    if report.same:
        return net, ("같음: 두 파일의 내용이 일치함" if ko else "same: the files match in substance")
    words = {"changed": "변경", "added": "추가", "removed": "삭제"} if ko else {}
    groups = (
        ("분야" if ko else "fields", report.counts(report.fields)),
        ("표본 과제" if ko else "sample projects", report.counts(report.projects)),
        ("총계·주장" if ko else "totals and claims", {"changed": len(report.changed_facts)}),
        ("그 밖의 항목" if ko else "other keys", {"changed": len(report.other)}),
    )
    segments = []
    for group, counts in groups:
        moved = [(s, n) for s, n in counts.items() if n and s != "unchanged"]
        if moved:
            segments.append(f"{group}: " + ", ".join(f"{words[s]} {n}" if ko else f"{n} {s}" for s, n in moved))
    return net, ("다름: " if ko else "differ: ") + "; ".join(segments)
