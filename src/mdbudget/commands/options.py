"""The options commands share, declared once, and the output step.

shared.py adds them to a command (``@shared(...)``) and hands them over as one
``BudgetFile`` and one ``Output``. A command ends with ``return emit(result,
output)``: how the result is formatted and where it goes is decided here, what
exit code it means at the boundary (cli.py).
"""

from __future__ import annotations

import enum
import os
import shutil
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from ..errors import UsageError
from ..output import stream as streams

if TYPE_CHECKING:
    from ..budget.keys import UnitName

# Enum members that repeat another's value are aliases: accepted on the command line
# (--format md, --lang kr), never listed among the choices.


class Format(str, enum.Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    md = "markdown"


class CheckFormat(str, enum.Enum):
    """check's formats: the shared ones, and GitHub Actions annotations (findings only)."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    github = "github"
    md = "markdown"


# shares and fields also draw an SVG chart
class ChartFormat(str, enum.Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    svg = "svg"
    md = "markdown"


# --- end charts ---


class Lang(str, enum.Enum):
    ko = "ko"
    en = "en"
    kr = "ko"
    kor = "ko"
    eng = "en"


FILE_HELP = (
    "Budget file to read; '-' reads standard input. "
    "Default: $MDBUDGET_FILE, then ./budget.toml, then the copy packaged with mdbudget."
)
FORMAT_HELP = "Output format: table, json, csv or markdown (md)."


def file_option(help: str = FILE_HELP) -> Any:
    return typer.Option("--file", "-f", help=help, show_default=False, metavar="PATH")


# The format asked for, kept where the error boundary can read it: a budget file that
# cannot be read is answered in that format too (JSON, annotations), not only on stderr.
_FORMAT_KEY = "mdbudget.format"
_JSON_KEY = "mdbudget.json"


def remember_format(ctx: typer.Context, value: Any) -> Any:
    ctx.meta[_FORMAT_KEY] = getattr(value, "value", value)
    return value


_LANG_KEY = "mdbudget.lang"


def _remember_lang(ctx: typer.Context, value: Any) -> Any:
    ctx.meta[_LANG_KEY] = getattr(value, "value", value)
    return value


def requested_lang(meta: dict[str, Any]) -> str:
    return str(meta.get(_LANG_KEY) or "ko")


def _remember_json(ctx: typer.Context, value: bool) -> bool:
    if value:
        ctx.meta[_JSON_KEY] = True
    return value


def requested_format(meta: dict[str, Any]) -> str:
    return "json" if meta.get(_JSON_KEY) else str(meta.get(_FORMAT_KEY) or "table")


def step_summary(result: Any, lang: str) -> None:
    """check under GitHub Actions: the whole findings table on the job's summary page too."""
    from ..output import summary

    if summary.ENV_VAR in os.environ:
        from ..formats import render

        summary.append(render(result, "summary", lang=lang, base=github_base()))


def format_option(help: str = FORMAT_HELP, **more: Any) -> Any:
    return typer.Option("--format", help=help, metavar="FORMAT", callback=remember_format, **more)


FormatOption = Annotated[Format, format_option()]
JsonOption = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.", callback=_remember_json)]
LangOption = Annotated[
    Lang,
    typer.Option(
        "--lang", help="Language of names and headers: ko (or kr) or en.", metavar="LANG", callback=_remember_lang
    ),
]
BomOption = Annotated[bool, typer.Option("--bom", help="Start CSV output with a UTF-8 BOM, for Excel.")]
VerboseOption = Annotated[
    bool, typer.Option("--verbose", "-v", help="Say on stderr which budget file is used, and whether from the cache.")
]
NoCacheOption = Annotated[
    bool,
    typer.Option("--no-cache", help="Read and validate the file even if the cache holds it (or: MDBUDGET_NO_CACHE=1)."),
]


def _unit(value: str | None) -> str | None:
    from ..budget.units import unit_name

    if value is None:
        return None
    try:
        return unit_name(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def _complete_unit(incomplete: str) -> list[str]:
    from ..budget.units import CHOICES

    return [u for u in CHOICES if u.startswith(incomplete)]


UnitOption = Annotated[
    str | None,
    typer.Option(
        "--unit",
        "-u",
        help="Unit for amounts: 억원, 조원, 백만원, 천원, 원 (or 억, 조, eok, jo, million, thousand, won), "
        "converted exactly. "
        "Default: the budget file's unit.",
        callback=_unit,
        autocompletion=_complete_unit,
        show_default=False,
        metavar="UNIT",
    ),
]


def sort_option(columns: str, more: str = "") -> Any:
    """--sort COLUMN, one help for every table command (reports/order.py reads the name)."""
    return typer.Option(
        "--sort",
        help=f"Order the rows by a column, as named in the JSON or by a short alias: {columns}. "
        f"Numbers go largest first, text A→Z; --reverse turns it round.{more} Total and folded rows stay last.",
        show_default=False,
        metavar="COLUMN",
    )


Reverse = Annotated[bool, typer.Option("--reverse", help="With --sort: smallest first (text Z→A).")]


def top_option(what: str) -> Any:
    from .params import at_least

    return typer.Option("--top", callback=at_least(1), help=what, show_default=False, metavar="N")


class Output(NamedTuple):  # not a dataclass: see errors.Problem
    """How a command's answer is written, as --format, --json, --table, --lang, --bom and --unit say."""

    format: str = "table"  # a name in formats.MODULES, or one of export's own (sqlite, datapackage)
    lang: str = "ko"
    bom: bool = False
    table: str | None = None
    unit: UnitName | None = None  # as --unit read it: a unit's name


def refuse_csv_options(output: Output) -> None:
    """--table and --bom shape CSV alone: with another format they are a usage error, not ignored.

    emit() asks this; so must every path that writes an answer without it (a file, SQL text)."""
    fmt = output.format
    if output.table is not None and fmt != "csv":
        raise UsageError(f"--table picks one table of the CSV output; it needs --format csv, not {fmt}")
    if output.bom and fmt != "csv":
        raise UsageError(f"--bom starts CSV output with a UTF-8 BOM, for Excel; it needs --format csv, not {fmt}")


def emit(result: Any, output: Output) -> Any:
    """Format a result and write it to stdout: tables for the console, everything else as UTF-8 data.

    Returns the result, whose ``ok``, ``same`` or ``matched`` the boundary turns into the exit code.
    """
    from ..formats import render

    fmt = output.format
    refuse_csv_options(output)
    options: dict[str, Any] = {"lang": output.lang}
    if fmt == "table":
        options.update(width=terminal_width(), color=use_color())
    if fmt == "csv":
        from ..formats.csv import table_names

        names = table_names(result)
        if output.table is None and len(names) > 1:
            # A CSV stream is one table: say what else there is.
            message(f"CSV holds the {names[0]} table; the others: {', '.join(names[1:])} (--table NAME)")
        options.update(bom=output.bom, table=output.table)
    if fmt == "github":
        options["base"] = github_base()
    text = render(result, fmt, **options)
    if fmt == "table":
        streams.write_text(text)
    else:
        streams.write_data(text)
    return result


def github_base() -> str | None:
    # Annotations name files relative to the checkout, which Actions runs in.
    return os.environ.get("GITHUB_WORKSPACE") or _cwd()


def write_output(text: str) -> None:
    """Write data (SQL, JSON, CSV …) to stdout as UTF-8: the output path's data side."""
    streams.write_data(text)


def _cwd() -> str | None:
    try:
        return os.getcwd()
    except OSError:  # the working directory was deleted: name files as given
        return None


def message(text: str) -> None:
    """A message for the person, never the data: it goes to stderr."""
    streams.message(f"mdbudget: {text}")


def use_color() -> bool:
    # https://no-color.org: any non-empty NO_COLOR turns colour off.
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return streams.stdout().isatty()


def terminal_width() -> int:
    columns = os.environ.get("COLUMNS", "")
    if columns.isascii() and columns.isdigit() and int(columns) > 0:
        return int(columns)
    if streams.stdout().isatty():
        return shutil.get_terminal_size((100, 24)).columns
    return 100  # piped: wide enough to paste without wrapping
