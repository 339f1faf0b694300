"""Time the inputs that once took seconds or minutes (not part of the test suite).

Each case runs in-process, after the budget is loaded, and reports CPU seconds:
the target is about a second at most for any one of them.

    python bench/queries.py              # 100,000 sample projects
    python bench/queries.py --size 10000

Run it with the Python that mdbudget is installed in.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from mdbudget.errors import BudgetError
from mdbudget.loading.load import parse
from mdbudget.loading.locate import Locator
from mdbudget.reports import search
from mdbudget.reports.project import project

sys.path.insert(0, str(Path(__file__).resolve().parent))
import contextlib

from bench import synthetic_budget

SHIPPED = (Path(__file__).resolve().parent.parent / "budget.toml").read_text(encoding="utf-8")


def timed(label: str, work: Callable[[], object]) -> None:
    started = time.process_time()
    work()
    seconds = time.process_time() - started
    print(f"| {label} | {seconds:.3f} | {'met' if seconds <= 1 else '**NOT met**'} |")


def refused(text: str) -> None:
    with contextlib.suppress(BudgetError):
        parse(text, "bench.toml")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000, help="sample projects in the synthetic budget")
    size = parser.parse_args().size
    budget = parse(synthetic_budget(size), "synthetic.toml")
    long_name = "가나다라마" * 2_000  # 10,000 characters, the most a name may hold
    print(f"{size:,} sample projects; CPU seconds per case (after loading)\n")
    print("| case | s | ≤ 1 s |\n|---|---:|---|")
    timed("project: a miss, with did-you-mean suggestions", lambda: project(budget, "zzqxv"))
    timed("project: a miss of two words", lambda: project(budget, "zzqxv qqq"))
    timed("project: Hangul initials", lambda: project(budget, "ㄱㄷㅈㅇ"))
    jamo = search.Query("ㄱ" * 199 + "ㄴ")
    timed(
        "initials: a 200-jamo query against a 10,000-character name, 100 times",
        lambda: [jamo(long_name) for _ in range(100)],
    )
    line = '"""\n[' + " " * 100_000 + '\n"""'
    timed(
        "locate a key below a 10^5-character line of `[` and spaces",
        lambda: Locator(line + "\n[x]\nk = 1\n").locate(("x", "k")),
    )
    timed("a 10^6-digit number", lambda: refused(SHIPPED.replace("total = 1516", "total = " + "1" * 1_000_000)))
    timed("multiple = 1e-999999999", lambda: refused(SHIPPED.replace("multiple = 2.5 ", "multiple = 1e-999999999 ")))


if __name__ == "__main__":
    main()
