"""The GitHub Action (action.yml): its inputs, its steps, and its check step run for real.

The check step's script is taken from action.yml and run with bash, as the runner would,
against a good and a broken budget, with the installed mdbudget on PATH.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import installed_script

from conftest import ROOT, SHIPPED, edit

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def step(step_id_or_name: str) -> dict[str, Any]:
    for s in ACTION["runs"]["steps"]:
        if step_id_or_name in (s.get("id"), s.get("name")):
            return dict(s)
    raise AssertionError(f"action.yml has no step {step_id_or_name!r}")


def test_a_composite_action_with_the_documented_inputs() -> None:
    assert ACTION["runs"]["using"] == "composite"
    inputs = ACTION["inputs"]
    assert set(inputs) == {"file", "lang", "strict", "python-version"}
    assert inputs["file"]["default"] == "budget.toml"
    assert inputs["lang"]["default"] == "ko"
    assert inputs["strict"]["default"] == "false"
    assert all(not i.get("required", False) for i in inputs.values())
    assert ACTION["outputs"]["exit-code"]["value"] == "${{ steps.check.outputs.exit-code }}"


def test_it_installs_the_mdbudget_it_is_pinned_to() -> None:
    install = step("Install mdbudget")
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert 'pip install --disable-pip-version-check --quiet "$ACTION_PATH"' in install["run"]


def test_no_input_is_pasted_into_a_script() -> None:
    # ${{ }} in `run:` is substituted before bash parses it: a file name could run code.
    for s in ACTION["runs"]["steps"]:
        assert "${{" not in s.get("run", ""), s


def test_the_check_step_calls_check_with_the_github_format() -> None:
    check = step("check")
    assert check["shell"] == "bash"
    assert 'args=(check --format github --file "$BUDGET_FILE" --lang "$BUDGET_LANG")' in check["run"]
    assert check["env"] == {
        "BUDGET_FILE": "${{ inputs.file }}",
        "BUDGET_LANG": "${{ inputs.lang }}",
        "BUDGET_STRICT": "${{ inputs.strict }}",
    }


def run_check_step(workspace: Path, **inputs: str) -> tuple[subprocess.CompletedProcess[str], str]:
    values = {"file": "budget.toml", "lang": "ko", "strict": "false", **inputs}
    output = workspace / "github_output"
    output.write_text("")
    env = {
        **os.environ,
        "PATH": f"{Path(installed_script()).parent}{os.pathsep}{os.environ['PATH']}",
        "BUDGET_FILE": values["file"],
        "BUDGET_LANG": values["lang"],
        "BUDGET_STRICT": values["strict"],
        "GITHUB_OUTPUT": str(output),
        "GITHUB_WORKSPACE": str(workspace),
        "NO_COLOR": "1",
    }
    env.pop("MDBUDGET_FILE", None)
    done = subprocess.run(
        ["bash", "-e", "-c", step("check")["run"]], cwd=workspace, env=env, capture_output=True, text=True, timeout=60
    )
    return done, output.read_text()


def test_a_good_budget_passes_and_its_warnings_are_annotated(tmp_path: Path) -> None:
    (tmp_path / "budget.toml").write_text(SHIPPED, encoding="utf-8")
    done, output = run_check_step(tmp_path, lang="en")
    assert done.returncode == 0, done.stderr
    assert output == "exit-code=0\n"
    assert done.stdout.count("::warning file=budget.toml,") == 3
    assert "::error" not in done.stdout


def test_strict_fails_the_job_on_warnings(tmp_path: Path) -> None:
    (tmp_path / "budget.toml").write_text(SHIPPED, encoding="utf-8")
    done, output = run_check_step(tmp_path, strict="true")
    assert (done.returncode, output) == (1, "exit-code=1\n")


def test_a_mismatch_fails_the_job_with_a_located_annotation(tmp_path: Path) -> None:
    (tmp_path / "budgets").mkdir()
    broken = edit(SHIPPED, "total = 3786\nallocation = 1206", "total = 3786\nallocation = 1216")
    (tmp_path / "budgets" / "2025.toml").write_text(broken, encoding="utf-8")
    done, output = run_check_step(tmp_path, file="budgets/2025.toml", lang="en")
    assert (done.returncode, output) == (1, "exit-code=1\n")
    assert "::error file=budgets/2025.toml,line=" in done.stdout
    assert "allocation: sum 4,797 ≠ stated 4,787" in done.stdout


@pytest.mark.parametrize("name", ["missing.toml", "$(touch pwned).toml"])
def test_an_unusable_file_fails_the_job_with_exit_2(tmp_path: Path, name: str) -> None:
    done, output = run_check_step(tmp_path, file=name)
    assert (done.returncode, output) == (2, "exit-code=2\n")
    assert "::error" in done.stdout
    assert not (tmp_path / "pwned").exists()
