"""--sort COLUMN on every table command: check's findings, diff's and trend's rows; growth where none exists."""

from __future__ import annotations

import json

from test_diff import REALLOCATED
from test_trend import YEARS

from conftest import SHIPPED, edit

# Beside the June reallocation (자율주행차 -56, AI 팩토리 +56): 디스플레이 down 38, 인력양성 up 19.
MOVED = edit(
    REALLOCATED, "projects = 14\ntotal = 716\nallocation = 138\n", "projects = 14\ntotal = 716\nallocation = 100\n"
)
MOVED = edit(MOVED, "projects = 2\ntotal = 88\nallocation = 21\n", "projects = 2\ntotal = 88\nallocation = 40\n")


def diff_ids(run, *extra: str) -> list[str]:
    result = run("diff", "old.toml", "new.toml", "--json", *extra)
    assert (result.exit_code, result.stderr) == (1, ""), result.stderr
    return [f["id"] for f in json.loads(result.stdout)["fields"]]


def test_diff_sorts_by_any_of_its_numbers(run, write, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(SHIPPED, "old.toml"), write(MOVED, "new.toml")
    assert diff_ids(run) == ["ai-factory", "autonomous-vehicles", "display", "workforce"]  # as in the files
    assert diff_ids(run, "--sort", "change") == ["ai-factory", "autonomous-vehicles", "display", "workforce"]
    assert diff_ids(run, "--sort", "change", "--reverse") == [
        "workforce",
        "display",
        "ai-factory",
        "autonomous-vehicles",
    ]
    assert diff_ids(run, "--sort", "allocation_change") == ["ai-factory", "workforce", "display", "autonomous-vehicles"]
    assert diff_ids(run, "--sort", "allocation.change", "--reverse")[0] == "autonomous-vehicles"
    assert diff_ids(run, "--sort", "growth") == ["workforce", "ai-factory", "autonomous-vehicles", "display"]
    assert diff_ids(run, "--sort", "change_ratio") == diff_ids(run, "--sort", "allocation_change_ratio")
    assert diff_ids(run, "--sort", "old") == ["autonomous-vehicles", "ai-factory", "display", "workforce"]
    assert diff_ids(run, "--sort", "file", "--reverse") == ["workforce", "display", "autonomous-vehicles", "ai-factory"]
    assert diff_ids(run, "--sort", "name_en") == ["ai-factory", "autonomous-vehicles", "display", "workforce"]


def test_diff_top_keeps_the_totals_whole(run, write, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(SHIPPED, "old.toml"), write(MOVED, "new.toml")
    assert diff_ids(run, "--sort", "growth", "--top", "2") == ["workforce", "ai-factory"]
    data = json.loads(run("diff", "old.toml", "new.toml", "--json", "--top", "1").stdout)
    assert data["summary"]["allocation"] == {"old": 4787, "new": 4768, "change": -19, "change_ratio": -0.003969}
    assert data["counts"]["fields"]["changed"] == 4
    out = run("diff", "old.toml", "new.toml", "--sort", "growth", "--top", "2", "--lang", "en").stdout
    lines = out.splitlines()
    total = next(i for i, line in enumerate(lines) if line.startswith("      total"))
    assert lines[total - 3].startswith("  ~   Workforce Training")
    assert lines[total - 2].startswith("  ~   AI Factory")
    assert lines[total + 1 : total + 5] == [
        "",
        "unit: KRW 100M in both files",
        "13 unchanged fields hidden (--all shows them)",
        "2 more fields not listed (--top 2); the total is of them all",
    ]
    ko = run("diff", "old.toml", "new.toml", "--top", "3").stdout
    assert "분야 1개 더 있음 (--top 3); 합계는 전체\n" in ko


def test_diff_refuses_an_unknown_column_with_the_choices(run, write, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(SHIPPED, "old.toml"), write(MOVED, "new.toml")
    result = run("diff", "old.toml", "new.toml", "--sort", "size")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "mdbudget: diff cannot sort by 'size': choose one of file, change, status, id, name, name_en, "
        "projects_old, projects_new, projects_change, projects_change_ratio, total_old, total_new, total_change, "
        "total_change_ratio, allocation_old, allocation_new, allocation_change, allocation_change_ratio "
        "(--reverse turns the order round)\n"
    )
    assert run("diff", "old.toml", "new.toml", "--top", "0").exit_code == 2


def trend_ids(run, files: list[str], *extra: str) -> list[str]:
    result = run("trend", *files, "--json", *extra)
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    data = json.loads(result.stdout)
    assert data["programme"]["name_en"] == "programme"  # not a row to sort: it stays apart
    return [r["id"] for r in data["rows"]]


def test_trend_sorts_by_a_year_a_step_or_its_growth(run, write) -> None:
    files = [str(write(YEARS[y], f"budget-{y}.toml")) for y in (2024, 2025, 2026)]
    assert trend_ids(run, files) == ["robots", "chips", "ai-factory", "biotech"]
    assert trend_ids(run, files, "--sort", "growth") == ["ai-factory", "robots", "chips", "biotech"]  # CAGR
    assert trend_ids(run, files, "--sort", "cagr") == trend_ids(run, files, "--sort", "growth")
    assert trend_ids(run, files, "--sort", "2026") == ["chips", "robots", "ai-factory", "biotech"]
    assert trend_ids(run, files, "--sort", "y2024", "--reverse") == ["biotech", "robots", "chips", "ai-factory"]
    assert trend_ids(run, files, "--sort", "growth_2025_2026") == ["ai-factory", "robots", "chips", "biotech"]
    assert trend_ids(run, files, "--sort", "change") == ["robots", "chips", "ai-factory", "biotech"]
    assert trend_ids(run, files, "--sort", "file", "--reverse") == ["biotech", "ai-factory", "chips", "robots"]
    table = run("trend", *files, "--sort", "2026", "--lang", "en").stdout.splitlines()
    assert [line.split()[0] for line in table[4:8]] == ["Chips", "Robots", "Ai-Factory", "Biotech"]
    assert table[9].startswith("  programme (4          350    510    587")  # the total row stays last


def test_trend_refuses_an_unknown_column_with_the_choices(run, write) -> None:
    files = [str(write(YEARS[y], f"budget-{y}.toml")) for y in (2024, 2025)]
    result = run("trend", *files, "--sort", "size")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "mdbudget: trend cannot sort by 'size': choose one of file, change, cagr, status, id, name, name_en, "
        "first_year, last_year, y2024, y2025, growth_2024_2025 (--reverse turns the order round)\n"
    )


def check_codes(run, *extra: str) -> list[tuple[str, str]]:
    result = run("check", "--packaged", "--json", *extra)
    assert result.exit_code == 0, result.stderr
    return [(f["status"], f["code"]) for f in json.loads(result.stdout)["findings"]]


def test_check_sorts_its_findings(run) -> None:
    by_line = check_codes(run)
    lines = [f["line"] for f in json.loads(run("check", "--packaged", "--json").stdout)["findings"]]
    assert lines == sorted(lines)
    assert check_codes(run, "--sort", "line", "--reverse") == by_line
    data = json.loads(run("check", "--packaged", "--json", "--sort", "difference").stdout)["findings"]
    differences = [f["difference"] for f in data if "difference" in f]
    assert differences == sorted(differences, reverse=True) and differences[0] > 0
    assert "difference" not in data[-1]  # a finding without the figure goes last
    statuses = [s for s, _ in check_codes(run, "--sort", "severity")]
    assert statuses == sorted(statuses, key=["accepted", "pass"].index)
    assert sorted(check_codes(run, "--sort", "code")) == sorted(by_line)


def test_check_refuses_an_unknown_column_with_the_choices(run) -> None:
    result = run("check", "--packaged", "--sort", "size")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "mdbudget: check cannot sort by 'size': choose one of line, difference, stated, computed, status, code, "
        "path (--reverse turns the order round)\n"
    )


