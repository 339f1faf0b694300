"""Pipes, signals and terminals: quiet endings with the documented exit codes.

The subprocess tests run the installed console script, as a shell or CI would.
"""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from errno import EPIPE
from pathlib import Path

import pytest
from rich.cells import cell_len
from support import (
    CLOSED,
    COMMANDS,
    DATA_EXITS,
    FILE_ARGUMENTS,
    READERS,
    ROOT,
    Sink,
    Terminal,
    argv,
    command_ids,
    installed_script,
    interruptible,
    process_env,
    run_main,
    with_fields,
    with_projects,
)

from conftest import SHIPPED, edit
from mdbudget.formats.layout import UNBREAKABLE

FORMATS = ["table", "json", "csv", "markdown"]
ANSI = re.compile(r"\x1b\[")


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    """A budget whose output is well past a pipe's 64 KiB buffer for every command but total.

    Its fields' claims all fail, so that `check` shows them even in a terminal (which
    lists only the findings that did not pass once there are more than 100), and its
    many sample projects make `project` long.
    """
    path = tmp_path_factory.mktemp("big") / "budget.toml"
    # Long names rather than more rows: a terminal table shows at most 100 rows.
    name = "이름이 아주 긴 추가 분야 {i}, 파이프 버퍼보다 긴 출력을 위해" + " 아주 긴 이름" * 75
    lead = "주관기관 {i} (이름이 긴 컨소시엄의 대표 기관)" + " 아주 긴 이름" * 75
    text = with_projects(1000, lead=lead, budget=with_fields(1200, claims=True, failing=True, name=name))
    path.write_text(text, encoding="utf-8")
    return path


# total prints a dozen figures whatever the budget (its only text, the sources, is at most
# 10,000 characters each), so it never fills a pipe; export's CSV goes to files (--out).
HEAD_CASES = [
    pytest.param(args, fmt, id=f"{fmt}-{args[0]}")
    for fmt in FORMATS
    for args in READERS
    if args != ("total",) and (args, fmt) != (("export",), "csv")
]
PIPE_BUFFER = 65536


def csv_note(args: tuple[str, ...], fmt: str) -> str:
    """What stderr says, and only that: the note that names a CSV's other tables."""
    return (
        "mdbudget: CSV holds the fields table; the others: " if fmt == "csv" and args[0] in ("ratios", "diff") else ""
    )


@pytest.fixture(scope="module")
def long(tmp_path_factory) -> Path:
    """A budget with more to print than fits on a screen, failing claims and many projects:
    long enough to be cut anywhere, small enough to print many times."""
    path = tmp_path_factory.mktemp("long") / "budget.toml"
    path.write_text(with_projects(60, budget=with_fields(60, claims=True, failing=True)), encoding="utf-8")
    return path


@pytest.mark.parametrize(("args", "fmt"), HEAD_CASES)
@pytest.mark.parametrize("cut", [0.5, 0.95])
def test_piped_into_head_ends_quietly(long, args, fmt, cut) -> None:
    """Every command and format whose reader leaves partway (a pipe into `head -1`, once the
    pipe's buffer is full): the output path a real pipe takes, in-process; the cases below
    run a few through a real pipe."""
    line = [*argv(args, str(long)), "--format", fmt]
    full = run_main(*line, env={"COLUMNS": "100"})
    assert full.code in DATA_EXITS and len(full.stdout) > 4096

    room = int(len(full.stdout) * cut)
    done = run_main(*line, env={"COLUMNS": "100"}, stdout=Sink(room, EPIPE))
    assert done.stdout == full.stdout[:room]  # what the reader got before it left
    # No traceback, no "Exception ignored": only the note that names a CSV's other tables.
    note = csv_note(args, fmt)
    stderr = done.stderr.decode()
    assert stderr == full.stderr.decode()
    assert stderr.startswith(note) and stderr.count("\n") == (1 if note else 0), stderr
    assert done.code == 141


# One real pipe into a real `head -1` per kind of output: a table, data, and a CSV with its note.
REAL_HEAD_CASES = [(("check",), "table"), (("sql", *COMMANDS[-1][1:]), "json"), (("ratios",), "csv")]


@pytest.mark.parametrize(("args", "fmt"), REAL_HEAD_CASES, ids=lambda c: c[0] if isinstance(c, tuple) else c)
def test_piped_into_a_real_head_ends_quietly(run, big, args, fmt) -> None:
    full = run(*argv(args, str(big)), "--format", fmt)
    # Past one pipe buffer by half: a terminal table is bounded (100 rows, 1,000 cells a value).
    assert full.exit_code in DATA_EXITS and len(full.stdout.encode()) > PIPE_BUFFER * 3 // 2

    producer = subprocess.Popen(
        [installed_script(), *argv(args, str(big)), "--format", fmt],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=process_env({"COLUMNS": "100"}),
    )  # fmt: skip
    head = subprocess.run(["head", "-1"], stdin=producer.stdout, capture_output=True, timeout=60)
    producer.stdout.close()
    stderr = producer.stderr.read().decode()
    rc = producer.wait(timeout=60)
    assert head.stdout.decode() == full.stdout.splitlines(keepends=True)[0]
    note = csv_note(args, fmt)
    assert stderr.startswith(note) and stderr.count("\n") == (1 if note else 0), stderr
    # 141 when the write that found the reader gone was refused; the command's own exit
    # (0, or 1 for a failed check or budgets that differ) when the kernel took part of it
    # first (Python then drops the rest): either way nothing is said.
    assert rc in (full.exit_code, 141)


