"""Exact conversion between the money units a budget may be written in.

Amounts are whole numbers in the file's unit; converting multiplies or
divides by a power of ten, so the result is exact: an int when whole,
otherwise a Decimal with exactly the digits it needs (4,787억원 = 0.4787조원).
"""

from __future__ import annotations

import unicodedata
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Literal, TypeAlias, cast

from .keys import FACTORS as FACTORS  # how many won one of each unit is, declared once
from .keys import UNITS, UnitName

# ASCII spellings for keyboards and scripts without Hangul input.
ALIASES: dict[str, UnitName] = {"won": "원", "thousand": "천원", "million": "백만원", "eok": "억원", "jo": "조원"}
CHOICES = tuple(UNITS) + tuple(ALIASES)
# ALIASES' keys as a type (tests/test_typed_api.py holds them equal).
Alias: TypeAlias = Literal["won", "thousand", "million", "eok", "jo"]
# What the Python API's ``unit=`` takes: the units' names and their ASCII aliases, as
# --unit lists them (at run time it also reads the other spellings --unit reads).
Unit: TypeAlias = UnitName | Alias
# How people also write them: 억 for 억원, "억 원" with a space, KRW.
SPELLINGS: dict[str, UnitName] = {**ALIASES, "억": "억원", "조": "조원", "백만": "백만원", "천": "천원", "krw": "원"}
# How English headers and notes name each unit: 억원 is a hundred million won.
ENGLISH = {"원": "KRW", "천원": "KRW 1K", "백만원": "KRW 1M", "억원": "KRW 100M", "조원": "KRW 1T"}

Amount = int | Decimal


def unit_name(text: str) -> UnitName:
    """The unit a user typed (억원 or eok), as its Korean name; ValueError if unknown."""
    key = "".join(unicodedata.normalize("NFC", text[:100]).casefold().split())
    if key in FACTORS:
        return cast(UnitName, key)
    if key in SPELLINGS:
        return SPELLINGS[key]
    from ..safe import echo

    raise ValueError(f"unknown unit {echo(text)}; use one of {', '.join(CHOICES)}")


def label(unit: str, lang: str) -> str:
    """The unit as a person reading ``lang`` names it: 억원, or KRW 100M in English."""
    return unit if lang == "ko" else ENGLISH.get(unit, unit)


def convert(amount: Amount, source: str, target: str) -> Amount:
    """``amount`` in ``source`` units, in ``target`` units, exactly."""
    if source == target and isinstance(amount, int):
        return amount
    # Precision far beyond 10^18 × 10^12, so no digit is ever rounded away.
    with localcontext() as ctx:
        ctx.prec = 100
        value = Decimal(amount) * FACTORS[source] / FACTORS[target]
        if value == value.to_integral_value():
            return int(value)
        return value.normalize()


def average(amount: int, count: int, source: str, target: str) -> Amount | None:
    """``amount / count``, rounded half up (8.525 → 8.53) to 0.01 of the file's unit, then converted.

    The file's figures are whole units, so two decimals of them is already
    more precision than the source holds (0.01억원 = 1백만원).
    """
    if count == 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 100
        mean = (Decimal(amount) / count).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return convert(mean, source, target)
