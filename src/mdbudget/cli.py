"""The Typer application: thin commands, and the one place that maps errors to exit codes."""

from __future__ import annotations

import contextlib
import copy
import gc
import io
import os
import re
import sys
import traceback
from collections.abc import Iterator
from typing import Annotated, Any

import typer
from typer._click import Context  # the base class TyperGroup.invoke is typed with
from typer._click.core import ParameterSource
from typer._click.exceptions import UsageError as ClickUsageError
from typer.core import TyperCommand, TyperGroup

from . import __version__
from .commands import check as check_command
from .commands import diff as diff_command
from .commands import export as export_command
from .commands import queries as query_commands
from .commands import report as report_command  # report: HTML page (issue 25)
from .commands import schema as schema_command
from .commands import sql as sql_command
from .commands.options import github_base, requested_format
from .commands.params import make_plain
from .errors import BudgetError, ExitStatus, NoMatch, OutputError, UsageError
from .output import stream as output
from .safe import neutralise


class Boundary(TyperGroup):
    """Runs a command and turns whatever it raises into a message and an exit code."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        # Output that fails outside a command (help, --version, completion scripts) ends here.
        try:
            return super().main(*args, **kwargs)
        except OutputError as exc:
            sys.exit(output.exit_status(exc))

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        if not args and not ctx.resilient_parsing:
            # `mdbudget` alone asks what it can do: the help, on stdout, exit 0 (as gh does).
            output.write_text(ctx.get_help() + "\n")
            ctx.exit(ExitStatus.OK)
        with _capped_usage_errors():
            return super().parse_args(ctx, args)

    def resolve_command(self, ctx: Context, args: list[str]) -> Any:
        with _capped_usage_errors():
            return super().resolve_command(ctx, args)

    def format_help(self, ctx: Context, formatter: Any) -> None:
        formatter.write(rich_help(self, ctx))

    def get_params(self, ctx: Context) -> list[Any]:
        from .commands.completion import guard

        params = super().get_params(ctx)  # with the help and completion options typer adds
        make_plain(params)
        guard(params)
        return params

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except BudgetError as exc:
            _answer_invalid(ctx, exc)
            ctx.exit(ExitStatus.USAGE)
        except UsageError as exc:
            output.message(f"mdbudget: {exc}")
            ctx.exit(ExitStatus.USAGE)
        except NoMatch as exc:
            output.message(f"mdbudget: {exc}")
            ctx.exit(ExitStatus.FAILED)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except KeyboardInterrupt:
            ctx.exit(ExitStatus.INTERRUPTED)
        except OutputError as exc:
            ctx.exit(output.exit_status(exc))
        except BrokenPipeError:
            ctx.exit(ExitStatus.BROKEN_PIPE)
        except Exception as exc:
            if _debug(ctx):
                output.message(traceback.format_exc())
                ctx.exit(ExitStatus.INTERNAL)
            output.message(
                f"mdbudget: internal error: {type(exc).__name__}: {exc}\n"
                "mdbudget: this is a bug; for the traceback, run it again with MDBUDGET_DEBUG=1 "
                "(or as mdbudget --debug COMMAND ...)"
            )
            ctx.exit(ExitStatus.INTERNAL)


# More than this many problems on a terminal is noise; JSON and annotations carry them all.
SHOWN_PROBLEMS = 20


def _answer_invalid(ctx: Context, exc: BudgetError) -> None:
    """A budget file that cannot be used: every problem on stderr, and on stdout in JSON or annotations.

    A script reading JSON, or a pull request reading annotations, gets an answer
    to read instead of empty output.
    """
    fmt = requested_format(ctx.meta)
    if fmt in ("json", "github"):
        from .formats import render

        # The invalid file is the answer that matters: a failed write still exits 2.
        with contextlib.suppress(OutputError):
            output.write_data(render(exc, fmt, base=github_base()))
    for problem in exc.problems[:SHOWN_PROBLEMS]:
        output.message(str(problem))
    more = len(exc.problems) - SHOWN_PROBLEMS + exc.omitted
    if more > 0:
        noun = "problem" if more == 1 else "problems"
        output.message(f"{exc.file}: … and {more:,} more {noun}")


@contextlib.contextmanager
def _capped_usage_errors() -> Iterator[None]:
    """Usage errors echo what was typed: a pasted blob is cut, controls are shown, not obeyed."""
    try:
        yield
    except ClickUsageError as exc:
        exc.message = re.sub(r"\S{61,}", _cut_word, neutralise(exc.message))
        raise


def _cut_word(match: re.Match[str]) -> str:
    # A closing quote and punctuation stay ("'xxx…';" still reads as a quoted value), two at most.
    word = match.group()
    head = word.rstrip("\"'\u201d\u2019),.;:")
    tail = word[len(head) :]
    if len(head) <= 59 and len(tail) <= 2:
        return word
    return head[:59] + "…" + tail[-2:]


class Command(TyperCommand):
    """A command whose options are read in plain Python and whose help reads cleanly."""

    def format_help(self, ctx: Context, formatter: Any) -> None:
        formatter.write(rich_help(self, ctx))

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        with _capped_usage_errors():
            rest = super().parse_args(ctx, args)
        fmt = getattr(ctx.params.get("fmt"), "value", None)
        explicit = ctx.get_parameter_source("fmt") is ParameterSource.COMMANDLINE
        if ctx.params.get("json") and explicit and fmt != "json":
            name = fmt
            raise ClickUsageError(f"--json and --format {name} ask for two formats; give one of them", ctx=ctx)
        return rest

    def get_params(self, ctx: Context) -> list[Any]:
        params = super().get_params(ctx)  # with the help and completion options typer adds
        make_plain(params)
        return params


class _Capture(io.StringIO):
    """Collects rich's help as text, answering as the real stdout would (terminal? encoding?)."""

    def __init__(self, real: Any) -> None:
        super().__init__()
        self.real = real

    def isatty(self) -> bool:
        return bool(self.real is not None and self.real.isatty())

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.real, "encoding", None) or "utf-8"


