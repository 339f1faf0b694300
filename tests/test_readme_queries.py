"""The README's examples are real: each console block from "A first look" to "JSON shapes" is run
and compared exactly (later sections show edited files or other tools, as plain text)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"```console\n\$ ([^\n]*)\n((?:(?!```)[^\n]*\n)*)```")
QUERIES = README[README.index("\n## Queries\n") : README.index("\n## mdbudget diff\n")]
EXAMPLES = BLOCK.findall(README[README.index("\n## A first look\n") : README.index("\n## mdbudget diff\n")])


def test_every_query_command_is_shown() -> None:
    commands = {cmd.split()[1] for cmd, _ in BLOCK.findall(QUERIES[: QUERIES.index("\n## mdbudget check\n")])}
    assert commands == {"total", "fields", "shares", "ratios", "project"}
    assert "\n## JSON shapes\n" in QUERIES
    shapes = QUERIES[QUERIES.index("\n## JSON shapes\n") :]
    assert {cmd.split()[1] for cmd, _ in BLOCK.findall(shapes) if "--json" in cmd} == commands | {"check"}


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[cmd for cmd, _ in EXAMPLES])
def test_example_output_is_real(command: str, expected: str) -> None:
    if "| jq" in command and shutil.which("jq") is None:
        pytest.skip("jq is not installed")
    bin_dir = str(Path(sys.executable).parent)
    assert shutil.which("mdbudget", path=bin_dir), "the mdbudget console script is not installed next to this Python"
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR", "MDBUDGET_FILE", "MDBUDGET_DEBUG")}
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    done = subprocess.run(
        ["bash", "-c", command + " 2>&1"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.stdout == expected
