"""Command-line values read in plain Python.

Typer reads each option through a pydantic TypeAdapter: it imports pydantic
(most of the start-up on a run that needs no validation) and words a bad value
as pydantic does ("Value error, 'md' is not one of …"). mdbudget's options are
only text, flags, whole numbers, numbers, paths and choices, so they are read
here instead (bridge.py hands them to Typer), and a bad value is said in
mdbudget's words with what is valid.
"""

from __future__ import annotations

import enum
import types
from pathlib import Path
from typing import Any, Union, get_args, get_origin

from typer import BadParameter
from typer import Context as Context

from ..safe import neutralise

_MAX_SHOWN = 40  # a pasted blob is not echoed back whole


def shown(value: object) -> str:
    text = neutralise(str(value))
    if len(text) > _MAX_SHOWN:
        text = text[: _MAX_SHOWN - 1] + "…"
    return repr(text)


class Plain:
    """Reads one parameter's value: what typer's TypeAdapter did, without pydantic."""

    def __init__(self, annotation: Any) -> None:
        self.annotation = annotation

    def coerce(self, value: Any, param: Any, ctx: Context) -> Any:
        if value is None:
            return None
        kind = self.annotation
        if get_origin(kind) in (Union, types.UnionType):  # `X | None`: read as X
            kind = next(arg for arg in get_args(kind) if arg is not type(None))
        if get_origin(kind) in (list, tuple):  # QUERY words, each read as the item type
            item = Plain(get_args(kind)[0])
            return [item.coerce(part, param, ctx) for part in value]
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            return choice(kind, value, ctx, param)
        if kind is bool:
            return boolean(value, ctx, param)
        if kind is int:
            return whole(value, ctx, param)
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


def whole(value: Any, ctx: Context, param: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = str(value).strip()
        digits = text[1:] if text[:1] in "+-" else text
        if not (digits.isascii() and digits.isdigit() and len(digits) <= 18):
            raise BadParameter(f"{shown(value)} is not a whole number", ctx=ctx, param=param)
        number = int(text)
    return number


def at_least(minimum: int) -> Any:
    """A callback that refuses a whole number below ``minimum`` (typer's min= would show a range in help)."""

    def check(value: int | None) -> int | None:
        if value is not None and value < minimum:
            raise BadParameter(f"must be at least {minimum} (got {value})")
        return value

    return check


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
