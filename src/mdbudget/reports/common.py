"""What the reports share: unit conversion, names, captions, footnotes and matching."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import TypeVar

from ..budget import units
from ..budget.records import Budget, BudgetField, Project
from ..safe import echo
from . import names, search
from .names import Shared
from .views import Lang

Amount = units.Amount
T = TypeVar("T", bound=BudgetField | Project)


@dataclass(frozen=True)
class Money:
    """Turns the file's whole-unit amounts into the unit asked for."""

    source: str
    unit: str

    @classmethod
    def of(cls, budget: Budget, unit: str | None) -> Money:
        return cls(budget.unit, units.unit_name(unit) if unit else budget.unit)

    def __call__(self, amount: int) -> Amount:
        return units.convert(amount, self.source, self.unit)

    def average(self, amount: int, count: int | None) -> Amount | None:
        return units.average(amount, count, self.source, self.unit) if count else None


@dataclass(frozen=True)
class Caption:
    """The facts every table's title and notes name: year, unit, source, footnote."""

    year: int
    unit: str
    source_file: str
    title: str
    title_en: str
    provisional: str | None
    provisional_en: str | None
    provisional_source: str | None
    read_from: tuple[str, str] | None = None  # the file that answered, when not ./budget.toml (Origin.read_from)

    @classmethod
    def of(cls, budget: Budget, unit: str) -> Caption:
        p, note = budget.program, budget.provisional
        return cls(
            year=budget.year,
            unit=unit,
            source_file=p.source_file,
            title=p.title,
            title_en=p.title_en or p.title,
            provisional=note.note if note else None,
            provisional_en=(note.note_en or note.note) if note else None,
            provisional_source=note.source if note else None,
            read_from=budget.origin.read_from() if hasattr(budget.origin, "read_from") else None,
        )

    def why(self, provisional: bool) -> dict[str, str | None]:
        """The JSON keys that say why a row's amounts may still change (null unless provisional)."""
        on = provisional and self.provisional is not None
        return {
            "provisional_note": self.provisional if on else None,
            "provisional_note_en": self.provisional_en if on else None,
            "provisional_source": self.provisional_source if on else None,
        }

    def source(self, lang: Lang, where: str = "") -> str:
        title = self.title if lang == "ko" else self.title_en
        where = f" ({where})" if where else ""
        label = "출처" if lang == "ko" else "Source"
        return f"{label}: {self.source_file} — {title}{where}{self.file_note(lang)}"

    def file_note(self, lang: Lang) -> str:
        """Which budget file answered, unless it is ./budget.toml: outside the budget's folder a
        query answers from the packaged copy, which the table must not pass off as the user's."""
        if self.read_from is None:
            return ""
        kind, name = self.read_from
        if kind == "packaged":
            return f"; 설치된 사본: {name}" if lang == "ko" else f"; packaged copy: {name}"
        return f"; 파일: {name}" if lang == "ko" else f"; file: {name}"

    def footnote(self, lang: Lang) -> str | None:
        note = self.provisional if lang == "ko" else self.provisional_en
        return f"* {note}" if note else None

    def notes(self, lang: Lang, where: str, provisional: bool) -> tuple[str, ...]:
        footnote = self.footnote(lang) if provisional else None
        return tuple(n for n in (footnote, self.source(lang, where)) if n)

    def money(self, what: str, lang: Lang) -> str:
        """A column header with the unit: "총 투자규모 (억원)", "total (KRW 100M)"."""
        return f"{what} ({units.label(self.unit, lang)})"

    def year_header(self, lang: Lang) -> str:
        return self.money(f"{self.year}년" if lang == "ko" else str(self.year), lang)

    def total_header(self, lang: Lang) -> str:
        return self.money("총 투자규모" if lang == "ko" else "total", lang)


@dataclass(frozen=True)
class Keys:
    """What a query is matched against: these attributes of an item (texts, optional texts, tuples of texts)."""

    attributes: tuple[str, ...]

    def __call__(self, item: object) -> list[str]:
        keys: list[str] = []
        for name in self.attributes:
            value = getattr(item, name)
            if isinstance(value, tuple | list):
                keys.extend(value)
            elif value is not None:
                keys.append(value)
        return keys

    def haystack(self, items: Sequence[object]) -> search.Haystack:
        columns = [list(map(attrgetter(name), items)) for name in self.attributes]
        return search.Haystack(columns, lambda i: self(items[i]))


field_keys = Keys(("id", "name", "name_en", "aliases"))
own_project_keys = Keys(("id", "name", "lead", "participants", "name_en"))


def project_keys(p: Project, budget: Budget) -> list[str]:
    return own_project_keys(p) + field_keys(budget.field_by_id()[p.field])


def by_field(budget: Budget) -> Shared[Project]:
    """A project matches by its field's names too: each field's are matched once, not once per project."""
    return (lambda p: p.field, budget.fields, field_keys)


