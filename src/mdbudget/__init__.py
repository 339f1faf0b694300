"""mdbudget: query and reconcile a public budget held in budget.toml."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Budget", "BudgetError", "ExitStatus", "Problem", "__version__", "load", "parse"]

if TYPE_CHECKING:
    from .errors import BudgetError, ExitStatus, Problem
    from .load import load, parse
    from .records import Budget

# Imported on first use: a command imports only what it needs (no pydantic on a cache hit).
_HOMES = {
    "Budget": "records",
    "BudgetError": "errors",
    "ExitStatus": "errors",
    "Problem": "errors",
    "load": "load",
    "parse": "load",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'mdbudget' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f".{home}", __name__), name)
