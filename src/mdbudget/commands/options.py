"""Command-line options shared by every command, declared once, and the output step.

Commands take these as parameters (``file: FileOption = None``) and end with
``emit(result, output)``; how the result is formatted and where it goes is
decided here, not in each command.
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
    from ..budget.records import Budget

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


# --- charts (issue 25): shares and fields also draw an SVG chart ---
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


FileOption = Annotated[
    str | None,
    typer.Option(
        "--file",
        "-f",
        help="Budget file to read; '-' reads standard input. "
        "Default: $MDBUDGET_FILE, then ./budget.toml, then the copy packaged with mdbudget.",
        show_default=False,
        metavar="PATH",
    ),
]
# The format asked for, kept where the error boundary can read it: a budget file that
# cannot be read is answered in that format too (JSON, annotations), not only on stderr.
_FORMAT_KEY = "mdbudget.format"
_JSON_KEY = "mdbudget.json"


def remember_format(ctx: typer.Context, value: Any) -> Any:
    ctx.meta[_FORMAT_KEY] = getattr(value, "value", value)
    return value


def _remember_json(ctx: typer.Context, value: bool) -> bool:
    if value:
        ctx.meta[_JSON_KEY] = True
    return value


def requested_format(meta: dict[str, Any]) -> str:
    return "json" if meta.get(_JSON_KEY) else str(meta.get(_FORMAT_KEY) or "table")


FormatOption = Annotated[
    Format,
    typer.Option(
        "--format", help="Output format: table, json, csv or markdown (md).", metavar="FORMAT", callback=remember_format
    ),
]
CheckFormatOption = Annotated[
    CheckFormat,
    typer.Option(
        "--format",
        help="Output format: table, json, csv, markdown (md), or github (annotations for GitHub Actions).",
        metavar="FORMAT",
        callback=remember_format,
    ),
]
ChartFormatOption = Annotated[  # charts (issue 25)
    ChartFormat,
    typer.Option(
        "--format",
        help="Output format: table, json, csv, markdown (md), or svg (a bar chart).",
        metavar="FORMAT",
        callback=remember_format,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.", callback=_remember_json)]
LangOption = Annotated[
    Lang, typer.Option("--lang", help="Language of names and headers: ko (or kr) or en.", metavar="LANG")
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
        help="Unit for amounts: 억원, 조원, 백만원, 원 (or 억, 조, eok, jo, million, won), converted exactly. "
        "Default: the budget file's unit.",
        callback=_unit,
        autocompletion=_complete_unit,
        show_default=False,
        metavar="UNIT",
    ),
]


class Output(NamedTuple):  # not a dataclass: see errors.Problem
    format: Format | CheckFormat | ChartFormat = Format.table
    lang: Lang = Lang.ko
    bom: bool = False

    @classmethod
    def of(cls, fmt: Format | CheckFormat | ChartFormat, json: bool, lang: Lang = Lang.ko, bom: bool = False) -> Output:
        # `--json --format csv` is refused while the options are read (cli.Command).
        return cls(Format.json if json else fmt, lang, bom)


def load_budget(
    file: str | None, verbose: bool = False, no_cache: bool = False, *, packaged: bool = False, fallback: bool = True
) -> Budget:
    from ..loading.load import load, resolve

    if verbose:
        name, how = resolve(file, packaged=packaged, fallback=fallback)
        message(f"using {name} ({how})")
    return load(file, cache=not no_cache, note=message if verbose else None, packaged=packaged, fallback=fallback)


def emit(result: Any, output: Output, table: str | None = None) -> None:
    """Format a result and write it to stdout: tables for the console, everything else as UTF-8 data.

    ``table`` picks one of a result's CSV tables.
    """
    from ..formats import render

    fmt = output.format.value
    options: dict[str, Any] = {"lang": output.lang.value}
    if table is not None and fmt != "csv":
        raise UsageError(f"--table picks one table of the CSV output; it needs --format csv, not {fmt}")
    if fmt == "table":
        options.update(width=terminal_width(), color=use_color())
    if fmt == "csv":
        from ..formats.csv import table_names

        names = table_names(result)
        if table is None and len(names) > 1:
            # A CSV stream is one table: say what else there is.
            message(f"CSV holds the {names[0]} table; the others: {', '.join(names[1:])} (--table NAME)")
        options.update(bom=output.bom, table=table)
    if fmt == "github":
        options["base"] = github_base()
    text = render(result, fmt, **options)
    if fmt == "table":
        streams.write_text(text)
    else:
        streams.write_data(text)
    missed = getattr(result, "missed", None)
    if missed:
        # Nothing matched: the empty answer is written ([] in JSON, the header row in CSV), then exit 1.
        from ..errors import NoMatch

        raise NoMatch(missed)


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
