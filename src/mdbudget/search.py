"""Forgiving text matching for queries: case, spaces, Unicode form and Hangul initials.

"AI팩토리" matches "AI 팩토리", an NFD-encoded query matches NFC text, and a
query of Hangul initial consonants matches the syllables they begin
("ㅈㅅㄱㄱ" finds "절삭가공"). Initials may be mixed with whole syllables
("절ㅅ").
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable

# The 19 initial consonants, as the compatibility jamo a keyboard types, in
# the order Unicode composes syllables: syllable = 0xAC00 + (initial × 21 + medial) × 28 + final.
INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
SYLLABLE_FIRST, SYLLABLE_LAST = 0xAC00, 0xD7A3
SYLLABLES_PER_INITIAL = 21 * 28
# Conjoining initial consonants (what NFD produces) U+1100..U+1112, in the same order.
CONJOINING_FIRST = 0x1100

# A lone conjoining initial (from NFD input) becomes the keyboard jamo.
_KEYBOARD_INITIALS = {CONJOINING_FIRST + i: jamo for i, jamo in enumerate(INITIALS)}


_LONE_INITIAL = re.compile("[\u1100-\u1112]")


def normalise(text: str) -> str:
    """NFC, case-folded, without whitespace: the form every comparison uses."""
    # Runs once per key of every item a query is matched against: each step stays in C.
    text = "".join(unicodedata.normalize("NFC", text).casefold().split())
    return text.translate(_KEYBOARD_INITIALS) if _LONE_INITIAL.search(text) else text


def initial(ch: str) -> str:
    """The initial consonant of a Hangul syllable ('절' → 'ㅈ'); other characters unchanged."""
    code = ord(ch)
    if SYLLABLE_FIRST <= code <= SYLLABLE_LAST:
        return INITIALS[(code - SYLLABLE_FIRST) // SYLLABLES_PER_INITIAL]
    return ch


def initials(text: str) -> str:
    return "".join(initial(ch) for ch in normalise(text))


def contains(text: str, query: str) -> bool:
    """Whether ``query`` occurs in ``text``, a jamo in the query matching any syllable it begins."""
    return matcher(query)(text)


def matcher(query: str) -> Callable[[str], bool]:
    """``contains`` with the query prepared once, for matching it against many texts."""
    needle = normalise(query)
    has_initials = any(ch in INITIALS for ch in needle)

    def match(text: str) -> bool:
        hay = normalise(text)
        if needle in hay:
            return True
        if not has_initials:
            return False
        return any(
            all(_same(hay[start + i], q) for i, q in enumerate(needle)) for start in range(len(hay) - len(needle) + 1)
        )

    return match


def _same(ch: str, q: str) -> bool:
    return ch == q or (q in INITIALS and initial(ch) == q)


def suggest(query: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The candidates closest to ``query`` (compared normalised), for a did-you-mean."""
    by_form: dict[str, str] = {}
    for candidate in candidates:
        by_form.setdefault(normalise(candidate), candidate)
    close = difflib.get_close_matches(normalise(query), list(by_form), n=n, cutoff=0.5)
    return [by_form[form] for form in close]
