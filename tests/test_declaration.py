"""The budget's records are declared once (budget/records.py); what is derived from them stays in step.

The fast checker's hand-written loop for projects is held against the declaration
(its keys, their order, every bound); the cache codec reads entries by name and
refuses anything the declaration does not allow; the SQL tables, the model and
the JSON shape of a project carry every declared key.
"""

from __future__ import annotations

import copy
import datetime
import marshal
from decimal import Decimal
from typing import Any

import pytest

from conftest import SHIPPED
from mdbudget.budget import records
from mdbudget.budget.keys import MAX_ID, MAX_TEXT, REQUIRED, keys_of
from mdbudget.loading import codec, model, plain
from mdbudget.loading.load import parse
from mdbudget.reports import relational

PROJECT: dict[str, Any] = {
    "id": "p", "name": "과제", "name_en": "A project", "type": "kind", "field": "alpha", "lead": "주관",
    "participants": ["참여"], "participants_partial": True, "period": {"start": 2024, "end": 2026},
    "stated_years": 3, "total": 10, "allocation": 5, "development": ["개발"], "source": "참고1",
}  # fmt: skip
DECLARED = keys_of(records.Project)


def made(**changes: Any) -> records.Project | None:
    table = copy.deepcopy(PROJECT)
    for key, value in changes.items():
        if value is REQUIRED:
            table.pop(key, None)
        else:
            table[key] = value
    return plain.plain_project(table, plain.Sharing())


def test_the_hand_written_loop_checks_the_declared_keys_in_their_order() -> None:
    assert tuple(DECLARED)[: len(plain.HOT)] == plain.HOT
    values = [PROJECT.get(name, key.default) for name, key in DECLARED.items()]
    expected = records.Project._make([tuple(v) if type(v) is list else v for v in values])
    assert made() == expected._replace(period=records.Period(2024, 2026))


def bad_and_good(key: Any) -> tuple[list[Any], list[Any]]:
    """Values the declaration refuses and accepts for a key of the kind and bounds it declares."""
    if key.kind == "text":
        return ["", "x" * (MAX_TEXT + 1), 1, True], ["x", "x" * MAX_TEXT]
    if key.kind == "id":
        return ["", "A", "a" * (MAX_ID + 1), "a\n", 1], ["kind" if key.refers == "project_types" else "alpha"]
    if key.kind in ("whole", "amount"):
        return [key.low - 1, key.high + 1, True, Decimal(key.low), str(key.low)], [key.low, key.high]
    if key.kind == "flag":
        return [1, "true"], [True, False]
    if key.kind == "texts":
        return [[""], ["x" * (MAX_TEXT + 1)], "x", [1]], [[], ["x"]]
    raise AssertionError(f"no values for {key.kind}")


@pytest.mark.parametrize("name", [n for n in DECLARED if DECLARED[n].kind not in ("table",)])
def test_every_declared_bound_of_a_project_is_the_loops_bound(name) -> None:
    key = DECLARED[name]
    bad, good = bad_and_good(key)
    if name in ("total", "allocation"):
        # Each is bounded by the other too (allocation ≤ total): move both to the bound.
        for value in good:
            assert made(total=value, allocation=value) is not None, value
        bad = [v for v in bad if not (type(v) is int and v < 0)] + [-1]
    for value in bad:
        assert made(**{name: value}) is None, (name, value)
    for value in good:
        if name not in ("total", "allocation"):
            assert made(**{name: value}) is not None, (name, value)
    absent = made(**{name: REQUIRED})
    assert (absent is None) == key.required, name
    if not key.required:
        assert getattr(absent, name) == key.default


def test_the_period_is_bounded_as_declared() -> None:
    for side, key in keys_of(records.Period).items():
        for value in (key.low - 1, key.high + 1, True):
            period = {"start": 2024, "end": 2026} | {side: value}
            assert made(period=period) is None, (side, value)
    assert made(period={"start": 1900, "end": 2999}) is not None


def test_the_model_has_every_declared_key_with_its_description() -> None:
    for record, built in model._MODELS.items():
        assert tuple(built.model_fields) == record._fields, record
        for name, key in keys_of(record).items():
            assert key.description and built.model_fields[name].description.lower().startswith(
                key.description[:5].lower()
            )
            assert built.model_fields[name].is_required() == key.required, (record, name)


