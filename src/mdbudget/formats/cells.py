"""How a raw value is shown to a person (tables and Markdown)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..safe import neutralise
from ..views import Kind

__all__ = ["STATUS_MARKS", "is_numeric", "neutralise", "number", "show", "signed"]

STATUS_MARKS = {
    "pass": "✓", "warning": "!", "error": "✗",
    # diff: a row added, removed, changed or unchanged
    "added": "+", "removed": "-", "changed": "~", "unchanged": "=",
}  # fmt: skip


def number(value: int | Decimal) -> str:
    if isinstance(value, Decimal):
        text = f"{value:,f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return f"{value:,}"


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
        return f"{Decimal(value) * 100:.1f}%"
    if kind == "multiple" and isinstance(value, (int, Decimal)):
        return f"{Decimal(value):.2f}×"
    if kind == "year" and isinstance(value, int):
        return str(value)
    if kind == "real" and isinstance(value, (int, Decimal)):
        return f"{value:,f}" if isinstance(value, Decimal) else f"{value:,}"
    if kind in ("amount", "count") and isinstance(value, (int, Decimal)):
        return number(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def signed(value: int | Decimal, kind: Kind) -> str:
    """+56, -56, 0; a change_ratio as a signed percentage (+8.9%)."""
    if value == 0:
        return "0.0%" if kind == "change_ratio" else "0"
    if kind == "change_ratio":
        return f"{Decimal(value) * 100:+.1f}%"
    return ("+" if value > 0 else "") + number(value)


def is_numeric(kind: Kind) -> bool:
    return kind in ("count", "amount", "ratio", "multiple", "change", "change_ratio", "year", "real")
