"""Benchmark mdbudget's start-up and scale (not part of the test suite).

Start-up: each command's wall time against the floor of its own dependencies —
a Python process that imports typer and tomli and defines one pydantic model
(plus rich's Console and Table for table output) — alternated A B A B …,
reporting medians and the median of the pairwise ratios.

Scale: synthetic budget files with 1,000, 10,000 and 100,000 projects (and
fields to match); wall time and peak memory of `total --format json`,
`project QUERY`, `check` and a `sql` query on each.

    python bench/bench.py                 # everything; writes bench/results.md
    python bench/bench.py --runs 20       # more start-up runs for steadier medians
    python bench/bench.py --sizes 1000    # a quick scale run

Run it with the Python that mdbudget is installed in. Commands that the
installed mdbudget does not have are skipped, and the output says so.
Uses only the standard library and the installed mdbudget. Linux or macOS
(peak memory comes from wait4's resource usage).
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import itertools
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent  # start-up runs here, so they read the shipped ./budget.toml (17 fields)

FLOOR = "import typer, tomli\nfrom pydantic import BaseModel\nclass M(BaseModel):\n    x: int\n"
FLOOR_TABLE = FLOOR + "from rich.console import Console\nfrom rich.table import Table\n"

QUERY = "경동제약"  # a participant of one sample project, in the shipped budget and the synthetic ones

# (label, arguments, the floor it is held against)
STARTUP = [
    ("total --format json", ["total", "--format", "json"], FLOOR),
    ("shares (table)", ["shares"], FLOOR_TABLE),
    ("check (table)", ["check"], FLOOR_TABLE),
    (f"project {QUERY} (table)", ["project", QUERY], FLOOR_TABLE),
]
SCALE = [
    ("total --format json", ["total", "--format", "json"]),
    (f"project {QUERY}", ["project", QUERY]),
    ("check", ["check"]),
    (
        "sql GROUP BY field",
        ["sql", "--format", "json", "SELECT field_id, count(*) AS n FROM projects GROUP BY field_id"],
    ),
]
SIZES = (1_000, 10_000, 100_000)

MAX_RATIO = 1.10
MAX_SECONDS = 4.0
MAX_PEAK_MB = 300.0  # 10^6 bytes
MAX_GROWTH = 12.0  # 10× the projects


def mdbudget_command() -> list[str]:
    """The installed `mdbudget` script of this Python, as a user would run it."""
    exe = shutil.which("mdbudget", path=str(Path(sys.executable).parent))
    if exe:
        return [exe]
    if importlib.util.find_spec("mdbudget"):
        return [sys.executable, "-m", "mdbudget"]
    raise SystemExit(f"mdbudget is not installed in {sys.executable}; run `pip install .` first")


def has_command(base: list[str], name: str) -> bool:
    done = subprocess.run([*base, name, "--help"], capture_output=True, cwd=ROOT)
    return done.returncode == 0


def timed(argv: list[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, float, int]:
    """Wall seconds, peak resident memory (MB) and exit code of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    # ru_maxrss is KiB on Linux, bytes on macOS.
    peak = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    return wall, peak / 1e6, code


def startup(base: list[str], runs: int, env: dict[str, str], skip: set[str]) -> list[dict[str, Any]]:
    rows = []
    for label, args, floor in STARTUP:
        if args[0] in skip:
            continue
        floor_argv = [sys.executable, "-c", floor]
        a_times, b_times, ratios = [], [], []
        timed(base + args, env)  # warm the page cache and the bytecode cache
        timed(floor_argv, env)
        for _ in range(runs):
            a, _, code = timed(base + args, env)
            b, _, _ = timed(floor_argv, env)
            if code != 0:
                raise SystemExit(f"mdbudget {' '.join(args)} exited {code}")
            a_times.append(a)
            b_times.append(b)
            ratios.append(a / b)
        row = {
            "command": label,
            "runs": runs,
            "mdbudget_ms": statistics.median(a_times) * 1000,
            "floor_ms": statistics.median(b_times) * 1000,
            "ratio": statistics.median(ratios),
        }
        rows.append(row)
        print(
            f"  start-up {label}: {row['mdbudget_ms']:.1f} ms vs {row['floor_ms']:.1f} ms, {row['ratio']:.3f}×",
            file=sys.stderr,
        )
    return rows


