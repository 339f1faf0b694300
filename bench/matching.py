"""Time the matching step of `project QUERY` and `fields QUERY` at scale (not part of the test suite).

The realistic budget of bench.py (100,000 projects shaped like the shipped
samples) and the lean synthetic one (4,000 fields), each loaded once through
mdbudget's own cache in a folder of this script's own, then every query below
matched in-process: CPU seconds of the matching step (suggestions included),
against the target of about a second for any one query, and of the whole
report (the matching and the matched rows, not their formatting).

    python bench/matching.py                 # 100,000 projects
    python bench/matching.py --size 10000    # a quick run
    python bench/matching.py --answers FILE  # also write every query's answer, to compare two versions

Run it with the Python that mdbudget is installed in.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import realistic_budget, synthetic_budget
from mdbudget.budget.records import Budget
from mdbudget.loading.load import load
from mdbudget.reports.common import by_field, choose, field_keys, own_project_keys, project_keys
from mdbudget.reports.fields import fields
from mdbudget.reports.project import project

SAMPLE = "AI 기반 의약품 유연물질 및 불순물 예측·관리 플랫폼 개발"
QUERIES = [
    # hits
    "경동제약",
    "ai",
    "AI 반도체",
    "pharma impurity",
    "ㅇㅇ",
    "ㄱㄷㅈㅇ",
    "ㅈㅅㄱㄱ",
    "절ㅅ",
    "ㅇㅇㅇㅇㅇㅇㅇㅇ",
    "2024",
    "12345",
    "99,999번",
    "p0099999-pharma-impurity-platform",
    SAMPLE,
    # misses: typos, long names, many words, digits, initials
    "zzqxv",
    "zzqxv qqq",
    "경동제얌",
    "절삭가궁",
    "pharma impuritz",
    "멀티모달 처리 및 저지연 동작을 위한 모빌리티용 AI 반도체 개발 zz",
    SAMPLE.replace("플랫폼", "플렛폼"),
    SAMPLE + " " + SAMPLE,
    " ".join(f"w{i}" for i in range(20)),
    " ".join(f"단어{i}" for i in range(19)) + " 경동제약",
    "1234567890" * 10,
    "9" * 200,
    "ㅎㅎㅎㅎ",
    "ㅇ" * 50,
    "ㅇ" * 199 + "ㅋ",
    "x" * 200,
    "가나다라마" * 40,
    "Core technology for advanced AI autonomous manufacturing in the cutting industry zz",
]


def matched(budget: Budget, command: str, query: str) -> tuple[list[str], str | None]:
    """The matching step alone: what the report keeps, and why nothing matched."""
    if command == "project":
        chosen, missed = choose(
            budget.projects, own_project_keys, query, "sample project",
            shared=by_field(budget), suggest_from=lambda p: project_keys(p, budget),
        )  # fmt: skip
    else:
        chosen, missed = choose(budget.fields, field_keys, query, "field")
    return [item.id for item in chosen], missed


def reported(budget: Budget, command: str, query: str) -> tuple[list[str], str | None]:
    """The whole report: the matching and the matched rows (not their formatting)."""
    if command == "project":
        found = project(budget, query)
        return [r.project.id for r in found.rows], found.missed
    chosen = fields(budget, query)
    return [r.id for r in chosen.rows], chosen.missed


def loaded(text: str, folder: Path, name: str) -> Budget:
    path = folder / name
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return load(path)  # the second run reads it from the cache


def timed(work: Callable[[], tuple[list[str], str | None]]) -> tuple[float, tuple[list[str], str | None]]:
    started = time.process_time()
    answer = work()
    return time.process_time() - started, answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000, help="sample projects in the realistic budget")
    parser.add_argument("--answers", type=Path, help="write each query's matched ids and message here (JSON)")
    args = parser.parse_args()
    folder = Path(tempfile.gettempdir()) / f"mdbudget-bench-matching-{os.getuid() if hasattr(os, 'getuid') else 0}"
    folder.mkdir(mode=0o700, exist_ok=True)
    os.environ["XDG_CACHE_HOME"] = str(folder / "cache")
    print(f"loading {args.size:,} realistic projects …", file=sys.stderr)
    realistic = loaded(realistic_budget(args.size), folder, f"realistic-{args.size}.toml")
    lean = loaded(synthetic_budget(args.size), folder, f"synthetic-{args.size}.toml")
    budgets = [("project", "realistic", realistic), ("fields", "lean", lean), ("project", "lean", lean)]
    print(f"{args.size:,} projects; CPU seconds per query\n")
    print(
        "| command | budget | query | matched | matching (s) | ≤ 1 s | report (s) |\n|---|---|---|---:|---:|---|---:|"
    )
    answers: dict[str, object] = {}
    worst = 0.0
    for command, label, budget in budgets:
        for query in QUERIES:
            seconds, (ids, missed) = timed(lambda: matched(budget, command, query))  # noqa: B023
            whole, answer = timed(lambda: reported(budget, command, query))  # noqa: B023
            assert answer == (ids, missed), query
            worst = max(worst, seconds)
            shown = query if len(query) <= 40 else query[:37] + "…"
            met = "met" if seconds <= 1 else "**NOT met**"
            print(f"| {command} | {label} | `{shown}` | {len(ids):,} | {seconds:.3f} | {met} | {whole:.3f} |")
            answers[f"{command} {label} {query}"] = {"ids": ids, "missed": missed}
    print(f"\nslowest matching: {worst:.3f} s")
    if args.answers:
        args.answers.write_text(json.dumps(answers, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
