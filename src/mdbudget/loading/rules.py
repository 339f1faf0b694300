"""The budget's rules within and across tables, in one function every path calls.

A year's allocation is at most its total, a period does not end before it
starts, the baseline year comes before the fiscal year, ids are unique, every
reference names a known id, and every amount in won stays within what JSON keeps
exact. ``broken`` reads a whole document however far it was validated: raw
tables (dicts), records, or pydantic models. A value the schema refused, or of
the wrong type, is skipped: the schema's own error already names it. So the
fast path (records), the model (its one validator) and the messages for a
refused file (raw tables) all apply the same rules, with the same words.
"""

from __future__ import annotations

from decimal import Decimal
from operator import attrgetter
from typing import Any

from ..budget.keys import FACTORS, MAX_AMOUNT
from ..budget.records import PathPart

Loc = tuple[PathPart, ...]
Broken = tuple[Loc, object, str]  # where, the value, the message
_ABSENT = object()

# Did-you-mean hints for dangling references: only the first ones are shown, and each
# compares against a bounded pool, so 10^5 misspelt references stay linear.
MAX_HINTS = 20
MAX_POOL = 2_000


def broken(doc: Any, refused: frozenset[Loc] | set[Loc] = frozenset()) -> list[Broken]:
    """Every rule ``doc`` breaks, located from the file's root; ``refused``: where the schema refused a value."""
    if type(doc) is not dict:
        doc = {name: getattr(doc, name, None) for name in _PARTS}
    reader = _Reader(refused)
    out: list[Broken] = []
    fields, types, projects = (_rows(doc.get(name)) for name in ("fields", "project_types", "projects"))
    f_total, f_alloc = (
        reader.column(fields, ("fields",), "total", _whole),
        reader.column(fields, ("fields",), "allocation", _whole),
    )
    for i in _over(f_alloc, f_total):
        message = f"the year's allocation ({f_alloc[i]}) exceeds the multi-year total ({f_total[i]})"
        out.append((("fields", i, "allocation"), f_alloc[i], message))
    p_total = reader.column(projects, ("projects",), "total", _whole)
    p_alloc = reader.column(projects, ("projects",), "allocation", _whole)
    for i in _over(p_alloc, p_total):
        message = f"the year's allocation ({p_alloc[i]}) exceeds the project's total ({p_total[i]})"
        out.append((("projects", i, "allocation"), p_alloc[i], message))
    periods = reader.column(projects, ("projects",), "period", lambda v: v)
    starts = reader.column(periods, ("projects",), "start", _whole, nested="period")
    ends = reader.column(periods, ("projects",), "end", _whole, nested="period")
    for i in _over(starts, ends):
        out.append((("projects", i, "period", "end"), ends[i], f"ends ({ends[i]}) before it starts ({starts[i]})"))

    # Rules of the budget as a whole; hints are counted among these alone.
    problems: list[Broken] = []
    program, baseline = doc.get("program"), doc.get("baseline")
    year = reader.value(program, ("program", "fiscal_year"), _whole)
    base_year = reader.value(baseline, ("baseline", "year"), _whole)
    if year is not None and base_year is not None and base_year >= year:
        message = f"the baseline year ({base_year}) must be before the fiscal year ({year})"
        problems.append((("baseline", "year"), base_year, message))
    field_ids = _unique(reader.column(fields, ("fields",), "id", _text), "fields", problems)
    type_ids = _unique(reader.column(types, ("project_types",), "id", _text), "project_types", problems)
    _unique(reader.column(projects, ("projects",), "id", _text), "projects", problems)
    claims = doc.get("claims")
    claimed = _rows(reader.value(claims, ("claims", "fields"), lambda v: v))
    for i, value in enumerate(reader.column(claimed, ("claims", "fields"), "field", _text)):
        _reference(value, field_ids, ("claims", "fields", i, "field"), "field", problems)
    p_fields = reader.column(projects, ("projects",), "field", _text)
    p_types = reader.column(projects, ("projects",), "type", _text)
    if not (set(p_fields) <= field_ids | {None} and set(p_types) <= type_ids | {None}):
        for i in range(len(projects)):
            _reference(p_fields[i], field_ids, ("projects", i, "field"), "field", problems)
            _reference(p_types[i], type_ids, ("projects", i, "type"), "project type", problems)
    unit = reader.value(program, ("program", "unit"), _text)
    if unit in FACTORS and FACTORS[unit] > 1:
        _exact_in_json(reader, doc, unit, fields, projects, (f_total, f_alloc), (p_total, p_alloc), problems)
    return out + problems


