"""Hold the figures a claim's text prints against the figures it may print. Pure: text in, outcomes out."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from . import prose
from .wording import Phrase, say

Number = int | Decimal
KINDS: tuple[prose.Kind, ...] = ("count", "amount", "multiple", "year")


class Ref(NamedTuple):
    """A figure a claim's text may print: its name in messages, its value, whether the text must print it."""

    name: Phrase | str
    value: Number
    required: bool = False


class Outcome(NamedTuple):
    ok: bool
    message: Phrase
    expected: Number | None = None  # the key's figure
    found: Number | None = None  # the text's figure


def compare(
    text: str, refs: dict[prose.Kind, list[Ref]], unit: str, names: tuple[str, ...] = (),
    reading: prose.Reading | None = None,
) -> list[Outcome]:  # fmt: skip
    """A failing outcome per disagreement, or one passing outcome naming what agrees (none without figures).

    A figure the text must print (a claim's own key) is matched first; a figure
    that matches none is paired with a key the text does not print, so an edit
    reads as one mismatch naming both; what is left matches other figures on
    record (the table row, the baseline) or is an error.
    """
    if reading is None:
        reading = prose.read(text, names)
    failed: list[Outcome] = []
    pairs: list[Phrase] = []
    for kind in KINDS:
        candidates = refs.get(kind, [])
        required = [r for r in candidates if r.required]
        optional = [r for r in candidates if not r.required]
        printed = [(f, amount_in(f, unit)) for f in reading.figures if f.kind == kind]
        values = {value for _, value in printed}
        rest = []
        for figure, value in printed:
            ref = next((r for r in required if r.value == value), None)
            if ref is None:
                rest.append((figure, value, next((r for r in optional if r.value == value), None)))
            else:
                pairs.append(_pair(kind, figure, ref))
        # Figures nothing else explains are the likeliest edits of a key's figure.
        rest.sort(key=lambda item: item[2] is not None)
        unprinted = [r for r in required if r.value not in values]
        for (figure, value, _), ref in zip(rest, unprinted, strict=False):
            message = say("prose.mismatch", figure=figure.text, ref=ref.name, value=_show(kind, ref.value),
                          difference=value - ref.value)  # fmt: skip
            failed.append(Outcome(False, message, ref.value, value))
        for figure, value, other in rest[len(unprinted) :]:
            if other is not None:
                pairs.append(_pair(kind, figure, other))
                continue
            known = tuple(say("prose.ref", ref=r.name, value=_show(kind, r.value)) for r in candidates)
            message = say("prose.extra", figure=figure.text, refs=known or say("prose.nothing"))
            failed.append(Outcome(False, message, None, value))
        for ref in unprinted[len(rest) :]:
            failed.append(Outcome(False, say("prose.missing", ref=ref.name, value=_show(kind, ref.value)), ref.value))
    for token in reading.unreadable:
        failed.append(Outcome(False, say("prose.unreadable", token=token)))
    if failed or not pairs:
        return failed
    return [Outcome(True, say("prose.pass", pairs=tuple(pairs)))]


def _pair(kind: str, figure: prose.Figure, ref: Ref) -> Phrase:
    return say("prose.pair", figure=figure.text, ref=ref.name, value=_show(kind, ref.value))


def _show(kind: str, value: Number) -> str:
    return str(value) if kind == "year" else f"{value:,}"


def amount_in(figure: prose.Figure, unit: str) -> Number:
    value = prose.in_unit(figure.value, unit) if figure.kind == "amount" else figure.value
    return int(value) if value == value.to_integral_value() else value.normalize()