def test_the_sql_tables_of_records_have_a_column_per_scalar_key() -> None:
    projects = {t.name: t for t in relational.TABLES}["projects"]
    names = [c.name for c in projects.columns]
    for name, key in DECLARED.items():
        if key.kind in ("texts", "tables") or name in relational.LEFT_OUT:
            assert name not in names
        elif key.kind == "table":
            assert {k.column for k in keys_of(key.table).values()} <= set(names)
        else:
            assert (key.column or name) in names


# --- the cache codec ------------------------------------------------------------------


def stored(budget: records.Budget) -> Any:
    return marshal.loads(marshal.dumps(codec.encode(budget)))


def test_an_entry_decodes_to_the_same_budget() -> None:
    budget = parse(SHIPPED)
    again = codec.decode(stored(budget))
    assert again == budget and repr(again.dump()) == repr(budget.dump())
    assert type(again.program.release_date) is datetime.date and type(again.claims.growth.multiple) is Decimal


def test_an_entry_names_its_keys_and_one_of_another_layout_is_a_mismatch() -> None:
    layout, parts = stored(parse(SHIPPED))
    renamed = tuple(
        (name, tuple("budget_code" if k == "source" else k for k in keys)) if name == "Project" else (name, keys)
        for name, keys in layout
    )
    with pytest.raises(codec.CacheMismatch):
        codec.decode((renamed, parts))
    with pytest.raises(codec.CacheMismatch):
        codec.decode(parts)


def mutated(part: str, row: int, key: str, value: Any) -> Any:
    """A stored entry with one value replaced: lists of records are stored a column per key."""
    layout, parts = stored(parse(SHIPPED))
    parts = list(parts)
    index = records.PARTS.index(part)
    position = tuple(keys_of(records.PARTS_DECLARED[part].table)).index(key)
    if records.PARTS_DECLARED[part].kind == "tables":
        columns = list(parts[index])
        column = list(columns[position])
        column[row] = value
        columns[position] = tuple(column)
        parts[index] = tuple(columns)
    else:
        values = list(parts[index])
        values[position] = value
        parts[index] = tuple(values)
    return layout, tuple(parts)


@pytest.mark.parametrize(
    ("part", "key", "value"),
    [
        ("projects", "total", "100"),
        ("projects", "total", -1),
        ("projects", "allocation", 2**53),
        ("projects", "id", "Not An Id"),
        ("projects", "name", ""),
        ("projects", "participants_partial", 1),
        ("projects", "participants", ("x", 3)),
        ("projects", "period", (2024,)),
        ("projects", "period", (1000, 2024)),
        ("projects", "stated_years", 0),
        ("program", "unit", "달러"),
        ("program", "release_date", 10**9),
        ("program", "fiscal_year", True),
        ("fields", "provisional", None),
        ("fields", "name", None),
        ("fields", "aliases", ("",)),
        ("project_types", "number", 1001),
    ],
)
def test_a_value_the_declaration_does_not_allow_is_a_mismatch(part, key, value) -> None:
    with pytest.raises(codec.CacheMismatch):
        codec.decode(mutated(part, 0, key, value))


def test_columns_of_different_lengths_are_a_mismatch() -> None:
    layout, parts = stored(parse(SHIPPED))
    projects = parts[records.PARTS.index("projects")]
    short = (projects[0][:-1], *projects[1:])
    changed = tuple(short if i == records.PARTS.index("projects") else p for i, p in enumerate(parts))
    with pytest.raises(codec.CacheMismatch):
        codec.decode((layout, changed))


def test_a_bad_multiple_is_a_mismatch_not_a_decimal_error() -> None:
    layout, parts = stored(parse(SHIPPED))
    claims = parts[records.PARTS.index("claims")]
    for text in ("nan", "abc", "0", "1.0000001"):
        growth = (claims[0][0], text, claims[0][2])
        changed = list(parts)
        changed[records.PARTS.index("claims")] = (growth, *claims[1:])
        with pytest.raises(codec.CacheMismatch):
            codec.decode((layout, tuple(changed)))
