"""Forgiving text matching for queries: case, spaces, Unicode form and Hangul initials.

"AI팩토리" matches "AI 팩토리", an NFD-encoded query matches NFC text, and a
query of Hangul initial consonants matches the syllables they begin
("ㅈㅅㄱㄱ" finds "절삭가공"). Initials may be mixed with whole syllables
("절ㅅ").

A budget may hold 10^5 projects with half a million names: ``Haystack``
folds them all in a few calls over one joined string, so the per-name work
left in Python is one substring test or one regex search.
"""

from __future__ import annotations

import difflib
import heapq
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import cast

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
_CONJOINING_INITIALS = [chr(code) for code in _KEYBOARD_INITIALS]
# Longer queries (pasted text, not typed names) are matched as plain substrings and get
# no did-you-mean: the finer rules compile a pattern per character, and the closeness
# measure costs the product of the two lengths.
MAX_QUERY = 200

# Between one item's texts, and between items, when many are folded as one string: neither
# is a space, and neither changes or combines with a neighbour under NFC or case folding.
_TEXT, _ITEM = "\x00", "\x01"


def normalise(text: str) -> str:
    """NFC, case-folded, without whitespace: the form every comparison uses."""
    if text.isascii():  # most ids: already NFC, and folding ASCII is lowering it
        return "".join(text.lower().split())
    return "".join(_folded(text).split())


def normalise_all(texts: Sequence[str]) -> list[str]:
    """``normalise`` of each text, folded in one call over them all."""
    folded = _folded_all(texts)
    return ["".join(f.split()) for f in folded] if folded is not None else [normalise(t) for t in texts]


