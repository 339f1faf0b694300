"""`mdbudget check --format github`: GitHub Actions annotations, one per finding that is not a pass."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from support import CliRunner, doc_text

from conftest import SHIPPED, SHIPPED_WHOLE, edit
from mdbudget.commands.options import Format, FormatOption
from mdbudget.formats.github import escape_data, escape_property

BROKEN = edit(SHIPPED, "allocation = 1206\nprovisional", "allocation = 1216\nprovisional")
DURATION = "touches {span} calendar years but {stated} years are stated; R&D years need not be calendar years"
WARNINGS = [
    f"::warning file=budget.toml,line={line},title={pid}%3A stated duration::projects[{pid}].stated_years: "
    f"{period} {DURATION.format(span=span, stated=span - 1)}%0Asource: 참고1 {mark}"
    for (line, pid, period, span, mark) in (
        [
            (328, "cnc-autonomous-manufacturing", "2024~2028", 5, "①"),
            (347, "pharma-impurity-platform", "2025~2029", 5, "②"),
            (367, "mobility-ai-chip", "2024~2027", 4, "③"),
        ]
    )
]


@pytest.fixture
def in_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A checkout: the current folder, as in a GitHub Actions job."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    return tmp_path


def test_broken_budget_gives_one_annotation_per_finding(run, in_repo) -> None:
    (in_repo / "budget.toml").write_text(BROKEN, encoding="utf-8")
    result = run("check", "--format", "github", "--lang", "en")
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        "::error file=budget.toml,line=38,title=allocation%3A sum of 17 fields::"
        "totals.allocation: sum 4,797 ≠ stated 4,787 (difference +10)%0Asource: 참고2 표 총합 행",
        "::error file=budget.toml,line=143,title=자율주행차%3A table row's allocation::"
        "fields[autonomous-vehicles].allocation: row 1,216 ≠ claimed 1,206 (difference -10); "
        "the column's total agrees with the claim, so the row looks wrong%0Asource: 참고2",
        *WARNINGS,
        "check FAILED: 40 checks, 2 errors, 3 warnings",
    ]


def test_annotations_speak_korean_by_default(run, in_repo) -> None:
    (in_repo / "budget.toml").write_text(BROKEN, encoding="utf-8")
    result = run("check", "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[1] == (
        "::error file=budget.toml,line=143,title=자율주행차%3A 표 행의 투자규모::"
        "fields[autonomous-vehicles].allocation: 행 1,216 ≠ 명시 1,206 (차이 -10) — "
        "열 합계가 명시값과 맞으므로 행이 틀린 것으로 보임%0A출처: 참고2"
    )
    assert lines[2] == (
        "::warning file=budget.toml,line=328,title=cnc-autonomous-manufacturing%3A 명시된 기간::"
        "projects[cnc-autonomous-manufacturing].stated_years: 2024~2028: 달력상 5개 연도, 명시 4년 — 연구개발 연차는 달력 연도와 다를 수 있음"
        "%0A출처: 참고1 ①"
    )
    assert lines[-1] == "검증 실패: 검사 40건, 오류 2건, 경고 3건"


def test_shipped_budget_gives_only_its_warnings(run, in_repo) -> None:
    (in_repo / "budget.toml").write_text(SHIPPED, encoding="utf-8")
    result = run("check", "--format", "github", "--lang", "en")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [*WARNINGS, "check passed: 40 checks, 0 errors, 3 warnings"]
    strict = run("check", "--format", "github", "--strict", "--lang", "en")
    assert strict.exit_code == 1
    assert strict.stdout.splitlines()[-1] == "check FAILED: 40 checks, 0 errors, 3 warnings (--strict: warnings fail)"


def test_files_are_named_relative_to_the_checkout(run, in_repo, monkeypatch) -> None:
    (in_repo / "data").mkdir()
    (in_repo / "data" / "budget.toml").write_text(BROKEN, encoding="utf-8")
    for given in (str(in_repo / "data" / "budget.toml"), "./data/budget.toml", "data/budget.toml"):
        first = run("check", "--format", "github", "--file", given).stdout.splitlines()[0]
        assert first.startswith("::error file=data/budget.toml,line=38,"), given
    monkeypatch.setenv("GITHUB_WORKSPACE", str(in_repo / "data"))
    first = run("check", "--format", "github", "--file", "data/budget.toml").stdout.splitlines()[0]
    assert first.startswith("::error file=budget.toml,line=38,")


def test_standard_input_has_no_file_or_line(run) -> None:
    first = run("check", "--format", "github", "--file", "-", "--lang", "en", input=BROKEN).stdout.splitlines()[0]
    assert first.startswith("::error title=allocation%3A sum of 17 fields::totals.allocation: sum 4,797")


def test_invalid_budget_is_exit_2_with_one_annotation_per_problem(run, in_repo) -> None:
    # Before: nothing on stdout, so the commonest CI failure showed nothing on the pull request.
    (in_repo / "budget.toml").write_text(edit(SHIPPED, "allocation = 39\n", "allocation = -5\n"), encoding="utf-8")
    result = run("check", "--format", "github")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        "::error file=budget.toml,line=153,col=1,title=예산 파일 오류%3A fields[2].allocation::"
        "fields[2].allocation: must be ≥ 0 (got -5)",
        "검증 실패: 예산 파일이 올바르지 않음 (문제 1건)",
    ]
    # Before: the same problem again on stderr, so a CI log showed each one twice.
    assert result.stderr == ""
    assert run("check", "--format", "table").stderr == "budget.toml:153:1: fields[2].allocation: must be ≥ 0 (got -5)\n"


def test_escaping_follows_githubs_rules() -> None:
    assert escape_data("100% sure\r\nnext: a, b") == "100%25 sure%0D%0Anext: a, b"
    assert escape_property("100% sure\r\nnext: a, b") == "100%25 sure%0D%0Anext%3A a%2C b"
    assert escape_data("%0A") == "%250A"  # a literal "%0A" stays literal


def test_other_commands_do_not_offer_github() -> None:
    app = typer.Typer()

    @app.command()
    def query(fmt: FormatOption = Format.table) -> None:
        pass

    result = CliRunner().invoke(app, ["--format", "github"], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert "'github' is not one of 'table', 'json', 'csv', 'markdown'" in result.stderr


README = doc_text()  # the README and docs/, where the annotations' examples are


def readme_block(command: str) -> list[str]:
    start = README.index(f"```console\n$ {command}\n") + len(f"```console\n$ {command}\n")
    return README[start : README.index("```", start)].splitlines()


def test_the_readme_examples_are_what_check_prints(run, in_repo) -> None:
    # The shipped file with the edit, its [check] table included: accepted durations are not annotated.
    broken = edit(SHIPPED_WHOLE, "allocation = 1206\nprovisional", "allocation = 1216\nprovisional")
    (in_repo / "budget.toml").write_text(broken, encoding="utf-8")
    assert run("check", "--format", "github", "--lang", "en").stdout.splitlines() == readme_block(
        "mdbudget check --format github --lang en"
    )
    (in_repo / "budget.toml").write_text(edit(SHIPPED, "allocation = 39\n", "alocation = 39\n"), encoding="utf-8")
    assert run("check", "--format", "github").stdout.splitlines() == readme_block("mdbudget check --format github")


@pytest.mark.parametrize(
    ("lang", "title", "summary"),
    [
        ("ko", "예산 파일 없음", "검증 실패: 예산 파일 없음"),
        ("en", "budget file missing", "check FAILED: the budget file is missing"),
    ],
)
def test_a_missing_file_is_titled_missing_in_the_language_asked(run, tmp_path, lang, title, summary) -> None:
    # Before: titled "invalid budget file", in English whatever --lang said, and said again on stderr.
    missing = tmp_path / "budget.toml"
    result = run("check", "--format", "github", "--lang", lang, "--file", str(missing))
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [f"::error file={missing},title={title}::no such file", summary]
    assert result.stderr == ""