def rich_help(command: TyperCommand | TyperGroup, ctx: Context) -> str:
    """The help page as text, for the one output path: no blank first line, no trailing blanks."""
    from rich.text import Text
    from typer import rich_utils

    capture = _Capture(sys.stdout)
    make_text = rich_utils._make_rich_text

    def folding(*args: Any, **kwargs: Any) -> Any:
        # rich cuts a wrapped line that ends one cell past the width (its trailing space)
        # with "…" ("spaces ar…"); folding keeps every word of the help whole.
        text = make_text(*args, **kwargs)
        if isinstance(text, Text):
            text.overflow = "fold"
        return text

    rich_utils._make_rich_text = folding
    try:
        with contextlib.redirect_stdout(capture):
            rich_utils.rich_format_help(obj=command, ctx=ctx, markup_mode=command.rich_markup_mode or "rich")
    finally:
        rich_utils._make_rich_text = make_text
    lines = [line.rstrip() for line in capture.getvalue().splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def _debug(ctx: Context) -> bool:
    root = ctx.find_root()
    return bool((root.obj or {}).get("debug")) or bool(os.environ.get("MDBUDGET_DEBUG"))


app = typer.Typer(
    cls=Boundary,
    name="mdbudget",
    help="Query and reconcile a public budget held in budget.toml.",
    no_args_is_help=False,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        output.write_text(f"mdbudget {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error.")] = False,
) -> None:
    ctx.obj = {"debug": debug}


query_commands.register(app)
sql_command.register(app)
check_command.register(app)
diff_command.register(app)
export_command.register(app)
report_command.register(app)  # report: HTML page (issue 25)
schema_command.register(app)


for _info in app.registered_commands:
    if _info.cls in (None, TyperCommand):
        _info.cls = Command


def run(args: list[str]) -> None:
    """Run one command line (the streams and Ctrl-C are set up by __main__)."""
    # One short run: the few reference cycles it makes can wait for the exit. With
    # a large budget loaded, each pass of the cycle collector would walk its
    # millions of objects to find nothing (1 s of 3 for 10^5 projects).
    gc.disable()
    only_the_command(args)(args=args, prog_name="mdbudget")


def only_the_command(args: list[str]) -> typer.Typer:
    """The app with just the command being run, when the first argument names one.

    Typer builds every registered command (its options, types and help) on each
    run; building one is what start-up needs. Help, completion and anything
    else get the whole app.
    """
    if not args or any(key.startswith(("_MDBUDGET_COMPLETE", "_TYPER_COMPLETE")) for key in os.environ):
        return app
    chosen = [c for c in app.registered_commands if c.callback and _name(c.name, c.callback.__name__) == args[0]]
    if len(chosen) != 1:
        return app
    slim = copy.copy(app)
    slim.registered_commands = chosen
    return slim


def _name(name: str | None, function: str) -> str:
    from typer.main import get_command_name

    return name or get_command_name(function)
