"""One module per output format, each with a pure ``format(result) -> str``.

Modules are imported only when their format is asked for, so the json, csv
and markdown paths never import rich.
"""

from __future__ import annotations

import importlib
from typing import Any

FORMATS = ("table", "json", "csv", "markdown")


def render(result: Any, fmt: str, **options: Any) -> str:
    module = importlib.import_module(f"{__name__}.{fmt}")
    text: str = module.format(result, **options)
    return text