def _folded(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    return text.translate(_KEYBOARD_INITIALS) if _LONE_INITIAL.search(text) else text


def _folded_all(texts: Sequence[str], inner: int = 0) -> list[str] | None:
    """``_folded`` of each text, or None when one holds a separator (``inner`` _TEXT ones are meant)."""
    if not texts:
        return []
    joined = _ITEM.join(texts)
    if joined.count(_ITEM) != len(texts) - 1 or joined.count(_TEXT) != inner:
        return None
    if joined.isascii():  # ids, English names: folding ASCII is lowering it, and that has a fast path
        return joined.lower().split(_ITEM)
    folded = unicodedata.normalize("NFC", joined).casefold()
    if any(jamo in folded for jamo in _CONJOINING_INITIALS):  # a plain scan per jamo beats one regex over it all
        folded = folded.translate(_KEYBOARD_INITIALS)
    return folded.split(_ITEM)


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
    return Query(query)(text)


# More words than this are matched only as one phrase: each word costs a pass over every item.
MAX_WORDS = 20


def words(query: str) -> list[str]:
    """The words of a query, each matched on its own when the whole query is not found."""
    return query.split()


class Query:
    """``contains`` with the query prepared once, for matching it against many texts.

    A query that begins with a Latin letter or a digit matches only at the start
    of a word ("ai" finds "AI Factory" and "바이오AI", not "Training"); Hangul
    matches anywhere, and a jamo matches every syllable it begins. Spaces in the
    text and the query are ignored.
    """

    def __init__(self, query: str) -> None:
        needle = normalise(query)
        self.needle = needle
        self.long = len(needle) > MAX_QUERY  # pasted text: matched as a plain substring
        fine = bool(needle) and not self.long
        # One regex over folded text, spaces allowed between the characters: a plain test
        # of the needle against the text without spaces, without making that text.
        self.pattern = _pattern(needle[:MAX_QUERY], fine and _is_word_letter(needle[0]), fine)

    def __call__(self, text: str) -> bool:
        if self.long:
            return self.needle in normalise(text)
        return self.pattern.search(_folded(text)) is not None


def _is_word_letter(ch: str) -> bool:
    # Letters and digits of the alphabets (Latin, Greek, Cyrillic…), all below the Hangul jamo.
    return ch.isalnum() and ord(ch) < CONJOINING_FIRST


def _pattern(needle: str, at_word_start: bool, jamo: bool) -> re.Pattern[str]:
    """The needle as a regex over folded (spaced) text: spaces allowed between characters.

    Each part is one character or one class (a jamo: the syllables it begins), with
    no quantifier but the spaces before it, so matching never backtracks more than
    a run of spaces. At a word start the first character (a letter) still leads, so
    the engine scans for it in C; only then does it look back: the character before
    it must not be a letter or digit of those alphabets.
    """
    parts = []
    for ch in needle:
        if jamo and ch in INITIALS:
            first = SYLLABLE_FIRST + INITIALS.index(ch) * SYLLABLES_PER_INITIAL
            parts.append(f"[{ch}{chr(first)}-{chr(first + SYLLABLES_PER_INITIAL - 1)}]")
        else:
            parts.append(re.escape(ch))
    if at_word_start:
        parts[0] += r"(?<![^\W_\u1100-\U0010ffff].)"
    return re.compile(r"\s*".join(parts), re.DOTALL)


# One attribute of every item: a text, an optional one (None), or several (a tuple).
Column = Sequence[str | None] | Sequence[Sequence[str]]


class Haystack:
    """Every item's texts, folded at once for matching many queries against them all.

    Given column by column (ids, names, ...), each folded in a few calls over one
    string: a column of ASCII (ids, English names) folds fastest.
    """

    def __init__(self, columns: Sequence[Column], texts: Callable[[int], Sequence[str]]) -> None:
        self.texts = texts  # one item's texts, to match one by one
        self.size = len(columns[0]) if columns else 0
        folded = [_folded_column(c) for c in columns]
        # A separator inside a text (only a file with escapes can hold one) leaves them matched one by one.
        self.folded = None if None in folded else list(map(_TEXT.join, zip(*folded, strict=True)))

    def find(self, query: Query, among: Iterable[int] | None = None) -> list[int]:
        """The items (of ``among``, or all), by index, with a text that holds ``query``."""
        rows = range(self.size) if among is None else among
        folded = self.folded
        if folded is None or _TEXT in query.needle or _ITEM in query.needle:
            return [i for i in rows if any(query(t) for t in self.texts(i))]
        search = query.pattern.search
        found = [i for i in rows if search(folded[i])]
        if query.long:  # the pattern held the needle's start; the rest is tested text by text
            found = [i for i in found if any(query(t) for t in self.texts(i))]
        return found

    def whole(self, query: Query, among: list[int], more: int = 0) -> list[tuple[int, str | None]]:
        """Of ``among``, the items with a text that is ``query`` whole, or that begins with it and has at
        most ``more`` characters besides (spaces aside), each with that text normalised: a quick test before
        texts are compared exactly. The text is None when the items cannot be tested so (each one is given)."""
        folded, needle = self.folded, query.needle
        if folded is None or query.long or _TEXT in needle or _ITEM in needle:
            return [(i, None) for i in among]
        tail = rf"(?:\s*[^{_TEXT}\s]){{0,{more}}}" if more > 0 else ""
        body = r"\s*".join(map(re.escape, needle))
        # Each text follows a separator (one is put before the first): a literal to scan for, not a position.
        pattern = re.compile(rf"{_TEXT}(\s*{body}{tail}\s*)(?={_TEXT}|$)")
        return [(i, "".join(m[1].split())) for i in among for m in pattern.finditer(_TEXT + folded[i])]


def _folded_column(values: Column) -> list[str] | None:
    # An absent text is an empty one, which holds no query but the empty one (that all items hold).
    first = next((v for v in values if v is not None), "")
    if isinstance(first, str):
        return _folded_all(cast("Sequence[str]", [v or "" for v in values] if None in values else values))
    several = cast("Sequence[Sequence[str]]", [v or () for v in values] if None in values else values)
    return _folded_all(list(map(_TEXT.join, several)), inner=sum(map(len, several)) - sum(map(bool, several)))


def suggest(query: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The candidates closest to ``query`` (compared normalised), for a did-you-mean."""
    found: list[str] = []
    for candidate in closest(query, candidates):
        if len(found) == n:
            break
        found.append(candidate)
    return found


def closest(query: str, candidates: Iterable[str], cutoff: float = 0.5) -> Iterator[str]:
    """The candidates close to ``query``, closest first, in difflib.get_close_matches's order.

    Found lazily, best first: each candidate's cheap upper bounds (its length, then
    its characters) are refined into the real ratio only when it could still come
    next, so taking the first few costs far fewer ratios than ranking them all.
    """
    texts = list(candidates)
    by_form: dict[str, str] = {}
    for text, form in zip(texts, normalise_all(texts), strict=True):
        by_form.setdefault(form, text)
    word = normalise(query)
    if len(word) > MAX_QUERY:
        return
    forms = sorted(by_form, reverse=True)  # equal ratios: the greater form first, as difflib ranks them
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    heap = []
    for rank, form in enumerate(forms):
        matcher.set_seq1(form)
        bound = matcher.real_quick_ratio()
        if bound >= cutoff:
            heap.append((-bound, rank, 0))
    heapq.heapify(heap)
    while heap:
        score, rank, stage = heapq.heappop(heap)
        if stage == 2:
            yield by_form[forms[rank]]
            continue
        matcher.set_seq1(forms[rank])
        score = matcher.quick_ratio() if stage == 0 else matcher.ratio()
        if score >= cutoff:
            heapq.heappush(heap, (-score, rank, stage + 1))
