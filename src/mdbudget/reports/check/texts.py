"""Read every claim's text, once all the rules have said which figures it may print.

The texts are read together so that a wrong unit is said once: `unit = "원"` over
amounts in 억원 makes every amount the prose prints 10^8 times off. When another
unit explains more of the printed amounts than the budget's own (and at least
half of them), `check` says the unit looks wrong, on the unit's line, and reads
the texts in the unit that fits, so the rest of the report still means something.
"""

from __future__ import annotations

from ...budget.records import PathPart
from ...budget.units import FACTORS
from . import prose
from .claims import amount_in
from .claims import compare as compare_text
from .collect import Collector, ProseTask
from .wording import say


def read_all(c: Collector) -> None:
    readings = [prose.read(task.text, task.names) for task in c.texts]
    unit = _likely_unit(c.texts, readings, c.budget.unit)
    if unit != c.budget.unit:
        matched, printed, example = _fit(c.texts, readings, unit)
        message = say("unit.wrong", unit=c.budget.unit, likely=unit, matched=matched, printed=printed,
                      example=example)  # fmt: skip
        loc: tuple[PathPart, ...] = ("program", "unit")
        c.add("program.unit", "error", say("unit.subject"), message, loc, c.budget.program.source_file)
    for task, reading in zip(c.texts, readings, strict=True):
        subject = say("prose.subject", text=task.text)
        for ok, message, expected, found in compare_text(task.text, task.refs, unit, task.names, reading):
            c.add(task.code, "pass" if ok else "error", subject, message, task.loc, task.source, expected, found)


def _likely_unit(tasks: list[ProseTask], readings: list[prose.Reading], unit: str) -> str:
    matched, printed, _ = _fit(tasks, readings, unit)
    if matched == printed:
        return unit
    best, most = unit, matched
    for other in FACTORS:
        fits = _fit(tasks, readings, other)[0]
        if fits > most:
            best, most = other, fits
    return best if 2 * most >= printed else unit


def _fit(tasks: list[ProseTask], readings: list[prose.Reading], unit: str) -> tuple[int, int, str]:
    """How many printed amounts equal an amount their claim may print, read in ``unit``; of how many; the first."""
    matched = printed = 0
    example = ""
    for task, reading in zip(tasks, readings, strict=True):
        amounts = [f for f in reading.figures if f.kind == "amount"]
        if not amounts:
            continue
        allowed = {ref.value for ref in task.refs.get("amount", ())}
        for figure in amounts:
            printed += 1
            if amount_in(figure, unit) in allowed:
                matched += 1
                example = example or figure.text
    return matched, printed, example
