"""TOML text to plain data, floats as exact Decimals; and the bounds no budget's number goes beyond.

tomli's messages name a symptom; where the cause is common (a date in the wrong
form, fullwidth digits, text without quotes) the message says the cause.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ..errors import BudgetError, Problem

# Beyond these no budget figure goes; past them Decimal arithmetic needs unbounded
# precision (1e-999999999 is a billion digits written out) and Python refuses to
# print an integer of more than 4,300 digits.
MAX_DIGITS = 40
MAX_EXPONENT = 40


def parse_toml(text: str, display: str) -> dict[str, Any]:
    """The parsed TOML document; BudgetError, located, if it is not TOML or a number in it cannot be read."""
    import tomli

    try:
        # Floats become Decimal so amounts and ratios stay exact.
        data = tomli.loads(text, parse_float=_decimal)
    except tomli.TOMLDecodeError as exc:
        message = getattr(exc, "msg", None) or str(exc).split(" (at ")[0]
        line = getattr(exc, "lineno", None)
        column = getattr(exc, "colno", None)
        hint = _toml_message(message, text, line)
        raise BudgetError([Problem(display, f"invalid TOML: {hint}", line, column)]) from None
    except RecursionError:
        raise BudgetError([Problem(display, "invalid TOML: nested too deeply")]) from None
    except _BadNumber as exc:
        line, column = _line_col_of(text, text.find(exc.text))
        raise BudgetError([Problem(display, f"invalid TOML: {exc}", line, column)]) from None
    except ValueError:
        # Python refuses to convert integers of more than 4300 digits (CVE-2020-10735).
        line, column = _long_number(text)
        message = f"invalid TOML: a number has too many digits (at most {MAX_DIGITS})"
        raise BudgetError([Problem(display, message, line, column)]) from None
    return data


class _BadNumber(ValueError):
    def __init__(self, message: str, text: str) -> None:
        super().__init__(message)
        self.text = text


def _decimal(text: str) -> Decimal:
    """A TOML float as a Decimal; one that Decimal cannot hold (1e99999999999999999999) is refused."""
    if len(text) > 1_000:
        # Long enough to be refused below anyway; spare the conversion.
        raise _BadNumber(f"a number has too many digits (at most {MAX_DIGITS})", text)
    try:
        return Decimal(text)
    except ArithmeticError:
        raise _BadNumber(
            f"a number is out of range (write it between 1e-{MAX_EXPONENT} and 1e{MAX_EXPONENT})", text
        ) from None


def _line_col_of(text: str, offset: int) -> tuple[int | None, int | None]:
    if offset < 0:
        return None, None
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _long_number(text: str) -> tuple[int | None, int | None]:
    found = re.search(r"(?<![0-9_])[0-9][0-9_]{4000,}", text)  # run starts only: linear
    if found is None:
        return None, None
    start = found.start()
    return text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1


def out_of_bounds(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        # bit_length, not str(): the string of a 4,000-digit hex number cannot be made.
        if value.bit_length() > MAX_DIGITS * 10 // 3:
            return f"a number has too many digits (at most {MAX_DIGITS})"
    elif isinstance(value, Decimal) and value.is_finite():
        _, digits, exponent = value.as_tuple()
        assert isinstance(exponent, int)
        if len(digits) > MAX_DIGITS:
            return f"a number has too many digits (at most {MAX_DIGITS})"
        if (value and not -MAX_EXPONENT <= value.adjusted() <= MAX_EXPONENT) or exponent < -MAX_DIGITS:
            return f"a number is out of range (write it between 1e-{MAX_EXPONENT} and 1e{MAX_EXPONENT})"
    return None


_BARE_TEXT = re.compile(r"=\s*(?!(true|false|[+-]?(inf|nan))\b)[^\W\d_]")
# A digit that is not 0-9: a fullwidth one, or another script's.
_WIDE_DIGIT = re.compile(r"=\s*[+-]?(?![0-9])\d")
_DATE = re.compile(r"=\s*\d{4}-\d{1,2}-\d{1,2}\s*(#.*)?$")
# 3,786 as the release prints it: TOML numbers hold no thousands commas.
_THOUSANDS = re.compile(r"=\s*([+-]?\d{1,3}(?:,\d{3})+)\s*(#.*)?$")


def _toml_message(message: str, text: str, line: int | None) -> str:
    """tomli's message, with a hint where it names the symptom rather than the cause."""
    if message.startswith("Cannot overwrite a value") or message.startswith("Cannot declare"):
        return f"{message} (a key or table is defined twice)"
    if message == "Illegal character '\\n'":
        return "a string is not closed before the end of the line"
    lines = text.split("\n")
    source_line = lines[line - 1] if line and line <= len(lines) else ""
    if message.startswith("Expected newline") and _DATE.search(source_line):
        return "not a valid date (write YYYY-MM-DD, e.g. 2025-05-28)"
    if message.startswith("Expected newline") and (number := _THOUSANDS.search(source_line)):
        shown = number.group(1)
        return f"a number cannot hold commas (got {shown}); write {shown.replace(',', '')} without commas"
    if message == "Invalid value" and _WIDE_DIGIT.search(source_line):
        return "Invalid value; write numbers in ASCII digits (10, not \uff11\uff10)"
    if message == "Invalid value" and _BARE_TEXT.search(source_line):
        return 'Invalid value; text must be in quotes ("...")'
    return message
