"""Terms that name items exactly, each: the union rule of the queries ("ai-factory autonomous-vehicles").

choose (common.py) asks here first; when no split of the query names items, its words narrow one search.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from ..budget.records import BudgetField, Project
from . import search

if TYPE_CHECKING:
    from .common import Keys, Shared

T = TypeVar("T", bound=BudgetField | Project)


def union(
    items: Sequence[T],
    keys: Keys,
    own: search.Haystack,
    terms: Sequence[str],
    shared: tuple[Shared[T], search.Haystack] | None = None,
) -> list[T] | None:
    """The items that several ``terms`` each name exactly, in the items' order; None unless every term names one."""
    if not 1 < len(terms) <= search.MAX_WORDS:
        return None
    ids: set[str] = set()
    group_ids: set[str] = set()
    for term in terms:
        query = search.Query(term)
        found = _exact(items, keys, own, query)
        in_group = _exact(shared[0][1], shared[0][2], shared[1], query) if shared is not None else set()
        if not found and not in_group:
            return None
        ids |= found
        group_ids |= in_group
    group_of = shared[0][0] if shared is not None else None
    return [i for i in items if i.id in ids or (group_of is not None and group_of(i) in group_ids)]


def union_of_runs(
    items: Sequence[T], keys: Keys, words: Sequence[str], shared: Shared[T] | None = None
) -> list[T] | None:
    """The items named exactly by consecutive runs of ``words``, two runs or more; None if no such split.

    A run is its words joined with or without a space (the same once normalised): "AI 팩토리"
    and "AI팩토리" both name ai-factory. The split with the fewest runs wins, so a name is
    read whole before its words are read as names; one run naming one item is not a union.
    """
    n = len(words)
    if not 1 < n <= search.MAX_WORDS:
        return None
    names = _names(items, keys)
    group_names = _names(shared[1], shared[2]) if shared is not None else {}
    # best[j]: the split of words[:j] with the fewest runs: (runs, ids named, group ids named).
    best: list[tuple[int, frozenset[str], frozenset[str]] | None] = [None] * (n + 1)
    best[0] = (0, frozenset(), frozenset())
    for j in range(1, n + 1):
        for i in range(j):
            before = best[i]
            if before is None:
                continue
            needle = search.normalise("".join(words[i:j]))
            ids, group_ids = names.get(needle, frozenset()), group_names.get(needle, frozenset())
            current = best[j]
            if (ids or group_ids) and (current is None or before[0] + 1 < current[0]):
                best[j] = (before[0] + 1, before[1] | ids, before[2] | group_ids)
    split = best[n]
    if split is None or split[0] < 2:
        return None
    _, ids, group_ids = split
    group_of = shared[0] if shared is not None else None
    return [i for i in items if i.id in ids or (group_of is not None and group_of(i) in group_ids)]


def _names(items: Sequence[Any], keys: Keys) -> dict[str, frozenset[str]]:
    """Each normalised key of ``items`` and the ids of the items it names: built once, folded in one call."""
    texts: list[str] = []
    owners: list[str] = []
    for item in items:
        for key in keys(item):
            texts.append(key)
            owners.append(item.id)
    found: dict[str, set[str]] = {}
    for text, owner in zip(search.normalise_all(texts), owners, strict=True):
        found.setdefault(text, set()).add(owner)
    return {text: frozenset(ids) for text, ids in found.items()}


def _exact(items: Sequence[Any], keys: Keys, haystack: search.Haystack, query: search.Query) -> set[str]:
    """The ids of the items with a key that is exactly ``query`` (the haystack narrows them first)."""
    return {items[i].id for i in haystack.find(query) if query.needle in search.normalise_all(keys(items[i]))}