@pytest.mark.parametrize("args", READERS, ids=command_ids(READERS))
def test_reader_gone_before_any_output_is_141(long, args) -> None:
    done = run_main(*argv(args, str(long)), stdout=Sink(0, EPIPE))
    assert (done.code, done.stdout, done.stderr) == (141, b"", b"")


def test_reader_gone_before_a_real_process_writes_is_141(big) -> None:
    producer = subprocess.Popen(
        [installed_script(), "check", "--file", str(big)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    producer.stdout.close()  # long before the command has started writing
    stderr = producer.stderr.read().decode()
    assert (producer.wait(timeout=60), stderr) == (141, "")


@pytest.mark.parametrize("args", [*READERS, ("--version",)], ids=[*command_ids(READERS), "--version"])
def test_closed_stdout_is_141(args) -> None:
    line = args if args == ("--version",) else argv(args, str(ROOT / "budget.toml"))
    assert run_main(*line, stdout=CLOSED) == (141, b"", b"")


# A real closed descriptor: the command path, and --version's own path that skips the CLI.
@pytest.mark.parametrize("argv", [("check",), ("--version",)], ids=["check", "--version"])
def test_closed_stdout_descriptor_is_141(argv) -> None:
    done = subprocess.run(
        ["sh", "-c", 'exec "$0" "$@" >&-', installed_script(), *argv], capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stderr) == (141, "")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_full_disk_is_one_message() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([installed_script(), "check"], stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (2, "mdbudget: cannot write the output: No space left on device\n")


def test_ctrl_c_while_reading_standard_input_is_130() -> None:
    process = subprocess.Popen(
        [installed_script(), "check", "--verbose", "--file", "-"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=interruptible,
    )  # fmt: skip
    process.stdin.write(SHIPPED[:500].encode())
    process.stdin.flush()
    # --verbose names the file just before reading it, so the command is running: the
    # read blocks, since standard input stays open.
    assert process.stderr.readline() == b"mdbudget: using - (--file)\n"
    assert process.stderr.readline() == b"mdbudget: cache not used for standard input\n"
    time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    rc = process.wait(timeout=30)
    assert (rc, process.stdout.read(), process.stderr.read()) == (130, b"", b"")
    process.stdin.close()


def test_ctrl_c_inside_a_command_is_130_in_process(run, monkeypatch) -> None:
    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("mdbudget.loading.read.read_file_bytes", interrupted)
    result = run("check")
    assert (result.exit_code, result.stdout, result.stderr) == (130, "", "")


def test_internal_error_is_two_lines_and_exit_3(run, monkeypatch) -> None:
    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("mdbudget.reports.check.reconcile.check", broken)
    result = run("check")
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (
        "mdbudget: internal error: RuntimeError: boom\n"
        "mdbudget: this is a bug; for the traceback, run it again with MDBUDGET_DEBUG=1 (or as mdbudget --debug COMMAND ...)\n"
    )


@pytest.mark.parametrize("how", [("--debug",), ()], ids=["--debug", "MDBUDGET_DEBUG=1"])
def test_debug_shows_the_traceback(run, monkeypatch, how) -> None:
    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("mdbudget.reports.check.reconcile.check", broken)
    result = run(*how, "check", env={} if how else {"MDBUDGET_DEBUG": "1"})
    assert result.exit_code == 3
    assert result.stderr.startswith("Traceback (most recent call last):\n")
    assert result.stderr.endswith("RuntimeError: boom\n")


def on_shipped(args: tuple[str, ...]) -> list[str]:
    """The command line reading the shipped budget: the default file, or named where the files are arguments."""
    return argv(args, str(ROOT / "budget.toml")) if args[0] in FILE_ARGUMENTS else list(args)


@pytest.mark.parametrize("args", READERS, ids=command_ids(READERS))
@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}, {}], ids=["NO_COLOR", "TERM=dumb", "piped"])
def test_no_ansi_when_asked_or_piped(run, tmp_path, args, env) -> None:
    for fmt in FORMATS:
        # export writes its CSV as one file per table, into the folder given with --out.
        out = ("--out", str(tmp_path / "out")) if (args, fmt) == (("export",), "csv") else ()
        result = run(*on_shipped(args), "--format", fmt, *out, env=env)
        assert result.exit_code in DATA_EXITS, result.stderr
        assert not ANSI.search(result.stdout + result.stderr)
    written = [path.read_text(encoding="utf-8") for path in tmp_path.glob("out/*.csv")]
    assert len(written) > 1 if args == ("export",) else not written
    assert not any(ANSI.search(text) for text in written)


@pytest.mark.parametrize("args", READERS, ids=command_ids(READERS))
@pytest.mark.parametrize("columns", [40, 20])
def test_narrow_terminal_still_renders_within_its_width(run, write, args, columns) -> None:
    path = write(with_fields(3, claims=True, name="아주 긴 이름의 분야 {i} " * 5))
    for line in (on_shipped(args), argv(args, str(path))):
        # --format table: export's default is JSON, for a document to keep.
        result = run(*line, "--format", "table", env={"COLUMNS": str(columns)})
        assert result.exit_code in DATA_EXITS, result.stderr
        lines = result.stdout.splitlines()
        assert len(lines) > 5
        # Only a figure or an id wider than the terminal may exceed it, alone on its line.
        for line in lines:
            if cell_len(line) > columns:
                indent = len(line) - len(line.lstrip())
                assert len(line.split()) == 1, line
                assert max(cell_len(m.group()) for m in UNBREAKABLE.finditer(line)) > columns - indent - 3, line


def run_in_terminal(argv: list[str], env: dict[str, str]) -> bytes:
    """Run with stdout on a real pseudo-terminal and return what it printed there."""
    main, child = pty.openpty()
    process = subprocess.Popen(argv, stdout=child, stderr=subprocess.PIPE, env=env)
    os.close(child)
    out = b""
    while True:
        ready, _, _ = select.select([main], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the terminal's other end has closed
            break
        if not chunk:
            break
        out += chunk
    os.close(main)
    assert process.wait(timeout=30) in DATA_EXITS, process.stderr.read()
    return out


@pytest.mark.parametrize("args", READERS, ids=command_ids(READERS))
def test_colour_on_a_terminal_unless_no_color(args) -> None:
    def shown(**env: str) -> str:
        done = run_main(
            *on_shipped(args), "--format", "table", env={"TERM": "xterm-256color", **env}, stdout=Terminal()
        )
        assert done.code in DATA_EXITS, done.stderr
        return done.stdout.decode()

    assert ANSI.search(shown())
    assert not ANSI.search(shown(NO_COLOR="1"))
    assert not ANSI.search(shown(TERM="dumb"))


def test_colour_on_a_real_terminal_unless_no_color() -> None:
    base = process_env({"TERM": "xterm-256color"})
    argv = [installed_script(), "check", "--format", "table"]  # export's default is JSON, never coloured
    assert ANSI.search(run_in_terminal(argv, base).decode())
    assert not ANSI.search(run_in_terminal(argv, base | {"NO_COLOR": "1"}).decode())
    assert not ANSI.search(run_in_terminal(argv, base | {"TERM": "dumb"}).decode())


BUDGETS = {
    "valid": SHIPPED,
    "failing check": edit(SHIPPED, "new = 148", "new = 149"),
    "invalid": edit(SHIPPED, "allocation = 39\n", "allocation = -5\n"),
    "broken TOML": SHIPPED + "\n[[[",
}


@pytest.mark.parametrize("args", READERS, ids=command_ids(READERS))
@pytest.mark.parametrize("text", BUDGETS.values(), ids=BUDGETS.keys())
def test_budget_file_is_never_touched(run, tmp_path, args, text) -> None:
    path = tmp_path / "budget.toml"
    path.write_bytes(text.encode())
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))  # so any write would show in mtime
    before = (path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(tmp_path)))
    for fmt in FORMATS:
        result = run(*argv(args, str(path)), "--format", fmt)
        assert result.exit_code in (0, 1, 2)
    stdin = run(*argv(args, "-"), input=text)
    assert stdin.exit_code in (0, 1, 2)
    assert (path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(tmp_path))) == before


