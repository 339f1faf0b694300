"""Each command's report, named once: its JSON shape, its CSV tables and its place in `export`.

`mdbudget schema`, the CSV formatter, `export`, the `--table` choices and the
tests read this table; a new command with a published JSON shape is one entry
here. Shapes are named, not imported: shapes.py imports pydantic, and a JSON
answer from the cache must not.
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple, TypeAlias, TypeGuard


class CsvTable(NamedTuple):
    """One table of a report's CSV output."""

    name: str  # what --table calls it, and the file stem `export --format csv` writes
    key: str | None  # where its rows are in the JSON; None: the document itself
    row: str  # the shape of a row, a name in shapes.py: its keys are the columns
    context: tuple[str, ...] = ()  # keys of the document each row repeats (unit, year)


class Entry(NamedTuple):
    report: str  # the function that makes it, in mdbudget.reports (`module.function`)
    shape: str | None  # its JSON's shape, a name in shapes.py; None: not published
    many: bool = False  # the JSON is a list of `shape`
    tables: tuple[CsvTable, ...] = ()  # its CSV tables, the main one first; none: the tables it shows
    export: bool = False  # a section of `mdbudget export`, in this order


_YEAR = ("unit", "year")

REPORTS: dict[str, Entry] = {
    "total": Entry("total.total", "Total", tables=(CsvTable("total", None, "Total"),), export=True),
    "fields": Entry(
        "fields.fields", "FieldRow", many=True, tables=(CsvTable("fields", None, "FieldRow"),), export=True
    ),
    "shares": Entry(
        "shares.shares", "Shares", tables=(CsvTable("shares", "rows", "ShareRow", (*_YEAR, "of")),), export=True
    ),
    "ratios": Entry(
        "ratios.ratios",
        "Ratios",
        tables=(
            CsvTable("fields", "rows", "FieldRatio", _YEAR),
            CsvTable("programme", "programme", "ProgrammeRatio", _YEAR),
            CsvTable("growth", "growth", "GrowthRatio", _YEAR),
            CsvTable("samples", "samples", "SampleRatio", _YEAR),
        ),
        export=True,
    ),
    "project": Entry(
        "project.project", "ProjectRow", many=True, tables=(CsvTable("project", None, "ProjectRow"),), export=True
    ),
    "sql": Entry("sql.sql", "SqlRow", many=True),  # a row's keys are the query's columns
    "check": Entry(
        "check.reconcile.check", "Check", tables=(CsvTable("check", "findings", "Finding", _YEAR),), export=True
    ),
    "diff": Entry(
        "diff.diff",
        "Diff",
        tables=(
            CsvTable("fields", "fields", "DiffField", ("unit",)),
            CsvTable("samples", "samples", "DiffSample", ("unit",)),
            CsvTable("facts", "facts", "Fact", ("unit",)),
            CsvTable("summary", "summary", "MeasureChange", ("unit",)),
            CsvTable("other", "other", "Other", ("unit",)),  # an amount among them is in it
        ),
    ),
    "export": Entry("export.export", "Export"),
    # CSV: one row per field and year (TrendRows), its tables as shown, whatever the number of years.
    "trend": Entry("trend.trend", "Trend"),
}

# The sections of `mdbudget export`, in the order it writes them.
SECTIONS: tuple[str, ...] = tuple(name for name, entry in REPORTS.items() if entry.export)
# The commands whose --format json `mdbudget schema OUTPUT` describes.
OUTPUTS: tuple[str, ...] = tuple(name for name, entry in REPORTS.items() if entry.shape)
# What each of them answers instead, with --format json, when the budget file cannot be used (exit 2).
PROBLEMS = "problems"
# The names `mdbudget schema` takes: the outputs, and the problems document.
SCHEMA_NAMES: tuple[str, ...] = (*OUTPUTS, PROBLEMS)
# SCHEMA_NAMES as a type, for the Python API's output_schema(name): a type checker cannot read
# REPORTS, so the names are written again here, and tests/test_typed_api.py fails if they differ.
OutputName: TypeAlias = Literal[
    "total", "fields", "shares", "ratios", "project", "sql", "check", "diff", "export", "trend", "problems"
]


def is_output(name: str) -> TypeGuard[OutputName]:
    """Whether ``name`` has a published schema: a command's --format json, or the problems document."""
    return name in SCHEMA_NAMES


def csv_tables(command: str) -> tuple[tuple[str, CsvTable], ...]:
    """(section, table) pairs of a command's CSV output: its own tables with section "", or
    export's, each its section's, named as the files it writes (`shares`, `ratios-growth`)."""
    if command != "export":
        return tuple(("", table) for table in REPORTS[command].tables)
    return tuple(
        (section, table._replace(name=section if i == 0 else f"{section}-{table.name}"))
        for section in SECTIONS
        for i, table in enumerate(REPORTS[section].tables)
    )


def table_names(command: str) -> list[str]:
    """The names --table takes for a command, its main table first."""
    return [table.name for _, table in csv_tables(command)]


def json_shape(command: str) -> Any:
    """The type a command's JSON has (for pydantic's schema generator)."""
    from . import shapes

    entry = REPORTS[command]
    if entry.shape is None:
        raise KeyError(command)
    shape = getattr(shapes, entry.shape)
    return list[shape] if entry.many else shape  # type: ignore[valid-type]
