"""What the reports share: unit conversion, names, captions, footnotes and matching."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from .. import search, units
from ..locate import echo
from ..records import Budget, BudgetField, Project
from ..views import Lang

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
        return f"{label}: {self.source_file} — {title}{where}"

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


def field_keys(f: BudgetField) -> list[str]:
    return [f.id, f.name, f.name_en, *f.aliases]


def own_project_keys(p: Project) -> list[str]:
    return [p.id, p.name, p.lead, *p.participants] + ([p.name_en] if p.name_en else [])


def project_keys(p: Project, budget: Budget) -> list[str]:
    return own_project_keys(p) + field_keys(budget.field_by_id()[p.field])


def in_matching_field(budget: Budget) -> Callable[[Project, Callable[[str], bool]], bool]:
    """Whether a project's field matches: each field is matched once per matcher, not once per project."""
    verdicts: dict[tuple[Callable[[str], bool], str], bool] = {}
    fields = budget.field_by_id()

    def test(p: Project, match: Callable[[str], bool]) -> bool:
        key = (match, p.field)
        if key not in verdicts:
            verdicts[key] = any(match(k) for k in field_keys(fields[p.field]))
        return verdicts[key]

    return test


def choose(
    items: Sequence[T],
    keys: Callable[[T], list[str]],
    query: str | None,
    what: str,
    also: Callable[[T, Callable[[str], bool]], bool] | None = None,
    suggest_from: Callable[[T], list[str]] | None = None,
) -> tuple[list[T], str | None]:
    """Items whose keys match ``query``, and why nothing matched (None when something did); an exact id wins alone.

    An item matches when one of its keys holds the whole query (spaces ignored), or,
    for a query of several words, when every word is found in one key or another
    ("pharma impurity"). ``also`` is a further test an item may pass (given a
    prepared matcher), for keys shared by many items that are cheaper to match once,
    like a project's field; ``suggest_from`` then gives every key a did-you-mean may offer.
    No match is an empty list: a report with no rows is still an answer (``[]`` in
    JSON, the header row in CSV) and the command exits 1 after writing it.
    """
    if query is None:
        return list(items), None
    wanted = search.normalise(query)
    exact = [item for item in items if search.normalise(item.id) == wanted]
    if exact:
        return exact, None

    def matches(item: T, match: Callable[[str], bool]) -> bool:
        return any(match(k) for k in keys(item)) or (also is not None and also(item, match))

    whole = search.matcher(query)
    parts = list(dict.fromkeys(search.words(query)))
    each = [search.matcher(word) for word in parts] if 1 < len(parts) <= search.MAX_WORDS else []
    found = [item for item in items if matches(item, whole) or (each and all(matches(item, m) for m in each))]
    if found:
        return found, None
    return [], no_match(what, query, items, suggest_from or keys)


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
    for candidate in search.suggest(query, owner, n=len(owner)):
        if owner[candidate] not in seen:
            seen.add(owner[candidate])
            close.append(candidate)
    hint = f" (did you mean {', '.join(echo(c) for c in close[:3])}?)" if close else ""
    return f"no {what} matches {echo(query)}{hint}"