def test_budget_file_untouched_by_the_installed_script(tmp_path) -> None:
    path = tmp_path / "budget.toml"
    path.write_text(SHIPPED, encoding="utf-8")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    # A few commands as real processes (test_budget_file_is_never_touched runs every one in-process):
    # one that reads and checks, one that writes files, one that builds a database.
    for args in [c for c in COMMANDS if c[0] in ("check", "export", "sql")]:
        done = subprocess.run([installed_script(), *args], cwd=tmp_path, capture_output=True, timeout=60)
        assert done.returncode in DATA_EXITS, done.stderr
    assert path.read_text(encoding="utf-8") == SHIPPED and path.stat().st_mtime_ns == 1_000_000_000
    assert os.listdir(tmp_path) == ["budget.toml"]  # no cache, no backup, no lock file


def test_stderr_closed_is_not_a_crash(tmp_path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[[[", encoding="utf-8")
    done = subprocess.run(
        ["sh", "-c", 'exec "$0" check --file "$1" 2>&-', installed_script(), str(bad)], capture_output=True, timeout=60
    )
    assert (done.returncode, done.stdout) == (2, b"")


def test_python_module_entry_is_quiet_too(big) -> None:
    producer = subprocess.Popen(
        [sys.executable, "-m", "mdbudget", "check", "--file", str(big)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    producer.stdout.close()
    assert (producer.wait(timeout=60), producer.stderr.read()) == (141, b"")
