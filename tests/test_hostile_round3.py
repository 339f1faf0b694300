"""The smaller findings of the third hostile pass: start-up, named pipes, echoes, dates, SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from support import installed_script

from conftest import SHIPPED, edit


def mdbudget(*args: str, **env: str) -> subprocess.Popen[bytes]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("_MDBUDGET", "_TYPER", "COMP_", "MDBUDGET_"))}
    return subprocess.Popen(
        [installed_script(), *args], env={**clean, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def test_importing_the_package_imports_nothing_on_the_command_path() -> None:
    # The console script imports the package before its Ctrl-C handler is in place.
    probe = "import sys, mdbudget; print(sorted(m for m in sys.modules if m.startswith('mdbudget')))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout == "['mdbudget']\n", done.stderr


def test_the_lazy_api_still_gives_every_name() -> None:
    import mdbudget

    assert mdbudget.load.__name__ == "load" and mdbudget.Problem.__name__ == "Problem"
    from mdbudget import Budget, BudgetError, ExitStatus, NoMatch, parse

    assert all((Budget, BudgetError, ExitStatus, NoMatch, parse))


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or sys.platform == "win32", reason="POSIX signals")
def test_sigterm_ends_a_run_quietly_with_143() -> None:
    endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
    run = mdbudget("sql", endless, "--timeout", "120")
    time.sleep(1.5)  # well into the query: imports done, handler in place
    run.send_signal(signal.SIGTERM)
    out, err = run.communicate(timeout=60)
    assert (run.returncode, out, err) == (143, b"", b"")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_no_one_writes_to_is_read_as_empty_not_waited_on(tmp_path) -> None:
    fifo = tmp_path / "budget.fifo"
    os.mkfifo(fifo)
    run = mdbudget("total", "--file", str(fifo))
    _out, err = run.communicate(timeout=60)
    assert run.returncode == 2
    assert err.decode() == (
        f"{fifo}: the file is empty; a budget file needs [program], [totals] and [[fields]] "
        "(mdbudget schema gives the layout)\n"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_tab_completion_never_waits_on_a_named_pipe(tmp_path) -> None:
    fifo = tmp_path / "budget.fifo"
    os.mkfifo(fifo)
    run = mdbudget(
        "fields", _MDBUDGET_COMPLETE="complete_bash", COMP_WORDS="mdbudget fields ", COMP_CWORD="2",
        MDBUDGET_FILE=str(fifo),
    )  # fmt: skip
    out, _ = run.communicate(timeout=60)
    assert run.returncode == 0
    assert out.strip() == b""  # no budget, no ids to offer


def test_a_sql_error_echoes_at_most_300_characters_of_the_query(run) -> None:
    result = run("sql", 'SELECT "' + "a" * 200_000)
    assert result.exit_code == 2
    start = 'SQL error: unrecognized token: ""'
    assert result.stderr == "mdbudget: " + start + "a" * (299 - len(start)) + "…\n"


def test_a_long_file_name_is_echoed_by_its_end(run, tmp_path) -> None:
    name = str(tmp_path / ("b" * 250)) + "/" + "c" * 3_800 + ".toml"
    result = run("total", "--file", name)
    assert result.exit_code == 2
    assert result.stderr == f"…{name[-199:]}: cannot be read: File name too long\n"


def test_a_release_date_must_be_year_month_day(run, write) -> None:
    path = write(edit(SHIPPED, "release_date = 2025-05-28", 'release_date = "2025-W22-3"'))
    result = run("total", "--file", str(path))
    assert result.exit_code == 2
    assert result.stderr == f'{path}:26:1: program.release_date: must be a date such as 2025-05-28 (got "2025-W22-3")\n'
    quoted = write(edit(SHIPPED, "release_date = 2025-05-28", 'release_date = "2025-05-28"'), "quoted.toml")
    assert run("total", "--file", str(quoted)).exit_code == 0
