"""The cache touches nothing it was not given, and no entry changes a figure or crashes a run.

A symlinked cache directory is not followed, a folder mdbudget did not make keeps its
mode, eviction removes only files it can prove it wrote, and any entry that is not
what mdbudget wrote for these very bytes (another file's body, an old frame, a line
table of wrong types or impossible lines) is a miss: the file is read again.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import time
from pathlib import Path

import pytest
from support import installed_script

import mdbudget.loading.cache as cache
from conftest import SHIPPED, edit

BROKEN = edit(SHIPPED, "allocation = 1206\nprovisional", "allocation = 1216\nprovisional")


def total(run, path: Path) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """(the allocation `total --json` prints, its cache note)."""
    result = run("total", "--json", "--verbose", "--file", str(path))
    assert result.exit_code == 0, result.output
    [note] = [line for line in result.stderr.splitlines() if line.startswith("mdbudget: cache")]
    return json.loads(result.stdout)["allocation"], note


def victim_folder(where: Path) -> dict[str, bytes]:
    """A folder of someone's own files, named as cache entries are, 70 of them."""
    where.mkdir()
    where.chmod(0o755)
    for i in range(70):
        suffix = ".budget" if i % 2 else ".lines"
        (where / f"{i:064x}{suffix}").write_bytes(f"the user's own file {i}\n".encode())
    return {p.name: p.read_bytes() for p in where.iterdir()}


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_symlinked_cache_directory_is_not_used(run, write, tmp_path, private_cache, monkeypatch) -> None:
    victim = tmp_path / "budgets"
    before = victim_folder(victim)
    private_cache.parent.mkdir(parents=True, exist_ok=True)
    private_cache.symlink_to(victim)
    monkeypatch.setattr(cache, "MAX_ENTRIES", 2)  # eviction would have run on every write
    for i in range(3):
        allocation, note = total(run, write(edit(SHIPPED, "fiscal_year = 2025", f"fiscal_year = 2025 # {i}")))
        assert allocation == 4787
        assert note == f"mdbudget: cache miss; the cache directory is not usable ({private_cache} is a symlink)"
    assert {p.name: p.read_bytes() for p in victim.iterdir()} == before
    assert stat.S_IMODE(victim.stat().st_mode) == 0o755


def test_eviction_removes_only_files_mdbudget_wrote(run, write, tmp_path, private_cache, monkeypatch) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 2)
    private_cache.mkdir(mode=0o700, parents=True)
    old = time.time() - 10 * 86400
    # Files named as entries are but not written by mdbudget, older than any entry.
    foreign = private_cache / f"{'ab' * 32}.budget"
    foreign.write_bytes(b"not an entry")
    outside = tmp_path / "precious.budget"
    outside.write_bytes(cache.MAGIC + b" a file elsewhere")
    link = private_cache / f"{'cd' * 32}.lines"
    link.symlink_to(outside)
    for item in (foreign, outside):
        os.utime(item, (old, old))
    os.utime(link, (old, old), follow_symlinks=False)
    paths = [write(edit(SHIPPED, "fiscal_year = 2025", f"fiscal_year = 2025 # {i}"), f"b{i}.toml") for i in range(4)]
    for path in paths:
        assert total(run, path)[1] == f"mdbudget: cache miss; saved in {private_cache}"
    names = {p.name for p in private_cache.iterdir()}
    own = {cache.key(p.read_bytes()) + ".budget" for p in paths}
    assert names == {foreign.name, link.name} | set(sorted(own & names))
    assert len(own & names) == 2  # the two newest of mdbudget's own
    assert foreign.read_bytes() == b"not an entry"
    assert outside.read_bytes() == cache.MAGIC + b" a file elsewhere"


def test_stale_temporaries_of_a_killed_run_are_removed(run, write, private_cache) -> None:
    private_cache.mkdir(mode=0o700, parents=True)
    old = time.time() - 2 * cache.STALE
    stale = private_cache / f".{'0' * 64}.budget.{'1' * 16}.tmp"
    stale.write_bytes(cache.MAGIC + b"half an entry")
    fresh = private_cache / f".{'2' * 64}.budget.{'3' * 16}.tmp"  # another run may be writing it
    fresh.write_bytes(cache.MAGIC + b"being written")
    other = private_cache / f".{'4' * 64}.budget.{'5' * 16}.tmp"
    other.write_bytes(b"no magic: not provably ours")
    for item in (stale, other):
        os.utime(item, (old, old))
    total(run, write(SHIPPED))
    assert not stale.exists()
    assert fresh.exists() and other.exists()


def test_a_leftover_temporary_with_a_pid_name_does_not_stop_caching(run, write, private_cache) -> None:
    # In a container mdbudget is always pid 1: a temporary named after the pid blocked every write.
    path = write(SHIPPED)
    name = cache.key(path.read_bytes()) + ".budget"
    private_cache.mkdir(mode=0o700, parents=True)
    (private_cache / f".{name}.{os.getpid()}.tmp").write_bytes(b"")
    assert total(run, path)[1] == f"mdbudget: cache miss; saved in {private_cache}"
    assert total(run, path)[1] == f"mdbudget: cache hit ({private_cache})"


