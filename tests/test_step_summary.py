"""check --format github under GitHub Actions: the whole findings table on the job's summary page.

GitHub shows only the first few annotations of a step; $GITHUB_STEP_SUMMARY gets every finding.
"""

from __future__ import annotations

from pathlib import Path

from conftest import SHIPPED, edit
from mdbudget.safe import echo


def summary_env(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    summary = tmp_path / "summary.md"
    return summary, {"GITHUB_STEP_SUMMARY": str(summary), "GITHUB_WORKSPACE": str(tmp_path)}


def table_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("|   | line")]


def test_every_finding_is_in_the_summary_passes_included(run, write, tmp_path) -> None:
    budget = write(SHIPPED)
    summary, env = summary_env(tmp_path)
    result = run("check", "--format", "github", "--lang", "en", "--file", str(budget), env=env)
    assert result.exit_code == 0
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("**budget.toml — 2025 (KRW 100M)**\n\n|   | line | check | result |")
    rows = table_rows(text)
    assert len(rows) == 40  # the summary line counts 40 checks
    assert sum(row.startswith("| ✓ |") for row in rows) == 37
    assert sum(row.startswith("| ! |") for row in rows) == 3
    assert text.rstrip().endswith("check passed: 40 checks, 0 errors, 3 warnings")
    # The annotations on stdout are unchanged: warnings only, no table.
    assert result.stdout.count("::warning ") == 3 and "| ✓ |" not in result.stdout


def test_a_failed_check_puts_the_error_in_the_summary(run, write, tmp_path) -> None:
    budget = write(edit(SHIPPED, "total = 3786\nallocation = 1206", "total = 3786\nallocation = 1216"))
    summary, env = summary_env(tmp_path)
    result = run("check", "--format", "github", "--file", str(budget), env=env)
    assert result.exit_code == 1
    text = summary.read_text(encoding="utf-8")
    errors = [row for row in table_rows(text) if row.startswith("| ✗ |")]
    assert len(errors) == 2
    assert (
        "| 38 | 투자규모: 17개 분야의 합 | 합계 4,797 ≠ 명시 4,787 (차이 +10) | 4,787 | 4,797 | 10 | 참고2 표 총합 행 | totals.allocation |"
        in errors[0]
    )


def test_the_summary_is_appended_to_what_earlier_steps_wrote(run, write, tmp_path) -> None:
    budget = write(SHIPPED)
    summary, env = summary_env(tmp_path)
    summary.write_text("## earlier step\n\n", encoding="utf-8")
    run("check", "--format", "github", "--file", str(budget), env=env)
    run("check", "--format", "github", "--file", str(budget), env=env)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## earlier step\n\n**budget.toml — 2025 (억원)**")
    assert text.count("**budget.toml — 2025 (억원)**") == 2


def test_an_unusable_file_lists_its_problems_in_the_summary(run, write, tmp_path) -> None:
    budget = write("x = [\n")
    summary, env = summary_env(tmp_path)
    result = run("check", "--format", "github", "--file", str(budget), env=env)
    assert result.exit_code == 2
    assert summary.read_text(encoding="utf-8") == (
        "**budget.toml — 예산 파일 오류**\n\n| 행 | 열 | 키 | 문제 |\n|---:|---:|---|---|\n"
        "| 2 | 1 |  | invalid TOML: Invalid value |\n\n"
    )
    result = run("check", "--format", "github", "--lang", "en", "--file", str(budget), env=env)
    assert "**budget.toml — the budget file cannot be used**\n\n| line | column | key | problem |" in (
        summary.read_text(encoding="utf-8")
    )


def test_only_the_github_format_writes_a_summary(run, write, tmp_path) -> None:
    budget = write(SHIPPED)
    summary, env = summary_env(tmp_path)
    for fmt in ("table", "json", "csv", "markdown"):
        assert run("check", "--format", fmt, "--file", str(budget), env=env).exit_code == 0
    assert not summary.exists()


def test_without_the_variable_nothing_is_written(run, write, tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.chdir(tmp_path)
    budget = write(SHIPPED)
    assert run("check", "--format", "github", "--file", str(budget)).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["budget.toml"]


def test_a_summary_that_cannot_be_written_is_said_and_changes_no_exit_status(run, write, tmp_path) -> None:
    budget = write(SHIPPED)
    missing = tmp_path / "no-such-folder" / "summary.md"
    result = run("check", "--format", "github", "--file", str(budget), env={"GITHUB_STEP_SUMMARY": str(missing)})
    assert result.exit_code == 0
    assert result.stderr == (
        f"mdbudget: could not add to the job summary $GITHUB_STEP_SUMMARY ({echo(str(missing))}): No such file or directory\n"
    )
