"""Command-line values read in plain Python, and shown plainly in help.

Typer reads each option through a pydantic TypeAdapter: it imports pydantic
(most of the start-up on a run that needs no validation) and words a bad value
as pydantic does ("Value error, 'md' is not one of …"). mdbudget's options are
only text, flags, whole numbers with a minimum and choices, so they are read
here instead, and a bad value is said in mdbudget's words with what is valid.

Help shows a placeholder (FORMAT, N) rather than a type (`<bool>`,
`<int range> [x>=1]`, `<share|order|id|name|name_e n>` wrapped mid-word);
the choices are listed in the option's help text.
"""

from __future__ import annotations

import enum
import re
import types
from pathlib import Path
from typing import Any, Union, get_args, get_origin

from typer._click import Context
from typer._click.exceptions import BadParameter
from typer.core import TyperArgument, TyperOption

from ..safe import neutralise

_MAX_SHOWN = 40  # a pasted blob is not echoed back whole


def shown(value: object) -> str:
    text = neutralise(str(value))
    if len(text) > _MAX_SHOWN:
        text = text[: _MAX_SHOWN - 1] + "…"
    return repr(text)


class Plain:
    """Reads one parameter's value: what typer's TypeAdapter did, without pydantic."""

    def __init__(self, annotation: Any, minimum: int | None) -> None:
        self.annotation = annotation
        self.minimum = minimum

    def coerce(self, value: Any, param: Any, ctx: Context) -> Any:
        if value is None:
            return None
        kind = self.annotation
        if get_origin(kind) in (Union, types.UnionType):  # `X | None`: read as X
            kind = next(arg for arg in get_args(kind) if arg is not type(None))
        if get_origin(kind) in (list, tuple):  # QUERY words, each read as the item type
            item = Plain(get_args(kind)[0], self.minimum)
            return [item.coerce(part, param, ctx) for part in value]
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            return choice(kind, value, ctx, param)
        if kind is bool:
            return boolean(value, ctx, param)
        if kind is int:
            return whole(value, self.minimum, ctx, param)
        if kind is float:
            return decimal_number(value, ctx, param)
        if isinstance(kind, type) and issubclass(kind, Path):
            return kind(value)
        return value if isinstance(value, str) else str(value)


def choices(kind: type[enum.Enum]) -> list[str]:
    return [str(member.value) for member in kind]


def choice(kind: type[enum.Enum], value: Any, ctx: Context, param: Any) -> enum.Enum:
    if isinstance(value, kind):
        return value
    key = str(value).strip().casefold()
    for name, member in kind.__members__.items():  # aliases (md, kr) included
        if key in (name.casefold(), str(member.value).casefold()):
            return member
    listed = choices(kind)
    valid = ", ".join(listed[:-1]) + f" or {listed[-1]}" if len(listed) > 1 else listed[0]
    raise BadParameter(f"{shown(value)} is not one of the choices; use {valid}", ctx=ctx, param=param)


def boolean(value: Any, ctx: Context, param: Any) -> bool:
    if isinstance(value, bool):
        return value
    key = str(value).strip().casefold()
    if key in ("1", "true", "yes", "on", "y", "t"):
        return True
    if key in ("0", "false", "no", "off", "n", "f"):
        return False
    raise BadParameter(f"{shown(value)} is not true or false", ctx=ctx, param=param)


def whole(value: Any, minimum: int | None, ctx: Context, param: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = str(value).strip()
        digits = text[1:] if text[:1] in "+-" else text
        if not (digits.isascii() and digits.isdigit() and len(digits) <= 18):
            raise BadParameter(f"{shown(value)} is not a whole number", ctx=ctx, param=param)
        number = int(text)
    if minimum is not None and number < minimum:
        raise BadParameter(f"must be at least {minimum} (got {number})", ctx=ctx, param=param)
    return number


def decimal_number(value: Any, ctx: Context, param: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip()
    try:
        if not text.isascii() or len(text) > 40:
            raise ValueError
        return float(text)
    except ValueError:
        raise BadParameter(f"{shown(value)} is not a number", ctx=ctx, param=param) from None


def _plain(param: TyperOption | TyperArgument) -> Plain:
    info = param.type_descriptor.parameter_info
    minimum = info.min if isinstance(info.min, int) else None
    return Plain(param.type_descriptor.annotation, minimum)


class Option(TyperOption):
    _plain_value: Plain | None = None

    def get_runtime_param(self) -> Any:
        if self._plain_value is None:
            self._plain_value = _plain(self)
        return self._plain_value

    def display_type_rich(self, ctx: Context) -> str | None:
        if self.metavar is not None:
            return self.metavar
        if self.is_flag or self.count:
            return None  # a flag takes no value
        if self.type_descriptor.is_choice:
            return (self.name or "value").upper()
        return {int: "N", float: "NUMBER"}.get(self.type_descriptor.annotation, "TEXT")

    def _get_number_range_help_str(self) -> str | None:
        return None  # the minimum is said when a value is below it


class Argument(TyperArgument):
    _plain_value: Plain | None = None

    def get_runtime_param(self) -> Any:
        if self._plain_value is None:
            self._plain_value = _plain(self)
        return self._plain_value

    def display_type_rich(self, ctx: Context) -> str | None:
        return None  # its name (OLD, QUERY) says what it is

    def get_usage_pieces(self, ctx: Context) -> list[str]:
        name = self.metavar or (self.name or "").upper()
        return [name if self.required else f"[{name}]"]


def make_plain(params: list[Any]) -> None:
    """Give a command's parameters plain reading and plain help (typer builds them as its own classes)."""
    for param in params:
        if type(param) is TyperOption:
            param.__class__ = Option
        elif type(param) is TyperArgument:
            param.__class__ = Argument
        if isinstance(param, Option) and param.type_descriptor.is_choice and param.help:
            listed = choices(param.type_descriptor.annotation)
            # Each choice as a word of its own: "file" in "the files" does not say it.
            if not all(re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", param.help) for c in listed):
                param.help = f"{param.help.rstrip('.')}: {', '.join(listed)}."
