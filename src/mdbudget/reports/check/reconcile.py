"""Reconcile every claim a Budget makes. Pure: Budget in, CheckReport out."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, NamedTuple, cast, overload

from ...budget import units
from ...budget.records import Budget, PathPart, Period
from .. import order
from ..views import Column, Lang, Table
from ..views import ratio as quotient
from . import agreement, prose
from .accept import accept as accepted
from .claims import Ref
from .collect import Collector, Finding, ProseTask, Status
from .texts import read_all
from .wording import Phrase, count, say, summary

__all__ = ["CheckReport", "Finding", "check"]

if TYPE_CHECKING:
    from .. import shapes


class CheckReport(NamedTuple):
    """Every finding about a budget, and the verdict (`ok`)."""

    file: str
    unit: str
    year: int
    findings: tuple[Finding, ...]
    strict: bool = False

    @property
    def command(self) -> str:
        return "check"  # its entry in registry.REPORTS

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.status == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.status == "warning")

    @property
    def accepted(self) -> int:
        return sum(1 for f in self.findings if f.status == "accepted")

    @property
    def ok(self) -> bool:
        return self.errors == 0 and not (self.strict and self.warnings)

    def data(self) -> shapes.Check:
        """The JSON shape (`mdbudget schema check`)."""
        return {
            "file": self.file,
            "unit": self.unit,
            "year": self.year,
            "ok": self.ok,
            "strict": self.strict,
            "check_count": len(self.findings),
            "error_count": self.errors,
            "warning_count": self.warnings,
            "accepted_count": self.accepted,
            "findings": [f.data() for f in self.findings],
        }

    def tables(self, lang: Lang) -> list[Table]:
        ko = lang == "ko"
        columns = (
            Column("status", "", "status"),
            Column("line", "줄" if ko else "line", "count"),
            Column("subject", "검증 항목" if ko else "check"),
            Column("message", "결과" if ko else "result"),
            Column("stated", "명시값" if ko else "stated", "amount", terminal=False),
            Column("computed", "계산값" if ko else "computed", "amount", terminal=False),
            Column("difference", "차이" if ko else "difference", "amount", terminal=False),
            Column("source", "출처" if ko else "source", terminal=False),
            Column("code", "code", terminal=False),
        )
        # Rows are worded when read: a terminal reads the hundred it shows of 10^5 findings, CSV all.
        rows = cast("tuple[tuple[Any, ...], ...]", _Rows(self.findings, lang))
        title = f"{self.file} — {self.year} ({units.label(self.unit, lang)})"
        statuses = tuple(f.status for f in self.findings)
        # A budget of 10^5 projects makes 3×10^5 checks: a terminal shows the ones that did not pass.
        brief = tuple(i for i, status in enumerate(statuses) if status != "pass")
        passed = len(statuses) - len(brief)
        extra = {"brief_rows": brief, "brief_note": say("brief", passing=count(passed, "passing", lang)).text(lang)}
        return [Table(title, columns, rows, notes=(self.summary(lang),), statuses=statuses, extra=extra)]

    def summary(self, lang: Lang) -> str:
        """ "check passed: 37 checks, 0 errors, 3 warnings", in the language asked for."""
        return summary(len(self.findings), self.errors, self.warnings, self.ok, self.strict, lang, self.accepted)


class _Rows(Sequence[tuple[Any, ...]]):
    """The table rows of findings, each worded in ``lang`` only when it is read."""

    def __init__(self, findings: tuple[Finding, ...], lang: Lang) -> None:
        self.findings, self.lang = findings, lang

    def __len__(self) -> int:
        return len(self.findings)

    @overload
    def __getitem__(self, index: int) -> tuple[Any, ...]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[Any, ...]]: ...

    def __getitem__(self, index: int | slice) -> tuple[Any, ...] | Sequence[tuple[Any, ...]]:
        if isinstance(index, slice):
            return tuple(self._row(f) for f in self.findings[index])
        return self._row(self.findings[index])

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return (self._row(f) for f in self.findings)

    def __eq__(self, other: object) -> bool:
        return tuple(self) == (tuple(other) if isinstance(other, Sequence) else other)

    __hash__ = None  # type: ignore[assignment]

    def _row(self, f: Finding) -> tuple[Any, ...]:
        lang = self.lang
        message = _KEY_PATH.sub(r"[\1] \2", f.message.text(lang))
        stated, computed = f.stated, f.computed
        if f.code in _YEAR_FIGURES:  # a year reads 2025, not as an amount 2,025
            stated, computed = _plain(stated), _plain(computed)
        return (f.status, f.line, f.subject.text(lang), message, stated, computed, f.difference,
                f.source, f.code)  # fmt: skip


# Findings whose stated and computed figures are years, not amounts in the budget's unit.
_YEAR_FIGURES = frozenset({"program.fiscal_year"})


def _plain(value: Any) -> Any:
    return None if value is None else str(value)


# A key path in a message (baseline.allocation) is one word a narrow table cannot break; people read
# it as the file spells it, [baseline] allocation. JSON and CSV keep the path.
_KEY_PATH = re.compile(r"\b(program|totals|baseline)\.([a-z_]+)\b")


# check --sort: the findings' JSON keys and short aliases. status sorts by severity, errors first.
SORT_COLUMNS = {
    "line": "line", "difference": "difference", "diff": "difference", "stated": "stated", "computed": "computed",
    "status": "status", "severity": "status", "code": "code", "path": "path", "key": "path",
}  # fmt: skip
_SEVERITY = {"error": 3, "warning": 2, "accepted": 1, "pass": 0}


def _sort_value(f: Finding, column: str) -> Any:
    return _SEVERITY[f.status] if column == "status" else getattr(f, column)


def check(
    budget: Budget, strict: bool = False, accept: Sequence[str] = (), sort: str | None = None, reverse: bool = False
) -> CheckReport:
    """Reconcile every figure of ``budget``; with ``strict``, warnings fail it too.

    ``accept``: entries like the budget's ``[check] accept`` (``CODE`` or ``CODE:PATH``), from --accept;
    ``sort`` and ``reverse``: the findings' order (order.py), by line when None.
    """
    if sort is not None:
        order.column(sort, SORT_COLUMNS, "check")  # a wrong name is told before the work
    c = Collector(budget)
    agreement.fiscal_year(c)
    _column_sums(c)
    _split(c)
    _field_claims(c)
    agreement.claimed_fields(c)
    _growth(c)
    _headline(c)
    agreement.provisional(c)
    _projects(c)
    agreement.periods(c)
    read_all(c)
    accepted(c, accept)
    # By line, so the report reads down the file; findings without one (a budget not read from text) keep their order.
    last = float("inf")
    findings = sorted(c.findings, key=lambda f: last if f.line is None else f.line)
    findings = order.by(findings, sort, reverse, SORT_COLUMNS, "check", _sort_value)
    return CheckReport(
        file=budget.source_name,
        unit=budget.unit,
        year=budget.year,
        findings=tuple(findings),
        strict=strict,
    )


KEYS = ("projects", "total", "allocation")


def _column_sums(c: Collector) -> None:
    b = c.budget
    n = len(b.fields)
    src = b.totals.source
    for key in ("projects", "total", "allocation"):
        computed = sum(getattr(f, key) for f in b.fields)
        stated = getattr(b.totals, key)
        subject = say("sum.subject", label=say(f"label.{key}"), n=n, fields=count(n, "field", "en"))
        c.compare(f"totals.{key}", subject, stated, computed, ("totals", key), src, say("what.sum"))


def _split(c: Collector) -> None:
    split = c.budget.totals.split
    if split is None:
        return
    c.compare(
        "totals.split", say("split.subject"), c.budget.totals.projects, split.continuing + split.new,
        ("totals", "split"), split.source, f"{split.continuing:,} + {split.new:,} =",
    )  # fmt: skip


def _field_claims(c: Collector) -> None:
    b = c.budget
    fields = b.field_by_id()
    # How far each column's sum is from its stated total: a row off by just that much from its claim
    # is the edited figure, since the total and the claim agree against it.
    off = {key: sum(getattr(f, key) for f in b.fields) - getattr(b.totals, key) for key in KEYS}
    rows: dict[str, int] | None = None
    for i, claim in enumerate(b.claims.fields):
        row = fields[claim.field]
        for key in KEYS:
            stated = getattr(claim, key)
            if stated is None:
                continue
            label = say(f"label.{key}")
            found = getattr(row, key)
            if found != stated and found - stated == off[key]:
                rows = rows or {f.id: j for j, f in enumerate(b.fields)}
                message = say("row.suspect", claimed=stated, found=found, difference=stated - found)
                c.add(f"field_claim.{key}", "error", say("row.subject", name=row.name, label=label), message,
                      ("fields", rows[row.id], key), row.source, found, stated)  # fmt: skip
                continue
            c.compare(
                f"field_claim.{key}", say("claim.subject", name=row.name, label=label), stated,
                found, ("claims", "fields", i, key), claim.source, say("what.row"),
            )  # fmt: skip
        refs: dict[prose.Kind, list[Ref]] = {
            "count": [],
            "amount": [],
            "year": [Ref("program.fiscal_year", c.budget.year)],
        }
        for key in ("projects", "total", "allocation"):
            kind: prose.Kind = "count" if key == "projects" else "amount"
            stated = getattr(claim, key)
            if stated is not None:
                refs[kind].append(Ref(key, stated, required=True))
            refs[kind].append(Ref(say("ref.row", key=key), getattr(row, key)))
        names = (row.name, row.name_en, *row.aliases)
        _prose(c, "field_claim.text", claim.text, ("claims", "fields", i, "text"), claim.source, refs, names)


def _growth(c: Collector) -> None:
    b = c.budget
    claim, base = b.claims.growth, b.baseline
    if claim is None:
        return
    loc: tuple[PathPart, ...] = ("claims", "growth", "multiple")
    subject = say("growth.subject", text=claim.text)
    refs: dict[prose.Kind, list[Ref]] = {
        "multiple": [Ref("multiple", claim.multiple, required=True)],
        "amount": [Ref("totals.allocation", b.totals.allocation)],
        "year": [Ref("program.fiscal_year", b.year)],
    }
    if base is not None:
        refs["amount"].insert(0, Ref("baseline.allocation", base.allocation))
        refs["year"].insert(0, Ref("baseline.year", base.year))
    _prose(c, "growth.text", claim.text, ("claims", "growth", "text"), claim.source, refs)
    if base is None or base.allocation == 0:
        c.add("growth", "error", subject, say("growth.no_baseline"), loc, claim.source)
        return
    exact = Decimal(b.totals.allocation) / Decimal(base.allocation)
    exponent = claim.multiple.as_tuple().exponent
    places = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    truncated = exact.quantize(places, rounding=ROUND_DOWN)
    rounded = exact.quantize(places, rounding=ROUND_HALF_UP)
    shown = quotient(b.totals.allocation, base.allocation)  # 6 decimals, as total and ratios print it
    ratio = say("growth.ratio", now=b.totals.allocation, then=base.allocation, shown=shown)
    values = {"ratio": ratio, "multiple": claim.multiple, "rounded": rounded, "truncated": truncated}
    if rounded == claim.multiple:
        status: Status = "pass"
        how = say("growth.rounds", **values)
    elif truncated == claim.multiple:
        status = "pass"
        how = say("growth.truncates", **values)
    else:
        status = "error"
        how = say("growth.fails", **values)
    c.add("growth", status, subject, how, loc, claim.source, claim.multiple, shown)


def _headline(c: Collector) -> None:
    b = c.budget
    claim = b.claims.headline
    if claim is None:
        return
    refs: dict[prose.Kind, list[Ref]] = {
        "amount": [Ref("amount", claim.amount, required=True), Ref("totals.allocation", b.totals.allocation)],
        "year": [Ref("program.fiscal_year", b.year)],
    }
    _prose(c, "headline.text", claim.text, ("claims", "headline", "text"), claim.source, refs)
    exact = b.totals.allocation
    step = claim.rounded_to
    rounded = int((Decimal(exact) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step)
    subject = say("headline.subject", text=claim.text)
    loc: tuple[PathPart, ...] = ("claims", "headline", "amount")
    status: Status = "pass" if rounded == claim.amount else "error"
    message = say(f"headline.{'pass' if status == 'pass' else 'fail'}", exact=exact, rounded=rounded, step=step,
                  unit=b.unit, stated=claim.amount)  # fmt: skip
    c.add("headline", status, subject, message, loc, claim.source, claim.amount, rounded)


def _prose(
    c: Collector, code: str, text: str, loc: tuple[PathPart, ...], source: str | None,
    refs: dict[prose.Kind, list[Ref]], names: tuple[str, ...] = (),
) -> None:  # fmt: skip
    c.texts.append(ProseTask(code, text, loc, source, refs, names))


def _projects(c: Collector) -> None:
    """Per-project rules: a finding for each project that breaks one, and one summary per rule.

    One finding per project per rule would bury the failures of a 10^5-project
    budget under passes; the summary says how many passed.
    """
    projects = c.budget.projects
    if not projects:
        return
    fields = c.budget.field_by_id()
    sources = list(dict.fromkeys(p.source for p in projects))
    source = ", ".join(sources) if len(sources) <= 5 else None
    for key, label in (("allocation", say("label.year_allocation")), ("total", say("label.total"))):
        passed = 0
        for i, p in enumerate(projects):
            row = fields[p.field]
            mine, theirs = getattr(p, key), getattr(row, key)
            if mine <= theirs:
                passed += 1
                continue
            message = say("project.exceeds", label=label, mine=mine, field=row.name, theirs=theirs)
            subject = say("project.subject", id=p.id, key=key, label=label)
            c.add(f"project.{key}", "error", subject, message, ("projects", i, key), p.source, mine, theirs)
        if passed:
            subject = say("projects.subject", key=key, label=label)
            message = say("projects.pass", passed=passed, n=len(projects), label=label)
            c.add(f"project.{key}", "pass", subject, message, ("projects",), source)
    _durations(c, source)


def _durations(c: Collector, summary_source: str | None) -> None:
    passed = stated_count = 0
    # Projects share periods: the verdict and its message are made once per period and stated years.
    said: dict[tuple[Period, int], tuple[Status, Phrase]] = {}
    for i, p in enumerate(c.budget.projects):
        stated, span = p.stated_years, p.period.calendar_years
        if stated is None:
            continue
        stated_count += 1
        if stated == span:
            passed += 1
            continue
        verdict = said.get((p.period, stated))
        if verdict is None:
            period = f"{p.period.start}~{p.period.end}"
            status: Status = "warning" if stated == span - 1 else "error"
            message = say(f"duration.{status}", period=period, span=span, stated=stated)
            verdict = said[(p.period, stated)] = (status, message)
        subject = say("duration.subject", id=p.id)
        loc: tuple[PathPart, ...] = ("projects", i, "stated_years")
        c.add("project.duration", verdict[0], subject, verdict[1], loc, p.source, stated, span)
    if passed:
        message = say("durations.pass", passed=passed, n=stated_count)
        c.add("project.duration", "pass", say("durations.subject"), message, ("projects",), summary_source)