def test_another_files_entry_framed_as_this_ones_is_a_miss(run, write, private_cache) -> None:
    """A valid frame holding the body of another version of the file (allocation 9999)."""
    other = write(edit(SHIPPED, "allocation = 4787", "allocation = 9999"), "other.toml")
    path = write(SHIPPED)
    assert total(run, other)[0] == 9999
    assert total(run, path)[0] == 4787
    other_name = cache.key(other.read_bytes()) + ".budget"
    other_hash = hashlib.sha256(other.read_bytes()).digest()
    body = cache.read_entry(other_name, other_hash)
    name = cache.key(path.read_bytes()) + ".budget"
    (private_cache / name).write_bytes(cache.frame(name, body, other_hash))
    assert total(run, path) == (4787, f"mdbudget: cache miss; saved in {private_cache}")
    assert total(run, path) == (4787, f"mdbudget: cache hit ({private_cache})")


def test_an_entry_of_the_previous_layout_is_a_miss(run, write, private_cache) -> None:
    path = write(SHIPPED)
    total(run, path)
    name = cache.key(path.read_bytes()) + ".budget"
    entry = private_cache / name
    blob = entry.read_bytes()
    body = blob[len(cache.MAGIC) + len(name) + 32 + 8 + 32 :]
    from zlib import crc32

    old = (
        b"mdbudget-cache\x00\x01" + name.encode() + len(body).to_bytes(8, "little") + crc32(body).to_bytes(4, "little")
    )
    entry.write_bytes(old + body)
    assert total(run, path) == (4787, f"mdbudget: cache miss; saved in {private_cache}")


def located(run, path: Path) -> list[str]:  # type: ignore[no-untyped-def]
    result = run("check", "--format", "github", "--file", str(path))
    assert result.exit_code == 1, result.output
    return [line for line in result.stdout.splitlines() if line.startswith("::error")]


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda lines: {k: 10**100 for k in lines}, id="a huge line number"),
        pytest.param(lambda lines: {k: 10**6 for k in lines}, id="a line past the end of the file"),
        pytest.param(lambda lines: {k: "\x1b[31m38" for k in lines}, id="an escaped string"),
        pytest.param(lambda lines: {k: True for k in lines}, id="a bool"),
        pytest.param(lambda lines: {k: 0 for k in lines}, id="line 0"),
        pytest.param(lambda lines: {str(k): v for k, v in lines.items()}, id="keys that are not paths"),
        pytest.param(lambda lines: [1, 2, 3], id="not a table"),
    ],
)
def test_a_forged_line_table_is_a_miss(forge, run, write, private_cache) -> None:
    path = write(BROKEN)
    expected = located(run, path)
    assert any(",line=" in line for line in expected)
    key = cache.key(path.read_bytes())
    file_hash = hashlib.sha256(path.read_bytes()).digest()
    lines = cache.read_entry(key + ".lines", file_hash)
    assert isinstance(lines, dict) and lines
    (private_cache / (key + ".lines")).write_bytes(cache.frame(key + ".lines", forge(lines), file_hash))
    assert located(run, path) == expected


def test_lines_not_found_in_a_pipe_are_not_saved(run, write, private_cache) -> None:
    path = write(BROKEN)
    total(run, path)  # the budget is cached; its lines are not located yet
    piped = subprocess.run(
        [installed_script(), "check", "--format", "github", "--file", "/dev/stdin"],
        input=path.read_bytes(), capture_output=True, env={**os.environ, "COLUMNS": "100"}, timeout=60,
    )  # fmt: skip
    assert piped.returncode == 1, piped.stderr
    lines = located(run, path)
    assert lines and all(",line=" in line for line in lines), lines


NEEDS_DECODE = pytest.mark.xfail(
    strict=True, reason="needs decode to check each value's type and bounds against the records (loading/codec.py)"
)


@pytest.mark.parametrize(
    ("index", "value"),
    [
        pytest.param(6, "627", id="allocation as text", marks=NEEDS_DECODE),
        pytest.param(6, None, id="allocation missing", marks=NEEDS_DECODE),
        # Rounding keeps every digit of a huge amount now, so it no longer fails to show one.
        pytest.param(6, 10**30, id="allocation past the largest amount"),
        pytest.param(1, 5, id="a name that is a number", marks=NEEDS_DECODE),
    ],
)
def test_a_bound_entry_holding_values_of_the_wrong_kind_is_a_miss(index, value, run, write, private_cache) -> None:
    """Written for these very bytes (the hashes hold) but not as mdbudget writes a budget."""
    path = write(SHIPPED)
    total(run, path)
    name = cache.key(path.read_bytes()) + ".budget"
    file_hash = hashlib.sha256(path.read_bytes()).digest()
    stored = list(cache.read_entry(name, file_hash))
    field = list(stored[4][0])
    field[index] = value
    stored[4] = (tuple(field), *stored[4][1:])
    (private_cache / name).write_bytes(cache.frame(name, tuple(stored), file_hash))
    for command in (("check",), ("export",), ("fields",)):
        result = run(*command, "--file", str(path))
        assert result.exit_code in (0, 1), result.output
    assert total(run, path) == (4787, f"mdbudget: cache hit ({private_cache})")
