"""Output for machines never imports rich: it is only needed to draw tables for people.

Each command runs through the real entry point in a fresh Python, which then
reports whether any rich module was loaded. Add a command to NO_RICH when it
gains a json, csv or markdown path.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT

BUDGET = str(ROOT / "budget.toml")

NO_RICH = [
    ("check", "--format", "json", "--file", BUDGET),
    ("check", "--json", "--file", BUDGET),
    ("check", "--format", "csv", "--file", BUDGET),
    ("check", "--format", "markdown", "--file", BUDGET),
    ("schema",),
    ("diff", "--json", BUDGET, BUDGET),
    ("diff", "--format", "csv", BUDGET, BUDGET),
    *[
        (command, "--format", fmt, "--file", BUDGET)
        for command in ("total", "fields", "shares", "ratios", "project", "export")
        for fmt in ("json", "csv", "markdown")
        if (command, fmt) != ("export", "csv")
    ],
    ("project", "경동제약", "--json", "--file", BUDGET),
    *[("sql", "SELECT * FROM fields", "--format", fmt, "--file", BUDGET) for fmt in ("json", "csv", "markdown")],
    ("sql", "--schema"),
    ("report", "--file", BUDGET),
    *[(command, "--format", "svg", "--file", BUDGET) for command in ("shares", "fields")],
]

PROBE = """
import json, sys
from mdbudget.__main__ import main
sys.argv = ["mdbudget", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
sys.stdout.flush()
rich = sorted(name for name in sys.modules if name == "rich" or name.startswith("rich."))
sys.stderr.write("\\n" + json.dumps({"exit": code, "rich": rich}) + "\\n")
"""


def modules_after(args: tuple[str, ...]) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    report: dict[str, object] = json.loads(done.stderr.splitlines()[-1])
    assert done.stdout, "the command printed nothing"
    return report


@pytest.mark.parametrize("args", NO_RICH, ids=" ".join)
def test_machine_output_does_not_import_rich(args) -> None:
    assert modules_after(args) == {"exit": 0, "rich": []}


def test_the_probe_sees_rich_when_a_table_is_drawn() -> None:
    # Without this, a probe that could not see rich would pass every case above.
    report = modules_after(("check", "--file", BUDGET))
    assert report["exit"] == 0
    assert "rich.table" in report["rich"]  # type: ignore[operator]
