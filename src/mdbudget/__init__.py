"""mdbudget: query and reconcile a public budget held in budget.toml.

The Python API gives what the commands print, as the same result objects::

    import mdbudget

    budget = mdbudget.load("budget.toml")
    report = mdbudget.shares(budget, top=3)
    report.data()  # the JSON shape of `mdbudget shares --top 3 --json`

Names are imported on first use, so `import mdbudget` stays cheap for the command line:
the console script imports this package before it can install its Ctrl-C handler, so
nothing here may import on the command path.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Every name: name -> (module, attribute), loaded on first access (PEP 562).
_LAZY = {
    "Budget": ("budget.records", "Budget"),
    "BudgetError": ("errors", "BudgetError"),
    "ExitStatus": ("errors", "ExitStatus"),
    "NoMatch": ("errors", "NoMatch"),
    "Problem": ("errors", "Problem"),
    "Unit": ("budget.units", "Unit"),
    "OutputName": ("reports.registry", "OutputName"),
    "load": ("loading.load", "load"),
    "parse": ("loading.load", "parse"),
    "total": ("reports.total", "total"),
    "fields": ("reports.fields", "fields"),
    "shares": ("reports.shares", "shares"),
    "ratios": ("reports.ratios", "ratios"),
    "project": ("reports.project", "project"),
    "check": ("reports.check.reconcile", "check"),
    "output_schema": ("reports.schema", "output_schema"),
    "budget_schema": ("reports.schema", "budget_schema"),
}

__all__ = [
    "Budget", "BudgetError", "ExitStatus", "NoMatch", "OutputName", "Problem", "Unit", "__version__", "budget_schema",
    "check", "fields", "load", "output_schema", "parse", "project", "ratios", "shares", "total",
]  # fmt: skip

if TYPE_CHECKING:
    from .budget.records import Budget
    from .budget.units import Unit
    from .errors import BudgetError, ExitStatus, NoMatch, Problem
    from .loading.load import load, parse
    from .reports.check.reconcile import check
    from .reports.fields import fields
    from .reports.project import project
    from .reports.ratios import ratios
    from .reports.registry import OutputName
    from .reports.schema import budget_schema, output_schema
    from .reports.shares import shares
    from .reports.total import total
else:
    # Only at run time: a type checker that saw a module __getattr__ would take any name,
    # misspelt ones too (mdbudget.sharez), as Any. It reads the imports above instead.

    def __getattr__(name: str) -> Any:
        if name not in _LAZY:
            raise AttributeError(f"module 'mdbudget' has no attribute {name!r}")
        module, attribute = _LAZY[name]
        value = getattr(importlib.import_module(f".{module}", __name__), attribute)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
