"""Read a release's allocation table as users hold it: text copied from HWP or PDF, a CSV, an .xlsx sheet.

The table is a header row (분야 / 지원 과제수 / 총 투자규모(억원) / '25년 투자규모(억원)),
one row per field, and a closing 총합 row; lines starting with ※ are its footnotes.
Copied text separates cells with tabs, or with two spaces or more (a name such as
"AI 팩토리" keeps its single space). Every figure is read exactly, as a whole number
with optional thousands separators: never through float. What cannot be read, and
a 총합 that the rows do not add up to, is a Problem naming the line and the column.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from ..budget import units
from ..errors import BudgetError, Problem
from ..safe import echo
from .read import MAX_BYTES, STDIN, read_file_bytes

MEASURES = ("projects", "total", "allocation")
STATED = frozenset({"총합", "합계", "총계", "계", "total"})
WHOLE = re.compile(r"-?(\d{1,3}(,\d{3})+|\d+)")
UNIT_IN_HEADER = re.compile(r"\(\s*([^()]+?)\s*\)")
YEAR_IN_HEADER = re.compile(r"(\d{4}|\d{2})\s*년")  # '25년, 2025년


@dataclass(frozen=True)
class Row:
    line: int  # in the input: the text's line, or the sheet's row
    number: int  # the row's place in the table, from 1
    name: str
    projects: int
    total: int
    allocation: int


@dataclass
class Imported:
    """The table as read: its rows, its stated 총합, and everything that did not add up."""

    file: str
    label: str  # what the release calls the table (참고2), or "표"
    unit: str | None
    year: int | None
    columns: tuple[str, ...]  # the header's cells for projects, total, allocation
    rows: list[Row] = field(default_factory=list)
    stated: Row | None = None
    notes: list[str] = field(default_factory=list)  # the ※ footnotes, without the mark
    errors: list[Problem] = field(default_factory=list)  # a cell that cannot be read: nothing to write
    mismatches: list[Problem] = field(default_factory=list)  # figures that disagree: written only with --force


def read_table(name: str, unit: str | None = None, year: int | None = None) -> tuple[Imported, tuple[int, int] | None]:
    """The table in the file ``name`` ('-': standard input) and the file's identity (never to be written over)."""
    display = "<stdin>" if name == STDIN else name
    if PurePath(name).suffix.lower() in (".xlsx", ".xlsm"):
        data, identity = _workbook_bytes(name)
        lines = _sheet_lines(data, display)
        return parse(display, lines, unit, year), identity
    data, identity = read_file_bytes(name)
    if data[:4] == b"PK\x03\x04":
        raise BudgetError([Problem(display, "is a zip archive; a workbook is read from a file named .xlsx")])
    if PurePath(name).suffix.lower() == ".csv":
        text = _decode(data, display)
        lines = [(n, [c.strip() for c in row]) for n, row in enumerate(csv.reader(io.StringIO(text)), start=1)]
    else:
        lines = [(n, _cells(line)) for n, line in enumerate(_decode(data, display).splitlines(), start=1)]
    return parse(display, lines, unit, year), identity


def _workbook_bytes(name: str) -> tuple[bytes, tuple[int, int] | None]:
    """A workbook is a zip archive, binary: read as it is (read_file_bytes refuses binary files)."""
    try:
        with open(name, "rb") as handle:
            info = os.fstat(handle.fileno())
            if info.st_size > MAX_BYTES:
                raise BudgetError([Problem(name, f"is larger than {MAX_BYTES:,} bytes")])
            return handle.read(), (info.st_dev, info.st_ino)
    except FileNotFoundError:
        raise BudgetError([Problem(name, "no such file")]) from None
    except OSError as exc:
        raise BudgetError([Problem(name, f"cannot be read: {exc.strerror or exc}")]) from None


