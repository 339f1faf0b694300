"""The pre-commit hook (.pre-commit-hooks.yaml), run for real with `pre-commit try-repo`.

try-repo builds a virtual environment and installs this repository into it, as a
budget's own repository would: tens of seconds, so one test, its environment reused.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SHIPPED, SHIPPED_WHOLE, edit

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"


def test_the_hook_runs_check_on_changed_budget_files() -> None:
    assert [(h["id"], h["entry"], h["language"], h["files"]) for h in HOOKS] == [
        ("mdbudget-check", "mdbudget check", "python", r"(^|/)budget[^/]*\.toml$")
    ]


@pytest.mark.skipif(not (ROOT / ".git").exists() or shutil.which("git") is None, reason="needs a git checkout")
@pytest.mark.skipif(not PRE_COMMIT.exists(), reason="needs pre-commit (the test extra)")
def test_try_repo_passes_a_good_budget_and_fails_a_broken_one_on_its_line(tmp_path: Path) -> None:
    repo = tmp_path / "budgets"
    (repo / "next").mkdir(parents=True)
    (repo / "budget.toml").write_text(SHIPPED_WHOLE, encoding="utf-8")
    broken = edit(SHIPPED, "allocation = 4787 ", "allocation = 4797 ")  # the stated 총합 row, 10 more than its fields
    (repo / "next" / "budget-2026.toml").write_text(broken, encoding="utf-8")
    (repo / "notes.toml").write_text("not = [a budget", encoding="utf-8")  # not a budget's name: left alone
    env = os.environ | {
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
        "NO_COLOR": "1", "COLUMNS": "200",
    }  # fmt: skip
    env.pop("MDBUDGET_FILE", None)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)

    def hook(*files: str) -> subprocess.CompletedProcess[str]:
        command = [str(PRE_COMMIT), "try-repo", str(ROOT), "mdbudget-check", "--color", "never", "--files", *files]
        return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=600)

    good = hook("budget.toml", "notes.toml")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "mdbudget check......" in good.stdout and "Passed" in good.stdout

    bad = hook("budget.toml", "next/budget-2026.toml", "notes.toml")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout and "- exit code: 1" in bad.stdout
    line = next(i for i, s in enumerate(broken.splitlines(), 1) if s.startswith("allocation = 4797"))
    # The failing file's table places the 총합 row's mistake on its line; the good file's passes beside it.
    assert re.search(rf"✗ +{line} +투자규모: 17개 분야의 합 +합계 4,787 ≠ 명시 4,797 \(차이 -10\)", bad.stdout)
    assert "next/budget-2026.toml — 2025 (억원)" in bad.stdout
    assert "\nbudget.toml — 2025 (억원)" in bad.stdout
    assert "검증 통과: 검사 40건, 오류 0건, 경고 0건, 허용 3건" in bad.stdout
    assert "검증 실패: 검사 40건, 오류 1건, 경고 3건" in bad.stdout
