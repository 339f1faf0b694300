"""Warnings a budget accepts: still listed, as accepted, and no longer failing --strict.

An entry is ``CODE`` (every warning of that code) or ``CODE:PATH``, PATH being the
finding's path as check prints it (``projects[mobility-ai-chip].stated_years``).
Only warnings can be accepted: an error means a figure is wrong, and is fixed in
the file. An entry that matches no warning is stale, and itself a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ...budget.records import PathPart
from .collect import Collector, Finding
from .wording import say

CODE = "check.accept"


class Entry(NamedTuple):
    text: str
    loc: tuple[PathPart, ...] | None  # where the budget file holds it; None: given as --accept

    def matches(self, finding: Finding) -> bool:
        code, colon, path = self.text.partition(":")
        return finding.code == code.strip() and (not colon or finding.path == path.strip())


def accept(c: Collector, given: Sequence[str] = ()) -> None:
    """Mark the warnings the budget's ``[check] accept`` and ``given`` (--accept) name; report stale entries."""
    entries = [Entry(text, ("check", "accept", i)) for i, text in enumerate(c.budget.check.accept)]
    entries += [Entry(text, None) for text in given]
    if not entries:
        return
    used = [False] * len(entries)
    for n, finding in enumerate(c.findings):
        if finding.status != "warning":
            continue
        hits = [i for i, entry in enumerate(entries) if entry.matches(finding)]
        for i in hits:
            used[i] = True
        if hits:
            c.findings[n] = finding._replace(status="accepted")
    for entry, was_used in zip(entries, used, strict=True):
        if was_used:
            continue
        subject = say("accept.subject", entry=entry.text)
        if entry.loc is None:
            message = say("accept.stale", entry=f"--accept {entry.text}")
            c.findings.append(Finding(CODE, "warning", subject, message))
        else:
            message = say("accept.stale", entry=f'"{entry.text}"')
            c.add(CODE, "warning", subject, message, entry.loc, None)
