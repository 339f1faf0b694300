"""An export writes regular files or new names only, and keeps no special bits of a file it replaces.

`--out /dev/null` run as root replaced the device node with a 0666 file; a symlink in an
output folder was replaced by a file; a replaced file of mode 6777 came back setuid.
Each kind of target is made here, in a throwaway folder (never the real /dev).
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from support import installed_script

from conftest import SHIPPED

# Each format, and the file its output holds that these tests put something in the way of.
FORMATS = {
    "json": "export.json",
    "markdown": "export.md",
    "table": "export.txt",
    "csv": "check.csv",  # the last of the tables: refused before the first is written
    "datapackage": "datapackage.json",
    "sqlite": "budget.db",
}


def out_for(fmt: str, folder: Path) -> Path:
    return folder / FORMATS[fmt] if fmt == "sqlite" else folder


def make_fifo(path: Path) -> str:
    os.mkfifo(path)
    return "a FIFO (named pipe)"


def make_symlink(path: Path) -> str:
    target = path.parent.parent / "elsewhere.txt"
    target.write_text("someone's file\n")
    path.symlink_to(target)
    return "a symlink"


def make_dangling_symlink(path: Path) -> str:
    path.symlink_to(path.parent.parent / "does-not-exist-yet")
    return "a symlink"


def make_device(path: Path) -> str:
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root; the refusal is the same as for a FIFO")
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is, here in tmp_path
    return "a device"


def make_socket(path: Path) -> str:
    if len(os.fsencode(path)) > 100:
        pytest.skip("the temporary path is too long for a Unix socket")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()
    return "a socket"


MAKERS: dict[str, Callable[[Path], str]] = {
    "fifo": make_fifo,
    "symlink": make_symlink,
    "dangling symlink": make_dangling_symlink,
    "device": make_device,
    "socket": make_socket,
}


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.lstat().st_mode, p.lstat().st_ino) for p in folder.iterdir()}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX files")
@pytest.mark.parametrize("kind", MAKERS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_target_that_is_not_a_regular_file_is_refused_before_anything_is_written(
    run, tmp_path, write, fmt, kind
) -> None:
    budget = write(SHIPPED)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / FORMATS[fmt]
    what = MAKERS[kind](target)
    before = snapshot(folder)
    outside = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file() and not p.is_symlink()}
    result = run("export", "--format", fmt, "--out", str(out_for(fmt, folder)), "--file", str(budget))
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"mdbudget: cannot write {target}: it is {what}; an export writes only regular files or new names\n"
    )
    assert snapshot(folder) == before  # the node is still there, and nothing was written beside it
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file() and not p.is_symlink()} == outside


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_replaced_file_keeps_no_special_bits(run, tmp_path, fmt) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / FORMATS[fmt]
    target.write_text("old\n")
    target.chmod(0o6777)
    mask = os.umask(0o022)
    try:
        result = run("export", "--format", fmt, "--out", str(out_for(fmt, folder)))
    finally:
        os.umask(mask)
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(target.lstat().st_mode) == 0o755  # 6777 & 0o777, less the umask 022
    assert stat.S_ISREG(target.lstat().st_mode)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_name_that_is_not_utf8_is_written_and_shown_with_a_replacement(tmp_path, write, fmt) -> None:
    budget = write(SHIPPED)
    name = b"d\xff.db" if fmt == "sqlite" else b"d\xff"
    result = subprocess.run(
        [installed_script(), "export", "--format", fmt, "--out", name, "--file", str(budget)],
        cwd=tmp_path, capture_output=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    written = tmp_path / os.fsdecode(name)
    if fmt == "sqlite":
        assert result.stderr.decode() == "mdbudget: wrote d\ufffd.db\n"
        assert written.read_bytes().startswith(b"SQLite format 3\x00")
    else:
        assert (written / FORMATS[fmt]).is_file()
        assert result.stderr.decode().startswith("mdbudget: wrote ")
        assert "d\ufffd" in result.stderr.decode()
    assert b"\xff" in os.fsencode(os.listdir(tmp_path)[0]) or any(
        b"\xff" in os.fsencode(n) for n in os.listdir(tmp_path)
    )