def choose(
    items: Sequence[T],
    keys: Keys,
    query: str | None,
    what: str,
    shared: Shared[T] | None = None,
    suggest_from: Callable[[T], list[str]] | None = None,
    terms: Sequence[str] | None = None,
    named_by: Keys | None = None,
) -> tuple[list[T], str | None]:
    """Items whose keys (their id among them) match ``query``, and why nothing matched (None when something did).

    An item matches when one of its keys holds the whole query (spaces ignored), or,
    for a query of several words, when every word is found in one key or another
    ("pharma impurity"). ``shared`` keys count as the item's own, and are matched once
    per group rather than once per item; ``suggest_from`` gives every key a
    did-you-mean may offer. When every one of several ``terms`` (the arguments as typed, or
    the words of one) names an item exactly — its id, name, English name or alias, or its
    group's — the query is a union: each item named ("ai-factory autonomous-vehicles").
    ``named_by``: the keys that name an item for that (default: ``keys``).
    No match is an empty list: a report with no rows is
    still an answer (``[]`` in JSON, the header row in CSV) and the command exits 1
    after writing it.
    """
    if query is None:
        return list(items), None
    own = keys.haystack(items)
    if shared is not None:
        group_of, groups, group_keys = shared
        of_group = group_keys.haystack(groups)
        item_groups = [group_of(item) for item in items]

    def matching(query: search.Query, among: list[int] | None, found: list[int]) -> list[int]:
        """``found`` (the items whose own keys match), and those whose group's keys match."""
        in_group = {groups[g].id for g in of_group.find(query)} if shared is not None else set()
        if not in_group:
            return found
        hit, rows = set(found), range(len(items)) if among is None else among
        return [i for i in rows if i in hit or item_groups[i] in in_group]

    whole = search.Query(query)
    hits = own.find(whole)
    # An exact id wins alone. The id is one of the item's keys, so only the items matched can hold it.
    exact = [items[i] for i in hits if search.normalise(items[i].id) == whole.needle]
    if exact:
        return exact, None
    typed = list(dict.fromkeys(terms if terms and len(terms) > 1 else search.words(query)))
    naming = names.Names(items, named_by, None) if named_by is not None else names.Names(items, keys, own)
    group = (shared, names.Names(groups, group_keys, of_group)) if shared is not None else None
    named = names.union(items, typed, naming, group)
    if named is None:  # unquoted names of several words: "AI 팩토리 자율주행차"
        named = names.union_of_runs(items, search.words(query), naming, group)
    if named is not None:
        return named, None
    found = set(matching(whole, None, hits))
    parts = list(dict.fromkeys(search.words(query)))
    emptied = None  # the word that left no item
    if 1 < len(parts) <= search.MAX_WORDS:
        # Each word narrows the items the last left, so a word that matches nothing ends it.
        every: list[int] | None = None
        for word in parts:
            part = search.Query(word)
            every = matching(part, every, own.find(part, every))
            if not every:
                emptied = word
                break
        found.update(every or ())
    if found:
        return [items[i] for i in sorted(found)], None
    # The word that emptied the search is the likeliest to match nothing alone: it is asked first.
    asked = sorted(parts, key=lambda w: w != emptied)
    if 1 < len(parts) <= search.MAX_WORDS and all(
        matching(search.Query(w), None, own.find(search.Query(w))) for w in asked
    ):
        said = ", ".join(echo(w) for w in parts)
        return [], f"no one {what} matches all of {echo(query)}; the words {said} each match a {what}"
    return [], no_match(what, query, items, suggest_from or keys)


def only_provisional(
    chosen: list[BudgetField], missed: str | None, provisional: bool
) -> tuple[list[BudgetField], str | None]:
    """``choose``'s answer, kept to the provisional fields when ``provisional`` (--provisional)."""
    if not provisional or missed is not None:
        return chosen, missed
    kept = [f for f in chosen if f.provisional]
    return kept, None if kept else "no field matched is marked provisional"


# Suggestions are drawn from at most this many names (whole keys first, then their
# words), so a miss on a budget of 10^5 projects answers in well under a second.
MAX_SUGGESTION_KEYS = 10_000


def no_match(what: str, query: str, items: Sequence[T], keys: Callable[[T], list[str]]) -> str:
    """The message for a query that matched nothing, with the closest keys of up to 3 items."""
    owner: dict[str, str] = {}
    for item in items:
        for name in keys(item):
            owner.setdefault(name, item.id)
        if len(owner) >= MAX_SUGGESTION_KEYS:
            break
    # And their words, so a typo in one word of a long name is still found.
    for name, item_id in list(owner.items()):
        for word in name.split():
            owner.setdefault(word, item_id)
    seen: set[str] = set()
    close = []
    typed = {search.normalise(query), *map(search.normalise, search.words(query))}
    for candidate in search.closest(query, owner):
        if search.normalise(candidate) in typed:  # a suggestion never repeats what was typed
            continue
        if owner[candidate] not in seen:
            seen.add(owner[candidate])
            close.append(candidate)
            if len(close) == 3:
                break
    hint = f" (did you mean {', '.join(echo(c) for c in close)}?)" if close else ""
    return f"no {what} matches {echo(query)}{hint}"
