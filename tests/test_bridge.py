"""What mdbudget assumes about Typer, in one place: if a Typer release changes it, these fail first.

commands/bridge.py copies Typer's parameters into subclasses whose
get_runtime_param() reads values in plain Python (no pydantic at start-up);
commands/help.py draws the help page from click's public parameter attributes.
"""

from __future__ import annotations

from typing import Annotated

import pytest
import typer
from typer.core import TyperArgument, TyperOption
from typer.main import get_command
from typer.testing import CliRunner

from mdbudget.cli import Command, app
from mdbudget.commands.bridge import PlainArgument, PlainOption, plain

BROKEN = "Typer no longer reads values as commands/bridge.py expects: see its docstring"


def every_param() -> list[tuple[str, object]]:
    group = get_command(app)
    ctx = typer.Context(group)
    found = []
    for name in group.list_commands(ctx):  # type: ignore[attr-defined]
        command = group.get_command(ctx, name)  # type: ignore[attr-defined]
        found += [(f"{name} {p.name}", p) for p in command.get_params(typer.Context(command))]
    return found


def test_typer_still_reads_each_value_through_get_runtime_param() -> None:
    # A value Plain words one way and pydantic another: Plain's words mean the bridge was used.
    little = typer.Typer()

    @little.command(cls=Command)
    def count(n: Annotated[int, typer.Option("--n", metavar="N")] = 1) -> None:
        print(n * 2)

    done = CliRunner().invoke(little, ["--n", "x"], env={"COLUMNS": "200"})
    assert "'x' is not a whole number" in done.stderr, BROKEN
    assert CliRunner().invoke(little, ["--n", "21"]).stdout == "42\n", BROKEN


def test_typer_builds_its_own_parameter_classes_with_state_in_dict() -> None:
    assert hasattr(TyperOption, "get_runtime_param") and hasattr(TyperArgument, "get_runtime_param"), BROKEN
    assert "__slots__" not in vars(TyperOption) and "__slots__" not in vars(TyperArgument), BROKEN
    option = TyperOption(param_decls=["--n"], type_descriptor=None)  # type: ignore[call-arg]
    (copy,) = plain([option])
    assert type(copy) is PlainOption and vars(copy) == vars(option), BROKEN
    assert plain([option])[0] is copy  # made once: click matches parameters by identity


@pytest.mark.parametrize(("name", "param"), every_param(), ids=lambda x: x if isinstance(x, str) else "")
def test_every_parameter_of_every_command_reads_plainly(name: str, param: object) -> None:
    # click's own --help option stays click's.
    assert type(param) in (PlainOption, PlainArgument) or not isinstance(param, (TyperOption, TyperArgument)), name


def test_every_option_that_takes_a_value_names_it() -> None:
    # The help page shows an option's metavar (FORMAT, N) as what it takes.
    unnamed = [
        name
        for name, p in every_param()
        if getattr(p, "param_type_name", "") == "option" and not p.is_flag and not p.metavar  # type: ignore[attr-defined]
    ]
    assert unnamed == []


def test_every_choice_is_listed_in_its_options_help() -> None:
    import enum
    import re

    missing = []
    for name, p in every_param():
        kind = getattr(getattr(p, "type_descriptor", None), "annotation", None)
        if isinstance(kind, type) and issubclass(kind, enum.Enum) and getattr(p, "param_type_name", "") == "option":
            for value in {str(m.value) for m in kind}:
                if not re.search(rf"(?<![\w-]){re.escape(value)}(?![\w-])", p.help or ""):  # type: ignore[attr-defined]
                    missing.append(f"{name}: {value}")
    assert missing == []
