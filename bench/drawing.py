"""Time drawing tables with very long names and values (not part of the test suite).

Each case runs the installed `mdbudget` as a user would, COLUMNS=100, stdout to a pipe,
and reports wall seconds (the median of --runs). A budget admits names of up to
10,000 characters; `sql` values go to 10^5. The work is linear in the length, so every
figure should stay near the smallest one.

    python bench/drawing.py
    python bench/drawing.py --runs 3

Run it with the Python that mdbudget is installed in.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = (ROOT / "budget.toml").read_text(encoding="utf-8")
COMMANDS = [["fields"], ["shares"], ["ratios"], ["check"], ["project"], ["diff", "--all"]]


def budget(letter: str, n: int) -> str:
    """The shipped budget with a field's name and 20 projects' names ``n`` letters long."""
    name = letter * n
    out = SHIPPED.replace('name = "AI 팩토리"', f'name = "{name}"', 1)
    for i in range(20):
        out += (
            f'\n[[projects]]\nid = "long-{i}"\nname = "{name}"\nfield = "ai-factory"\nlead = "기관"\n'
            'period = { start = 2025, end = 2025 }\ntotal = 0\nallocation = 0\nsource = "test"\n'
        )
    return out


def timed(args: list[str], runs: int) -> float:
    exe = shutil.which("mdbudget", path=os.path.dirname(sys.executable)) or "mdbudget"
    env = {**os.environ, "COLUMNS": "100"}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([exe, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        assert done.returncode in (0, 1, 2), done.stderr
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    runs = parser.parse_args().runs
    print("| input | " + " | ".join(" ".join(c) for c in COMMANDS) + " |")
    print("|---|" + "---:|" * len(COMMANDS))
    with tempfile.TemporaryDirectory() as folder:
        for letter in ("x", "가"):
            for n in (100, 1_000, 10_000):
                path = Path(folder) / f"{n}.toml"
                path.write_text(budget(letter, n), encoding="utf-8")
                cells = []
                for command in COMMANDS:
                    args = (
                        [command[0], str(ROOT / "budget.toml"), str(path), *command[1:]]
                        if command[0] == "diff"
                        else [*command, "--file", str(path)]
                    )
                    cells.append(f"{timed(args, runs):.2f}")
                print(f"| name of {n:,} × {letter} | " + " | ".join(cells) + " |")
    print()
    print("| sql value | seconds |")
    print("|---|---:|")
    for n in (100, 10_000, 100_000):
        query = f"SELECT printf('%.*c', {n}, 'x') AS v FROM fields"
        print(f"| 17 rows of {n:,} characters | {timed(['sql', query], runs):.2f} |")
    print(f"| SELECT randomblob(8000) | {timed(['sql', 'SELECT randomblob(8000)'], runs):.2f} |")


if __name__ == "__main__":
    main()
