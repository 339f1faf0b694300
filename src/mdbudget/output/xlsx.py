"""`export --format xlsx`: the budget's tables as an Excel workbook.

One sheet per relational table (the ones `mdbudget sql` queries and the data
package holds), one for check's findings, and one saying where the data came
from and what each column means. Amounts are numbers, in the budget file's
unit, shown with thousands separators and the unit (1,206억원); the unit is in
the header too. The header row is frozen and filtered; widths count a Hangul
character as two.

XlsxWriter is imported only here, when this format is asked for. It writes
the same bytes for the same budget: the document's date is the release's, and
its zip entries carry a fixed time.
"""

from __future__ import annotations

import datetime
import errno
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..budget.records import Budget
from ..budget.units import FACTORS
from ..reports.check.reconcile import CheckReport
from ..reports.relational import TABLES, rows
from ..reports.views import Lang

MAX_WIDTH = 60  # characters: a long sentence wraps nowhere in a cell, so it is cut at the edge of view


def xlsx_file(budget: Budget, check: CheckReport, lang: Lang) -> Callable[[Path], None]:
    """What writes the workbook into the (empty) temporary file files.write_all gives it."""

    def write(temporary: Path) -> None:
        import xlsxwriter  # type: ignore[import-untyped]
        from xlsxwriter.exceptions import XlsxWriterException  # type: ignore[import-untyped]

        book = xlsxwriter.Workbook(
            str(temporary), {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
        )
        p = budget.program
        book.set_properties(
            {
                "title": p.title_en or p.title if lang == "en" else p.title,
                "author": p.ministry_en or p.ministry if lang == "en" else p.ministry,
                "created": datetime.datetime.combine(p.release_date, datetime.time()),
            }
        )
        Sheets(book, budget.unit).fill(budget, check, lang)
        try:
            book.close()
        except (XlsxWriterException, OSError) as exc:  # a full disk: a failed write like any other
            raise OSError(errno.EIO, str(exc)) from None

    return write


class Sheets:
    def __init__(self, book: Any, unit: str) -> None:
        self.book = book
        self.unit = unit
        self.header = book.add_format({"bold": True, "bottom": 1, "text_wrap": False, "valign": "top"})
        self.amount = book.add_format({"num_format": f'#,##0"{unit}"'})
        self.count = book.add_format({"num_format": "#,##0"})
        self.decimal = book.add_format({"num_format": "0.0##"})
        self.text = book.add_format({"valign": "top"})

    def fill(self, budget: Budget, check: CheckReport, lang: Lang) -> None:
        data = rows(budget)
        for table in TABLES:
            kinds = ["amount" if c.amount else "year" if _is_year(c.name) else c.type for c in table.columns]
            headers = [f"{c.name} ({self.unit})" if c.amount else c.name for c in table.columns]
            self.sheet(table.name, headers, kinds, data[table.name])
        self._check(check, lang)
        self._source(budget, lang)

    def sheet(self, name: str, headers: Sequence[str], kinds: Sequence[str], values: Iterable[Sequence[Any]]) -> None:
        ws = self.book.add_worksheet(name)
        widths = [_width(h) for h in headers]
        for col, header in enumerate(headers):
            ws.write_string(0, col, header, self.header)
        n = 0
        for n, row in enumerate(values, start=1):
            for col, (value, kind) in enumerate(zip(row, kinds, strict=True)):
                widths[col] = max(widths[col], self._cell(ws, n, col, value, kind))
        for col, width in enumerate(widths):
            ws.set_column(col, col, min(width + 2, MAX_WIDTH))
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(n, 1), len(headers) - 1)

    def _cell(self, ws: Any, row: int, col: int, value: Any, kind: str) -> int:
        """Write one value as its kind; the width it needs, in characters."""
        if value is None:
            ws.write_blank(row, col, None)
            return 0
        if kind == "boolean":
            ws.write_boolean(row, col, bool(value))
            return 5
        if kind in ("amount", "integer", "decimal", "number", "year") and isinstance(value, (int, Decimal)):
            whole = isinstance(value, int)
            # A year without separators (2025, not 2,025); a check's figure as it comes: a count or a multiple.
            fmt = {"amount": self.amount, "integer": self.count, "year": None}.get(kind, self.count if whole else None)
            ws.write_number(row, col, value, fmt)
            shown = f"{value:,}" + (self.unit if kind == "amount" else "")
            return _width(shown) + 1
        if kind == "decimal" and isinstance(value, str):  # the claim's multiple: exact text in the database
            ws.write_number(row, col, Decimal(value), self.decimal)
            return len(value) + 1
        ws.write_string(row, col, str(value), self.text)
        return _width(str(value))

    def _check(self, check: CheckReport, lang: Lang) -> None:
        headers = ["status", "line", "subject", "message", "stated", "computed", "difference", "path", "source", "code"]
        kinds = ["text", "integer", "text", "text", "number", "number", "number", "text", "text", "text"]
        values = (
            (f.status, f.line, f.subject.text(lang), f.message.text(lang), f.stated, f.computed, f.difference,
             f.path, f.source, f.code)
            for f in check.findings
        )  # fmt: skip
        self.sheet("check", headers, kinds, values)

    def _source(self, budget: Budget, lang: Lang) -> None:
        p, ko = budget.program, lang == "ko"
        facts: list[tuple[str, str]] = [
            ("title", p.title),
            ("title_en", p.title_en or ""),
            ("ministry", p.ministry),
            ("ministry_en", p.ministry_en or ""),
            ("release_date", p.release_date.isoformat()),
            ("fiscal_year", str(p.fiscal_year)),
            ("source_file", p.source_file),
            ("budget_file", budget.source_name),
            ("unit", f"{budget.unit} (1 {budget.unit} = {FACTORS[budget.unit]:,} won)"),
            ("amounts", "보도자료에 인쇄된 그대로의 정수" if ko else "exact whole numbers as the release prints them"),
            *(("note", note) for note in p.notes),
        ]
        columns = [
            (f"{table.name}.{c.name}", c.description + (f" [{budget.unit}]" if c.amount else ""))
            for table in TABLES
            for c in table.columns
        ]
        self.sheet("source", ["key", "value"], ["text", "text"], [*facts, *columns])


def _is_year(name: str) -> bool:
    return name == "year" or name.endswith("_year")


def _width(text: str) -> int:
    """Columns a text takes in a spreadsheet: a wide (Hangul, CJK) character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)
