"""What a careful reader met: English plurals, English words in Korean output, lists joined by a comma
their items hold, a missing file called invalid, one key spelt two ways, key paths past a narrow screen."""

from __future__ import annotations

import json
import unicodedata

from conftest import SHIPPED, edit

PHARMA_PARTIAL_KO = "  참여기관 일부만 표기(등)   예\n"


def one_field_budget() -> str:
    """The shipped program with the AI 팩토리 row alone, its totals those of the row."""
    head = SHIPPED[: SHIPPED.index("\n[totals]\n") + 1]
    start = SHIPPED.index('[[fields]]\nid = "ai-factory"')
    row = SHIPPED[start : SHIPPED.index("\n[[fields]]", start + 1)].replace("provisional = true\n", "")
    totals = '[totals]\nprojects = 44\ntotal = 1516\nallocation = 627\nsource = "참고2"\n\n'
    return head + totals + row + "\n"


def test_one_field_is_not_fields(run, write) -> None:
    # Before: "total (1 fields)" and "sum of 1 fields".
    path = str(write(one_field_budget()))
    fields = run("fields", "--file", path, "--lang", "en", env={"COLUMNS": "100"})
    assert fields.exit_code == 0, fields.stderr
    assert "  total (1 field)  " in fields.stdout and "1 fields" not in fields.stdout
    shares = run("shares", "--file", path, "--lang", "en", env={"COLUMNS": "100"})
    assert "total (1 field)" not in shares.stdout  # a whole budget: no query, no count
    found = run("shares", "ai", "--file", path, "--lang", "en", env={"COLUMNS": "100"})
    assert "  total (1 field)  " in found.stdout
    check = json.loads(run("check", "--file", path, "--json").stdout)
    subjects = [f["subject"] for f in check["findings"] if f["code"].startswith("totals.")]
    assert subjects == [
        "project count: sum of 1 field",
        "multi-year total: sum of 1 field",
        "allocation: sum of 1 field",
    ]
    shipped = json.loads(run("check", "--json").stdout)["findings"]
    assert "project count: sum of 17 fields" in [f["subject"] for f in shipped]


def test_yes_and_no_are_korean_in_korean(run) -> None:
    # Before: "참여기관 일부만 표기(등)   yes" in a Korean table.
    korean = run("project", "pharma", env={"COLUMNS": "100"})
    assert korean.exit_code == 0
    assert PHARMA_PARTIAL_KO in korean.stdout
    assert "yes" not in korean.stdout
    chip = run("project", "mobility-ai-chip", env={"COLUMNS": "100"}).stdout
    assert "  참여기관 일부만 표기(등)   아니요\n" in chip
    english = run("project", "pharma", "--lang", "en", env={"COLUMNS": "100"}).stdout
    assert "  more participants (등)   yes\n" in english
    # Data stays data: true in JSON and CSV, whatever the language.
    data = json.loads(run("project", "pharma", "--json").stdout)
    assert data[0]["participants_partial"] is True
    assert ",true," in run("project", "pharma", "--format", "csv").stdout.splitlines()[1]


def test_development_items_are_kept_apart(run) -> None:
    # Before: "…AI 반도체 개발, 드론, 자율비행 등 …": the items' own commas and the joins read alike.
    markdown = run("project", "mobility-ai-chip", "--format", "markdown", "--lang", "en").stdout
    assert (
        "| development | 영상·음성·센서 데이터를 동시에 처리하는 저지연 AI 반도체 개발; "
        "드론, 자율비행 등 실환경에서 검증 가능한 AI 실증 플랫폼 구현; "
        "모빌리티 분야 최적화를 위해 소형화·고성능화 동시 구현 |"
    ) in markdown


def test_github_summary_of_a_file_that_cannot_be_used(run, tmp_path) -> None:
    # Before: "check FAILED: the budget file is invalid (1 problem)" in English, for a file that is not there.
    missing = str(tmp_path / "nope.toml")
    result = run("check", "--format", "github", "--file", missing)
    assert result.exit_code == 2
    assert result.stdout.splitlines()[-1] == "검증 실패: 예산 파일 없음"
    english = run("check", "--format", "github", "--file", missing, "--lang", "en")
    assert (english.exit_code, english.stdout.splitlines()[-1]) == (2, "check FAILED: the budget file is missing")
    folder = run("check", "--format", "github", "--file", str(tmp_path))
    assert (folder.exit_code, folder.stdout.splitlines()[-1]) == (2, "검증 실패: 예산 파일을 읽을 수 없음")
    english = run("check", "--format", "github", "--file", str(tmp_path), "--lang", "en")
    assert english.stdout.splitlines()[-1] == "check FAILED: the budget file cannot be read"


def test_check_and_diff_spell_a_key_alike(run, write) -> None:
    # Before: claims.fields[ai-factory].allocation in diff, claims.fields[0].allocation in check.
    text = edit(SHIPPED, "projects = 44\nallocation = 627", "projects = 44\nallocation = 672")
    path = str(write(text))
    diffed = json.loads(run("diff", "budget.toml", path, "--json").stdout)["facts"]
    checked = json.loads(run("check", "--file", path, "--json").stdout)["findings"]
    assert [f["key"] for f in diffed] == ["claims.fields[ai-factory].allocation"]
    assert [f["path"] for f in checked if f["status"] == "error"] == [
        "claims.fields[ai-factory].text",
        "claims.fields[ai-factory].allocation",
    ]
    durations = [f["path"] for f in checked if f["status"] == "warning"]
    assert durations[0] == "projects[cnc-autonomous-manufacturing].stated_years"


def cells(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def test_key_paths_fit_a_narrow_screen(run, write) -> None:
    # Before: "      (baseline.allocation" at COLUMNS=20, 26 cells: a key path is one word no line may break.
    path = str(write(edit(SHIPPED, "allocation = 1860", "allocation = 1680")))
    for lang in ("en", "ko"):
        out = run("check", "--file", path, "--lang", lang, env={"COLUMNS": "20"}).stdout
        assert "[baseline]" in out and "baseline.allocation" not in out
        body = out[out.index("\n\n") :]  # below the title, which names the file's (long) path
        wide = [line for line in body.splitlines() if cells(line) > 20]
        # Only ids stay whole (they are copied back into queries): the two long project ids.
        assert all("cnc-autonomous-manufacturing" in w or "pharma-impurity-platform" in w for w in wide), wide
    # JSON keeps the key path scripts match.
    messages = [f["message"] for f in json.loads(run("check", "--file", path, "--json").stdout)["findings"]]
    assert any("(baseline.allocation 1,680, totals.allocation 4,787)" in m for m in messages)


def test_a_year_compared_as_a_figure_reads_as_a_year(run, write) -> None:
    # Before: the fiscal-year check's stated and computed columns read 2,025 (as an amount).
    path = str(write(SHIPPED))
    markdown = run("check", "--file", path, "--lang", "en", "--format", "markdown").stdout
    row = next(line for line in markdown.splitlines() if "fiscal year against the release date" in line)
    assert "| 2025 | 2025 | 0 |" in row and "2,025" not in markdown
    data = json.loads(run("check", "--file", path, "--json").stdout)
    fiscal = next(f for f in data["findings"] if f["code"] == "program.fiscal_year")
    assert (fiscal["stated"], fiscal["computed"]) == (2025, 2025)
