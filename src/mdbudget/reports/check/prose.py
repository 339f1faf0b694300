"""Read the figures a claim's text prints: 과제 counts, amounts in won units, 배 multiples, years.

`check` holds each figure against the claim's keys and the table, so the prose
cannot drift from the numbers beside it. Every digit of a text must belong to a
figure read here; what is left over is returned as unreadable, never skipped.
"""

from __future__ import annotations

import re
from decimal import Decimal, localcontext
from typing import Literal, NamedTuple

from ...budget.units import FACTORS

Kind = Literal["count", "amount", "multiple", "year"]

# A number as Korean prose prints it: 4,800 or 1860 or 2.5 (separators only in threes).
_NUMBER = r"(?<![\d,.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# Particles that may follow a count in running prose ("44개를").
_PARTICLE = r"(?:가|를|는|의|로|와|이|에|씩)"
_FIGURE = re.compile(
    # 1조 8,858억원, 4.8조원, 4,800억원, 4,800억, 1,000백만원, 500원
    rf"(?P<jo>{_NUMBER})\s*조(?:\s*(?P<jo_eok>{_NUMBER})\s*억)?\s*원?"
    rf"|(?P<amount>{_NUMBER})\s*(?:(?P<eok>억)원?|(?P<baekman>백만)원|(?P<man>만)원|원)"
    # 44개 과제, 14개, 44개를 — but not 3개 분야: a count of something else is not a project count
    rf"|(?P<count>{_NUMBER})\s*개(?:\s*과제|{_PARTICLE}(?![가-힣])|(?!\s*[가-힣]))"
    rf"|(?P<multiple>{_NUMBER})\s*배"
    # '23년 (or with a typographic apostrophe), 2023년
    "|(?:['\u2019\u2018]"
    r"\s?(?P<short_year>\d{2})|(?P<year>\d{4}))\s*년"
)
_TOKEN = re.compile(r"[^\s()]*\d[^\s()]*")
# Digits glued to Latin letters name things, they print no figure: 5G, 3D, B2B.
_WORD = re.compile(r"[A-Za-z]+\d[A-Za-z\d]*|\d+[A-Za-z][A-Za-z\d]*")


class Figure(NamedTuple):
    kind: Kind
    value: Decimal  # amounts in won; counts, multiples and years as printed
    text: str  # as printed, e.g. "1,860억원"


class Reading(NamedTuple):
    figures: tuple[Figure, ...]
    unreadable: tuple[str, ...]  # tokens holding digits that are no figure mdbudget reads


def read(text: str, names: tuple[str, ...] = ()) -> Reading:
    """The figures of ``text``; ``names`` (a field's names) are words, whatever digits they hold."""
    for name in sorted(names, key=len, reverse=True):
        if name:
            text = text.replace(name, " " * len(name))
    figures: list[Figure] = []
    rest = list(text)
    for m in _FIGURE.finditer(text):
        figures.append(_figure(m))
        for i in range(m.start(), m.end()):
            rest[i] = " "
    leftover = _WORD.sub(lambda m: " " * len(m.group()), "".join(rest))
    unreadable = tuple(text[m.start() : m.end()].strip(",") for m in _TOKEN.finditer(leftover))
    return Reading(tuple(figures), unreadable)


def _figure(m: re.Match[str]) -> Figure:
    shown = m.group().strip()
    if m.group("jo") is not None:
        won = _number(m.group("jo")) * FACTORS["조원"]
        if m.group("jo_eok") is not None:
            won += _number(m.group("jo_eok")) * FACTORS["억원"]
        return Figure("amount", won, shown)
    if m.group("amount") is not None:
        factor = 10**8 if m.group("eok") else 10**6 if m.group("baekman") else 10**4 if m.group("man") else 1
        return Figure("amount", _number(m.group("amount")) * factor, shown)
    if m.group("count") is not None:
        return Figure("count", _number(m.group("count")), shown)
    if m.group("multiple") is not None:
        return Figure("multiple", _number(m.group("multiple")), shown)
    year = m.group("year")
    value = Decimal(year) if year is not None else 2000 + Decimal(m.group("short_year"))
    return Figure("year", value, shown)


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def in_unit(won: Decimal, unit: str) -> Decimal:
    """An amount in won, in the budget's unit, exactly."""
    with localcontext() as ctx:
        ctx.prec = 100
        return won / FACTORS[unit]
