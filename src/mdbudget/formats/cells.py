"""How a raw value is shown to a person (tables and Markdown)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..reports.views import Kind, half_up, number, signed
from ..safe import neutralise

__all__ = ["STATUS_MARKS", "is_numeric", "neutralise", "number", "show", "signed"]

STATUS_MARKS = {
    "pass": "✓", "warning": "!", "accepted": "~", "error": "✗",
    # diff: a row added, removed, changed or unchanged
    "added": "+", "removed": "-", "changed": "~", "unchanged": "=",
}  # fmt: skip


def show(value: Any, kind: Kind) -> str:
    if value is None:
        return ""
    if kind == "status":
        return STATUS_MARKS.get(str(value), str(value))
    if kind == "flag":
        return "*" if value else ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if kind in ("change", "change_ratio") and isinstance(value, (int, Decimal)):
        return signed(value, kind)
    if kind == "ratio" and isinstance(value, (int, Decimal)):
        return f"{half_up(Decimal(value) * 100, 1):f}%"
    if kind == "multiple" and isinstance(value, (int, Decimal)):
        return f"{half_up(Decimal(value), 2):f}×"
    if kind == "year" and isinstance(value, int):
        return str(value)
    if kind == "real" and isinstance(value, (int, Decimal)):
        return f"{value:,f}" if isinstance(value, Decimal) else f"{value:,}"
    if kind in ("amount", "count") and isinstance(value, (int, Decimal)):
        return number(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def is_numeric(kind: Kind) -> bool:
    return kind in ("count", "amount", "ratio", "multiple", "change", "change_ratio", "year", "real")
