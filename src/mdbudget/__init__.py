"""mdbudget: query and reconcile a public budget held in budget.toml."""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Budget", "BudgetError", "ExitStatus", "Problem", "__version__", "load", "parse"]

if TYPE_CHECKING:
    from .errors import BudgetError, ExitStatus, Problem
    from .load import load, parse
    from .model import Budget

# Imported on first use: `mdbudget --version` and the console entry point start
# before anything heavy (pydantic, typer) is loaded.
_HOMES = {"Budget": "model", "BudgetError": "errors", "ExitStatus": "errors", "Problem": "errors", "parse": "load"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _Package(types.ModuleType):
    # `mdbudget.load` is the function, although a submodule has the same name: importing
    # the submodule sets the package's attribute to it, which this setter ignores.
    @property
    def load(self) -> Any:
        from .load import load

        return load

    @load.setter
    def load(self, _value: Any) -> None:
        pass


sys.modules[__name__].__class__ = _Package
