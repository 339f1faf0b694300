"""JSON: the contract scripts depend on. Amounts exact, ratios as 6-decimal fractions."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from typing import Any

from ..safe import json_escape
from ..views import Result


def format(result: Result, **_: Any) -> str:
    return dumps(result.data())


def dumps(data: Any) -> str:
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