# Growth where the release has no earlier amounts: the sentence, for projects as for fields.

NO_PROJECT_GROWTH = (
    "mdbudget: the release gives no per-project amounts for 2023, so no project has a growth to sort by; "
    "the programme as a whole grew from 1,860억원 in 2023 to 4,787억원 in 2025 (2.57×): see mdbudget total\n"
)


def test_project_growth_says_what_exists_instead(run) -> None:
    for name in ("growth", "cagr", "change"):
        result = run("project", "--sort", name)
        assert (result.exit_code, result.stderr) == (1, NO_PROJECT_GROWTH)
    assert (run("project", "--sort", "growth", "--json").stdout, run("project", "--sort", "growth").exit_code) == (
        "[]\n",
        1,
    )


def test_the_growth_sentence_is_the_budgets_own(run, write) -> None:
    path = write(edit(SHIPPED, "allocation = 1860 ", "allocation = 2000 "))
    for command, what in (("project", "project"), ("fields", "field"), ("ratios", "field")):
        result = run(command, "--file", str(path), "--sort", "growth")
        assert result.exit_code == 1
        assert result.stderr == (
            f"mdbudget: the release gives no per-{what} amounts for 2023, so no {what} has a growth to sort by; "
            "the programme as a whole grew from 2,000억원 in 2023 to 4,787억원 in 2025 (2.39×): see mdbudget total\n"
        )
