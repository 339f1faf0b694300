"""mdbudget: query and reconcile a public budget held in budget.toml."""

# Only light modules here: load.py imports tomli and pydantic when it validates a
# file, so a run answered from the cache never imports them.
from .errors import BudgetError, ExitStatus, Problem
from .load import load, parse
from .records import Budget

__version__ = "0.1.0"

__all__ = ["Budget", "BudgetError", "ExitStatus", "Problem", "__version__", "load", "parse"]