def synthetic_budget(projects: int) -> str:
    """A valid, reconciling budget with ``projects`` sample projects and one field per 25 of them."""
    n_fields = max(17, projects // 25)
    counts = [0] * n_fields
    for i in range(projects):
        counts[i % n_fields] += 1
    fields = [(f"field-{f:06d}", max(n, 1)) for f, n in enumerate(counts)]
    total = sum(n * 100 for _, n in fields)
    allocation = sum(n * 30 for _, n in fields)
    lines = [
        "[program]",
        'title = "synthetic"',
        'ministry = "합성부"',
        "release_date = 2025-05-28",
        "fiscal_year = 2025",
        'unit = "억원"',
        'source_file = "synthetic"',
        "",
        "[totals]",
        f"projects = {sum(n for _, n in fields)}",
        f"total = {total}",
        f"allocation = {allocation}",
        'source = "synthetic"',
        "",
        "[baseline]",
        "year = 2023",
        f"allocation = {allocation // 2}",
        'source = "synthetic"',
        "",
        "[claims.growth]",
        'text = "2배"',
        "multiple = 2",
        'source = "synthetic"',
        "",
    ]
    for fid, n in fields:
        lines += [
            "[[fields]]",
            f'id = "{fid}"',
            f'name = "분야 {fid[-6:]}"',
            f'name_en = "Field {fid[-6:]}"',
            f"projects = {n}",
            f"total = {n * 100}",
            f"allocation = {n * 30}",
            'source = "synthetic"',
            "",
        ]
    for i in range(projects):
        participant = QUERY if i == projects // 2 else f"참여기관 {i % 997}"
        lines += [
            "[[projects]]",
            f'id = "project-{i:07d}"',
            f'name = "합성 과제 {i} 인공지능 개발"',
            f'field = "{fields[i % n_fields][0]}"',
            f'lead = "주관기관 {i % 1009}"',
            f'participants = ["{participant}"]',
            "period = { start = 2024, end = 2027 }",
            "stated_years = 4",
            "total = 100",
            "allocation = 30",
            'source = "synthetic"',
            "",
        ]
    return "\n".join(lines)


def scale(base: list[str], sizes: list[int], runs: int, env: dict[str, str], skip: set[str]) -> list[dict[str, Any]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            path = Path(tmp) / f"budget-{size}.toml"
            path.write_text(synthetic_budget(size), encoding="utf-8")
            for label, args in SCALE:
                if args[0] in skip:
                    continue
                walls, peaks = [], []
                for _ in range(runs):
                    wall, peak, code = timed([*base, *args, "--file", str(path)], env, Path(tmp))
                    if code != 0:
                        raise SystemExit(f"mdbudget {' '.join(args)} on {size:,} projects exited {code}")
                    walls.append(wall)
                    peaks.append(peak)
                row = {
                    "projects": size,
                    "command": label,
                    "file_mb": path.stat().st_size / 1e6,
                    "wall_s": statistics.median(walls),
                    "slowest_s": max(walls),
                    "peak_mb": max(peaks),
                }
                rows.append(row)
                print(f"  {size:,} projects, {label}: {row['wall_s']:.2f} s, {row['peak_mb']:.0f} MB", file=sys.stderr)
    return rows


def growth(rows: list[dict[str, Any]]) -> list[tuple[str, int, int, float]]:
    """Median time ratio between consecutive sizes, per command."""
    out = []
    for label, _ in SCALE:
        mine = sorted((r for r in rows if r["command"] == label), key=lambda r: r["projects"])
        for small, big in itertools.pairwise(mine):
            out.append((label, small["projects"], big["projects"], big["wall_s"] / small["wall_s"]))
    return out


def met(ok: bool) -> str:
    return "met" if ok else "**NOT met**"


def report(start: list[dict[str, Any]], sized: list[dict[str, Any]], skipped: list[str], version: str) -> str:
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# mdbudget benchmark results",
        "",
        f"- date: {now}",
        f"- machine: {os.cpu_count()} cores, {platform.machine()}, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; {version}",
        "- produced by `python bench/bench.py`",
    ]
    if skipped:
        lines.append(f"- skipped (not in this mdbudget): {', '.join(skipped)}")
    lines += [
        "",
        "## Start-up against the floor of its dependencies",
        "",
        "The shipped budget.toml (17 fields). Floor: a Python that imports typer and tomli and defines",
        "one pydantic model (table output: and imports rich's Console and Table). Runs alternate",
        "mdbudget and floor; figures are medians, the ratio is the median of the pairwise ratios.",
        "",
        f"| command | runs | mdbudget (ms) | floor (ms) | median ratio | ≤ {MAX_RATIO:.2f} |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for r in start:
        lines.append(
            f"| {r['command']} | {r['runs']} | {r['mdbudget_ms']:.1f} | {r['floor_ms']:.1f} "
            f"| {r['ratio']:.3f} | {met(r['ratio'] <= MAX_RATIO)} |"
        )
    lines += [
        "",
        "## Scale (synthetic budgets)",
        "",
        "One field per 25 projects (at least 17). Wall: the median of the runs, and the slowest;",
        "peak: the largest resident set of any run (MB = 10^6 bytes).",
        "",
        f"| projects | file (MB) | command | wall (s) | slowest (s) | peak (MB) "
        f"| ≤ {MAX_SECONDS:g} s, ≤ {MAX_PEAK_MB:g} MB |",
        "|---:|---:|---|---:|---:|---:|---|",
    ]
    for r in sized:
        ok = r["slowest_s"] <= MAX_SECONDS and r["peak_mb"] <= MAX_PEAK_MB
        lines.append(
            f"| {r['projects']:,} | {r['file_mb']:.1f} | {r['command']} | {r['wall_s']:.3f} "
            f"| {r['slowest_s']:.3f} | {r['peak_mb']:.0f} | {met(ok)} |"
        )
    lines += [
        "",
        f"## Growth (10× the projects ≤ {MAX_GROWTH:g}× the time)",
        "",
        "| command | from | to | time ratio | target |",
        "|---|---:|---:|---:|---|",
    ]
    for label, small, big, ratio in growth(sized):
        lines.append(f"| {label} | {small:,} | {big:,} | {ratio:.2f}× | {met(ratio <= MAX_GROWTH)} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="alternated start-up runs per command (default 15)")
    parser.add_argument("--scale-runs", type=int, default=3, help="runs per scale figure (default 3)")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="project counts for the scale runs")
    parser.add_argument("--out", default=str(HERE / "results.md"), help="where to write the results")
    args = parser.parse_args()
    if args.runs < 10:
        parser.error("--runs must be at least 10")
    env = dict(os.environ, NO_COLOR="1")
    env.pop("MDBUDGET_FILE", None)
    env.pop("COLUMNS", None)
    # Measure what users run: installed packages have their bytecode cached, so let
    # mdbudget cache its own too (the warm-up run writes it) instead of compiling each time.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    base = mdbudget_command()
    version = subprocess.run([*base, "--version"], capture_output=True, text=True).stdout.strip()
    names = sorted({a[0] for _, a, _ in STARTUP} | {a[0] for _, a in SCALE})
    skip = {name for name in names if not has_command(base, name)}
    skipped = [name for name in names if name in skip]
    for name in skipped:
        print(f"skipping `{name}`: the installed mdbudget has no such command", file=sys.stderr)
    print("start-up …", file=sys.stderr)
    start = startup(base, args.runs, env, skip)
    print("scale …", file=sys.stderr)
    sized = scale(base, [int(s) for s in args.sizes.split(",") if s], args.scale_runs, env, skip)
    text = report(start, sized, skipped, version)
    Path(args.out).write_text(text, encoding="utf-8")
    print()
    print(text, end="")
    print(f"(written to {args.out})", file=sys.stderr)


if __name__ == "__main__":
    main()
