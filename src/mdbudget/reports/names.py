"""Terms that name items exactly, each: the union rule of the queries ("ai-factory autonomous-vehicles").

choose (common.py) asks here first; when no split of the query names items, its words narrow one search.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from ..budget.records import BudgetField, Project
from . import search

T = TypeVar("T", bound=BudgetField | Project)


class Keys(Protocol):
    """What names an item (common.Keys): its texts, and a haystack of them for many items."""

    def __call__(self, item: Any) -> list[str]: ...

    def haystack(self, items: Sequence[Any]) -> search.Haystack: ...


# Keys many items share (a project's field's names): each item's group's id, the groups, and their keys.
Shared = tuple[Callable[[T], str], Sequence[BudgetField], Keys]


class Names:
    """What names items exactly: their ``keys``, found through a haystack of just those keys.

    ``haystack``: the query's own, when it holds just these keys; otherwise (a project is
    named by its id, but found by its name too) one of the keys alone is made when first
    asked. A query's items are found once.
    """

    def __init__(self, items: Sequence[Any], keys: Keys, haystack: search.Haystack | None = None) -> None:
        self.items, self.keys, self._haystack = items, keys, haystack
        self._normalised: dict[int, list[str]] = {}
        self._found: dict[str, list[int]] = {}

    @property
    def haystack(self) -> search.Haystack:
        if self._haystack is None:
            self._haystack = self.keys.haystack(self.items)
        return self._haystack

    def find(self, query: search.Query) -> list[int]:
        found = self._found.get(query.needle)
        if found is None:
            found = self._found[query.needle] = self.haystack.find(query)
        return found

    def exact(self, query: search.Query) -> frozenset[str]:
        """The ids of the items with a key that is exactly ``query``."""
        return frozenset(self.starting(query, 0).get(query.needle, ()))

    def starting(self, query: search.Query, more: int) -> dict[str, set[str]]:
        """Every key that begins with ``query`` (normalised) and is at most ``more`` characters longer,
        and the ids of the items that have it."""
        needle = query.needle
        keys: dict[str, set[str]] = {}
        # A key that begins with the query holds it at a word's start: find() has the item.
        for i, text in self.haystack.whole(query, self.find(query), more):
            texts = [text] if text is not None else self._keys(i)  # a key holding a separator: each key
            for key in texts:
                if key.startswith(needle) and len(key) <= len(needle) + more:
                    keys.setdefault(key, set()).add(self.items[i].id)
        return keys

    def _keys(self, i: int) -> list[str]:
        keys = self._normalised.get(i)
        if keys is None:
            keys = self._normalised[i] = search.normalise_all(self.keys(self.items[i]))
        return keys


def union(
    items: Sequence[T], terms: Sequence[str], own: Names, group: tuple[Shared[T], Names] | None = None
) -> list[T] | None:
    """The items that several ``terms`` each name exactly, in the items' order; None unless every term names one."""
    if not 1 < len(terms) <= search.MAX_WORDS:
        return None
    ids: set[str] = set()
    group_ids: set[str] = set()
    for term in terms:
        query = search.Query(term)
        found = own.exact(query)
        in_group = group[1].exact(query) if group is not None else frozenset()
        if not found and not in_group:
            return None
        ids |= found
        group_ids |= in_group
    return _chosen(items, ids, group_ids, group)


def union_of_runs(
    items: Sequence[T], words: Sequence[str], own: Names, group: tuple[Shared[T], Names] | None = None
) -> list[T] | None:
    """The items named exactly by consecutive runs of ``words``, two different runs or more; None if none.

    A run is its words joined with or without a space (the same once each word is normalised):
    "AI 팩토리" and "AI팩토리" both name ai-factory. The split with the fewest runs wins (the
    first found, if several tie), so a name is read whole before its words are read as names;
    one run naming one item, or one run said twice, is not a union. A run is only tried from
    where the runs before it end, and only as long as some key begins with it.
    """
    n = len(words)
    if not 1 < n <= search.MAX_WORDS:
        return None
    forms = [search.normalise(w) for w in words]
    sides = [own] if group is None else [own, group[1]]
    # best[j]: the split of words[:j] with the fewest runs: its runs, and the ids each side's runs name.
    best: list[tuple[tuple[str, ...], tuple[frozenset[str], ...]] | None] = [None] * (n + 1)
    best[0] = ((), tuple(frozenset[str]() for _ in sides))
    for i in range(n):
        start = best[i]
        if start is None:
            continue
        # The keys a run from word i can be: those that begin with the word and are no longer than the rest.
        more = sum(map(len, forms[i + 1 :]))
        tables = [side.starting(search.Query(words[i]), more) for side in sides]
        keys = sorted(key for table in tables for key in table)
        for j in range(i + 1, n + 1):
            needle = "".join(forms[i:j])
            at = bisect.bisect_left(keys, needle)
            if at == len(keys) or not keys[at].startswith(needle):
                break  # no key begins with this run, so none is it or a longer one
            named = tuple(frozenset(table.get(needle, ())) for table in tables)
            current = best[j]
            if any(named) and (current is None or len(start[0]) + 1 < len(current[0])):
                best[j] = ((*start[0], needle), tuple(a | b for a, b in zip(start[1], named, strict=True)))
    split = best[n]
    if split is None or len(set(split[0])) < 2:
        return None
    return _chosen(items, split[1][0], split[1][1] if group is not None else frozenset(), group)


def _chosen(
    items: Sequence[T], ids: set[str] | frozenset[str], group_ids: set[str] | frozenset[str], group: Any
) -> list[T]:
    group_of = group[0][0] if group is not None else None
    return [i for i in items if i.id in ids or (group_of is not None and group_of(i) in group_ids)]
