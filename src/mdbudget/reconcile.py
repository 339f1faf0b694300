"""Reconcile every claim a Budget makes. Pure: Budget in, CheckReport out."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Literal, NamedTuple

from . import units
from .locate import PathPart, format_path
from .records import Budget
from .views import Column, Lang, Table
from .views import ratio as quotient

if TYPE_CHECKING:
    from . import shapes

Status = Literal["pass", "warning", "error"]
Number = int | Decimal


# NamedTuples, not dataclasses: see errors.Problem.
class Finding(NamedTuple):
    """One check: what was checked, whether it holds, and the two figures compared."""

    code: str  # stable kind of check, e.g. "totals.allocation" or "field_claim.allocation"
    status: Status
    subject: str  # what was checked, in a few words
    message: str  # how it holds, or how it fails
    stated: Number | None = None  # the figure at `path` in the budget file
    computed: Number | None = None  # the figure it is held against: a sum, ratio, span or limit
    difference: Number | None = None  # computed - stated
    path: str = ""  # key path in the budget file
    line: int | None = None
    source: str | None = None  # where the source document prints the figure

    def data(self) -> shapes.Finding:
        # A finding that compares no single figure (a rule's summary) has no figure keys,
        # rather than nulls that would turn every amount into a float in a data frame.
        return {k: v for k, v in self._asdict().items() if v is not None or k not in FIGURES}  # type: ignore[return-value]


FIGURES = ("stated", "computed", "difference")


class CheckReport(NamedTuple):
    """Every finding about a budget, and the verdict (`ok`)."""

    file: str
    unit: str
    year: int
    findings: tuple[Finding, ...]
    strict: bool = False

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.status == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.status == "warning")

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
        rows = tuple(
            (f.status, f.line, f.subject, f.message, f.stated, f.computed, f.difference, f.source, f.code)
            for f in self.findings
        )
        verdict = "passed" if self.ok else "FAILED"
        counts = f"{len(self.findings)} checks, {self.errors} errors, {self.warnings} warnings"
        summary = f"check {verdict}: {counts}" + (" (--strict: warnings fail)" if self.strict else "")
        title = f"{self.file} — {self.year} ({units.label(self.unit, lang)})"
        statuses = tuple(f.status for f in self.findings)
        # A budget of 10^5 projects makes 3×10^5 checks: a terminal shows the ones that did not pass.
        brief = tuple(i for i, status in enumerate(statuses) if status != "pass")
        passed = len(statuses) - len(brief)
        extra = {"brief_rows": brief, "brief_note": f"{passed:,} passing checks not shown; --format json lists all"}
        return [Table(title, columns, rows, notes=(summary,), statuses=statuses, extra=extra)]


class _Collector:
    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.findings: list[Finding] = []

    def add(
        self,
        code: str,
        status: Status,
        subject: str,
        message: str,
        loc: tuple[PathPart, ...],
        source: str | None,
        stated: Number | None = None,
        computed: Number | None = None,
    ) -> None:
        difference = computed - stated if stated is not None and computed is not None else None
        self.findings.append(
            Finding(
                code, status, subject, message, stated, computed, difference,
                format_path(loc), self.budget.line_of(loc), source,
            )
        )  # fmt: skip

    def compare(
        self, code: str, subject: str, stated: Number, computed: Number,
        loc: tuple[PathPart, ...], source: str | None, what: str, quote: str = "",
    ) -> None:  # fmt: skip
        """A stated figure against the figure computed from the data."""
        where = f" in “{quote}”" if quote else ""
        if stated == computed:
            message = f"{what} {computed:,} = stated {stated:,}{where}"
            self.add(code, "pass", subject, message, loc, source, stated, computed)
        else:
            message = f"{what} {computed:,} ≠ stated {stated:,}{where} (difference {computed - stated:+,})"
            self.add(code, "error", subject, message, loc, source, stated, computed)


def check(budget: Budget, strict: bool = False) -> CheckReport:
    """Reconcile every figure of ``budget``; with ``strict``, warnings fail it too."""
    c = _Collector(budget)
    _column_sums(c)
    _split(c)
    _field_claims(c)
    _growth(c)
    _headline(c)
    _projects(c)
    return CheckReport(
        file=budget.source_name,
        unit=budget.unit,
        year=budget.year,
        findings=tuple(c.findings),
        strict=strict,
    )


def _column_sums(c: _Collector) -> None:
    b = c.budget
    n = len(b.fields)
    src = b.totals.source
    for key, label in (("projects", "project count"), ("total", "multi-year total"), ("allocation", "allocation")):
        computed = sum(getattr(f, key) for f in b.fields)
        stated = getattr(b.totals, key)
        c.compare(f"totals.{key}", f"{label}: sum of {n} fields", stated, computed, ("totals", key), src, "sum")


def _split(c: _Collector) -> None:
    split = c.budget.totals.split
    if split is None:
        return
    c.compare(
        "totals.split", "continuing + new projects", c.budget.totals.projects, split.continuing + split.new,
        ("totals", "split"), split.source, f"{split.continuing:,} + {split.new:,} =",
    )  # fmt: skip


def _field_claims(c: _Collector) -> None:
    fields = c.budget.field_by_id()
    for i, claim in enumerate(c.budget.claims.fields):
        row = fields[claim.field]
        for key in ("projects", "total", "allocation"):
            stated = getattr(claim, key)
            if stated is None:
                continue
            c.compare(
                f"field_claim.{key}", f"{row.name}: {key} in the text", stated, getattr(row, key),
                ("claims", "fields", i, key), claim.source, "table row", claim.text,
            )  # fmt: skip


def _growth(c: _Collector) -> None:
    b = c.budget
    claim, base = b.claims.growth, b.baseline
    if claim is None:
        return
    loc: tuple[PathPart, ...] = ("claims", "growth", "multiple")
    subject = f"growth claim “{claim.text}”"
    if base is None or base.allocation == 0:
        c.add("growth", "error", subject, "needs a [baseline] with a non-zero allocation", loc, claim.source)
        return
    exact = Decimal(b.totals.allocation) / Decimal(base.allocation)
    exponent = claim.multiple.as_tuple().exponent
    places = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    truncated = exact.quantize(places, rounding=ROUND_DOWN)
    rounded = exact.quantize(places, rounding=ROUND_HALF_UP)
    shown = quotient(b.totals.allocation, base.allocation)  # 6 decimals, as total and ratios print it
    ratio = f"{b.totals.allocation:,} ÷ {base.allocation:,} = {shown}×"
    if rounded == claim.multiple:
        status: Status = "pass"
        how = f"{ratio}, which rounds to {claim.multiple}"
    elif truncated == claim.multiple:
        status = "pass"
        how = f"{ratio}: holds by truncation to {claim.multiple}, not by rounding (which gives {rounded})"
    else:
        status = "error"
        how = f"{ratio}: neither truncation ({truncated}) nor rounding ({rounded}) gives the stated {claim.multiple}"
    c.add("growth", status, subject, how, loc, claim.source, claim.multiple, shown)


def _headline(c: _Collector) -> None:
    b = c.budget
    claim = b.claims.headline
    if claim is None:
        return
    exact = b.totals.allocation
    step = claim.rounded_to
    rounded = int((Decimal(exact) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step)
    subject = f"headline “{claim.text}”"
    loc: tuple[PathPart, ...] = ("claims", "headline", "amount")
    if rounded == claim.amount:
        message = f"exact {exact:,} rounds to {rounded:,} at {step:,} {b.unit}"
        c.add("headline", "pass", subject, message, loc, claim.source, claim.amount, rounded)
    else:
        message = f"exact {exact:,} rounds to {rounded:,} at {step:,} {b.unit}, not the stated {claim.amount:,}"
        c.add("headline", "error", subject, message, loc, claim.source, claim.amount, rounded)


def _projects(c: _Collector) -> None:
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
    for key, label in (("allocation", "the year's allocation"), ("total", "multi-year total")):
        passed = 0
        for i, p in enumerate(projects):
            row = fields[p.field]
            mine, theirs = getattr(p, key), getattr(row, key)
            if mine <= theirs:
                passed += 1
                continue
            message = f"{label} {mine:,} exceeds field {row.name}'s {theirs:,}"
            subject = f"{p.id}: {key} within its field"
            c.add(f"project.{key}", "error", subject, message, ("projects", i, key), p.source, mine, theirs)
        if passed:
            subject = f"projects: {key} within their field's"
            message = f"{passed:,} of {len(projects):,} projects: {label} ≤ their field's"
            c.add(f"project.{key}", "pass", subject, message, ("projects",), source)
    _durations(c, source)


def _durations(c: _Collector, summary_source: str | None) -> None:
    passed = stated_count = 0
    for i, p in enumerate(c.budget.projects):
        stated, span = p.stated_years, p.period.calendar_years
        if stated is None:
            continue
        stated_count += 1
        if stated == span:
            passed += 1
            continue
        subject = f"{p.id}: stated duration"
        loc: tuple[PathPart, ...] = ("projects", i, "stated_years")
        period = f"{p.period.start}~{p.period.end}"
        if stated == span - 1:
            message = (
                f"{period} touches {span} calendar years but {stated} years are stated; "
                "R&D years need not be calendar years"
            )
            c.add("project.duration", "warning", subject, message, loc, p.source, stated, span)
        else:
            message = f"{period} touches {span} calendar years, which {stated} years cannot fit"
            c.add("project.duration", "error", subject, message, loc, p.source, stated, span)
    if passed:
        message = f"{passed:,} of {stated_count:,} projects: stated duration = calendar years of the period"
        c.add("project.duration", "pass", "projects: stated durations", message, ("projects",), summary_source)
