"""Command-line options shared by every command, declared once, and the output step.

Commands take these as parameters (``file: FileOption = None``) and end with
``emit(result, output)``; how the result is formatted and where it goes is
decided here, not in each command.
"""

from __future__ import annotations

import enum
import os
import shutil
import sys
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

if TYPE_CHECKING:
    from .model import Budget


class Format(str, enum.Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class CheckFormat(str, enum.Enum):
    """check's formats: the shared ones, and GitHub Actions annotations (findings only)."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    github = "github"


class Lang(str, enum.Enum):
    ko = "ko"
    en = "en"


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
FormatOption = Annotated[Format, typer.Option("--format", help="Output format.", case_sensitive=False)]
CheckFormatOption = Annotated[
    CheckFormat,
    typer.Option(
        "--format",
        help="Output format: table, json, csv, markdown, or github (annotations for GitHub Actions).",
        case_sensitive=False,
        metavar="FORMAT",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
LangOption = Annotated[Lang, typer.Option("--lang", help="Language of names and headers.")]
BomOption = Annotated[bool, typer.Option("--bom", help="Start CSV output with a UTF-8 BOM, for Excel.")]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Say on stderr which budget file is used.")]


class Output(NamedTuple):  # not a dataclass: see errors.Problem
    format: Format | CheckFormat = Format.table
    lang: Lang = Lang.ko
    bom: bool = False

    @classmethod
    def of(cls, fmt: Format | CheckFormat, json: bool, lang: Lang = Lang.ko, bom: bool = False) -> Output:
        return cls(Format.json if json else fmt, lang, bom)


def load_budget(file: str | None, verbose: bool = False) -> Budget:
    from .load import load, resolve

    if verbose:
        name, how = resolve(file)
        message(f"using {name} ({how})")
    return load(file)


def emit(result: Any, output: Output) -> None:
    """Format a result and write it to stdout."""
    from .formats import render

    fmt = output.format.value
    options: dict[str, Any] = {"lang": output.lang.value}
    if fmt == "table":
        options.update(width=terminal_width(), color=use_color())
    if fmt == "csv":
        options["bom"] = output.bom
    if fmt == "github":
        # Annotations name files relative to the checkout, which Actions runs in.
        options["base"] = os.environ.get("GITHUB_WORKSPACE") or os.getcwd()
    sys.stdout.write(render(result, fmt, **options))


def message(text: str) -> None:
    """A message for the person, never the data: it goes to stderr."""
    sys.stderr.write(f"mdbudget: {text}\n")


def use_color() -> bool:
    # https://no-color.org: any non-empty NO_COLOR turns colour off.
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


def terminal_width() -> int:
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        return shutil.get_terminal_size((100, 24)).columns
    return 100  # piped: wide enough to paste without wrapping
