"""The Typer application: thin commands, and the one place that maps errors to exit codes."""

from __future__ import annotations

import copy
import gc
import os
import sys
import traceback
from typing import Annotated, Any

import typer
from typer._click import Context  # the base class TyperGroup.invoke is typed with
from typer.core import TyperGroup

from . import __version__
from .commands import check as check_command
from .commands import diff as diff_command
from .commands import export as export_command
from .commands import queries as query_commands
from .commands import schema as schema_command
from .commands import sql as sql_command
from .errors import BudgetError, ExitStatus, NoMatch, OutputError, UsageError
from .options import write_output


class Boundary(TyperGroup):
    """Runs a command and turns whatever it raises into a message and an exit code."""

    def invoke(self, ctx: Context) -> Any:
        try:
            result = super().invoke(ctx)
            write_output()
            return result
        except BudgetError as exc:
            for problem in exc.problems:
                sys.stderr.write(f"{problem}\n")
            ctx.exit(ExitStatus.USAGE)
        except UsageError as exc:
            sys.stderr.write(f"mdbudget: {exc}\n")
            ctx.exit(ExitStatus.USAGE)
        except NoMatch as exc:
            sys.stderr.write(f"mdbudget: {exc}\n")
            ctx.exit(ExitStatus.FAILED)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except KeyboardInterrupt:
            ctx.exit(ExitStatus.INTERRUPTED)
        except BrokenPipeError:
            _silence_stdout()
            ctx.exit(ExitStatus.BROKEN_PIPE)
        except OutputError as exc:
            _silence_stdout()
            sys.stderr.write(f"mdbudget: cannot write the output: {exc}\n")
            ctx.exit(ExitStatus.USAGE)
        except Exception as exc:
            if _debug(ctx):
                traceback.print_exc()
                ctx.exit(ExitStatus.INTERNAL)
            sys.stderr.write(
                f"mdbudget: internal error: {type(exc).__name__}: {exc}\n"
                "mdbudget: this is a bug; run again with --debug (or MDBUDGET_DEBUG=1) for the traceback\n"
            )
            ctx.exit(ExitStatus.INTERNAL)


def _silence_stdout() -> None:
    # Python's advice for SIGPIPE: point stdout at devnull so the flush at exit
    # does not raise a second BrokenPipeError ("Exception ignored ...").
    if sys.stdout is None:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _debug(ctx: Context) -> bool:
    root = ctx.find_root()
    return bool((root.obj or {}).get("debug")) or bool(os.environ.get("MDBUDGET_DEBUG"))


app = typer.Typer(
    cls=Boundary,
    name="mdbudget",
    help="Query and reconcile a public budget held in budget.toml.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        try:
            write_output(f"mdbudget {__version__}\n")
        except BrokenPipeError:
            _silence_stdout()
            raise typer.Exit(ExitStatus.BROKEN_PIPE) from None
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
schema_command.register(app)


def main() -> None:
    if sys.stderr is None:
        # Started with stderr closed (`2>&-`): messages go nowhere, but must not crash.
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives until exit
    # One short run: the few reference cycles it makes can wait for the exit. With
    # a large budget loaded, each pass of the cycle collector would walk its
    # millions of objects to find nothing (1 s of 3 for 10^5 projects).
    gc.disable()
    try:
        only_the_command(sys.argv[1:])()
    except KeyboardInterrupt:
        # Ctrl-C outside a command (while starting up): quiet, like inside one.
        sys.exit(ExitStatus.INTERRUPTED)
    except BrokenPipeError:
        # e.g. the reader of stderr went away while an error was being written.
        _silence_stdout()
        sys.exit(ExitStatus.BROKEN_PIPE)


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
