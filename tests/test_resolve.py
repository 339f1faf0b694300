"""Which budget file is used: --file > $MDBUDGET_FILE > ./budget.toml > the packaged copy."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SHIPPED, SHIPPED_WHOLE, edit
from mdbudget.loading.load import packaged_budget


def year_of(result) -> int:
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)["year"]


@pytest.fixture
def two_budgets(write):
    return write(edit(SHIPPED, "fiscal_year = 2025", "fiscal_year = 2031"), "env.toml"), write(
        edit(SHIPPED, "fiscal_year = 2025", "fiscal_year = 2032"), "flag.toml"
    )


def test_file_option_beats_environment(run, two_budgets) -> None:
    env_file, flag_file = two_budgets
    result = run("check", "--json", "--file", str(flag_file), env={"MDBUDGET_FILE": str(env_file)})
    assert year_of(result) == 2032


def test_environment_beats_current_folder(run, two_budgets, monkeypatch, tmp_path) -> None:
    env_file, _ = two_budgets
    (tmp_path / "budget.toml").write_text(edit(SHIPPED, "fiscal_year = 2025", "fiscal_year = 2033"), "utf-8")
    monkeypatch.chdir(tmp_path)
    assert year_of(run("check", "--json", env={"MDBUDGET_FILE": str(env_file)})) == 2031
    assert year_of(run("check", "--json")) == 2033


@pytest.mark.parametrize("command", ["total", "fields", "shares", "ratios", "project", "export"])
def test_queries_read_the_packaged_copy_when_nothing_else(run, monkeypatch, tmp_path, command) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(command, "--json", "--verbose")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == f"mdbudget: using {packaged_budget()} (the copy packaged with mdbudget)"


def source_lines(result) -> list[str]:
    assert result.exit_code == 0, result.stderr
    return [line for line in result.stdout.splitlines() if line.startswith(("출처: ", "Source: "))]


# Every table command that prints a source line, and how many it prints (ratios: two tables).
SOURCED = [("total",), ("fields",), ("shares",), ("ratios",), ("project", "pharma")]
COUNTS = {"total": 1, "fields": 1, "shares": 1, "ratios": 2, "project": 1}


@pytest.mark.parametrize("args", SOURCED, ids=lambda a: a[0])
def test_source_line_names_the_packaged_copy(run, monkeypatch, tmp_path, args) -> None:
    """Outside the budget's folder a query answers from the packaged copy: the table says so."""
    monkeypatch.chdir(tmp_path)
    wide = {"COLUMNS": "400"}
    lines = source_lines(run(*args, "--lang", "en", env=wide))
    assert len(lines) == COUNTS[args[0]]
    assert all(line.endswith(f"; packaged copy: {packaged_budget()}") for line in lines), lines
    korean = source_lines(run(*args, env=wide))
    assert all(line.endswith(f"; 설치된 사본: {packaged_budget()}") for line in korean), korean
    markdown = source_lines(run(*args, "--format", "markdown", "--lang", "en"))
    assert all(line.endswith(f"; packaged copy: {packaged_budget()}") for line in markdown), markdown
    assert len(markdown) == COUNTS[args[0]]


def test_report_page_names_the_packaged_copy(run, monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    page = run("report", "--lang", "en")
    assert page.exit_code == 0, page.stderr
    assert page.stdout.count(f"; packaged copy: {packaged_budget()}</p>") >= 1
    monkeypatch.chdir(packaged_budget().parent)
    assert "packaged copy" not in run("report", "--lang", "en").stdout


def test_source_line_of_the_packaged_copy_exactly(run, monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("total", "--lang", "en", env={"COLUMNS": "400"})
    assert source_lines(result) == [
        "Source: motie-2025-industrial-ai-press-release.txt — KRW 480 billion for developing and spreading "
        f"industrial AI in 2025 (참고2 표 총합 행); packaged copy: {packaged_budget()}"
    ]


@pytest.mark.parametrize("args", SOURCED, ids=lambda a: a[0])
def test_source_line_names_a_chosen_file(run, write, monkeypatch, tmp_path, args) -> None:
    """--file and $MDBUDGET_FILE name their file; ./budget.toml, the usual case, is not named."""
    monkeypatch.chdir(tmp_path)
    write(SHIPPED, "other.toml")
    wide = {"COLUMNS": "400"}
    lines = source_lines(run(*args, "--lang", "en", "--file", "other.toml", env=wide))
    assert len(lines) == COUNTS[args[0]]
    assert all(line.endswith("; file: other.toml") for line in lines), lines
    lines = source_lines(run(*args, env={**wide, "MDBUDGET_FILE": "other.toml"}))
    assert all(line.endswith("; 파일: other.toml") for line in lines), lines
    write(SHIPPED)
    for named in ([], ["--file", "budget.toml"], ["--file", "./budget.toml"]):
        lines = source_lines(run(*args, "--lang", "en", *named, env=wide))
        assert len(lines) == COUNTS[args[0]]
        assert not any("file:" in line or "packaged copy" in line for line in lines), lines


def test_packaged_copy_is_the_shipped_file() -> None:
    assert packaged_budget().read_text(encoding="utf-8") == SHIPPED_WHOLE


def test_verbose_names_the_file(run, write) -> None:
    path = write(SHIPPED)
    result = run("check", "--json", "--verbose", "--file", str(path))
    assert result.stderr.splitlines()[0] == f"mdbudget: using {path} (--file)"


def test_standard_input(run) -> None:
    result = run("check", "--json", "--file", "-", input=SHIPPED)
    assert year_of(result) == 2025
    assert json.loads(result.stdout)["file"] == "<stdin>"


def test_empty_standard_input(run) -> None:
    result = run("check", "--file", "-", input="")
    assert (result.exit_code, result.stderr) == (
        2,
        "<stdin>: the file is empty; a budget file needs [program], [totals] and [[fields]] "
        "(mdbudget schema gives the layout)\n",
    )


def test_installed_entry_point_runs(tmp_path) -> None:
    exe = shutil.which("mdbudget", path=str(Path(sys.executable).parent))
    assert exe, "the mdbudget console script is not installed next to this Python"
    done = subprocess.run(
        [exe, "check", "--packaged", "--json"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["ok"] is True
    # Nothing chosen in an empty folder: check says so, and never passes on the packaged copy by itself.
    done = subprocess.run([exe, "check"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (2, "")
    assert "--packaged" in done.stderr
    module = subprocess.run([sys.executable, "-m", "mdbudget", "--version"], capture_output=True, text=True, timeout=60)
    assert module.returncode == 0 and module.stdout.startswith("mdbudget ")


def test_the_readmes_first_command_and_workflow_check_the_repositorys_budget() -> None:
    # `.venv/bin/mdbudget check` from the repository's root, and the workflow's step, which runs there too.
    exe = shutil.which("mdbudget", path=str(Path(sys.executable).parent))
    assert exe
    root = Path(__file__).resolve().parent.parent
    env = {"PATH": os.environ.get("PATH", ""), "GITHUB_WORKSPACE": str(root), "MDBUDGET_NO_CACHE": "1"}
    for args in (["check", "--verbose"], ["check", "--format", "github", "--verbose"]):
        done = subprocess.run([exe, *args], cwd=root, capture_output=True, text=True, timeout=60, env=env)
        assert done.returncode == 0, done.stderr
        assert done.stderr.splitlines()[0] == "mdbudget: using budget.toml (./budget.toml)"
    assert done.stdout.splitlines()[-1] == "검증 통과: 검사 40건, 오류 0건, 경고 0건, 허용 3건"