def _decode(data: bytes, display: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp949")  # what Korean Windows saves text from HWP as
    except UnicodeDecodeError:
        raise BudgetError([Problem(display, "is neither UTF-8 nor CP949 text, CSV or an .xlsx workbook")]) from None


def _cells(line: str) -> list[str]:
    line = line.strip()
    parts = line.split("\t") if "\t" in line else re.split(r"\s{2,}", line)
    return [p.strip() for p in parts]


def _sheet_lines(data: bytes, display: str) -> list[tuple[int, list[str]]]:
    try:
        import openpyxl  # type: ignore[import-untyped,unused-ignore]  # only `import` reads workbooks
    except ImportError:
        raise BudgetError(
            [Problem(display, "is an .xlsx workbook; reading one needs openpyxl: pip install 'mdbudget[xlsx]'")]
        ) from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a damaged archive raises many kinds of error
        raise BudgetError([Problem(display, f"cannot be read as an .xlsx workbook: {exc}")]) from None
    sheet = book.worksheets[0]
    lines = []
    for n, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [_sheet_cell(v) for v in values]
        while cells and cells[-1] == "":
            cells.pop()
        lines.append((n, cells))
    book.close()
    return lines


def _sheet_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        # A spreadsheet keeps numbers as doubles; a whole one is written without ".0", any other stays visible.
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def parse(file: str, lines: list[tuple[int, list[str]]], unit: str | None, year: int | None) -> Imported:
    head = next((i for i, (_, cells) in enumerate(lines) if _is_header(cells)), None)
    if head is None:
        expected = "no header row: expected one like 분야 / 지원 과제수 / 총 투자규모(억원) / '25년 투자규모(억원)"
        raise BudgetError([Problem(file, expected)])
    header_line, header = lines[head]
    label = next((c[0] for _, c in reversed(lines[:head]) if c and c[0].startswith("참고")), "표")
    table = Imported(file, label, unit or _unit(file, header_line, header), year or _year(header), tuple(header[1:4]))
    if len(header) != 4:
        table.errors.append(Problem(file, f"the header has {len(header)} cells; expected 4", header_line))
        return table
    for line, cells in lines[head + 1 :]:
        if not any(cells):
            continue
        if cells[0].startswith("※"):
            table.notes.append(" ".join(cells).lstrip("※").strip())
            continue
        _row(table, line, cells)
    if table.unit is None:
        table.errors.append(Problem(file, "the header names no unit such as (억원); give one with --unit", header_line))
    if table.year is None:
        table.errors.append(Problem(file, "the header names no year such as '25년; give one with --year", header_line))
    if not table.errors:  # with a row unread, its sums would only repeat the error
        _reconcile(table)
    return table


def _is_header(cells: list[str]) -> bool:
    return len(cells) >= 3 and (cells[0].replace(" ", "") in ("분야", "구분", "field") or "투자" in "".join(cells))


def _unit(file: str, line: int, header: list[str]) -> str | None:
    found = set()
    for cell in header:
        for match in UNIT_IN_HEADER.finditer(cell):
            try:
                found.add(units.unit_name(match.group(1)))
            except ValueError:
                continue
    if len(found) > 1:
        raise BudgetError([Problem(file, f"the header names two units: {', '.join(sorted(found))}", line)])
    return found.pop() if found else None


def _year(header: list[str]) -> int | None:
    for cell in header[3:4]:  # the year's column: '25년 투자규모
        match = YEAR_IN_HEADER.search(cell)
        if match:
            digits = match.group(1)
            return int(digits) if len(digits) == 4 else 2000 + int(digits)
    return None


def _row(table: Imported, line: int, cells: list[str]) -> None:
    name = cells[0]
    what = echo(name) if name else "a row without a name"
    if len(cells) != 4:
        # A merged or split cell shifts every figure after it: none of them can be trusted.
        missing = "a cell is missing" if len(cells) < 4 else "it has a cell too many"
        message = f"{echo(name) if name else 'the row'} has {len(cells)} cells, the header 4: {missing}"
        table.errors.append(Problem(table.file, message, line))
        return
    figures = []
    for column, cell in zip(table.columns, cells[1:], strict=True):
        if not WHOLE.fullmatch(cell):
            message = f"{what}, {column}: {echo(cell)} is not a whole number (digits, with commas every three)"
            table.errors.append(Problem(table.file, message, line))
            return
        figures.append(int(cell.replace(",", "")))
    if any(f < 0 for f in figures):
        table.errors.append(Problem(table.file, f"{what}: a figure is negative", line))
        return
    if name.replace(" ", "").casefold() in STATED:
        table.stated = Row(line, 0, name, *figures)
    elif table.stated is not None:
        table.errors.append(Problem(table.file, f"{what} comes after the {table.stated.name} row", line))
    else:
        table.rows.append(Row(line, len(table.rows) + 1, name, *figures))
    if figures[2] > figures[1]:  # a budget cannot hold it: not even --force writes it
        message = f"{what}: {table.columns[2]} {figures[2]:,} is more than {table.columns[1]} {figures[1]:,}"
        table.errors.append(Problem(table.file, message, line))


def _reconcile(table: Imported) -> None:
    stated = table.stated
    if stated is None:
        if table.rows:
            table.mismatches.append(Problem(table.file, "no 총합 row: the totals written are the rows' sums"))
        return
    for key, column in zip(MEASURES, table.columns, strict=True):
        said, summed = getattr(stated, key), sum(getattr(r, key) for r in table.rows)
        if said != summed:
            message = f"{stated.name}, {column}: states {said:,}, the rows add up to {summed:,} ({summed - said:+,})"
            table.mismatches.append(Problem(table.file, message, stated.line))
