"""JSON: the contract scripts depend on. Amounts exact, ratios as 6-decimal fractions."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from json.encoder import encode_basestring  # the C function: quotes and escapes, keeps non-ASCII
from typing import Any

from ..reports.views import Result
from ..safe import json_escape
from . import Options


def format(result: Result, options: Options) -> str:
    return dumps(result.data())


def dumps(data: Any) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2)`` + newline, Decimals exact, active characters escaped.

    json writes indented output only through its pure-Python encoder, ~10× slower
    than the C one: 100,000 projects take seconds. This writes the same bytes by
    joining strings, with each string escaped by json's C function. Anything it does
    not know (a type other than JSON's, a key that is not text, NaN) goes to
    json.dumps, which decides as it always has.
    """
    try:
        text = _value(data, "\n") + "\n"
    except (_Unknown, RecursionError):
        return _slow(data)
    return json_escape(text)  # as _slow: DEL, C1, bidi and zero-width as \u escapes


class _Unknown(Exception):
    """A value the fast writer leaves to json."""


_LITERALS = {True: "true", False: "false"}


def _value(value: Any, newline: str) -> str:
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = newline + "  "
        parts = []
        for key, item in value.items():
            if type(key) is not str:
                raise _Unknown
            # Text and whole numbers, most values, without a call.
            kind = type(item)
            if kind is str:
                parts.append(f"{encode_basestring(key)}: {encode_basestring(item)}")
            elif kind is int:
                parts.append(f"{encode_basestring(key)}: {int.__repr__(item)}")
            else:
                parts.append(f"{encode_basestring(key)}: {_value(item, inner)}")
        return "{" + inner + ("," + inner).join(parts) + newline + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = newline + "  "
        if all(type(item) is str for item in value):
            items = list(map(encode_basestring, value))
        else:
            items = [_value(item, inner) for item in value]
        return "[" + inner + ("," + inner).join(items) + newline + "]"
    if kind is int:
        return int.__repr__(value)
    if kind is bool:
        return _LITERALS[value]
    if value is None:
        return "null"
    if kind is Decimal:
        return _decimal(value)
    # Subclasses (a str or int enum), as json writes them: by their str or int value.
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float) and value - value == 0:  # finite: NaN and infinities are json's to write
        return float.__repr__(value)
    raise _Unknown


def _decimal(value: Decimal) -> str:
    # As _slow writes it: an int or a float when that is the same number, else the exact digits.
    if not value.is_finite():
        return "null"
    if value == value.to_integral_value():
        return int.__repr__(int(value))
    as_float = float(value)
    if Decimal(repr(as_float)) == value:
        return float.__repr__(as_float)
    return format_decimal(value)


def _slow(data: Any) -> str:
    # json cannot write a Decimal as a number. Most become an int or a float whose
    # shortest repr is the same digits; any other is written through a marker
    # (with a random nonce, so no user string can imitate it) and swapped back.
    nonce = os.urandom(8).hex()  # not the secrets module: importing it costs ~3 ms of start-up
    exact: dict[str, str] = {}

    def default(value: Any) -> Any:
        if isinstance(value, Decimal):
            if not value.is_finite():
                return None
            if value == value.to_integral_value():
                return int(value)
            as_float = float(value)
            if Decimal(repr(as_float)) == value:
                return as_float
            marker = f"{nonce}:{len(exact)}"
            exact[marker] = format_decimal(value)
            return marker
        raise TypeError(f"cannot write {type(value).__name__} as JSON")

    text = json.dumps(data, ensure_ascii=False, indent=2, default=default) + "\n"
    for marker, digits in exact.items():
        text = text.replace(f'"{marker}"', digits)
    return json_escape(text)  # DEL, C1, bidi and zero-width as \u escapes; the same strings once read


def format_decimal(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
