"""A finding, and the collector the check's rules add findings to."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING, Literal, NamedTuple

from ...budget.records import Budget, PathPart
from ...loading.locate import format_path
from . import prose
from .claims import Ref
from .codes import CODES
from .wording import Phrase, say

if TYPE_CHECKING:
    from .. import shapes

Status = Literal["pass", "warning", "accepted", "error"]
Number = int | Decimal
FIGURES = ("stated", "computed", "difference")


# NamedTuples, not dataclasses: see errors.Problem.
class Finding(NamedTuple):
    """One check: what was checked, whether it holds, and the two figures compared."""

    code: str  # stable kind of check, e.g. "totals.allocation" or "field_claim.allocation"
    status: Status
    subject: Phrase  # what was checked, in a few words
    message: Phrase  # how it holds, or how it fails
    stated: Number | None = None  # the figure at `path` in the budget file
    computed: Number | None = None  # the figure it is held against: a sum, ratio, span or limit
    difference: Number | None = None  # computed - stated
    path: str = ""  # key path in the budget file
    line: int | None = None
    source: str | None = None  # where the source document prints the figure

    def data(self) -> shapes.Finding:
        # JSON speaks English whatever --lang says: scripts match stable words. A finding that
        # compares no single figure (a rule's summary) has no figure keys, rather than nulls
        # that would turn every amount into a float in a data frame.
        values = self._asdict() | {"subject": self.subject.text("en"), "message": self.message.text("en")}
        return {k: v for k, v in values.items() if v is not None or k not in FIGURES}  # type: ignore[return-value]


class ProseTask(NamedTuple):
    """A claim's text to read, once every rule has said which figures it may print."""

    code: str
    text: str
    loc: tuple[PathPart, ...]
    source: str | None
    refs: dict[prose.Kind, list[Ref]]
    names: tuple[str, ...] = ()


class Collector:
    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.findings: list[Finding] = []
        self.texts: list[ProseTask] = []
        self._keys: dict[str, list[str]] = {}

    def add(
        self,
        code: str,
        status: Status,
        subject: Phrase,
        message: Phrase,
        loc: tuple[PathPart, ...],
        source: str | None,
        stated: Number | None = None,
        computed: Number | None = None,
    ) -> None:
        if code not in CODES:
            raise ValueError(f"undeclared check code {code!r}: add it to reports/check/codes.py")
        difference = computed - stated if stated is not None and computed is not None else None
        self.findings.append(
            Finding(
                code, status, subject, message, stated, computed, difference,
                self.path_of(loc), self.budget.line_of(loc), source,
            )
        )  # fmt: skip

    def compare(
        self, code: str, subject: Phrase, stated: Number, computed: Number,
        loc: tuple[PathPart, ...], source: str | None, what: Phrase | str,
    ) -> None:  # fmt: skip
        """A stated figure against the figure computed from the data."""
        status: Status = "pass" if stated == computed else "error"
        message = say(f"compare.{'pass' if status == 'pass' else 'fail'}", what=what, found=computed, stated=stated,
                      difference=computed - stated)  # fmt: skip
        self.add(code, status, subject, message, loc, source, stated, computed)

    def path_of(self, loc: tuple[PathPart, ...]) -> str:
        """The key path as `diff` spells it: rows by id (fields[ai-factory]), claims by field."""
        for size, table in ((1, "fields"), (1, "projects"), (2, "claims.fields")):
            index = loc[size] if len(loc) > size else None
            if isinstance(index, int) and ".".join(map(str, loc[:size])) == table:
                rest = format_path(loc[size + 1 :])
                key = self._keys_of(table)[index]
                return f"{table}[{key}]" + (f".{rest}" if rest and not rest.startswith("[") else rest)
        return format_path(loc)

    def _keys_of(self, table: str) -> list[str]:
        keys = self._keys.get(table)
        if keys is None:
            b = self.budget
            ids = [f.id for f in b.fields] if table == "fields" else [p.id for p in b.projects]
            if table == "claims.fields":
                # A field claimed twice: the second is claims.fields[ai-factory#2], as diff names it.
                seen = Counter[str]()
                ids = []
                for claim in b.claims.fields:
                    seen[claim.field] += 1
                    ids.append(claim.field if seen[claim.field] == 1 else f"{claim.field}#{seen[claim.field]}")
            keys = self._keys[table] = ids
        return keys
