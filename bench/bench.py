"""Benchmark mdbudget's start-up, its cache and its scale (not part of the test suite).

Start-up: each command's wall time against the floor of its own dependencies —
a Python that imports typer and tomli and defines one pydantic model (plus
rich's Console and Table for table output) — alternated A B A B …, reporting
medians and the median of the pairwise ratios. Twice: on a repeat run (the
budget comes from the cache) and on the first run after an edit (empty cache).

Scale: lean synthetic budgets of 1,000, 10,000 and 100,000 projects (wall
time and peak memory of `total --format json`, `project QUERY`, `check` and a
`sql` query on each), and a realistic one of 100,000 projects shaped like the
shipped sample projects (~81 MB), held against what `tomli.load` alone needs
for the same file.

    python bench/bench.py                 # everything; writes bench/results.md
    python bench/bench.py --runs 20       # more start-up runs for steadier medians
    python bench/bench.py --sizes 1000 --realistic 10000    # a quick run

Run it with the Python that mdbudget is installed in. Every run uses a cache
folder of its own under a temporary directory, never the user's. Commands that
the installed mdbudget does not have are skipped, and the output says so.
Uses only the standard library and the installed mdbudget. Linux or macOS
(peak memory comes from wait4's resource usage).
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent  # start-up runs here, so they read the shipped ./budget.toml (17 fields)

FLOOR = "import typer, tomli\nfrom pydantic import BaseModel\nclass M(BaseModel):\n    x: int\n"
FLOOR_TABLE = FLOOR + "from rich.console import Console\nfrom rich.table import Table\n"

QUERY = "경동제약"  # a participant of one sample project, in the shipped budget and the synthetic ones

# (label, arguments, the floor it is held against, its floor's name)
STARTUP = [
    ("total --format json", ["total", "--format", "json"], FLOOR, "floor"),
    ("shares (table)", ["shares"], FLOOR_TABLE, "table floor"),
    ("check (table)", ["check"], FLOOR_TABLE, "table floor"),
    (f"project {QUERY} (table)", ["project", QUERY], FLOOR_TABLE, "table floor"),
]
# Targets: a repeat run against its floor (JSON, tables); the first run after an edit.
REPEAT_JSON, REPEAT_TABLE, FIRST_RUN = 0.65, 0.80, 1.10

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
MAX_SECONDS = 4.0
MAX_PEAK_MB = 300.0  # 10^6 bytes
MAX_GROWTH = 12.0  # 10× the projects

# The realistic file: its commands, each as a table except total and the JSON rows.
# A "diff" row compares the file with the named copy: byte-identical, or 1 in 100 projects edited.
REALISTIC = [
    ("total --format json", ["total", "--format", "json"]),
    ("check (table)", ["check"]),
    ("project (table)", ["project"]),
    ("diff of two copies (table)", ["diff", "copy"]),
    ("diff, 1% of projects edited (table)", ["diff", "edited"]),
    ("project --format json", ["project", "--format", "json"]),
]
TABLE_ROWS = ("check (table)", "project (table)", "diff of two copies (table)")  # the ≤ 2× `total` target
FIRST_VS_TOMLI = 1.25  # time and peak memory of a first run against tomli.load alone
REPEAT_SECONDS, REPEAT_PEAK_MB = 0.8, 250.0
TABLES_VS_TOTAL = 2.0

TOMLI_ALONE = "import sys, tomli\nwith open(sys.argv[1], 'rb') as f:\n    tomli.load(f)\n"
PROBE = """
import sys
from mdbudget.__main__ import main
sys.argv = ["mdbudget", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
loaded = [m for m in ("pydantic", "tomli", "rich") if m in sys.modules]
sys.stderr.write("\\nIMPORTED " + " ".join(loaded) + "\\n")
"""


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


class Cache:
    """A cache folder of the benchmark's own: warm (kept) or cold (emptied before each run)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def env(self, base: dict[str, str]) -> dict[str, str]:
        return dict(base, XDG_CACHE_HOME=str(self.root))

    def empty(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def paired(
    a_argv: list[str], b_argv: list[str], runs: int, env: dict[str, str], before: Callable[[], None] = lambda: None
) -> dict[str, float]:
    """Alternate A and B ``runs`` times; ``before`` runs (untimed) before each A."""
    a_times, b_times, ratios = [], [], []
    for _ in range(runs):
        before()
        a, _, code = timed(a_argv, env)
        b, _, _ = timed(b_argv, env)
        if code not in (0, 1):
            raise SystemExit(f"{' '.join(a_argv)} exited {code}")
        a_times.append(a)
        b_times.append(b)
        ratios.append(a / b)
    return {
        "mdbudget_ms": statistics.median(a_times) * 1000,
        "floor_ms": statistics.median(b_times) * 1000,
        "ratio": statistics.median(ratios),
    }


def startup(base: list[str], runs: int, env: dict[str, str], skip: set[str], tmp: Path) -> list[dict[str, Any]]:
    rows = []
    warm, cold = Cache(tmp / "warm"), Cache(tmp / "cold")
    for label, args, floor, floor_name in STARTUP:
        if args[0] in skip:
            continue
        floor_argv = [sys.executable, "-c", floor]
        timed(base + args, warm.env(env))  # warm the page cache, the bytecode cache and the budget cache
        timed(floor_argv, env)
        repeat = paired(base + args, floor_argv, runs, warm.env(env))
        first = paired(base + args, floor_argv, runs, cold.env(env), before=cold.empty)
        target = REPEAT_JSON if floor == FLOOR else REPEAT_TABLE
        rows.append(
            {"command": label, "runs": runs, "floor": floor_name, "target": target, "repeat": repeat, "first": first}
        )
        print(
            f"  start-up {label}: repeat {repeat['mdbudget_ms']:.1f} ms ({repeat['ratio']:.3f}×), "
            f"first {first['mdbudget_ms']:.1f} ms ({first['ratio']:.3f}×) vs {repeat['floor_ms']:.1f} ms",
            file=sys.stderr,
        )
    return rows


def imports_on_a_hit(base_env: dict[str, str], tmp: Path) -> str:
    """Which of pydantic, tomli and rich a repeat `total --format json` imports."""
    env = Cache(tmp / "warm").env(base_env)
    argv = [sys.executable, "-c", PROBE, "total", "--format", "json"]
    subprocess.run(argv, capture_output=True, env=env, cwd=ROOT)
    done = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=ROOT)
    return done.stderr.rsplit("IMPORTED", 1)[-1].strip()


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


def realistic_budget(projects: int) -> str:
    """The shipped budget with ``projects`` projects shaped like its three sample projects.

    Each copy keeps its sample's name, lead, participants, period and two or three Korean lines of
    development, numbered so no two are the same text: 100,000 of them make ~81 MB.
    Like the samples, one in three states a duration one year short of its calendar
    years, which `check` reports as a warning.
    """
    text = (ROOT / "budget.toml").read_text(encoding="utf-8")
    # The closing [check] table accepts the three samples' warnings by path; the copies are
    # other projects, so it is left out (and it must not sit inside the last sample's block).
    text = text.split("\n\n# --- What check accepts ---")[0] + "\n"
    head, *blocks = text.split("\n[[projects]]\n")
    samples = ["[[projects]]\n" + block.strip() + "\n" for block in blocks]
    parts = [head, "\n"]
    for i in range(projects):
        sample = samples[i % len(samples)]
        block = sample.replace('id = "', f'id = "p{i:07d}-', 1).replace('name = "', f'name = "{i:,}번 ', 1)
        block = block.replace('lead = "', f'lead = "{chr(0xAC00 + i % 400)}', 1)
        parts.append(block + "\n")
    return "".join(parts)


def measure(argv: list[str], runs: int, env: dict[str, str], cwd: Path, before: Callable[[], None]) -> dict[str, float]:
    walls, peaks = [], []
    for _ in range(runs):
        before()
        wall, peak, code = timed(argv, env, cwd)
        if code not in (0, 1):
            raise SystemExit(f"{' '.join(argv)} exited {code}")
        walls.append(wall)
        peaks.append(peak)
    return {"wall_s": statistics.median(walls), "slowest_s": max(walls), "peak_mb": max(peaks)}


def scale(
    base: list[str], sizes: list[int], runs: int, env: dict[str, str], skip: set[str], tmp: Path
) -> list[dict[str, Any]]:
    """Lean budgets, first runs (an empty cache each time)."""
    rows = []
    cold = Cache(tmp / "scale-cache")
    for size in sizes:
        path = tmp / f"budget-{size}.toml"
        # Written by another process, as the realistic file is: the peaks below are the runs' own.
        subprocess.run([sys.executable, __file__, "--write-synthetic", str(size), str(path)], check=True)
        for label, args in SCALE:
            if args[0] in skip:
                continue
            row = {"projects": size, "command": label, "file_mb": path.stat().st_size / 1e6}
            row |= measure([*base, *args, "--file", str(path)], runs, cold.env(env), tmp, cold.empty)
            rows.append(row)
            print(f"  {size:,} projects, {label}: {row['wall_s']:.2f} s, {row['peak_mb']:.0f} MB", file=sys.stderr)
        path.unlink()
    return rows


def realistic(base: list[str], size: int, runs: int, env: dict[str, str], skip: set[str], tmp: Path) -> dict[str, Any]:
    """The realistic file: tomli alone and each command, first and repeat runs, alternated run by run.

    Each round runs tomli alone, then every command on an empty cache and again on a
    warm one, so a ratio compares runs made under the same load; the figures are
    medians over the rounds, and each ratio is the median of the per-round ratios.
    """
    path, copy, edited = tmp / "realistic.toml", tmp / "realistic-copy.toml", tmp / "realistic-edited.toml"
    # Written by another process: a child forked from this one would start with its resident
    # set, and Linux counts that in the child's peak (ru_maxrss) even after exec.
    subprocess.run([sys.executable, __file__, "--write-realistic", str(size), str(path), str(edited)], check=True)
    shutil.copyfile(path, copy)
    files = {"copy": copy, "edited": edited}
    cache = Cache(tmp / "realistic-cache")
    rows = [(label, args) for label, args in REALISTIC if args[0] not in skip]
    tomli_argv = [sys.executable, "-c", TOMLI_ALONE, str(path)]
    runs_of: dict[str, list[tuple[float, float]]] = {"tomli": []}
    loads = [os.getloadavg()[0]]
    for round_ in range(runs):
        runs_of["tomli"].append(timed(tomli_argv, env)[:2])
        for label, args in rows:
            argv = (
                [*base, args[0], str(path), str(files[args[1]])]
                if args[0] == "diff"
                else [*base, *args, "--file", str(path)]
            )
            for run in ("first", "repeat"):
                if run == "first":
                    cache.empty()
                wall, peak, code = timed(argv, cache.env(env))
                if code not in (0, 1):
                    raise SystemExit(f"{' '.join(argv)} exited {code}")
                runs_of.setdefault(f"{label}|{run}", []).append((wall, peak))
        loads.append(os.getloadavg()[0])
        print(f"  realistic round {round_ + 1}/{runs} done (load {loads[-1]:.1f})", file=sys.stderr)
    tomli = runs_of["tomli"]
    out: dict[str, Any] = {"projects": size, "file_mb": path.stat().st_size / 1e6, "runs": runs, "loads": loads}
    out["tomli"] = summary(tomli)
    out["rows"] = [
        {"command": label, "first": summary(runs_of[f"{label}|first"]), "repeat": summary(runs_of[f"{label}|repeat"])}
        for label, _ in rows
    ]
    first_total = runs_of.get(f"{rows[0][0]}|first", [])
    out["first_vs_tomli"] = {
        "time": statistics.median(a[0] / b[0] for a, b in zip(first_total, tomli, strict=True)),
        "peak": statistics.median(a[1] / b[1] for a, b in zip(first_total, tomli, strict=True)),
    }
    out["vs_total"] = {
        (label, run): statistics.median(
            a[0] / b[0] for a, b in zip(runs_of[f"{label}|{run}"], runs_of[f"{rows[0][0]}|{run}"], strict=True)
        )
        for label, _ in rows[1:]
        for run in ("first", "repeat")
    }
    for r in out["rows"]:
        f, p = r["first"], r["repeat"]
        print(
            f"  {size:,} realistic, {r['command']}: first {f['wall_s']:.2f} s {f['peak_mb']:.0f} MB, "
            f"repeat {p['wall_s']:.2f} s {p['peak_mb']:.0f} MB",
            file=sys.stderr,
        )
    return out


def summary(runs: list[tuple[float, float]]) -> dict[str, float]:
    return {"wall_s": statistics.median(w for w, _ in runs), "peak_mb": max(p for _, p in runs)}


def edited_budget(text: str) -> str:
    """``text`` with one project in a hundred changed: its total raised by one and its name edited."""
    head, *blocks = text.split("\n[[projects]]\n")
    for i in range(0, len(blocks), 100):
        blocks[i] = blocks[i].replace("total = ", "total = 1", 1).replace('name = "', 'name = "고친 ', 1)
    return "\n[[projects]]\n".join([head, *blocks])


def json_encoding(size: int, runs: int) -> dict[str, float]:
    """Seconds to encode `project --format json`'s data for the realistic file, three ways (medians, alternated)."""
    from mdbudget import parse
    from mdbudget.formats.json import dumps
    from mdbudget.reports.project import project

    data = project(parse(realistic_budget(size)), None).data()
    ways = {
        "mdbudget's writer (what --format json writes)": dumps,
        "json.dumps, indent=2 (pure-Python encoder; what it wrote before)": lambda d: json.dumps(
            d, ensure_ascii=False, indent=2, default=str
        ),
        "json.dumps, compact (C encoder; not the output's shape)": lambda d: json.dumps(
            d, ensure_ascii=False, default=str
        ),
    }
    seconds: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(runs):
        for name, encode in ways.items():
            start = time.perf_counter()
            encode(data)
            seconds[name].append(time.perf_counter() - start)
    out = {name: statistics.median(values) for name, values in seconds.items()}
    for name, median in out.items():
        print(f"  JSON, {size:,} projects, {name}: {median:.2f} s", file=sys.stderr)
    return out


def met(ok: bool) -> str:
    return "met" if ok else "**NOT met**"


def report(
    start: list[dict[str, Any]],
    imported: str,
    sized: list[dict[str, Any]],
    real: dict[str, Any] | None,
    encoding: dict[str, float] | None,
    skipped: list[str],
    version: str,
) -> str:
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# mdbudget benchmark results",
        "",
        f"- date: {now}",
        f"- machine: {os.cpu_count()} cores, {platform.machine()}, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; {version}",
        "- produced by `python bench/bench.py`",
        "- load average (1, 5, 15 min) when written: {:.1f}, {:.1f}, {:.1f}".format(*os.getloadavg()),
    ]
    if skipped:
        lines.append(f"- skipped (not in this mdbudget): {', '.join(skipped)}")
    if start:
        lines += [
            "",
            "## Start-up against the floor of its dependencies",
            "",
            "The shipped budget.toml (17 fields). Floor: a Python that imports typer and tomli and defines",
            "one pydantic model; the table floor also imports rich's Console and Table. Runs alternate",
            "mdbudget and floor; figures are medians, the ratio is the median of the pairwise ratios.",
            "Repeat run: the budget comes from the cache. First run after an edit: the cache is emptied",
            "before each run, so the file is parsed, validated and saved.",
            "",
            "| command | runs | floor (ms) | repeat (ms) | repeat ratio | target | first run (ms) | first-run ratio "
            f"| ≤ {FIRST_RUN:.2f} |",
            "|---|---:|---:|---:|---:|---|---:|---:|---|",
        ]
        for r in start:
            rep, first = r["repeat"], r["first"]
            lines.append(
                f"| {r['command']} | {r['runs']} | {rep['floor_ms']:.1f} ({r['floor']}) | {rep['mdbudget_ms']:.1f} "
                f"| {rep['ratio']:.3f} | ≤ {r['target']:.2f}: {met(rep['ratio'] <= r['target'])} "
                f"| {first['mdbudget_ms']:.1f} | {first['ratio']:.3f} | {met(first['ratio'] <= FIRST_RUN)} |"
            )
        clean = imported == ""
        lines += [
            "",
            "Imported by a repeat `total --format json` (of pydantic, tomli, rich): "
            f"{imported or 'none'} — {met(clean)}.",
        ]
    if real:
        tomli = real["tomli"]
        loads = real["loads"]
        lines += [
            "",
            f"## {real['projects']:,} realistic projects ({real['file_mb']:.1f} MB)",
            "",
            "The shipped budget with its three sample projects copied (name, lead, participants, two or three",
            "Korean lines of development each). `tomli.load` alone, in a Python that imports only",
            f"tomli: {tomli['wall_s']:.2f} s, {tomli['peak_mb']:.0f} MB. First run: empty cache; repeat: from",
            f"the cache. {real['runs']} rounds, each running tomli alone and then every command, so ratios",
            "compare runs under the same load: wall is the median of the rounds, a ratio the median of the",
            "per-round ratios; peak is the largest resident set of any round (MB = 10^6 bytes). `diff`",
            "compares the file with a byte-identical copy, or with one where 1 project in 100 is edited.",
            f"Load average (1 min) during the rounds: {min(loads):.1f} to {max(loads):.1f} on {os.cpu_count()} cores.",
            "",
            "| command | first run (s) | peak (MB) | repeat (s) | peak (MB) |",
            "|---|---:|---:|---:|---:|",
        ]
        for r in real["rows"]:
            f, p = r["first"], r["repeat"]
            lines.append(
                f"| {r['command']} | {f['wall_s']:.2f} | {f['peak_mb']:.0f} | {p['wall_s']:.2f} | {p['peak_mb']:.0f} |"
            )
        total = next((r for r in real["rows"] if r["command"].startswith("total")), None)
        if total:
            p = total["repeat"]
            time_ratio, peak_ratio = real["first_vs_tomli"]["time"], real["first_vs_tomli"]["peak"]
            lines += [
                "",
                "| target | today | |",
                "|---|---:|---|",
                f"| first run of `total`: ≤ {FIRST_VS_TOMLI:.2f}× tomli's time | {time_ratio:.2f}× "
                f"| {met(time_ratio <= FIRST_VS_TOMLI)} |",
                f"| first run of `total`: ≤ {FIRST_VS_TOMLI:.2f}× tomli's peak memory | {peak_ratio:.2f}× "
                f"| {met(peak_ratio <= FIRST_VS_TOMLI)} |",
                f"| repeat run of `total`: ≤ {REPEAT_SECONDS:g} s | {p['wall_s']:.2f} s "
                f"| {met(p['wall_s'] <= REPEAT_SECONDS)} |",
                f"| repeat run of `total`: ≤ {REPEAT_PEAK_MB:g} MB | {p['peak_mb']:.0f} MB "
                f"| {met(p['peak_mb'] <= REPEAT_PEAK_MB)} |",
            ]
            for (label, run), ratio in real["vs_total"].items():
                target = f"≤ {TABLES_VS_TOTAL:g}× `total`'s time" if label in TABLE_ROWS else "(no target)"
                verdict = met(ratio <= TABLES_VS_TOTAL) if label in TABLE_ROWS else ""
                lines.append(f"| {label}, {run} run: {target} | {ratio:.2f}× | {verdict} |")
    if encoding:
        lines += [
            "",
            "## Encoding large JSON",
            "",
            f"`project --format json`'s data for the {real['projects'] if real else 0:,} realistic projects,",
            "encoded in-process (seconds):",
            "",
            "| encoder | seconds |",
            "|---|---:|",
        ]
        lines += [f"| {name} | {seconds:.2f} |" for name, seconds in encoding.items()]
    if sized:
        lines += [
            "",
            "## Scale (lean synthetic budgets, first runs)",
            "",
            "One field per 25 projects (at least 17), each project a few short keys; the cache is emptied",
            "before each run.",
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


def growth(rows: list[dict[str, Any]]) -> list[tuple[str, int, int, float]]:
    """Median time ratio between consecutive sizes, per command."""
    out = []
    for label, _ in SCALE:
        mine = sorted((r for r in rows if r["command"] == label), key=lambda r: r["projects"])
        for small, big in itertools.pairwise(mine):
            out.append((label, small["projects"], big["projects"], big["wall_s"] / small["wall_s"]))
    return out


def write_realistic(size: int, path: str, edited: str) -> None:
    text = realistic_budget(size)
    Path(path).write_text(text, encoding="utf-8")
    Path(edited).write_text(edited_budget(text), encoding="utf-8")


# Where the hand-written notes of results.md begin; a new run keeps them.
NOTES = "## Notes"


def main() -> None:
    if sys.argv[1:2] == ["--write-realistic"]:
        write_realistic(int(sys.argv[2]), sys.argv[3], sys.argv[4])
        return
    if sys.argv[1:2] == ["--write-synthetic"]:
        Path(sys.argv[3]).write_text(synthetic_budget(int(sys.argv[2])), encoding="utf-8")
        return
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="alternated start-up runs per command (default 15)")
    parser.add_argument("--scale-runs", type=int, default=3, help="runs per scale figure (default 3)")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="lean project counts ('' for none)")
    parser.add_argument("--realistic", type=int, default=100_000, help="realistic project count (0 for none)")
    parser.add_argument("--out", default=str(HERE / "results.md"), help="where to write the results")
    parser.add_argument("--no-startup", action="store_true", help="leave out the start-up section")
    args = parser.parse_args()
    if args.runs < 10:
        parser.error("--runs must be at least 10")
    env = dict(os.environ, NO_COLOR="1")
    for name in ("MDBUDGET_FILE", "COLUMNS", "MDBUDGET_NO_CACHE"):
        env.pop(name, None)
    # Measure what users run: installed packages have their bytecode cached, so let
    # mdbudget cache its own too (the warm-up run writes it) instead of compiling each time.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    base = mdbudget_command()
    version = subprocess.run([*base, "--version"], capture_output=True, text=True).stdout.strip()
    names = sorted({a[0] for _, a, _, _ in STARTUP} | {a[0] for _, a in SCALE} | {a[0] for _, a in REALISTIC})
    skip = {name for name in names if not has_command(base, name)}
    skipped = [name for name in names if name in skip]
    for name in skipped:
        print(f"skipping `{name}`: the installed mdbudget has no such command", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="mdbudget-bench-") as tmp_name:
        tmp = Path(tmp_name)
        print("start-up …", file=sys.stderr)
        start = [] if args.no_startup else startup(base, args.runs, env, skip, tmp)
        imported = "not measured" if args.no_startup else imports_on_a_hit(env, tmp)
        real = encoding = None
        if args.realistic:
            print("realistic …", file=sys.stderr)
            real = realistic(base, args.realistic, args.scale_runs, env, skip, tmp)
        print("scale …", file=sys.stderr)
        sized = scale(base, [int(s) for s in args.sizes.split(",") if s], args.scale_runs, env, skip, tmp)
        if args.realistic:
            # Last: it encodes in this process, and a child started after it would count
            # this process's memory in its own peak.
            encoding = json_encoding(args.realistic, args.scale_runs)
    text = report(start, imported, sized, real, encoding, skipped, version)
    out = Path(args.out)
    # Notes written by hand after the measured sections (from "## Notes" on) are kept.
    kept = out.read_text(encoding="utf-8").partition(NOTES)[2] if out.exists() else ""
    out.write_text(text + (f"\n{NOTES}{kept}" if kept else ""), encoding="utf-8")
    print()
    print(text, end="")
    print(f"(written to {args.out})", file=sys.stderr)


if __name__ == "__main__":
    main()
