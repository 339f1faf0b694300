"""The budget as relational tables: the contract `sql` queries and the sqlite and datapackage exports write.

One description (``TABLES``) gives the SQL schema, the data package's table
schemas and the documentation, so the three cannot drift apart. The tables of
fields, project types and projects are derived from the records' declaration
(budget/records.py): each scalar key is a column with its declared type,
optionality and description; a key added there is a column here. Amounts are
whole numbers in the budget file's unit (``totals.unit``); every number in the
database is an INTEGER. The one figure that is not whole, a claim's
``multiple``, is TEXT holding the decimal exactly as the file writes it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from decimal import Decimal
from operator import attrgetter
from typing import Any, Literal, NamedTuple

from ..budget import records
from ..budget.keys import Key, keys_of
from ..budget.records import Budget

# integer and text map to SQLite's INTEGER and TEXT; boolean is an INTEGER 0 or 1
# (SQLite has no booleans); decimal is exact TEXT (SQLite's REAL is binary floating point).
Type = Literal["text", "integer", "boolean", "decimal"]
Row = tuple[str | int | Decimal | None, ...]


class Column(NamedTuple):
    name: str
    type: Type
    description: str
    required: bool = True
    amount: bool = False  # money, in the file's unit
    references: tuple[str, str] | None = None  # (table, column)
    path: str = ""  # the record's attribute it holds ("period.start"), when derived from the declaration


class Relation(NamedTuple):
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    indexes: tuple[str, ...] = ()  # columns joined or filtered on, besides the primary key


def _c(name: str, type: Type, description: str, **more: object) -> Column:
    return Column(name, type, description, **more)  # type: ignore[arg-type]


_SQL_KINDS: dict[str, Type] = {
    "text": "text", "id": "text", "unit": "text", "date": "text",
    "whole": "integer", "amount": "integer", "flag": "boolean", "multiple": "decimal",
}  # fmt: skip
# Where the release states a figure is for people reading budget.toml, not a column.
LEFT_OUT = frozenset({"source"})


def _declared(key: Key, name: str, path: str) -> Column:
    description = key.description
    if key.kind == "flag" and description.startswith("true when"):
        description = "1" + description[len("true") :]  # SQLite has no booleans: 0 or 1
    return Column(
        key.column or name,
        _SQL_KINDS[key.kind],
        description,
        required=key.default is not None,  # a flag absent from the file is still false
        amount=key.kind == "amount",
        references=(key.refers, "id") if key.refers else None,
        path=path,
    )


def declared_columns(record: Any, first: tuple[str, ...] = ()) -> tuple[Column, ...]:
    """A column per scalar key of ``record`` (a nested table's keys flattened), ``first`` in that order."""
    declared = keys_of(record)
    columns = []
    for name in (*first, *(k for k in declared if k not in first)):
        key = declared[name]
        if name in LEFT_OUT or key.kind in ("texts", "tables"):
            continue  # lists become tables of their own (participants)
        if key.kind == "table":
            columns += [_declared(inner, k, f"{name}.{k}") for k, inner in keys_of(key.table).items()]
        else:
            columns.append(_declared(key, name, name))
    return tuple(columns)


# The projects' first columns, in the order the tables have always had; later keys follow.
PROJECT_ORDER = ("id", "name", "name_en", "field", "type", "lead", "total", "allocation", "period", "stated_years")

TABLES: tuple[Relation, ...] = (
    Relation(
        "fields",
        "The rows of the allocation table, in its order.",
        (*declared_columns(records.BudgetField), _c("ord", "integer", "position in the table, from 1")),
        primary_key=("id",),
    ),
    Relation(
        "project_types",
        "The programme's kinds of project.",
        declared_columns(records.ProjectType),
        primary_key=("id",),
    ),
    Relation(
        "projects",
        "The sample projects the release describes.",
        declared_columns(records.Project, PROJECT_ORDER),
        primary_key=("id",),
        indexes=("field_id", "type_id"),
    ),
    Relation(
        "participants",
        "The organisations taking part in each project, besides its lead.",
        (
            _c("project_id", "text", "the project", references=("projects", "id")),
            _c("name", "text", "the organisation, as the release writes it"),
            _c("ord", "integer", "position in the project's list, from 1"),
        ),
        primary_key=("project_id", "ord"),
        indexes=("name",),
    ),
    Relation(
        "totals",
        "One row: the table's stated 총합, the continuing/new split and the baseline year.",
        (
            _c("year", "integer", "the fiscal year"),
            _c("unit", "text", "the unit of every amount in the database (억원 = 10^8 won)"),
            _c("projects", "integer", "stated number of projects"),
            _c("total", "integer", "stated multi-year total", amount=True),
            _c("allocation", "integer", "stated allocation of the year", amount=True),
            _c("continuing", "integer", "projects carried over from earlier years", required=False),
            _c("new", "integer", "projects starting this year", required=False),
            _c("baseline_year", "integer", "the earlier year the release compares against", required=False),
            _c("baseline_allocation", "integer", "that year's allocation", required=False, amount=True),
        ),
    ),
    Relation(
        "claims",
        "Figures the prose states: kind 'growth' (multiple), 'headline' (allocation, rounded_to) or 'field'.",
        (
            _c("kind", "text", "growth, headline or field"),
            _c("field_id", "text", "the field a 'field' claim is about", required=False, references=("fields", "id")),
            _c("text", "text", "the words of the release"),
            _c("projects", "integer", "stated number of projects", required=False),
            _c("total", "integer", "stated multi-year total", required=False, amount=True),
            _c("allocation", "integer", "stated allocation of the year", required=False, amount=True),
            _c("multiple", "decimal", "stated growth over the baseline, exact decimal text ('2.5')", required=False),
            _c("rounded_to", "integer", "the step a headline amount is rounded to", required=False, amount=True),
        ),
        indexes=("field_id",),
    ),
)

TABLE_NAMES = tuple(t.name for t in TABLES)
# PRAGMA user_version of every database made here: which layout of the tables it holds.
SCHEMA_VERSION = 1

_SQL_TYPES = {"text": "TEXT", "integer": "INTEGER", "boolean": "INTEGER", "decimal": "TEXT"}


def create_statements() -> list[str]:
    """The CREATE TABLE and CREATE INDEX statements, commented for people reading the schema."""
    statements = []
    for table in TABLES:
        lines = []
        for col in table.columns:
            sql = f"{col.name} {_SQL_TYPES[col.type]}"
            if col.required:
                sql += " NOT NULL"
            if col.type == "boolean":
                sql += f" CHECK ({col.name} IN (0, 1))"
            if col.references:
                sql += f" REFERENCES {col.references[0]}({col.references[1]})"
            lines.append((sql, col.description + (" [in totals.unit]" if col.amount else "")))
        if table.primary_key:
            lines.append((f"PRIMARY KEY ({', '.join(table.primary_key)})", ""))
        # Comments line up, except after the few long definitions (a CHECK) that would push them all right.
        width = min(max(len(sql) for sql, _ in lines) + 1, 48)
        body = []
        for i, (sql, note) in enumerate(lines):
            text = sql + ("," if i < len(lines) - 1 else "")
            body.append(f"  {text:<{width}} -- {note}".rstrip(" -") if note else f"  {text}")
        statements.append(f"-- {table.description}\nCREATE TABLE {table.name} (\n" + "\n".join(body) + "\n);")
        statements.extend(f"CREATE INDEX {table.name}_{c} ON {table.name}({c});" for c in table.indexes)
    return statements


def schema_text() -> str:
    """The statements as a script: a blank line before each table, its indexes right after it."""
    return "\n".join(("\n" if s.startswith("--") else "") + s for s in create_statements()).lstrip("\n") + "\n"


def rows(budget: Budget) -> dict[str, Iterable[Row]]:
    """Each table's rows, in the order of its columns: made as they are read, once.

    Lazily, so 10^5 projects never stand in memory twice (as tuples and in the database).
    """
    fields = _reader("fields")
    return {
        "fields": ((*fields(f), i) for i, f in enumerate(budget.fields, start=1)),
        "project_types": map(_reader("project_types"), budget.project_types),
        "projects": map(_reader("projects"), budget.projects),
        "participants": ((p.id, name, i) for p in budget.projects for i, name in enumerate(p.participants, start=1)),
        "totals": [_totals(budget)],
        "claims": _claims(budget),
    }


def _reader(table: str) -> Callable[[Any], Any]:
    """A row of a derived table from its record, by the columns' attribute paths (true/false are 1/0 in SQLite)."""
    paths = [c.path for c in _BY_NAME[table].columns if c.path]
    get: Callable[[Any], Any] = attrgetter(*paths)
    if len(paths) == 1:
        return lambda record: (get(record),)
    return get


_BY_NAME = {table.name: table for table in TABLES}


def _totals(budget: Budget) -> Row:
    t, split, base = budget.totals, budget.totals.split, budget.baseline
    return (
        (budget.year, budget.unit, t.projects, t.total, t.allocation)
        + ((split.continuing, split.new) if split else (None, None))
        + ((base.year, base.allocation) if base else (None, None))
    )


def _claims(budget: Budget) -> list[Row]:
    claims: list[Row] = []
    if budget.claims.growth:
        g = budget.claims.growth
        claims.append(("growth", None, g.text, None, None, None, decimal_text(g.multiple), None))
    if budget.claims.headline:
        h = budget.claims.headline
        claims.append(("headline", None, h.text, None, None, h.amount, None, h.rounded_to))
    for c in budget.claims.fields:
        claims.append(("field", c.field, c.text, c.projects, c.total, c.allocation, None, None))
    return claims


def decimal_text(value: Decimal) -> str:
    """A Decimal as plain digits: 2.5, 3, 0.125 (never 2.50 or 3E+1)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def fill(db: sqlite3.Connection, budget: Budget) -> None:
    """Create the tables in ``db`` and insert the budget, checking every reference."""
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    for statement in create_statements():
        db.execute(statement)
    data = rows(budget)
    db.execute("BEGIN")  # one transaction: 10^5 projects in well under a second
    for table in TABLES:
        _insert(db, table, data[table.name])
    db.execute("COMMIT")
    problems = db.execute("PRAGMA foreign_key_check").fetchall()
    if problems:  # the model checks references; this would be a bug in the mapping above
        raise AssertionError(f"dangling references in the database: {problems[:5]}")


def _insert(db: sqlite3.Connection, table: Relation, values: Iterable[Row]) -> None:
    marks = ", ".join("?" for _ in table.columns)
    db.executemany(f"INSERT INTO {table.name} VALUES ({marks})", values)


def database(budget: Budget) -> sqlite3.Connection:
    """A new in-memory database holding the budget."""
    db = sqlite3.connect(":memory:", isolation_level=None)
    fill(db, budget)
    return db
