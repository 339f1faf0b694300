"""mdbudget: query and reconcile a public budget held in budget.toml."""

from .errors import BudgetError, ExitStatus, Problem
from .load import load, parse
from .model import Budget

__version__ = "0.1.0"

__all__ = ["Budget", "BudgetError", "ExitStatus", "Problem", "__version__", "load", "parse"]
