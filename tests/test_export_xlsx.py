"""`export --format xlsx`: the tables as an Excel workbook, read back with openpyxl."""

from __future__ import annotations

import errno
import os

import pytest

from conftest import SHIPPED, edit

openpyxl = pytest.importorskip("openpyxl", reason="openpyxl reads the workbook back: pip install -e '.[test]'")


@pytest.fixture
def book(run, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "budget.xlsx"
    result = run("export", "--format", "xlsx", "--out", str(path))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"mdbudget: wrote {path}\n")
    return openpyxl.load_workbook(path)


def records(sheet) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_one_sheet_per_table_then_check_and_where_the_data_came_from(book) -> None:
    assert book.sheetnames == [
        "fields",
        "project_types",
        "projects",
        "participants",
        "totals",
        "claims",
        "check",
        "source",
    ]


def test_the_fields_sum_to_the_stated_totals(book) -> None:
    fields = records(book["fields"])
    (totals,) = records(book["totals"])
    assert len(fields) == 17
    for key in ("total (억원)", "allocation (억원)"):
        assert all(isinstance(f[key], int) for f in fields)  # numbers, not text
        assert sum(f[key] for f in fields) == totals[key]  # type: ignore[misc]
    assert sum(f["projects"] for f in fields) == totals["projects"] == 445  # type: ignore[misc]
    assert (totals["total (억원)"], totals["allocation (억원)"]) == (18858, 4787)


def test_amounts_show_thousands_and_the_unit_and_years_no_separator(book) -> None:
    sheet = book["totals"]
    header = [c.value for c in sheet[1]]
    cells = dict(zip(header, sheet[2], strict=True))
    assert cells["total (억원)"].number_format == '#,##0"억원"'
    assert cells["projects"].number_format == "#,##0"
    assert cells["year"].number_format == "General" and cells["year"].value == 2025
    assert cells["baseline_allocation (억원)"].value == 1860


def test_every_sheet_has_a_frozen_filtered_header_and_columns_wide_enough(book) -> None:
    for sheet in book:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref, sheet.title
    fields = book["fields"]
    # 반도체 (공정·장비 등): 12 characters, 9 of them wide: 21 columns of width.
    assert fields.column_dimensions["B"].width >= 21
    assert fields.column_dimensions["A"].width >= len("international-cooperation")


def test_check_and_source_sheets(book) -> None:
    findings = records(book["check"])
    assert len(findings) == 40
    assert [f["status"] for f in findings].count("accepted") == 3  # the shipped budget's [check] table
    assert findings[0]["subject"] == "회계연도와 보도 일자"
    source = {row["key"]: row["value"] for row in records(book["source"])}
    assert source["title"] == "'25년 산업AI 개발·확산에 4,800억원 투자"
    assert source["release_date"] == "2025-05-28"
    assert source["source_file"] == "motie-2025-industrial-ai-press-release.txt"
    assert source["unit"] == "억원 (1 억원 = 100,000,000 won)"
    assert source["fields.total"] == "multi-year total (총 투자규모) [억원]"


def test_english_words_the_findings_in_english(run, tmp_path) -> None:
    path = tmp_path / "en.xlsx"
    assert run("export", "--format", "xlsx", "--lang", "en", "--out", str(path)).exit_code == 0
    findings = records(openpyxl.load_workbook(path)["check"])
    assert findings[0]["subject"] == "fiscal year against the release date"


def test_the_same_budget_gives_the_same_bytes(run, tmp_path) -> None:
    one, two = tmp_path / "one.xlsx", tmp_path / "two.xlsx"
    run("export", "--format", "xlsx", "--out", str(one))
    run("export", "--format", "xlsx", "--out", str(two))
    assert one.read_bytes() == two.read_bytes()


def test_text_that_looks_like_a_formula_stays_text(run, write, tmp_path) -> None:
    path = write(edit(SHIPPED, 'lead = "디퍼아이"', 'lead = "=HYPERLINK(\\"http://x\\",\\"y\\")"'))
    out = tmp_path / "book.xlsx"
    assert run("export", "--format", "xlsx", "--file", str(path), "--out", str(out)).exit_code == 0
    cell = openpyxl.load_workbook(out)["projects"]["F4"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x","y")', "s")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "export --format xlsx writes a workbook: give its name with --out FILE.xlsx"),
        (("--out", "-"), "export --format xlsx writes files, not standard output: give --out a path"),
        (("--out", "b.xlsx", "--unit", "조원"), "export --format xlsx keeps the budget file's unit; leave out --unit"),
    ],
)
def test_usage_errors(run, args, message) -> None:
    result = run("export", "--format", "xlsx", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"mdbudget: {message}\n")


def test_never_over_the_budget_file(run, write) -> None:
    path = write(SHIPPED, "budget.xlsx")
    result = run("export", "--format", "xlsx", "--file", str(path), "--out", str(path))
    assert (result.exit_code, result.stderr) == (2, f"mdbudget: refusing to overwrite the budget file {path}\n")
    assert path.read_text(encoding="utf-8") == SHIPPED


def test_a_full_disk_leaves_the_earlier_workbook(run, tmp_path, monkeypatch) -> None:
    path = tmp_path / "budget.xlsx"
    path.write_bytes(b"an earlier workbook")

    def disk_full(_: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    result = run("export", "--format", "xlsx", "--out", str(path))
    assert (result.exit_code, result.stderr) == (
        2,
        f"mdbudget: cannot write {path}: No space left on device; no file was changed\n",
    )
    assert [p.name for p in tmp_path.iterdir()] == ["budget.xlsx"]
    assert path.read_bytes() == b"an earlier workbook"


PROBE = """
import json, sys
sys.argv = ["mdbudget", *json.loads(sys.argv[1])]
from mdbudget.__main__ import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write("\\n" + json.dumps(sorted(sys.modules)) + "\\n")
"""


def modules_after(*args: str) -> set[str]:
    import json
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True, timeout=60)
    return {name.split(".")[0] for name in json.loads(done.stderr.splitlines()[-1])}


def test_only_the_workbook_imports_xlsxwriter(tmp_path) -> None:
    from conftest import ROOT

    budget = str(ROOT / "budget.toml")
    for args in (("total", "--format", "json"), ("shares", "--format", "svg"), ("report",)):
        assert "xlsxwriter" not in modules_after(*args, "--file", budget), args
    assert "xlsxwriter" in modules_after(
        "export", "--format", "xlsx", "--out", str(tmp_path / "b.xlsx"), "--file", budget
    )
