"""Turn pydantic's validation errors into messages a budget editor can act on."""

from __future__ import annotations

import datetime
import types
import typing
import unicodedata
from decimal import Decimal
from difflib import get_close_matches
from typing import Any

from pydantic import BaseModel

from ..budget.records import PathPart
from .locate import quote_key

_MAX_SHOWN = 40


def show(value: object) -> str:
    """A value as it would be written in TOML, shortened for messages."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = quote_key(value)  # TOML's quoting, control characters escaped
    elif isinstance(value, Decimal):
        text = {"NaN": "nan", "Infinity": "inf", "-Infinity": "-inf"}.get(str(value), str(value))
    elif isinstance(value, dict):
        text = "a table"
    elif isinstance(value, list):
        text = "an array"
    elif isinstance(value, (datetime.date, datetime.time)):
        text = value.isoformat()
    else:
        text = str(value)
    return _shorten(text)


def _shorten(text: str) -> str:
    # A pasted 5 MB blob must not be echoed back in full.
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


def describe(error: Any, loc: tuple[PathPart, ...]) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    got = f" (got {show(value)})"
    if kind == "budget_rule":
        return str(ctx.get("message", error["msg"]))
    if kind == "missing":
        return "required key is missing"
    if kind == "extra_forbidden":
        return _unknown_key(loc)
    if kind in ("int_type", "int_from_float", "int_parsing"):
        return _not_whole_number(value)
    if kind == "greater_than_equal":
        return f"must be ≥ {ctx.get('ge')}{got}"
    if kind == "greater_than":
        return f"must be > {ctx.get('gt')}{got}"
    if kind == "less_than_equal":
        return f"must be ≤ {ctx.get('le')}{got}"
    if kind == "finite_number":
        return f"must be a finite number{got}"
    if kind in ("decimal_type", "decimal_parsing"):
        return f"must be a number{got}"
    if kind == "string_type":
        return f"must be text in quotes{got}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)"
    if kind == "string_pattern_mismatch":
        return f"must be a lowercase ascii id (letters, digits, - and _){got}"
    if kind == "bool_type":
        return f"must be true or false{got}"
    if kind == "list_type":
        return f"must be an array [...]{got}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"must be a table{got}"
    if kind == "too_short":
        return "must have at least one entry"
    if kind in ("date_type", "date_parsing", "date_from_datetime_inexact"):
        return f"must be a date such as 2025-05-28{got}"
    return f"{error['msg'][:1].lower()}{error['msg'][1:]}{got}"


def _not_whole_number(value: object) -> str:
    got = f" (got {show(value)})"
    if isinstance(value, Decimal):
        if not value.is_finite():
            return f"must be a whole number, not {show(value)}"
        return f"must be a whole number; amounts are exact, write no decimals{got}"
    if isinstance(value, str):
        # NFKC: fullwidth digits and commas become ASCII ones; int() reads any script's digits.
        plain = unicodedata.normalize("NFKC", value[:100]).replace(",", "").replace("_", "").strip()
        if plain.isdigit() and len(plain) <= 30:
            ascii_digits = str(int(plain))
            how = "without quotes or commas" if value.isascii() else "without quotes, in ASCII digits"
            return f"must be a number, not text{got}; write {ascii_digits} {how}"
        return f"must be a whole number, not text{got}"
    if isinstance(value, bool):
        return f"must be a whole number, not true/false{got}"
    return f"must be a whole number{got}"


def suggestions(loc: tuple[PathPart, ...]) -> list[str]:
    """Allowed keys close to the unknown key at ``loc``."""
    from .model import Budget

    allowed = _keys_at(Budget, loc[:-1])
    if len(str(loc[-1])) > 100:  # no allowed key is that long; spare difflib the work
        return []
    return get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6) if allowed else []


def _unknown_key(loc: tuple[PathPart, ...]) -> str:
    from .model import Budget

    key = _shorten(repr(str(loc[-1])))  # repr escapes control characters
    allowed = _keys_at(Budget, loc[:-1])
    close = suggestions(loc)
    if close:
        return f"unknown key {key} (did you mean {close[0]!r}?)"
    if allowed:
        return f"unknown key {key}; allowed here: {', '.join(allowed)}"
    return f"unknown key {key}"


def _keys_at(model: type[BaseModel], loc: tuple[PathPart, ...]) -> list[str]:
    """The keys the schema allows in the table at ``loc``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        info = current.model_fields.get(part)
        if info is None:
            return []
        current = _model_in(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _model_in(annotation: Any) -> Any:
    """The model class inside list[M], M | None, and so on."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType) or origin is not None:
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None
