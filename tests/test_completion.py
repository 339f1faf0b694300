"""Shell completion through Typer: the scripts for bash and zsh, and the completions they ask for."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from support import installed_script, run_script

EXE = installed_script()


def mdbudget(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run_script(*args, env=env)


@pytest.mark.parametrize(
    ("shell", "expected"),
    [
        ("bash", ["_MDBUDGET_COMPLETE=complete_bash $1", "complete -o default -F _mdbudget_completion mdbudget"]),
        ("zsh", ["#compdef mdbudget", "complete_zsh mdbudget", "compdef _mdbudget_completion mdbudget"]),
    ],
)
def test_show_completion_prints_the_script(shell, expected) -> None:
    # Typer detects the shell it runs in; with detection off it takes the shell as a value.
    done = mdbudget("--show-completion", shell, _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    assert (done.returncode, done.stderr) == (0, "")
    for text in expected:
        assert text in done.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_show_completion_detects_bash() -> None:
    assert EXE
    # "; true" keeps bash as the parent process, as in an interactive shell.
    script = f"'{EXE}' --show-completion; true"
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60)
    assert "complete -o default -F _mdbudget_completion mdbudget" in done.stdout


def test_bash_completes_commands_options_and_formats() -> None:
    def complete(words: str) -> list[str]:
        cword = str(len(words.split()) - (0 if words.endswith(" ") else 1))
        done = mdbudget(_MDBUDGET_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=cword)
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    assert complete("mdbudget ch") == ["check"]
    assert complete("mdbudget check --st") == ["--strict"]
    assert complete("mdbudget check --format ") == ["table", "json", "csv", "markdown", "github"]


def test_zsh_completes_commands_with_their_summaries() -> None:
    done = mdbudget(_MDBUDGET_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS="mdbudget ")
    assert done.returncode == 0, done.stderr
    assert '"check":"Reconcile every figure in the budget' in done.stdout
    assert '"schema":"Print a JSON Schema (2020-12)' in done.stdout
