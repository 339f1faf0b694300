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
from functools import lru_cache

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


# Longer queries (pasted text, not typed names) are matched as plain substrings:
# the finer rules compile a pattern per character, and must stay fast.
MAX_QUERY = 200


def normalise(text: str) -> str:
    """NFC, case-folded, without whitespace: the form every comparison uses."""
    # Runs once per key of every item a query is matched against: each step stays in C.
    return "".join(_folded(text).split())


def _folded(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
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


# More words than this are matched only as one phrase: each word costs a pass over every item.
MAX_WORDS = 20


def words(query: str) -> list[str]:
    """The words of a query, each matched on its own when the whole query is not found."""
    return query.split()


def matcher(query: str) -> Callable[[str], bool]:
    """``contains`` with the query prepared once, for matching it against many texts.

    A query that begins with a Latin letter or a digit matches only at the start
    of a word ("ai" finds "AI Factory" and "바이오AI", not "Training"); Hangul
    matches anywhere, and a jamo matches every syllable it begins. Spaces in the
    text and the query are ignored.
    """
    needle = normalise(query)
    fine = 0 < len(needle) <= MAX_QUERY
    jamo = fine and any(ch in INITIALS for ch in needle)
    at_word_start = fine and _is_word_letter(needle[0])
    pattern = _pattern(needle, at_word_start) if (jamo or at_word_start) else None

    # With jamo, the text's initials must hold the query's: a plain test in C first.
    needle_initials = needle.translate(_initials_table()) if jamo else ""

    def match(text: str) -> bool:
        if pattern is None:
            return needle in normalise(text)
        # The plain test first: it is in C and rules out almost every text.
        if jamo:
            if needle_initials not in normalise(text).translate(_initials_table()):
                return False
        elif needle not in normalise(text):
            return False
        return pattern.search(_folded(text)) is not None

    return match


@lru_cache(maxsize=1)
def _initials_table() -> dict[int, str]:
    """Every syllable to its initial consonant, for str.translate (built when first needed)."""
    return {
        code: INITIALS[(code - SYLLABLE_FIRST) // SYLLABLES_PER_INITIAL]
        for code in range(SYLLABLE_FIRST, SYLLABLE_LAST + 1)
    }


def _is_word_letter(ch: str) -> bool:
    # Letters and digits of the alphabets (Latin, Greek, Cyrillic…), all below the Hangul jamo.
    return ch.isalnum() and ord(ch) < CONJOINING_FIRST


def _pattern(needle: str, at_word_start: bool) -> re.Pattern[str]:
    """The needle as a regex over folded (spaced) text: spaces allowed between characters.

    Each part is one character or one class, with no quantifier but the spaces
    before it, so matching never backtracks more than a run of spaces.
    """
    parts = []
    for ch in needle:
        if ch in INITIALS:
            first = SYLLABLE_FIRST + INITIALS.index(ch) * SYLLABLES_PER_INITIAL
            parts.append(f"[{ch}{chr(first)}-{chr(first + SYLLABLES_PER_INITIAL - 1)}]")
        else:
            parts.append(re.escape(ch))
    # Not right after a letter or digit of those alphabets: a word starts here.
    start = r"(?<![^\W_\u1100-\U0010ffff])" if at_word_start else ""
    return re.compile(start + r"\s*".join(parts))


def suggest(query: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The candidates closest to ``query`` (compared normalised), for a did-you-mean."""
    by_form: dict[str, str] = {}
    for candidate in candidates:
        by_form.setdefault(normalise(candidate), candidate)
    close = difflib.get_close_matches(normalise(query), list(by_form), n=n, cutoff=0.5)
    return [by_form[form] for form in close]