class _Reader:
    """Values of the document, None where absent, refused or of the wrong type."""

    def __init__(self, refused: frozenset[Loc] | set[Loc]) -> None:
        self.refused = refused

    def value(self, table: Any, loc: Loc, usable: Any) -> Any:
        if table is None or loc in self.refused:
            return None
        value = table.get(loc[-1], None) if type(table) is dict else getattr(table, str(loc[-1]), None)
        return None if value is None else usable(value)

    def column(self, rows: list[Any], where: Loc, key: str, usable: Any, nested: str | None = None) -> list[Any]:
        """``key`` of each row (of each row's ``nested`` table, when given)."""
        if rows and type(rows[0]) is not dict and hasattr(rows[0], "_fields") and not self.refused:
            kind = type(rows[0])
            if all(type(row) is kind for row in rows):
                return list(map(attrgetter(key), rows))  # records hold only valid values
        inner = (nested,) if nested else ()
        return [self.value(row, (*where, i, *inner, key), usable) for i, row in enumerate(rows)]


_PARTS = ("program", "totals", "baseline", "claims", "fields", "provisional", "project_types", "projects")


def _rows(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else []


def _text(value: object) -> str | None:
    return value if type(value) is str else None


def _whole(value: object) -> int | None:
    # As the model reads it: `1516.0` is 1516.
    if type(value) is int:
        return value
    if type(value) is Decimal and value.is_finite() and value.adjusted() <= 40 and value == value.to_integral_value():
        return int(value)
    return None


def _over(small: list[Any], large: list[Any]) -> list[int]:
    """Rows where ``small`` exceeds ``large`` (both known)."""
    return [i for i, (s, g) in enumerate(zip(small, large, strict=True)) if s is not None and g is not None and s > g]


def _unique(ids: list[str | None], table: str, problems: list[Broken]) -> set[str]:
    known = set(ids)
    known.discard(None)
    if len(known) == len(ids):
        return known  # type: ignore[return-value]  # the usual case, without an index per id
    seen: dict[str, int] = {}
    for i, value in enumerate(ids):
        if value is None:
            continue
        if value in seen:
            problems.append(((table, i, "id"), value, f"duplicate id {value!r} (first used by {table}[{seen[value]}])"))
        else:
            seen[value] = i
    return known  # type: ignore[return-value]


def _reference(value: str | None, known: set[str], loc: Loc, what: str, problems: list[Broken]) -> None:
    if value is None or value in known:
        return
    close = _closest(value, known) if len(problems) < MAX_HINTS else None
    hint = f" (did you mean {close!r}?)" if close else ""
    problems.append((loc, value, f"no {what} has the id {value!r}{hint}"))


def _closest(value: str, known: set[str]) -> str | None:
    from difflib import get_close_matches

    # difflib's cutoff (0.6) needs lengths within a factor of 2; then, if still many,
    # the ids that begin as the value does.
    pool = [k for k in known if len(value) <= 2 * len(k) and len(k) <= 2 * len(value)]
    if len(pool) > MAX_POOL:
        pool = [k for k in pool if k[:3] == value[:3]] or pool
    close = get_close_matches(value, sorted(pool)[:MAX_POOL], n=1)
    return close[0] if close else None


def _exact_in_json(
    reader: _Reader,
    doc: dict[str, Any],
    unit: str,
    fields: list[Any],
    projects: list[Any],
    field_amounts: tuple[list[Any], list[Any]],
    project_amounts: tuple[list[Any], list[Any]],
    problems: list[Broken],
) -> None:
    """Every amount, converted to won, at most 2^53 − 1, so every JSON reader reads it exactly in any unit."""
    limit = MAX_AMOUNT // FACTORS[unit]
    totals, baseline, claims = doc.get("totals"), doc.get("baseline"), doc.get("claims")
    headline = reader.value(claims, ("claims", "headline"), lambda v: v)
    found: list[tuple[Loc, Any]] = [
        (("totals", "total"), reader.value(totals, ("totals", "total"), _whole)),
        (("totals", "allocation"), reader.value(totals, ("totals", "allocation"), _whole)),
        (("baseline", "allocation"), reader.value(baseline, ("baseline", "allocation"), _whole)),
        (("claims", "headline", "amount"), reader.value(headline, ("claims", "headline", "amount"), _whole)),
        (("claims", "headline", "rounded_to"), reader.value(headline, ("claims", "headline", "rounded_to"), _whole)),
    ]
    claimed = _rows(reader.value(claims, ("claims", "fields"), lambda v: v))
    columns = {key: reader.column(claimed, ("claims", "fields"), key, _whole) for key in ("total", "allocation")}
    for i in range(len(claimed)):
        found += [(("claims", "fields", i, key), columns[key][i]) for key in ("total", "allocation")]
    # A row's allocation is at most its total, so the total alone says whether to look closer.
    for table, (total, allocation) in (("fields", field_amounts), ("projects", project_amounts)):
        known = [t for t in total if t is not None]
        if known and max(known) > limit:
            for i, t in enumerate(total):
                if t is not None and t > limit:
                    found += [((table, i, "total"), t), ((table, i, "allocation"), allocation[i])]
    for loc, value in found:
        if value is not None and value > limit:
            message = f"must be ≤ {limit} {unit} (2^53 − 1 원, the most every JSON reader keeps exact; got {value})"
            problems.append((loc, value, message))
