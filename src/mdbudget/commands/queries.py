"""Query commands: total, fields, shares, ratios, project. Thin: options in, report out."""

from __future__ import annotations

import enum
from typing import Annotated

import typer

from .options import ChartFormat, Output, Reverse, emit, format_option, sort_option, top_option
from .params import at_least
from .shared import BudgetFile, Formats, load_budget, shared

PANEL = "Queries"
# fields and shares also draw their figures as a chart.
CHART_FORMATS = Formats(
    ChartFormat,
    format_option("Output format: table, json, csv, markdown (md), or svg (a bar chart)."),
    ChartFormat.table,
)


def register(app: typer.Typer) -> None:
    for command in (total, fields, shares, ratios, project):
        app.command(rich_help_panel=PANEL)(command)


def _quiet_budget(ctx: typer.Context):  # type: ignore[no-untyped-def]
    # Completion runs on every Tab press: a budget that cannot be read offers nothing, silently.
    try:
        return load_budget(ctx.params.get("file"))
    except Exception:
        return None


def complete_field(ctx: typer.Context, incomplete: str) -> list[str]:
    budget = _quiet_budget(ctx)
    return [f.id for f in budget.fields if f.id.startswith(incomplete)] if budget else []


def complete_project(ctx: typer.Context, incomplete: str) -> list[str]:
    budget = _quiet_budget(ctx)
    if budget is None:
        return []
    ids = [p.id for p in budget.projects] + [f.id for f in budget.fields]
    return [i for i in ids if i.startswith(incomplete)]


class Of(str, enum.Enum):
    allocation = "allocation"
    total = "total"
    projects = "projects"


@shared(unit=True)
def total(source: BudgetFile, output: Output) -> object:
    """The programme in one view: projects, money, and growth over the earlier year.

    Project count (continuing and new), the multi-year total, the year's
    allocation, and the change against the earlier year on record.

    Examples:

      mdbudget total

      mdbudget total --unit 조원    # exact, in trillions of won

      mdbudget total --json | jq .growth.multiple
    """
    from ..reports.total import total as report

    return emit(report(source.load(), output.unit), output)


FieldQuery = Annotated[
    list[str] | None,
    typer.Argument(
        help="Show only fields whose id, Korean or English name or alias matches this: Latin words at a word's "
        "start, Hangul anywhere (initials too: ㅈㅅ); case and spaces are forgiven. Several terms that each name "
        "a field exactly (id, name, English name, alias) select each of those fields, a name of several words "
        "too, quoted or not (AI 팩토리 자율주행차); otherwise every word must match one field.",
        autocompletion=complete_field,
        show_default=False,
        metavar="QUERY",
    ),
]


Provisional = Annotated[
    bool,
    typer.Option(
        "--provisional",
        help="Only the fields whose amounts may still change (marked * in tables; provisional in JSON).",
    ),
]


def joined(words: list[str] | None) -> str | None:
    """The words of an unquoted query as one query: `fields ai 팩토리` is `fields "ai 팩토리"`."""
    return " ".join(words) if words else None


@shared(unit=True, formats=CHART_FORMATS)
def fields(
    query: FieldQuery = None,
    provisional: Provisional = False,
    sort: Annotated[
        str | None, sort_option("projects (count), total, allocation (alloc, year), id, name, name_en")
    ] = None,
    reverse: Reverse = False,
    top: Annotated[int | None, top_option("Keep the first N rows (after --sort); the total row sums them.")] = None,
    *,
    source: BudgetFile,
    output: Output,
) -> object:
    """The fields of the allocation table: projects, multi-year total, the year, provisional mark.

    With a QUERY, only the fields it matches, and their total.

    Examples:

      mdbudget fields               # all, with a total row

      mdbudget fields 반도체        # both semiconductor fields

      mdbudget fields ai-factory autonomous-vehicles   # each of two fields

      mdbudget fields --provisional # the amounts that may still change

      mdbudget fields autonomous --lang en

      mdbudget fields --sort projects --top 3

      mdbudget fields --format csv --bom > fields.csv
    """
    from ..reports.fields import fields as report

    result = report(source.load(), joined(query), output.unit, query, provisional, sort, reverse, top)
    return emit(result, output)


