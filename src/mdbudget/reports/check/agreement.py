"""Facts the budget states twice, held against each other: the fiscal year, the provisional rows, field names.

Each is an edit an editor makes on one line and forgets on the other: the fiscal
year against the release date and the projects' periods, a `provisional` flag
against the footnote naming the rows, a claim's `field` against the field its
text names.
"""

from __future__ import annotations

from ...budget.records import BudgetField, PathPart
from . import prose
from .collect import Collector, Status
from .wording import say

# A budget may be announced in the autumn before its year (the government's proposal, the
# National Assembly's vote in December); from September on, the next year is the fiscal year too.
AHEAD_FROM_MONTH = 9


def fiscal_year(c: Collector) -> None:
    program = c.budget.program
    year, released = program.fiscal_year, program.release_date
    ahead = year == released.year + 1 and released.month >= AHEAD_FROM_MONTH
    status: Status = "pass" if year == released.year or ahead else "error"
    key = "pass" if year == released.year else "ahead" if ahead else "fail"
    loc: tuple[PathPart, ...] = ("program", "fiscal_year")
    stated, computed = year, released.year
    if status == "error" and year in _title_years(program.title) and released.year not in _title_years(program.title):
        # The title prints the fiscal year ('25년): the release date's year is the edit.
        key, loc, stated, computed = "release", ("program", "release_date"), released.year, year
    message = say(f"fiscal_year.{key}", year=year, date=released.isoformat(), released=released.year)
    c.add("program.fiscal_year", status, say("fiscal_year.subject"), message, loc, program.source_file,
          stated, computed)  # fmt: skip


def _title_years(title: str) -> set[int]:
    return {int(f.value) for f in prose.read(title).figures if f.kind == "year"}


def periods(c: Collector) -> None:
    """A project's allocation for the fiscal year needs a period that includes the year."""
    projects = c.budget.projects
    if not projects:
        return
    year = c.budget.year
    sources = list(dict.fromkeys(p.source for p in projects))
    passed = 0
    for i, p in enumerate(projects):
        if not p.allocation or p.period.start <= year <= p.period.end:
            passed += 1
            continue
        period = f"{p.period.start}~{p.period.end}"
        message = say("period.outside", allocation=p.allocation, year=year, period=period)
        loc: tuple[PathPart, ...] = ("projects", i, "period")
        c.add("project.period", "error", say("period.subject", id=p.id), message, loc, p.source)
    if passed:
        message = say("periods.pass", passed=passed, n=len(projects), year=year)
        source = ", ".join(sources) if len(sources) <= 5 else None
        c.add("project.period", "pass", say("periods.subject"), message, ("projects",), source)


def provisional(c: Collector) -> None:
    """The rows marked provisional are the rows the [provisional] note names."""
    b = c.budget
    if b.provisional is None:
        return
    named = Names(b.fields).named(b.provisional.note)
    if not named:
        return  # a note naming no row ("all amounts may change") says nothing to hold the flags against
    wrong = [(i, f) for i, f in enumerate(b.fields) if f.provisional != (f.id in named)]
    marked = ", ".join(f.name for f in b.fields if f.provisional)
    if {f.provisional for _, f in wrong} == {True, False}:
        # A row named but not marked and one marked but not named: the note's name was edited, not two flags.
        words = ", ".join(f"“{named[f.id]}”" for _, f in wrong if not f.provisional)
        message = say("provisional.note", words=words, marked=marked)
        c.add("provisional", "error", say("provisionals.subject"), message, ("provisional", "note"),
              b.provisional.source)  # fmt: skip
        return
    for i, f in wrong:
        key = "provisional.unnamed" if f.provisional else "provisional.named"
        message = say(key, name=f.name, words=named.get(f.id, ""))
        c.add("provisional", "error", say("provisional.subject", name=f.name), message,
              ("fields", i, "provisional"), f.source)  # fmt: skip
    if not wrong:
        c.add("provisional", "pass", say("provisionals.subject"), say("provisional.pass", names=marked),
              ("provisional", "note"), b.provisional.source)  # fmt: skip


def claimed_fields(c: Collector) -> None:
    """A claim whose text names another field, not its own: its `field` is likely wrong."""
    b = c.budget
    fields = b.field_by_id()
    names: Names | None = None
    for i, claim in enumerate(b.claims.fields):
        own = fields[claim.field]
        if any(name and name in claim.text for name in _names(own)):
            continue
        names = names or Names(b.fields)
        named = names.named(claim.text)
        if not named:
            continue
        others = ", ".join(f"{fields[id].name} ({id})" for id in named)
        stated = [(getattr(claim, key), getattr(own, key)) for key in ("projects", "total", "allocation")]
        if any(mine is not None for mine, _ in stated) and all(mine in (None, row) for mine, row in stated):
            # The figures are its field's: the name in the text is the edit, not `field`.
            message = say("claim.other_name", names=others, name=own.name)
            loc: tuple[PathPart, ...] = ("claims", "fields", i, "text")
        else:
            message = say("claim.other_field", names=others, name=own.name, id=own.id)
            loc = ("claims", "fields", i, "field")
        c.add("field_claim.field", "error", say("claim.field_subject", text=claim.text), message, loc, claim.source)


def _names(f: BudgetField) -> tuple[str, ...]:
    return (f.name, f.name_en, *f.aliases)


class Names:
    """Every field's names, to find the fields a text names: 10^5 fields are looked up, not scanned."""

    def __init__(self, fields: tuple[BudgetField, ...]) -> None:
        self.ids: dict[str, str] = {}
        for f in fields:
            for name in _names(f):
                if name:
                    self.ids.setdefault(name, f.id)
        self.sizes = sorted({len(name) for name in self.ids}, reverse=True)

    def named(self, text: str) -> dict[str, str]:
        """The fields ``text`` names, in the order it names them, each with its words; the longest name wins,
        so 인공지능 반도체 is AI semiconductors and not 반도체 too."""
        taken = [False] * len(text)
        found: list[tuple[int, str, str]] = []
        for size in self.sizes:
            for start in range(len(text) - size + 1):
                words = text[start : start + size]
                id = self.ids.get(words)
                if id is None or any(taken[start : start + size]):
                    continue
                taken[start : start + size] = [True] * size
                found.append((start, id, words))
        out: dict[str, str] = {}
        for _, id, words in sorted(found):
            out.setdefault(id, words)
        return out
