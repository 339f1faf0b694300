"""One module per output format, each with a pure ``format(result, options) -> str``.

``MODULES`` maps a format's name to its module; a module is imported only when
its format is asked for, so the json, csv and markdown paths never import rich.
A new format is a module with a ``format`` function and a line here (and its
name among a command's --format choices).
"""

from __future__ import annotations

import importlib
from typing import Any, NamedTuple, Protocol


class Options(NamedTuple):  # not a dataclass: see errors.Problem
    """How to format: each formatter reads the settings that concern it."""

    lang: str = "ko"  # names and headers: ko or en
    width: int = 100  # table: the terminal's width
    color: bool = False  # table: ANSI colours
    bom: bool = False  # csv: start with a UTF-8 BOM
    table: str | None = None  # csv: which of a result's tables; None: its main one
    base: str | None = None  # github: the checkout's folder, which annotations name files relative to


class Formatter(Protocol):
    """What a format module offers (mypy checks a module against it where one is named)."""

    def format(self, result: Any, options: Options) -> str: ...


MODULES = {
    "table": "table",
    "json": "json",
    "csv": "csv",
    "markdown": "markdown",
    "github": "github",
    "summary": "summary",  # check's findings for the GitHub job summary
    "svg": "svg",  # shares' and fields' bar chart
    "html": "html",  # the report page
}


def formatter(fmt: str) -> Formatter:
    module: Formatter = importlib.import_module(f"{__name__}.{MODULES[fmt]}")
    return module


def render(result: Any, fmt: str, **options: Any) -> str:
    """``result`` in format ``fmt``; ``options`` are the fields of ``Options`` (an unknown one is an error)."""
    return formatter(fmt).format(result, Options(**options))
