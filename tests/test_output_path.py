"""The one output path, tried as a shell, a CI job or a Korean Windows console would.

Most cases run the console entry point in-process on a console of another encoding
(support.run_main); a few per path run a real process, where the process is what is tested.

Data (JSON, CSV, Markdown, annotations, the schema) is UTF-8 whatever the
console's encoding; tables and help are for the console; writes are all or a
non-zero exit; every command, help and --version included, ends with the same
exit codes (141 reader gone or stdout closed, 2 cannot write).
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import time
from errno import ENOSPC, EPIPE
from pathlib import Path

import pytest
from rich.cells import cell_len
from support import CLOSED, Sink, installed_script, interruptible, run_main, run_script, with_projects

from conftest import ROOT, SHIPPED, SHIPPED_WHOLE

BUDGET = str(ROOT / "budget.toml")
TRACEBACK = "Traceback (most recent call last)"


def mdbudget(*args: str, env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess[bytes]:
    return run_script(*args, env=env, text=False, **kwargs)


# --- Any console encoding ---

DATA = [("total", "--json"), ("fields", "--format", "csv"), ("shares", "--format", "markdown"), ("schema",)]
DATA += [("check", "--format", "github"), ("project", "경동제약", "--json")]


def with_file(args: tuple[str, ...]) -> tuple[str, ...]:
    return args if args == ("schema",) else (*args, "--file", BUDGET)


@pytest.mark.parametrize("encoding", ["ascii", "cp949", "latin-1"])
@pytest.mark.parametrize("args", DATA, ids=" ".join)
def test_data_is_utf8_whatever_the_console(encoding, args) -> None:
    utf8 = run_main(*with_file(args))
    other = run_main(*with_file(args), encoding=encoding)
    assert (other.code, other.stderr) == (0, b"")
    assert other.stdout == utf8.stdout
    text = other.stdout.decode("utf-8")  # strict: UTF-8, Hangul included
    assert any("가" <= c <= "힣" for c in text) or args[0] == "check"


@pytest.mark.parametrize("encoding", ["ascii", "cp949"])
@pytest.mark.parametrize("args", [DATA[0], ("schema",)], ids=" ".join)
def test_data_is_utf8_from_a_real_console(encoding, args) -> None:
    utf8 = run_main(*with_file(args))
    other = mdbudget(*with_file(args), env={"PYTHONIOENCODING": encoding})
    assert (other.returncode, other.stderr) == (0, b"")
    assert other.stdout == utf8.stdout


@pytest.mark.parametrize("command", ["total", "fields", "shares", "ratios", "project", "check"])
def test_tables_degrade_to_what_the_console_can_show(command) -> None:
    ascii_run = run_main(command, "--file", BUDGET, "--lang", "en", encoding="ascii")
    assert (ascii_run.code, ascii_run.stderr) == (0, b"")
    text = ascii_run.stdout.decode("ascii")  # every byte is ASCII
    assert TRACEBACK not in text and len(text.splitlines()) > 3

    korean = run_main(command, "--file", BUDGET, encoding="cp949")
    assert (korean.code, korean.stderr) == (0, b"")
    shown = korean.stdout.decode("cp949")
    assert "억원" in shown or "분야" in shown or "과제" in shown  # Hangul stays: cp949 carries it
    assert not any(0x2500 <= ord(c) <= 0x259F for c in shown)  # box lines and bars drawn in ASCII


def test_a_table_keeps_its_layout_in_ascii() -> None:
    utf8 = run_main("shares", "--file", BUDGET, "--lang", "en").stdout.decode()
    # A real ASCII console: the stand-ins as a process started with that encoding prints them.
    ascii_text = mdbudget("shares", "--file", BUDGET, "--lang", "en", env={"PYTHONIOENCODING": "ascii"}).stdout
    lines = ascii_text.decode("ascii").splitlines()
    # Line by line the same width on screen: each stand-in is as wide as what it stands for.
    assert [len(line) for line in lines] == [cell_len(line) for line in utf8.splitlines()]
    assert any("####" in line for line in lines)
    assert "Autonomous Vehicles" in ascii_text.decode("ascii")


@pytest.mark.parametrize("encoding", ["ascii", "cp949"])
@pytest.mark.parametrize("args", [("--help",), ("check", "--help"), (), ("total", "--format", "xml")])
def test_help_and_usage_errors_under_any_encoding(encoding, args) -> None:
    done = run_main(*args, encoding=encoding)
    assert done.code == (2 if "xml" in args else 0)
    out = (done.stdout + done.stderr).decode(encoding)
    assert TRACEBACK not in out and "Usage: mdbudget" in out


@pytest.mark.parametrize("args", [("--help",), ("total", "--format", "xml")], ids=" ".join)
def test_help_and_usage_errors_on_a_real_ascii_console(args) -> None:
    done = mdbudget(*args, env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == (2 if "xml" in args else 0)
    out = (done.stdout + done.stderr).decode("ascii")
    assert TRACEBACK not in out and "Usage: mdbudget" in out


def test_messages_survive_an_ascii_stderr(tmp_path) -> None:
    bad = tmp_path / "예산.toml"
    bad.write_text(SHIPPED.replace("allocation = 39\n", "allocation = -5\n", 1), encoding="utf-8")
    done = mdbudget("check", "--file", str(bad), env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 2
    message = done.stderr.decode("ascii")
    assert TRACEBACK not in message and ".toml:" in message and "allocation" in message


# --- All or a non-zero exit ---


def read_slowly(args: list[str], env: dict[str, str]) -> tuple[bytes, int, bytes]:
    """Run with stdout on a non-blocking pipe that is read slowly, as some CI log collectors do."""
    read_end, write_end = os.pipe()
    flags = fcntl.fcntl(write_end, fcntl.F_GETFL)
    fcntl.fcntl(write_end, fcntl.F_SETFL, flags | os.O_NONBLOCK)
    process = subprocess.Popen([installed_script(), *args], stdout=write_end, stderr=subprocess.PIPE, env=env)
    os.close(write_end)
    data = b""
    while chunk := os.read(read_end, 8192):
        data += chunk
        time.sleep(0.001)
    os.close(read_end)
    return data, process.wait(timeout=60), process.stderr.read()


@pytest.mark.parametrize("unbuffered", [True, False], ids=["PYTHONUNBUFFERED=1", "buffered"])
def test_a_full_non_blocking_pipe_gets_every_byte(tmp_path, unbuffered) -> None:
    path = tmp_path / "budget.toml"
    path.write_text(with_projects(2000), encoding="utf-8")
    expected = run_main("project", "--json", "--file", str(path)).stdout
    assert len(expected) > 1_000_000
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    data, rc, stderr = read_slowly(["project", "--json", "--file", str(path)], env)
    assert (rc, stderr) == (0, b"")
    assert data == expected


# --- Every command through the one output path ---

EVERY = [("--help",), ("--version",), (), ("schema",), ("check", "--help"), ("total",), ("total", "--json")]


FULL = b"mdbudget: cannot write the output: No space left on device\n"


@pytest.mark.parametrize("args", EVERY, ids=lambda a: " ".join(a) or "no arguments")
def test_a_full_disk_is_exit_2_and_one_line(args) -> None:
    done = run_main(*args, stdout=Sink(0, ENOSPC))
    assert (done.code, done.stderr) == (2, FULL)


# /dev/full for real: the command path and --version's own path.
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [("--help",), ("--version",)], ids=" ".join)
def test_a_real_full_disk_is_exit_2_and_one_line(args) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run([installed_script(), *args], stdout=full, stderr=subprocess.PIPE, timeout=60)
    assert (done.returncode, done.stderr) == (2, FULL)


@pytest.mark.parametrize("args", EVERY, ids=lambda a: " ".join(a) or "no arguments")
def test_a_closed_stdout_is_141_quietly(args) -> None:
    assert run_main(*args, stdout=CLOSED) == (141, b"", b"")


@pytest.mark.parametrize("args", [("--help",), ()], ids=["--help", "none"])
def test_a_real_closed_stdout_is_141_quietly(args) -> None:
    done = subprocess.run(
        ["sh", "-c", 'exec "$0" "$@" >&-', installed_script(), *args], capture_output=True, timeout=60
    )
    assert (done.returncode, done.stderr) == (141, b"")


@pytest.mark.parametrize("args", [("--help",), ("check", "--help"), ()], ids=["--help", "check --help", "none"])
@pytest.mark.parametrize("room", [0, 1, 100])
def test_help_into_head_ends_141_quietly(args, room) -> None:
    done = run_main(*args, stdout=Sink(room, EPIPE))
    assert (done.code, done.stderr) == (141, b"")
    full = run_main(*args).stdout
    assert len(full) > room and full.startswith(done.stdout)
    first = full.splitlines(keepends=True)[0]
    assert first.strip() and first.lstrip().startswith(b"Usage: mdbudget")  # help does not start with a blank line


def test_help_into_a_real_head_ends_0_or_141() -> None:
    args = ("--help",)
    producer = subprocess.Popen([installed_script(), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = producer.stdout.readline()
    producer.stdout.close()
    rc = producer.wait(timeout=60)
    assert rc in (0, 141) and producer.stderr.read() == b""
    assert first.startswith(b"Usage: mdbudget") or first.startswith(b" Usage: mdbudget")
    assert first.strip()  # help does not start with a blank line


def test_no_arguments_prints_help_and_exits_0() -> None:
    done = mdbudget()
    assert (done.returncode, done.stderr) == (0, b"")
    assert run_main() == (0, done.stdout, b"")
    assert done.stdout.decode().splitlines()[0].strip() == "Usage: mdbudget [OPTIONS] COMMAND [ARGS]..."
    assert "check" in done.stdout.decode()


# --- Start-up ---

INTERRUPT_DURING_IMPORT = """
import os, signal, sys
TARGET = sys.argv[1]
class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == TARGET:
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C while this module is being imported
        return None
