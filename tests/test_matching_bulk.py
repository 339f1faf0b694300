"""Matching many items at once answers exactly what matching them one by one answered.

Every query is matched against all the items' names folded together (one
string, a few C calls), and a did-you-mean refines only the candidates that
could still come first. The reference below is the one-by-one matching these
replaced: any query, over any names, must get the same items and the same
message from both.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st
from support import examples

from mdbudget.reports import search
from mdbudget.reports.common import MAX_SUGGESTION_KEYS, Keys, choose
from mdbudget.safe import echo


@dataclass(frozen=True)
class Item:
    id: str
    names: list[str]
    group: str
    name_en: str | None = None  # an optional key


@dataclass(frozen=True)
class Group:
    id: str
    names: tuple[str, ...]


KEYS = Keys(("id", "names", "name_en"))


# Reference: matching one text at a time, as before.


def reference_matcher(query: str) -> Callable[[str], bool]:
    needle = search.normalise(query)
    fine = 0 < len(needle) <= search.MAX_QUERY
    jamo = fine and any(ch in search.INITIALS for ch in needle)
    at_word_start = fine and needle[0].isalnum() and ord(needle[0]) < 0x1100
    if not (jamo or at_word_start):
        return lambda text: needle in search.normalise(text)
    parts = []
    for ch in needle:
        if ch in search.INITIALS:
            first = 0xAC00 + search.INITIALS.index(ch) * 588
            parts.append(f"[{ch}{chr(first)}-{chr(first + 587)}]")
        else:
            parts.append(re.escape(ch))
    start = r"(?<![^\W_\u1100-\U0010ffff])" if at_word_start else ""
    pattern = re.compile(start + r"\s*".join(parts))
    return lambda text: pattern.search(search._folded(text)) is not None


def reference_choose(
    items: Sequence[Item], groups: dict[str, list[str]], query: str, suggest: bool
) -> tuple[list[str], str | None]:
    wanted = search.normalise(query)
    exact = [item.id for item in items if search.normalise(item.id) == wanted]
    if exact:
        return exact, None

    def matches(item: Item, match: Callable[[str], bool]) -> bool:
        return any(match(k) for k in KEYS(item)) or any(match(k) for k in groups[item.group])

    parts = list(dict.fromkeys(query.split()))
    several = 1 < len(parts) <= search.MAX_WORDS
    # The union rule: several words, each exactly a key of some item (or of its group), select each.
    forms = [{search.normalise(k) for k in KEYS(i) + groups[i.group]} for i in items]
    terms = {search.normalise(w) for w in parts}
    if several and all(any(t in f for f in forms) for t in terms):
        return [i.id for i, f in zip(items, forms, strict=True) if f & terms], None
    runs = reference_runs(query.split(), set().union(*forms))
    if runs is not None:
        return [i.id for i, f in zip(items, forms, strict=True) if f & runs], None
    whole = reference_matcher(query)
    each = [reference_matcher(w) for w in parts] if several else []
    found = [i.id for i in items if matches(i, whole) or (each and all(matches(i, m) for m in each))]
    if found or not suggest:
        return found, None
    if several and all(any(matches(i, m) for i in items) for m in each):
        said = ", ".join(echo(w) for w in parts)
        return [], f"no one item matches all of {echo(query)}; the words {said} each match a item"
    owner: dict[str, str] = {}
    for item in items:
        for name in KEYS(item) + groups[item.group]:
            owner.setdefault(name, item.id)
        if len(owner) >= MAX_SUGGESTION_KEYS:
            break
    for name, item_id in list(owner.items()):
        for word in name.split():
            owner.setdefault(word, item_id)
    seen: set[str] = set()
    close = []
    typed = {search.normalise(query), *(search.normalise(w) for w in query.split())}
    for candidate in reference_suggest(query, owner):
        if search.normalise(candidate) in typed:
            continue
        if owner[candidate] not in seen:
            seen.add(owner[candidate])
            close.append(candidate)
    hint = f" (did you mean {', '.join(echo(c) for c in close[:3])}?)" if close else ""
    return [], f"no item matches {echo(query)}{hint}"


def reference_runs(words: list[str], names: set[str]) -> set[str] | None:
    """Unquoted names: the split of ``words`` into the fewest runs that each name something (the first
    such split, trying shorter first runs first), if it has two different runs."""
    if not 1 < len(words) <= search.MAX_WORDS:
        return None
    forms = [search.normalise(w) for w in words]
    best: list[tuple[str, ...] | None] = [None] * (len(words) + 1)
    best[0] = ()
    for i in range(len(words)):
        for j in range(i + 1, len(words) + 1):
            run = "".join(forms[i:j])
            before, now = best[i], best[j]
            if before is not None and run in names and (now is None or len(before) + 1 < len(now)):
                best[j] = (*before, run)
    split = best[-1]
    return set(split) if split is not None and len(set(split)) > 1 else None


def reference_suggest(query: str, candidates: Sequence[str] | dict[str, str]) -> list[str]:
    by_form: dict[str, str] = {}
    for candidate in candidates:
        by_form.setdefault(search.normalise(candidate), candidate)
    close = difflib.get_close_matches(search.normalise(query), list(by_form), n=len(by_form) or 1, cutoff=0.5)
    return [by_form[form] for form in close]


# Characters that fold, compose, count as spaces or separate: NFD Hangul, combining
# accents, final sigma, ß, ligatures, the separators the bulk folding uses, jamo.
ALPHABET = [*"aAiI1 2_-.ㄱㅇㅎㅍ가각아앙이하팩토리Σσςßﬁİé",
    "e\u0301", "\u1100", "\u1161", "\u11a8", "\u110b", "\x1c", "\x1f", "\u00a0", "\u3000",
    "\u2028", "\u200b", "\t", "\n", "\u0345", "\u0399",
]  # fmt: skip
SEPARATORS = ["\x00", "\x01"]  # what the folding joins texts with: a name holding one is matched on its own


@st.composite
def budgets(draw: st.DrawFn, alphabet: list[str] = ALPHABET) -> tuple[list[Item], dict[str, list[str]], str]:
    texts = st.lists(st.sampled_from(alphabet), max_size=7).map("".join)
    names = st.lists(texts, min_size=1, max_size=4)
    groups = {f"g{n}": draw(names) for n in range(draw(st.integers(1, 3)))}
    items = [
        Item(
            draw(st.sampled_from([f"i{n}", *draw(names)])), draw(names), draw(st.sampled_from(sorted(groups))),
            draw(st.one_of(st.none(), texts)),
        )
        for n in range(draw(st.integers(1, 6)))
    ]  # fmt: skip
    every = [k for i in items for k in KEYS(i) + groups[i.group]]
    cut = st.tuples(st.integers(0, 8), st.integers(0, 8)).map(sorted)
    taken = st.tuples(st.sampled_from(every), cut).map(lambda t: t[0][t[1][0] : t[1][1]])  # a piece of a name
    words = st.lists(st.one_of(texts, taken), min_size=1, max_size=4).map(" ".join)
    return items, groups, draw(st.one_of(texts, taken, words))


@settings(max_examples=examples(400), deadline=None)
@given(budgets())
def test_choosing_answers_as_one_by_one_matching(case) -> None:
    assert_same_answer(*case)


@settings(max_examples=examples(100), deadline=None)
@given(budgets(ALPHABET + SEPARATORS))
def test_choosing_answers_the_same_when_a_name_holds_a_separator(case) -> None:
    assert_same_answer(*case)


def assert_same_answer(items: list[Item], groups: dict[str, list[str]], query: str) -> None:
    shared = [Group(name, tuple(keys)) for name, keys in groups.items()]
    chosen, missed = choose(
        items, KEYS, query, "item",
        shared=(lambda i: i.group, shared, Keys(("names",))), suggest_from=lambda i: KEYS(i) + groups[i.group],
    )  # fmt: skip
    assert ([i.id for i in chosen], missed) == reference_choose(items, groups, query, suggest=True)


texts = st.lists(st.sampled_from(ALPHABET + SEPARATORS), max_size=7).map("".join)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(texts, max_size=12), texts)
def test_suggestions_come_in_difflibs_order(candidates, query) -> None:
    assert list(search.closest(query, candidates)) == reference_suggest(query, candidates)
    assert search.suggest(query, candidates) == reference_suggest(query, candidates)[:3]


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(texts, max_size=8))
def test_folding_many_texts_at_once_folds_each(many) -> None:
    assert search.normalise_all(many) == [search.normalise(t) for t in many]


def test_the_spaces_a_pattern_skips_are_the_spaces_normalise_removes() -> None:
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    assert [chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(c))] == spaces
    assert search.normalise_all(["a" + "".join(spaces) + "b", *spaces]) == ["ab", *[""] * len(spaces)]


def test_a_name_holding_a_separator_is_matched_on_its_own() -> None:
    texts = [["가나\x00다라"], ["x\x01y", "ㅇ"], ["가나다라"]]
    hay = search.Haystack([[t[0] for t in texts], [t[1] if len(t) > 1 else None for t in texts]], texts.__getitem__)
    assert hay.folded is None  # matched one by one
    assert hay.find(search.Query("나다")) == [2]
    assert hay.find(search.Query("나\x00다")) == [0]
    assert hay.find(search.Query("x\x01y")) == [1]
    assert hay.find(search.Query("ㅇ")) == [1]


def test_a_pasted_query_gets_no_suggestion() -> None:
    # Closeness costs the product of the two lengths: past the finer rules' 200 characters, no did-you-mean.
    near = "가" * 200 + "나"
    assert search.suggest("가" * 200, [near]) == [near]
    assert search.suggest("가" * 201, [near]) == []