@shared(unit=True, formats=CHART_FORMATS)
def shares(
    query: FieldQuery = None,
    of: Annotated[
        Of,
        typer.Option(
            "--of",
            help="Share of the year's allocation, the multi-year total or the project count: "
            "allocation, total, projects.",
            metavar="BASIS",
        ),
    ] = Of.allocation,
    sort: Annotated[
        str,
        typer.Option(
            "--sort",
            help="Row order by a column, as named in the JSON or by a short alias: share (largest first), "
            "order (as printed), projects, total, allocation, id, name, name_en. Numbers go largest first, "
            "text A→Z; --reverse turns it round. The total and folded rows stay last.",
            metavar="COLUMN",
        ),
    ] = "share",
    reverse: Reverse = False,
    top: Annotated[
        int | None,
        typer.Option(
            "--top",
            callback=at_least(1),
            help="Keep the N largest fields; fold the rest into one row.",
            show_default=False,
            metavar="N",
        ),
    ] = None,
    provisional: Provisional = False,
    *,
    source: BudgetFile,
    output: Output,
) -> object:
    """Each field's share of the year's allocation (or of --of total / projects), with bars.

    Shares are fractions of the sum of the fields; the table shows them as
    percentages, JSON and CSV as fractions rounded to 6 decimals.

    What share of the year goes to autonomous driving?

      mdbudget shares --lang en     # see Autonomous Vehicles

      mdbudget shares --json | jq '.rows[0]'   # the largest

    More:

      mdbudget shares --top 5       # the rest in one row

      mdbudget shares --provisional # the fields that may change, and their sum

      mdbudget shares --of projects --sort order
    """
    from ..reports.shares import shares as report

    result = report(source.load(), of.value, sort, top, output.unit, joined(query), query, provisional, reverse)
    return emit(result, output)


@shared(unit=True, table="ratios")
def ratios(
    query: FieldQuery = None,
    provisional: Provisional = False,
    sort: Annotated[
        str | None,
        sort_option(
            "projects, total, allocation, year_share (share), average_total (avg_total), "
            "average_allocation (average, avg, per_project), id, name, name_en"
        ),
    ] = None,
    reverse: Reverse = False,
    top: Annotated[int | None, top_option("Keep the first N fields (after --sort).")] = None,
    *,
    source: BudgetFile,
    output: Output,
) -> object:
    """Ratios: each field's year ÷ total and averages per project; growth; sample projects.

    Per field: the year's share of its multi-year total, and the average total
    and year per project (rounded to 0.01 of the file's unit). Programme: the
    year against the earlier year as a multiple, a change and a yearly growth
    rate (CAGR), beside what the source claims. Sample projects: the year ÷ the
    total, the total ÷ the stated duration, and the year against that even spread.

    Examples:

      mdbudget ratios

      mdbudget ratios --sort average --top 5   # the largest average per project

      mdbudget ratios --json | jq .growth

      mdbudget ratios --format markdown > ratios.md

      mdbudget ratios --format csv --table samples > samples.csv
    """
    from ..reports.ratios import ratios as report

    result = report(source.load(), output.unit, joined(query), query, provisional, sort, reverse, top)
    return emit(result, output)


@shared(unit=True)
def project(
    query: Annotated[
        list[str] | None,
        typer.Argument(
            help="Part of the id or name, Hangul initials (ㅈㅅㄱㄱ), a field, or the lead or a participant; "
            "several words each match somewhere. Several terms that each name a project id or a field exactly "
            "select the projects of each (a field's name of several words needs no quotes).",
            autocompletion=complete_project,
            show_default=False,
            metavar="QUERY",
        ),
    ] = None,
    sort: Annotated[
        str | None, sort_option("total, allocation (alloc, year), stated_years (years), id, name, name_en, lead")
    ] = None,
    reverse: Reverse = False,
    top: Annotated[int | None, top_option("Keep the first N projects (after --sort).")] = None,
    *,
    source: BudgetFile,
    output: Output,
) -> object:
    """The sample projects: one match shows everything held about it, several a table.

    Matching ignores case, spaces and Unicode form. No match: suggestions on
    stderr, exit 1.

    Who leads the pharma impurity project?

      mdbudget project pharma       # its lead (주관기관) and more

    More:

      mdbudget project              # all sample projects

      mdbudget project ㅈㅅㄱㄱ     # Hangul initials: 절삭가공…

      mdbudget project 경동제약     # by lead or participant

      mdbudget project ai-factory   # by field
    """
    from ..reports.project import project as report

    return emit(report(source.load(), joined(query), output.unit, query, sort, reverse, top), output)
