"""The Typer application: thin commands, and the one place that maps results and errors to exit codes.

Commands return their result or raise; ``Boundary`` asks errors.outcome what
that means (0 ok, 1 a check failed or nothing matched, 2 usage or an invalid
budget file, 3 a bug), says so on stderr and exits with it.
"""

from __future__ import annotations

import contextlib
import copy
import gc
import os
import re
import sys
import traceback
from collections.abc import Iterator
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from . import __version__
from .commands import check as check_command
from .commands import diff as diff_command
from .commands import export as export_command
from .commands import importing as importing_commands
from .commands import queries as query_commands
from .commands import report as report_command
from .commands import schema as schema_command
from .commands import sql as sql_command
from .commands import trend as trend_command
from .commands.bridge import plain
from .commands.options import github_base, requested_format, requested_lang, step_summary
from .errors import BudgetError, ExitStatus, OutputError, UsageError, outcome
from .output import stream as output
from .safe import neutralise


class Boundary(TyperGroup):
    """Runs a command and turns what it returns or raises into a message and an exit code."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        # Output that fails outside a command (help, --version, completion scripts) ends here.
        try:
            return super().main(*args, **kwargs)
        except (OutputError, UsageError) as exc:
            sys.exit(conclude(None, exc))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args and not ctx.resilient_parsing:
            # `mdbudget` alone asks what it can do: the help, on stdout, exit 0 (as gh does).
            output.write_text(ctx.get_help() + "\n")
            ctx.exit(ExitStatus.OK)
        with _capped_usage_errors():
            return super().parse_args(ctx, args)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        with _capped_usage_errors():
            return super().resolve_command(ctx, args)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from .commands.help import help_page  # rich: only for the help page

        formatter.write(help_page(self, ctx))

    def get_params(self, ctx: Any) -> list[Any]:
        from .commands.completion import guard

        params = plain(super().get_params(ctx))  # with the help and completion options typer adds
        guard(params)
        return params

    def invoke(self, ctx: Any) -> Any:
        try:
            result = super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise  # typer's own: usage errors, --help, exit codes it was given
        except (Exception, KeyboardInterrupt) as exc:
            ctx.exit(conclude(ctx, exc))
        status = conclude(ctx, result)
        if status:
            ctx.exit(status)
        return result


def conclude(ctx: Any, ended: object) -> ExitStatus:
    """End the run: what it ended with (a result or an exception) told to the person, and its exit code."""
    status, text = outcome(ended)
    if isinstance(ended, BudgetError):
        _answer_invalid(ctx.meta if ctx else {}, ended)
    elif status is ExitStatus.INTERNAL and _debug(ctx):
        output.message(traceback.format_exc())
    elif status is ExitStatus.INTERNAL:
        output.message(
            f"mdbudget: {text}\n"
            "mdbudget: this is a bug; for the traceback, run it again with MDBUDGET_DEBUG=1 "
            "(or as mdbudget --debug COMMAND ...)"
        )
    elif text:
        output.message(f"mdbudget: {text}")
    return status


# More than this many problems on a terminal is noise; JSON and annotations carry them all.
SHOWN_PROBLEMS = 20


def _answer_invalid(meta: dict[str, Any], exc: BudgetError) -> None:
    """A budget file that cannot be used: every problem on stderr, and on stdout in JSON or annotations.

    A script reading JSON, or a pull request reading annotations, gets an answer
    to read instead of empty output. Annotations are read in the same log as stderr,
    so there each problem is said once: in its annotation.
    """
    fmt = requested_format(meta)
    if fmt in ("json", "github"):
        from .formats import render

        # The invalid file is the answer that matters: a failed write still exits 2.
        try:
            output.write_data(render(exc, fmt, base=github_base(), lang=requested_lang(meta)))
            annotated = fmt == "github"
        except OutputError:
            annotated = False
        if fmt == "github":
            step_summary(exc, requested_lang(meta))
        if annotated:
            return
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
    except typer.TyperException as exc:
        if _is_usage_error(exc):
            exc.message = re.sub(r"\S{61,}", _cut_word, neutralise(exc.message))
        raise


def _is_usage_error(exc: typer.TyperException) -> bool:
    # click's UsageError (a TyperException; its class is not public): a bad command line, exit 2.
    return getattr(exc, "exit_code", None) == ExitStatus.USAGE and isinstance(exc.message, str)


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

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from .commands.help import help_page  # rich: only for the help page

        formatter.write(help_page(self, ctx))

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":  # its name (QUERY), in brackets when it may be left out
                name = param.metavar or (param.name or "").upper()
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def get_params(self, ctx: Any) -> list[Any]:
        return plain(super().get_params(ctx))  # with the help option typer adds

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        with _capped_usage_errors():
            rest: list[str] = super().parse_args(ctx, args)
        fmt = getattr(ctx.params.get("fmt"), "value", None)
        source = ctx.get_parameter_source("fmt")
        if ctx.params.get("json") and getattr(source, "name", None) == "COMMANDLINE" and fmt != "json":
            ctx.fail(f"--json and --format {fmt} ask for two formats; give one of them")
        return rest


def _debug(ctx: Any) -> bool:
    root = ctx.find_root() if ctx else None
    return bool(root and (root.obj or {}).get("debug")) or bool(os.environ.get("MDBUDGET_DEBUG"))


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
report_command.register(app)
schema_command.register(app)
trend_command.register(app)
importing_commands.register(app)  # import, init


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
