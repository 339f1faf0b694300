"""A figure is never cut, split or orphaned, at any terminal width from 20 up.

Every result is rendered in-process at each width: every figure a table shows (and
every amount of the JSON that the table has a column for) must be on one line, whole;
ids too; a line wider than the terminal holds a single figure or id that is wider.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from functools import cache
from typing import Any

import pytest
from rich.cells import cell_len
from support import with_fields, with_projects

from conftest import SHIPPED
from mdbudget import parse
from mdbudget.formats import render
from mdbudget.formats.cells import neutralise, number, show
from mdbudget.formats.layout import MAX_ROWS, UNBREAKABLE, shown_rows
from mdbudget.reports.check.reconcile import check
from mdbudget.reports.diff import diff
from mdbudget.reports.export import export
from mdbudget.reports.fields import fields
from mdbudget.reports.project import project
from mdbudget.reports.ratios import ratios
from mdbudget.reports.shares import shares
from mdbudget.reports.total import total
from mdbudget.reports.views import Column, Table

CHANGED = SHIPPED.replace("allocation = 1206", "allocation = 1216")  # the field and its claim
# Every width from 20 to 200 for Korean; the larger outputs and English at a stride
# (the same layout code, in a fraction of the time).
STRIDE = {"ratios": 3, "check": 3, "export": 11, "export-sparse": 11}


def sparse(budget: Any) -> Any:
    """The budget with every optional key left out: empty cells in every table."""
    return budget.replace(
        program=budget.program._replace(title_en=None, ministry_en=None, notes=()),
        fields=tuple(f._replace(aliases=()) for f in budget.fields),
        provisional=budget.provisional._replace(note_en=None),
        projects=tuple(
            p._replace(name_en=None, type=None, participants=(), development=(), stated_years=None)
            for p in budget.projects
        ),
    )


@cache
def results() -> dict[str, Any]:
    budget = parse(SHIPPED, "budget.toml")
    bare = sparse(budget)
    return {
        "project-sparse": project(bare),
        "project-one-sparse": project(bare, "pharma"),
        "fields-sparse": fields(bare),
        "export-sparse": export(bare),
        "total": total(budget),
        "total-won": total(budget, "원"),
        "fields": fields(budget),
        "fields-won": fields(budget, None, "원"),
        "shares": shares(budget),
        "ratios": ratios(budget),
        "project": project(budget),
        "project-one": project(budget, "pharma"),
        "check": check(budget),
        "diff": diff(budget, parse(CHANGED, "new.toml")),
        "export": export(budget),
    }


def whole(figure: str, lines: list[str]) -> bool:
    """``figure`` is on one of ``lines``, not as part of a longer number."""
    pattern = re.compile(r"(?<![\d,.])" + re.escape(figure) + r"(?![\d,.]*\d)")
    return any(pattern.search(line) for line in lines)


def shown_values(table: Table) -> list[tuple[Column, Any]]:
    """The values of the columns a terminal shows, of the rows it shows, and of the total row."""
    rows, _, _ = shown_rows(table) if not table.detail else (range(len(table.rows)), None, 0)
    # A table without rows is not drawn (its notes say what it would have summed).
    records = [table.rows[r] for r in rows] + ([table.total] if table.total and rows else [])
    return [(c, row[i]) for row in records for i, c in enumerate(table.columns) if c.terminal and row[i] is not None]


def json_amounts(data: Any, keys: frozenset[str]) -> list[int | Decimal]:
    found: list[int | Decimal] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in keys and isinstance(value, (int, Decimal)) and not isinstance(value, bool):
                found.append(value)
            else:
                found += json_amounts(value, keys)
    elif isinstance(data, list):
        for item in data:
            found += json_amounts(item, keys)
    return found


# The JSON amounts each command's terminal table has a column for.
TABLE_AMOUNTS = {
    "total": frozenset({"total", "allocation", "baseline_allocation", "change", "projects", "fields"}),
    "fields": frozenset({"total", "allocation", "projects"}),
    "project": frozenset({"total", "allocation"}),
}


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("name", list(results()))
def test_every_figure_is_whole_at_every_width(name, lang) -> None:
    result = results()[name]
    tables = result.tables(lang)
    figures = {neutralise(show(v, c.kind)) for t in tables for c, v in shown_values(t) if c.kind not in ("bar", "text")}
    ids = {str(v) for t in tables for c, v in shown_values(t) if c.key == "id"}
    command = name.split("-")[0]
    amounts = set()
    if command in TABLE_AMOUNTS and name != "project":
        data = json.loads(render(result, "json"))
        amounts = {number(Decimal(str(a))) for a in json_amounts(data, TABLE_AMOUNTS[command])}
    for width in range(20, 201, STRIDE.get(name, 1) * (1 if lang == "ko" else 7)):
        out = render(result, "table", lang=lang, width=width)
        lines = out.splitlines()
        for figure in figures | amounts:
            assert figure == "" or whole(figure, lines), (width, figure)
        for id_ in ids:
            assert any(id_ in line for line in lines), (width, id_)
        for line in lines:
            if cell_len(line) > width:  # only a figure or id wider than the terminal, alone
                assert len(line.split()) == 1, (width, line)
                assert any(cell_len(m.group()) > width - 8 for m in UNBREAKABLE.finditer(line)), (width, line)


@pytest.mark.parametrize("width", range(20, 201))
def test_the_provisional_mark_stays_with_its_row(width) -> None:
    out = render(results()["fields"], "table", width=width)
    lines = out.splitlines()
    for name, marked in (("자율주행차", True), ("첨단바이오", False), ("조선", False)):
        (line,) = [line for line in lines if name in line]
        assert line.rstrip().endswith("*") == marked, (width, line)
    assert any(line.startswith("* AI팩토리") for line in lines)


def test_the_grid_drops_bars_then_the_english_name_then_turns_to_blocks() -> None:
    shares_result = results()["shares"]
    wide = render(shares_result, "table", width=100)
    assert "█" in wide and "Autonomous Vehicles" in wide
    no_bars = render(shares_result, "table", width=70)
    assert "█" not in no_bars and "Autonomous Vehicles" in no_bars and "━" in no_bars
    no_english = render(shares_result, "table", width=44)
    assert "Autonomous" not in no_english and "━" in no_english
    assert "  자율주행차            1,206    25.2%   *" in no_english.splitlines()
    blocks = render(results()["fields"], "table", width=30).splitlines()
    assert "━" not in "".join(blocks)
    start = blocks.index("  자율주행차 *")
    assert blocks[start : start + 6] == [
        "  자율주행차 *",
        "    English",
        "      Autonomous Vehicles",
        "    과제 수",
        "      82",
        "    총 투자규모 (억원)",
    ]


def test_narrow_total_shows_every_label_with_its_value() -> None:
    out = render(results()["total"], "table", width=24)
    assert out.splitlines()[2:8] == ["  분야 수", "    17", "  과제 수", "    445", "  계속 과제", "    297"]
    assert "    18,858" in out.splitlines()


def test_ids_are_never_broken_in_a_grid() -> None:
    out = render(results()["project"], "table", width=100)
    assert "  cnc-autonomous-manufacturing   절삭가공" in out
    assert "  mobility-ai-chip " in out


def test_a_figure_wider_than_the_terminal_gets_its_own_line() -> None:
    out = render(results()["total-won"], "table", width=20)
    assert "    1,885,800,000,000" in out.splitlines()  # 21 cells at 20 columns: whole, not cut


def test_identical_files_print_no_empty_frame() -> None:
    budget = parse(SHIPPED, "old.toml")
    out = render(diff(budget, parse(SHIPPED, "new.toml")), "table", width=100)
    assert out == (
        "분야: old.toml → new.toml\n"
        "\n"
        "단위: 억원 (두 파일 모두)\n"
        "변화 없는 분야 17개는 숨김 (--all)\n"
        "순변화: 과제수 445 → 445 (0), 총 투자 18,858 → 18,858 (0), 연간 투자 4,787 → 4,787 (0) 억원\n"
        "같음: 두 파일의 내용이 일치함\n"
    )
    english = render(diff(budget, parse(SHIPPED, "new.toml")), "table", lang="en", width=100)
    assert "━" not in english and english.endswith("same: the files match in substance\n")
    markdown = render(diff(budget, parse(SHIPPED, "new.toml")), "markdown")
    assert "|" not in markdown and markdown.endswith("\n\n같음: 두 파일의 내용이 일치함\n")


def test_large_results_show_the_first_rows_and_count_the_rest() -> None:
    budget = parse(with_projects(250), "big.toml")
    result = project(budget)
    out = render(result, "table", width=120)
    assert "extra-project-96 " in out and "extra-project-97 " not in out  # 3 shipped + 97 = 100 rows
    assert "… 외 153행; 전부 보려면 --format json" in out.splitlines()
    assert "… and 153 more; use --format json" in render(result, "table", lang="en", width=120).splitlines()
    assert len(json.loads(render(result, "json"))) == 253  # JSON keeps every row
    assert render(result, "csv").count("\n") == 254


def test_check_shows_its_failures_first_then_counts_the_rest() -> None:
    result = check(parse(with_fields(150, claims=True, failing=True), "big.toml"))
    out = render(result, "table", lang="en", width=200).splitlines()
    assert sum(1 for line in out if line.startswith(("  ✗", "  !"))) == MAX_ROWS  # errors and warnings, by line
    passed = sum(1 for f in result.findings if f.status == "pass")
    failing = len(result.findings) - passed
    assert f"{passed:,} passing checks not shown; --format json lists all" in out
    assert f"… and {failing - MAX_ROWS:,} more; use --format json" in out


class Flagged:
    """150 rows, one marked provisional: the footnote shows only when that row does."""

    def __init__(self, marked: int) -> None:
        self.marked = marked

    def data(self) -> None:
        return None

    def tables(self, lang: str) -> list[Table]:
        columns = (Column("name", "name"), Column("allocation", "amount", "amount"), Column("provisional", "", "flag"))
        rows = tuple((f"row {i}", i, i == self.marked) for i in range(150))
        return [Table("t", columns, rows, notes=("* may change", "source: test"))]


@pytest.mark.parametrize(("marked", "footnote"), [(5, True), (99, True), (100, False), (149, False)])
def test_a_footnote_only_with_its_mark(marked, footnote) -> None:
    out = render(Flagged(marked), "table", width=80).splitlines()
    assert ("* may change" in out) == footnote
    assert "source: test" in out
    assert sum(1 for line in out if line.rstrip().endswith("*")) == int(footnote)


@pytest.mark.parametrize("unit", ["억원", "조원", "백만원", "천원"])
def test_no_width_splits_an_english_unit(unit) -> None:
    """ "KRW 100M" is one word: a header or note never ends a line with KRW and starts the next with 100M."""
    from mdbudget.budget.units import ENGLISH

    budget = parse(SHIPPED)
    label = ENGLISH[unit]
    size = label.split()[1]
    results = (total(budget, unit), fields(budget, None, unit), shares(budget, unit=unit), ratios(budget, unit))
    for result in (*results, project(budget, None, unit)):
        for width in range(20, 201, 1 if unit == "억원" else 7):
            out = render(result, "table", lang="en", width=width, color=False)
            assert out.count(label) == out.count(size) > 0, (type(result).__name__, width, out)
