"""Every check's code, declared once: the findings use them, `mdbudget schema check` lists them.

A code is stable: scripts and `[check] accept` entries match on it. A new rule's code is
added here (Collector.add refuses one that is not), so the schema and docs/json.md follow.
"""

from __future__ import annotations

CODES: tuple[str, ...] = (
    "totals.projects",
    "totals.total",
    "totals.allocation",
    "totals.split",
    "field_claim.projects",
    "field_claim.total",
    "field_claim.allocation",
    "growth",
    "headline",
    "project.allocation",
    "project.total",
    "project.duration",
    "project.period",
    "program.fiscal_year",
    "program.unit",
    "provisional",
    "field_claim.field",
    "check.accept",  # an acceptance that matches nothing
)
# The prose: `stated` is the key's figure, `computed` the text's; a figure the text leaves out
# has `stated` alone, one it prints that no key holds `computed` alone.
PROSE: tuple[str, ...] = ("field_claim.text", "growth.text", "headline.text")
CODES += PROSE
