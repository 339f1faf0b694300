"""The one place that depends on how Typer builds a parameter; tests/test_bridge.py fails loudly if that changes.

Typer (0.29) reads every value through ``TyperOption.get_runtime_param()``, a
pydantic TypeAdapter built on first use: importing pydantic is most of a
run's start-up, and a bad value is worded as pydantic words it. No public
setting avoids it (``parser=`` is read through a TypeAdapter too), and Typer
offers no hook to choose a parameter's class. So each command's parameters are
copied into subclasses whose ``get_runtime_param()`` reads values in
plain Python (params.Plain); Typer's own objects are left as they are.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperArgument, TyperOption

from .params import Plain


class PlainOption(TyperOption):
    def get_runtime_param(self) -> Any:
        return Plain(self.type_descriptor.annotation)


class PlainArgument(TyperArgument):
    def get_runtime_param(self) -> Any:
        return Plain(self.type_descriptor.annotation)


_PLAIN: dict[type, type[TyperOption] | type[TyperArgument]] = {TyperOption: PlainOption, TyperArgument: PlainArgument}


def plain(params: list[Any]) -> list[Any]:
    """``params`` with each of Typer's options and arguments as its plain-reading copy."""
    return [_copy(param) for param in params]


# The copy of each parameter, made once: click matches a parameter by identity between
# parsing and processing, and typer builds --help's option afresh on each call.
_COPIES: dict[int, tuple[Any, Any]] = {}


def _copy(param: Any) -> Any:
    kind = _PLAIN.get(type(param))
    if kind is None:
        return param  # already plain, or click's own
    made = _COPIES.get(id(param))
    if made is not None and made[0] is param:
        return made[1]
    twin = object.__new__(kind)
    twin.__dict__.update(vars(param))
    _COPIES[id(param)] = (param, twin)
    return twin
