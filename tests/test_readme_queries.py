"""The documentation's examples are real: each console block of the READMEs and of the pages on
queries, check, export and report, SQL and JSON shapes is run and compared exactly (other pages show
edited files or other tools, as plain text, or are run by their own command's tests)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import doc_section

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"```console\n\$ ([^\n]*)\n((?:(?!```)[^\n]*\n)*)```")
RUN = [
    "README.md",
    "README.ko.md",
    *(f"docs/{page}.md" for page in ("queries", "check", "export-report", "sql", "json")),
]
EXAMPLES = [found for page in RUN for found in BLOCK.findall((ROOT / page).read_text(encoding="utf-8"))]


def test_every_query_command_is_shown() -> None:
    commands = {cmd.split()[1] for cmd, _ in BLOCK.findall(doc_section("Queries"))}
    assert commands == {"total", "fields", "shares", "ratios", "project"}
    shapes = doc_section("JSON shapes")
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
