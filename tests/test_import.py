"""`mdbudget import` and `mdbudget init`: the release's 참고2 table, copied as text, back into a budget."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from support import readme_blocks, run_in

from conftest import ROOT

# 참고2 as copied from the release (/work/shared/source): caption, header, 17 rows, 총합 and the ※ footnote.
TABLE = (Path(__file__).parent / "fixtures" / "release-2025-table.txt").read_text(encoding="utf-8")
SHIPPED = str(ROOT / "budget.toml")


def without_sources(fields_json: str) -> list[dict[str, object]]:
    rows = json.loads(fields_json)
    for row in rows:
        row.pop("source")
    return rows


def test_the_table_into_the_shipped_budget_gives_its_fields(run, write, tmp_path) -> None:
    table = write(TABLE, "table.txt")
    out = tmp_path / "imported.toml"
    result = run("import", str(table), "--into", SHIPPED, "--out", str(out))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"mdbudget: wrote {out}\n")
    imported, shipped = run("fields", "--json", "--file", str(out)), run("fields", "--json", "--file", SHIPPED)
    assert imported.exit_code == 0, imported.stderr
    # Ids, English names and aliases come from --into by name; figures, names and provisional marks from the table.
    assert without_sources(imported.stdout) == without_sources(shipped.stdout)
    sources = [row["source"] for row in json.loads(imported.stdout)]
    assert sources == [f"참고2 표 {n}행" for n in range(1, 18)]
    check = run("check", "--file", str(out))
    assert check.exit_code == 0, check.stdout
    assert run("diff", SHIPPED, str(out), "--json").exit_code == 1  # only the sources differ
    summary = json.loads(run("total", "--json", "--file", str(out)).stdout)
    assert (summary["projects"], summary["total"], summary["allocation"]) == (445, 18858, 4787)


def test_without_into_the_ids_are_romanised_and_the_rest_is_marked(run, write) -> None:
    result = run("import", str(write(TABLE, "table.txt")))
    assert (result.exit_code, result.stderr) == (0, "")
    text = result.stdout
    assert 'id = "ai-paektori"\nname = "AI 팩토리"\nname_en = "AI 팩토리"  # FILL IN: the English name\n' in text
    assert 'id = "bandoche-gongjeong-jangbi-deung"\nname = "반도체 (공정·장비 등)"\n' in text
    assert 'id = "diseupeullei"\n' in text
    assert 'unit = "억원"\n' in text and "fiscal_year = 2025\n" in text
    assert '[totals]\nprojects = 445\ntotal = 18858\nallocation = 4787\nsource = "참고2 표 총합 행"\n' in text
    # The footnote names AI팩토리 (the spaces do not count): that row is provisional.
    assert text.count("provisional = true") == 1
    budget = write(text, "drafted.toml")
    assert run("check", "--file", str(budget)).exit_code == 0


def test_columns_split_by_spaces_csv_and_a_sheet_read_the_same(run, write) -> None:
    spaced = TABLE.replace("\t", "   ")
    out = io.StringIO()
    csv.writer(out).writerows(line.split("\t") for line in TABLE.splitlines())
    expected = run("import", str(write(TABLE, "table.txt"))).stdout.replace("table.txt", "FILE")
    for name, text in (("spaced.txt", spaced), ("table.csv", out.getvalue())):
        result = run("import", str(write(text, name)))
        assert result.exit_code == 0, result.stderr
        assert result.stdout.replace(name, "FILE") == expected, name


def test_an_xlsx_sheet(run, tmp_path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["참고2"])
    for line in TABLE.splitlines():
        cells = line.split("\t")
        sheet.append([cells[0], *(int(c.replace(",", "")) if c[0].isdigit() else c for c in cells[1:])])
    path = tmp_path / "table.xlsx"
    book.save(path)
    result = run("import", str(path), "--into", SHIPPED, "--year", "2025")
    assert result.exit_code == 0, result.stderr
    assert 'id = "autonomous-vehicles"\nname = "자율주행차"\n' in result.stdout


def test_a_misprinted_figure_names_the_row_and_column(run, write) -> None:
    # 조선's total printed 250 instead of 205: the column no longer adds up to 총합.
    table = write(TABLE.replace("조선\t5\t205\t39", "조선\t5\t250\t39"), "misprint.txt")
    result = run("import", str(table), "--into", SHIPPED)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"mdbudget: {table}:25: 총합, 총 투자규모(억원): states 18,858, the rows add up to 18,903 (+45)\n"
        "mdbudget: nothing written: fix the table, or write it with --force\n"
    )


def test_a_misprinted_cell_is_named(run, write) -> None:
    table = write(TABLE.replace("조선\t5\t205\t39", "조선\t5\t2,05\t39"), "misprint.txt")
    result = run("import", str(table))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"mdbudget: {table}:10: '조선', 총 투자규모(억원): '2,05' is not a whole number (digits, with commas every three)\n"
        "mdbudget: nothing written: fix the table\n"
    )


def test_a_missing_or_extra_cell_is_named(run, write) -> None:
    missing = write(TABLE.replace("조선\t5\t205\t39", "조선\t5\t205"), "missing.txt")
    result = run("import", str(missing))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"mdbudget: {missing}:10: '조선' has 3 cells, the header 4: a cell is missing\n")
    extra = write(TABLE.replace("조선\t5\t205\t39", "조선\t5\t205\t39\t1"), "extra.txt")
    result = run("import", str(extra))
    assert result.stderr.startswith(f"mdbudget: {extra}:10: '조선' has 5 cells, the header 4: it has a cell too many\n")


def test_force_writes_a_table_that_does_not_add_up_and_says_so(run, write, tmp_path) -> None:
    table = write(TABLE.replace("조선\t5\t205\t39", "조선\t5\t250\t39"), "misprint.txt")
    out = tmp_path / "forced.toml"
    result = run("import", str(table), "--out", str(out), "--force")
    assert result.exit_code == 0
    assert result.stderr == (
        f"mdbudget: {table}:25: 총합, 총 투자규모(억원): states 18,858, the rows add up to 18,903 (+45)\n"
        f"mdbudget: wrote {out}\n"
        "mdbudget: written with 1 mismatch(es) above (--force)\n"
    )
    assert "total = 250\n" in out.read_text(encoding="utf-8")
    assert run("check", "--file", str(out)).exit_code == 1  # check sees the same mismatch


def test_the_output_file_is_protected(run, write, tmp_path) -> None:
    table = write(TABLE, "table.txt")
    existing = write("keep me\n", "existing.toml")
    result = run("import", str(table), "--out", str(existing))
    assert (result.exit_code, result.stderr) == (2, f"mdbudget: {existing} exists; give --force to write over it\n")
    assert existing.read_text(encoding="utf-8") == "keep me\n"
    result = run("import", str(table), "--out", str(table), "--force")
    assert result.exit_code == 2
    assert result.stderr == f"mdbudget: refusing to overwrite the budget file {table}\n"
    assert table.read_text(encoding="utf-8") == TABLE
    assert run("import", str(table), "--out", str(existing), "--force").exit_code == 0
    assert "[[fields]]" in existing.read_text(encoding="utf-8")


def test_a_thousand_won_table(run, write) -> None:
    header = "분야\t지원 과제수\t총 투자규모(천원)\t'26년 투자규모(천원)\n"
    text = header + "로봇\t3\t1,500,000\t250,500\n바이오\t2\t900,000\t100,000\n총합\t5\t2,400,000\t350,500\n"
    result = run("import", str(write(text, "k.txt")))
    assert result.exit_code == 0, result.stderr
    assert 'unit = "천원"\n' in result.stdout and "fiscal_year = 2026\n" in result.stdout
    assert 'id = "robot"\n' in result.stdout and "allocation = 250500\n" in result.stdout
    budget = write(result.stdout, "k.toml")
    total = json.loads(run("total", "--json", "--file", str(budget), "--unit", "억원").stdout)
    assert str(total["allocation"]) == "3.505"


def test_a_file_without_a_header(run, write) -> None:
    result = run("import", str(write("로봇 3 1 1\n", "x.txt")))
    assert result.exit_code == 2
    assert "no header row" in result.stderr


def test_init_then_check_passes(run, tmp_path) -> None:
    out = tmp_path / "budget.toml"
    result = run("init", "--out", str(out), "--year", "2026")
    assert (result.exit_code, result.stderr) == (0, f"mdbudget: wrote {out}\n")
    check = run("check", "--file", str(out))
    assert check.exit_code == 0, check.stdout
    fields = json.loads(run("fields", "--json", "--file", str(out)).stdout)
    assert [(f["id"], f["year"], f["allocation"]) for f in fields] == [("example-field", 2026, 120)]
    again = run("init", "--out", str(out))
    assert (again.exit_code, again.stderr) == (2, f"mdbudget: {out} exists; give --force to write over it\n")
    assert run("init").stdout.startswith("# A budget file for mdbudget")


def test_the_readme_shows_real_output(tmp_path) -> None:
    (tmp_path / "참고2-2025.txt").write_text(TABLE, encoding="utf-8")
    (tmp_path / "misprint.txt").write_text(TABLE.replace("조선\t5\t205\t39", "조선\t5\t250\t39"), encoding="utf-8")
    shutil.copy(SHIPPED, tmp_path / "budget.toml")
    blocks = readme_blocks("mdbudget import and init", "budget.toml")
    assert len(blocks) == 3
    for command, expected in blocks:
        assert run_in(tmp_path, command) == expected, command


def test_next_years_table_into_this_years_budget(run, write, tmp_path) -> None:
    # A made-up '26 table: 조선 dropped (with nothing naming it elsewhere), a new row, and the figures moved.
    lines = [line for line in TABLE.splitlines() if not line.startswith("조선\t")]
    text = (
        "\n".join(lines).replace("'25년", "'26년").replace("기타\t14\t323\t107", "기타\t14\t323\t107\n양자\t5\t100\t5")
    )
    text = text.replace("총합\t445\t18,858\t4,787", "총합\t445\t18,753\t4,753")
    out = tmp_path / "budget-2026.toml"
    result = run("import", str(write(text, "table-2026.txt")), "--into", SHIPPED, "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        f"mdbudget: wrote {out}\n"
        f"mdbudget: 1 row(s) match no field of {SHIPPED} by name, and get new ids: 양자\n"
        "mdbudget: left out, with their claims and projects (not in the table): shipbuilding\n"
        "mdbudget: fiscal_year is now 2026; the program's title, date and claims are 2025's: update them\n"
    )
    fields = json.loads(run("fields", "--json", "--file", str(out)).stdout)
    assert (fields[-1]["id"], fields[-1]["name_en"], fields[-1]["year"]) == ("yangja", "양자", 2026)
    assert "shipbuilding" not in {f["id"] for f in fields}
    # The carried release date is 2025's: check holds the new fiscal year against it, as the note asks.
    check = json.loads(run("check", "--file", str(out), "--json").stdout)
    assert [f["code"] for f in check["findings"] if f["status"] == "error"] == ["program.fiscal_year"]
    out.write_text(out.read_text(encoding="utf-8").replace("release_date = 2025-05-28", "release_date = 2026-05-27"))
    check = run("check", "--file", str(out), "--json")
    assert check.exit_code == 0, check.stdout  # the carried claims still hold: their rows did not change


def test_into_a_budget_of_another_unit_is_refused(run, write) -> None:
    text = TABLE.replace("(억원)", "(백만원)")
    result = run("import", str(write(text, "t.txt")), "--into", SHIPPED)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == f"mdbudget: the table is in 백만원 and {SHIPPED} in 억원; --into needs one unit\n"


def test_a_year_above_its_total_is_never_written(run, write) -> None:
    table = write(TABLE.replace("조선\t5\t205\t39", "조선\t5\t39\t205"), "swapped.txt")
    result = run("import", str(table), "--force")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"mdbudget: {table}:10: '조선': '25년 투자규모(억원) 205 is more than 총 투자규모(억원) 39\n"
        "mdbudget: nothing written: fix the table\n"
    )


def test_the_unit_and_year_when_the_header_does_not_say(run, write) -> None:
    text = "분야\t과제수\t총 투자\t올해 투자\n로봇\t3\t1,500\t250\n총합\t3\t1,500\t250\n"
    table = write(text, "plain.txt")
    result = run("import", str(table))
    assert result.exit_code == 1
    assert result.stderr == (
        f"mdbudget: {table}:1: the header names no unit such as (억원); give one with --unit\n"
        f"mdbudget: {table}:1: the header names no year such as '25년; give one with --year\n"
        "mdbudget: nothing written: fix the table\n"
    )
    result = run("import", str(table), "--unit", "천", "--year", "2027")
    assert result.exit_code == 0, result.stderr
    assert 'unit = "천원"\n' in result.stdout and "fiscal_year = 2027\n" in result.stdout
    result = run("import", str(table), "--unit", "dollar")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("mdbudget: --unit: unknown unit 'dollar'; use one of 억원, 조원, 백만원, 천원, 원")


def test_the_into_budget_is_never_written(run, write, shipped) -> None:
    table = write(TABLE, "table.txt")
    budget = write(shipped, "budget.toml")
    result = run("import", str(table), "--into", str(budget), "--out", str(budget), "--force")
    assert (result.exit_code, result.stderr) == (2, f"mdbudget: refusing to overwrite the budget file {budget}\n")
    assert budget.read_text(encoding="utf-8") == shipped
