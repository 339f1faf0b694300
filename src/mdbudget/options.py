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

from . import output as streams

if TYPE_CHECKING:
    from .model import Budget

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
FormatOption = Annotated[
    Format, typer.Option("--format", help="Output format: table, json, csv or markdown (md).", metavar="FORMAT")
]
CheckFormatOption = Annotated[
    CheckFormat,
    typer.Option(
        "--format",
        help="Output format: table, json, csv, markdown (md), or github (annotations for GitHub Actions).",
        metavar="FORMAT",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
LangOption = Annotated[
    Lang, typer.Option("--lang", help="Language of names and headers: ko (or kr) or en.", metavar="LANG")
]
BomOption = Annotated[bool, typer.Option("--bom", help="Start CSV output with a UTF-8 BOM, for Excel.")]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Say on stderr which budget file is used.")]


def _unit(value: str | None) -> str | None:
    from .units import unit_name

    if value is None:
        return None
    try:
        return unit_name(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def _complete_unit(incomplete: str) -> list[str]:
    from .units import CHOICES

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
    format: Format | CheckFormat = Format.table
    lang: Lang = Lang.ko
    bom: bool = False

    @classmethod
    def of(cls, fmt: Format | CheckFormat, json: bool, lang: Lang = Lang.ko, bom: bool = False) -> Output:
        # `--json --format csv` is refused while the options are read (cli.Command).
        return cls(Format.json if json else fmt, lang, bom)


def load_budget(file: str | None, verbose: bool = False) -> Budget:
    from .load import load, resolve

    if verbose:
        name, how = resolve(file)
        message(f"using {name} ({how})")
    return load(file)


def emit(result: Any, output: Output) -> None:
    """Format a result and write it to stdout: tables for the console, everything else as UTF-8 data."""
    from .formats import render

    fmt = output.format.value
    options: dict[str, Any] = {"lang": output.lang.value}
    if fmt == "table":
        options.update(width=terminal_width(), color=use_color())
    if fmt == "csv":
        options["bom"] = output.bom
    if fmt == "github":
        # Annotations name files relative to the checkout, which Actions runs in.
        options["base"] = os.environ.get("GITHUB_WORKSPACE") or _cwd()
    text = render(result, fmt, **options)
    if fmt == "table":
        streams.write_text(text)
    else:
        streams.write_data(text)


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
