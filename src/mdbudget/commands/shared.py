"""The shared options a command takes, added to its own and handed over as two values.

``@shared(...)`` adds the options to the command's signature, after its own and in
one order for every command (--file, --unit, --format, --json, --table, --lang,
--bom, --verbose, --no-cache), and calls the command with ``source``, a
``BudgetFile`` holding --file, --verbose and --no-cache, and ``output``, an
``Output`` holding the rest. Typer reads the signature as it reads any.
"""

from __future__ import annotations

import enum
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from .options import (
    FILE_HELP,
    BomOption,
    Format,
    JsonOption,
    Lang,
    LangOption,
    NoCacheOption,
    Output,
    UnitOption,
    VerboseOption,
    file_option,
    format_option,
    message,
)

if TYPE_CHECKING:
    from ..budget.records import Budget


def table_option(command: str) -> Any:
    """--table NAME: one of a command's CSV tables (registry.py names them), as a choice."""
    from ..reports.registry import table_names

    names = table_names(command)
    choices: Any = enum.Enum("Table", {name: name for name in names}, type=str)  # type: ignore[misc]
    listed = f"{', '.join(names[1:-1])} or {names[-1]}"
    help = f"The table a CSV holds: {names[0]} (default), {listed}."
    return Annotated[choices | None, typer.Option("--table", help=help, show_default=False, metavar="NAME")]


class BudgetFile(NamedTuple):  # not a dataclass: see errors.Problem
    """The budget a command reads, as --file, --verbose and --no-cache say."""

    file: str | None = None
    verbose: bool = False
    no_cache: bool = False
    named_by: str | None = None  # what named ``file`` when not --file: check's FILE argument

    def load(self, *, packaged: bool = False, fallback: bool = True) -> Budget:
        return self.load_path(self.file, packaged=packaged, fallback=fallback, named_by=self.named_by)

    def load_path(
        self,
        path: str | None,
        *,
        packaged: bool = False,
        fallback: bool = True,
        shared: Budget | None = None,
        named_by: str | None = None,
    ) -> Budget:
        """``path`` (or the file chosen as --file's help says, when None), loaded as the options say.

        ``named_by``: what named the path, for --verbose (diff's OLD and NEW), if not --file.
        ``shared``: a budget already loaded, whose records a file of the same bytes reuses.
        """
        from ..loading.load import load, resolve

        if self.verbose:
            name, how = resolve(path, packaged=packaged, fallback=fallback)
            message(f"using {name} ({named_by or how})")
        note = message if self.verbose else None
        return load(
            path, cache=not self.no_cache, note=note, packaged=packaged, fallback=fallback, shared=shared,
            named_by=named_by,
        )  # fmt: skip


def load_budget(file: str | None, verbose: bool = False, no_cache: bool = False) -> Budget:
    return BudgetFile(file, verbose, no_cache).load()


class Formats(NamedTuple):
    """A command's --format: its choices (an Enum), its typer.Option, its default."""

    choices: type[enum.Enum] = Format
    option: Any = format_option()
    default: Any = Format.table


SHARED_FORMATS = Formats()


class Shared(NamedTuple):
    """One shared option: its parameter's name, annotation and default."""

    name: str
    annotation: Any
    default: Any


def shared(
    *,
    budget: bool = True,
    file: str | None = FILE_HELP,
    unit: bool = False,
    formats: Formats | None = SHARED_FORMATS,
    table: str | None = None,
    lang: bool = True,
    bom: bool = True,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The shared options a command takes, added to its own in one order.

    ``budget``: --file (with ``file`` as its help; None: no --file, the command names
    its files itself), --verbose and --no-cache, handed over as ``source: BudgetFile``.
    The output options are handed over as ``output: Output``: --unit when ``unit``,
    --format and --json with ``formats`` (None: neither), --table with the CSV tables
    of command ``table``, --lang, --bom.
    """
    options: list[Shared] = []
    if budget and file is not None:
        options.append(Shared("file", Annotated[str | None, file_option(file)], None))
    if unit:
        options.append(Shared("unit", UnitOption, None))
    if formats is not None:
        options.append(Shared("fmt", Annotated[formats.choices, formats.option], formats.default))
        options.append(Shared("json", JsonOption, False))
    if table is not None:
        options.append(Shared("table", table_option(table), None))
    if lang:
        options.append(Shared("lang", LangOption, Lang.ko))
    if bom:
        options.append(Shared("bom", BomOption, False))
    if budget:
        options.append(Shared("verbose", VerboseOption, False))
        options.append(Shared("no_cache", NoCacheOption, False))
    return lambda command: _with_options(command, options)


def _with_options(command: Callable[..., Any], options: list[Shared]) -> Callable[..., Any]:
    own = inspect.signature(command, eval_str=True)
    takes = set(own.parameters)
    names = {option.name for option in options}

    def run(**values: Any) -> Any:
        given = {name: values.pop(name) for name in names}
        if "source" in takes:
            values["source"] = BudgetFile(given.get("file"), given.get("verbose", False), given.get("no_cache", False))
        if "output" in takes:
            fmt = given.get("fmt")
            values["output"] = Output(
                format="json" if given.get("json") else str(getattr(fmt, "value", fmt or "table")),
                lang=str(getattr(given.get("lang"), "value", "ko")),
                bom=bool(given.get("bom")),
                table=getattr(given.get("table"), "value", None),
                unit=given.get("unit"),
            )
        return command(**values)

    visible = [p for p in own.parameters.values() if p.name not in ("source", "output")]
    added = [
        inspect.Parameter(o.name, inspect.Parameter.KEYWORD_ONLY, default=o.default, annotation=o.annotation)
        for o in options
    ]
    run.__signature__ = own.replace(parameters=[*visible, *added])  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in (*visible, *added)}
    run.__name__ = command.__name__
    run.__qualname__ = command.__qualname__
    run.__doc__ = command.__doc__
    run.__module__ = command.__module__
    return run