sys.meta_path.insert(0, Interrupt())
sys.argv = ["mdbudget", "total", "--file", sys.argv[2]]
from mdbudget.__main__ import main
main()
"""


@pytest.mark.parametrize("module", ["typer", "rich.console", "pydantic", "mdbudget.loading.model", "tomli"])
def test_ctrl_c_while_modules_import_is_130_quietly(module, tmp_path) -> None:
    # 1516.0 for 1516: valid, but not plainly so, so the file goes through pydantic and every module loads
    budget = tmp_path / "budget.toml"
    budget.write_text(SHIPPED.replace("total = 1516", "total = 1516.0", 1), encoding="utf-8")
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    done = subprocess.run(
        [sys.executable, "-c", INTERRUPT_DURING_IMPORT, module, str(budget)],
        capture_output=True, timeout=60, env=env, preexec_fn=interruptible,
    )  # fmt: skip
    assert (done.returncode, done.stdout, done.stderr) == (130, b"", b"")


MODULES_AFTER = """
import json, sys
sys.argv = ["mdbudget", *json.loads(sys.argv[1])]
from mdbudget.__main__ import main
try:
    main()
except SystemExit as exc:
    code = exc.code
sys.stderr.write("\\n" + json.dumps({"exit": code, "modules": sorted(sys.modules)}) + "\\n")
"""


def modules_after(*args: str) -> tuple[int, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", MODULES_AFTER, json.dumps(args)], capture_output=True, text=True, timeout=60
    )
    report = json.loads(done.stderr.splitlines()[-1])
    return report["exit"], set(report["modules"])


def heavy(modules: set[str], *names: str) -> set[str]:
    return {m for m in modules if m.split(".")[0] in names}


def test_version_imports_nothing_heavy() -> None:
    code, modules = modules_after("--version")
    assert code == 0
    assert heavy(modules, "typer", "rich", "pydantic", "pydantic_core", "tomli") == set()


@pytest.mark.parametrize(
    "args",
    [
        ("total", "--format", "xml"),
        ("shares", "--top", "0", "--of", "total", "--sort", "name"),
        ("fields", "AI", "--unit", "nope", "--lang", "kr", "--format", "md"),
        ("diff", "--sort", "size", "a.toml", "b.toml"),
        ("check", "--json", "--format", "csv"),
    ],
    ids=" ".join,
)
def test_reading_options_does_not_import_pydantic(args) -> None:
    code, modules = modules_after(*args)
    assert code == 2  # each is refused before any budget is read
    assert heavy(modules, "pydantic", "pydantic_core") == set()


# --- Odd environments ---


def test_a_file_name_that_is_not_utf8(tmp_path) -> None:
    name = os.fsencode(tmp_path) + b"/b\xff.toml"
    with open(name, "w", encoding="utf-8") as f:
        f.write(SHIPPED_WHOLE)  # the same as BUDGET, so diff finds no difference
    path = os.fsdecode(name)
    for args in (["check", "--json", "--file", path], ["export", "--file", path], ["diff", "--json", BUDGET, path]):
        done = run_main(*args)
        assert done.code == 0, done.stderr
        data = json.loads(done.stdout.decode("utf-8"))  # strict UTF-8: no raw 0xFF
        assert "b\ufffd.toml" in json.dumps(data, ensure_ascii=False)
    done = run_main("check", "--file", path, "--format", "github")
    assert done.code == 0 and done.stdout.decode("utf-8")
    # A real process: the name comes in as bytes on the command line.
    missing = mdbudget("total", "--file", os.fsdecode(name + b"-missing"))
    assert missing.returncode == 2
    assert missing.stderr.decode("utf-8").endswith("b\ufffd.toml-missing: no such file\n")


@pytest.mark.parametrize("columns", ["²", "٣", "-5", "0", "eighty", ""])
def test_a_strange_columns_is_ignored(columns) -> None:
    for args in (("total", "--file", BUDGET), ("--help",)):
        done = run_main(*args, env={"COLUMNS": columns})
        assert (done.code, done.stderr) == (0, b""), done.stderr


def test_a_strange_columns_is_ignored_by_a_real_process() -> None:
    for args in (("total", "--file", BUDGET), ("--help",)):
        done = mdbudget(*args, env={"COLUMNS": "²"})
        assert (done.returncode, done.stderr) == (0, b""), done.stderr


def test_check_for_github_in_a_deleted_folder(tmp_path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    script = 'cd "$1" && rmdir "$1" && exec "$0" check --format github --file "$2"'
    done = subprocess.run(
        ["sh", "-c", script, installed_script(), str(gone), BUDGET],
        capture_output=True,
        timeout=60,
        env={k: v for k, v in os.environ.items() if k != "GITHUB_WORKSPACE"},
    )
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout.decode().splitlines()[-1].startswith("검증 통과:")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(
    ("args", "code"),
    [(("check", "--file", "missing.toml"), 2), (("total", "--format", "xml"), 2), (("project", "zzzzzz"), 1)],
)
def test_an_unwritable_stderr_keeps_the_exit_code(args, code) -> None:
    if args[0] == "check":  # a real /dev/full once
        with open("/dev/full", "wb") as full:
            done = subprocess.run([installed_script(), *args], stdout=subprocess.PIPE, stderr=full, timeout=60)
        assert done.returncode == code
    assert run_main(*args, stderr=Sink(0, ENOSPC)).code == code


@pytest.mark.parametrize("home", ["", "/dev/null", "missing", "file"])
def test_install_completion_refuses_an_unusable_home(tmp_path, home) -> None:
    if home == "missing":
        home = str(tmp_path / "missing")
    elif home == "file":
        (tmp_path / "file").write_text("")
        home = str(tmp_path / "file")
    env = {"HOME": home, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    done = mdbudget("--install-completion", "bash", env=env, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.decode().startswith("mdbudget: cannot install completion: $HOME (")
    assert TRACEBACK not in done.stderr.decode()
    assert sorted(os.listdir(tmp_path)) == (["file"] if home.endswith("file") else [])


def test_install_completion_says_every_file_it_changed(tmp_path) -> None:
    (tmp_path / ".bashrc").write_text("# mine\n")
    env = {"HOME": str(tmp_path), "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    done = mdbudget("--install-completion", "bash", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stderr.decode().splitlines() == [
        f"mdbudget: changed {tmp_path}/.bashrc",
        f"mdbudget: created {tmp_path}/.bash_completions/mdbudget.sh",
    ]
    assert (tmp_path / ".bashrc").read_text().startswith("# mine\n")
    assert {p.name for p in Path(tmp_path).iterdir()} == {".bashrc", ".bash_completions"}


@pytest.mark.parametrize("home", ["", "/dev/null"])
def test_show_completion_needs_no_home(home) -> None:
    env = {"HOME": home, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    done = mdbudget("--show-completion", "bash", env=env)
    assert (done.returncode, done.stderr) == (0, b"")
    assert b"complete -o default -F _mdbudget_completion mdbudget" in done.stdout
