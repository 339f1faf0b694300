"""The validated-budget cache: a hit answers exactly as a miss, and no entry is trusted blindly."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from support import COMMANDS, TREND, argv, installed_script

import mdbudget.loading.cache as cache
from conftest import ROOT, SHIPPED, edit

FORMATS = ("table", "json", "csv", "markdown")
# Every command and format that writes to stdout (export writes CSV files, tested below).
CASES = [(*c, "--format", f) for c in COMMANDS for f in FORMATS if (c[0], f) != ("export", "csv")]
CASES += [
    ("check", "--format", "github"),
    ("check", "--strict", "--format", "json"),
    ("project", "경동제약"),
    ("project", "경동제약", "--lang", "en", "--format", "json"),
    ("fields", "반도체", "--unit", "조원"),
    ("shares", "--top", "3", "--of", "total", "--lang", "en"),
]


def entries(where: Path, suffix: str = cache.BUDGET_SUFFIX) -> list[Path]:
    return sorted(where.glob(f"*{suffix}")) if where.is_dir() else []


def verbose(run, path: Path, *args: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """(stdout, the cache message on stderr) of `total` with --verbose."""
    result = run("total", "--format", "json", "--verbose", "--file", str(path), *args)
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if line.startswith("mdbudget: cache")]
    assert len(notes) == 1, result.stderr
    return result.stdout, notes[0]


@pytest.mark.parametrize("args", CASES, ids=" ".join)
def test_a_hit_prints_exactly_what_a_miss_prints(args, run, write, private_cache) -> None:
    path = str(write(SHIPPED))
    validated = run(*args, "--file", path, "--no-cache")
    assert validated.exit_code in (0, 1), validated.output
    assert entries(private_cache) == []  # --no-cache neither reads nor writes
    miss = run(*args, "--file", path)
    assert len(entries(private_cache)) == 1
    hit = run(*args, "--file", path, "--verbose")
    assert "mdbudget: cache hit" in hit.stderr
    assert (hit.stdout, hit.exit_code) == (miss.stdout, miss.exit_code) == (validated.stdout, validated.exit_code)


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_diff_from_the_cache_matches_diff_without_it(fmt, run, write) -> None:
    old = str(write(SHIPPED, "old.toml"))
    new = str(write(edit(SHIPPED, "allocation = 627", "allocation = 600"), "new.toml"))
    validated = run("diff", old, new, "--format", fmt, "--no-cache")
    assert validated.exit_code == 1, validated.output
    for _ in range(2):  # a miss that saves both, then a hit on both
        again = run("diff", old, new, "--format", fmt)
        assert (again.stdout, again.exit_code) == (validated.stdout, 1)


@pytest.mark.parametrize("fmt", FORMATS)
def test_trend_from_the_cache_matches_trend_without_it(fmt, run, write, private_cache) -> None:
    # The file under test in 억원 beside one of 2031 in 천원: converted amounts, from records read back.
    line = [*argv(TREND, str(write(SHIPPED))), "--format", fmt]
    validated = run(*line, "--no-cache")
    assert validated.exit_code == 0, validated.output
    for _ in range(2):  # a miss that saves both, then a hit on both
        again = run(*line)
        assert (again.stdout, again.exit_code) == (validated.stdout, 0)
    assert len(entries(private_cache)) == 2


def test_export_csv_files_are_the_same_from_the_cache(run, write, tmp_path) -> None:
    path = str(write(SHIPPED))
    outputs = []
    for name in ("validated", "miss", "hit"):
        extra = ("--no-cache",) if name == "validated" else ()
        result = run("export", "--format", "csv", "--file", path, "--out", str(tmp_path / name), *extra)
        assert result.exit_code == 0, result.output
        outputs.append({p.name: p.read_bytes() for p in (tmp_path / name).iterdir()})
    assert outputs[0] == outputs[1] == outputs[2]
    assert len(outputs[0]) > 5


def test_check_lines_come_from_the_text_or_the_cache_alike(run, write, private_cache) -> None:
    """A hit made by another command has no lines yet: check finds them, then keeps them."""
    broken = edit(SHIPPED, "allocation = 627", "allocation = 626")  # a field no longer sums to the total
    path = str(write(broken))
    validated = run("check", "--file", path, "--format", "json", "--no-cache")
    assert validated.exit_code == 1
    lines = [f["line"] for f in json.loads(validated.stdout)["findings"]]
    assert all(isinstance(line, int) for line in lines)
    run("total", "--file", path)  # saves the budget, without lines
    assert entries(private_cache, cache.LINES_SUFFIX) == []
    first = run("check", "--file", path, "--format", "json")
    assert len(entries(private_cache, cache.LINES_SUFFIX)) == 1
    second = run("check", "--file", path, "--format", "json")
    assert first.stdout == second.stdout == validated.stdout


def test_an_edit_with_the_same_size_and_mtime_is_seen(run, write) -> None:
    path = write(SHIPPED)
    before = os.stat(path)
    first, _ = verbose(run, path)
    changed = edit(SHIPPED, "allocation = 4787", "allocation = 4788")
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(path)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    second, note = verbose(run, path)
    assert note.startswith("mdbudget: cache miss")
    assert json.loads(first)["allocation"] == 4787
    assert json.loads(second)["allocation"] == 4788


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda blob: blob[: len(blob) // 2], id="truncated"),
        pytest.param(lambda blob: blob[:-40] + bytes(b ^ 0xFF for b in blob[-40:]), id="corrupt body"),
        pytest.param(lambda blob: b"not a cache entry at all", id="garbage"),
        pytest.param(lambda blob: b"", id="empty"),
        pytest.param(lambda blob: blob.replace(cache.MAGIC, b"x" * len(cache.MAGIC)), id="other magic"),
    ],
)
def test_a_damaged_entry_is_ignored_and_rebuilt(damage, run, write, private_cache) -> None:
    path = write(SHIPPED)
    expected, _ = verbose(run, path)
    [entry] = entries(private_cache)
    entry.write_bytes(damage(entry.read_bytes()))
    out, note = verbose(run, path)
    assert (out, note) == (expected, f"mdbudget: cache miss; saved in {private_cache}")
    out, note = verbose(run, path)  # rebuilt: a hit again
    assert (out, note) == (expected, f"mdbudget: cache hit ({private_cache})")


@pytest.mark.parametrize(
    "stored",
    [
        pytest.param(("not", "a", "budget"), id="wrong shape"),
        pytest.param({"program": 1}, id="a dict"),
        pytest.param((None,) * 8, id="nothing inside"),
    ],
)
def test_a_well_framed_entry_that_is_not_a_budget_is_not_trusted(stored, run, write, private_cache) -> None:
    path = write(SHIPPED)
    expected, _ = verbose(run, path)
    [entry] = entries(private_cache)
    name = entry.name
    entry.write_bytes(cache.frame(name, stored, hashlib.sha256(path.read_bytes()).digest()))
    out, note = verbose(run, path)
    assert (out, note) == (expected, f"mdbudget: cache miss; saved in {private_cache}")


def test_an_entry_owned_by_another_user_is_not_read(run, write, private_cache, monkeypatch) -> None:
    path = write(SHIPPED)
    expected, _ = verbose(run, path)
    real_fstat = os.fstat

    def foreign(fd: int) -> os.stat_result:
        info = real_fstat(fd)
        fields = list(info)
        fields[stat.ST_UID] = info.st_uid + 1
        return os.stat_result(fields)

    monkeypatch.setattr(os, "fstat", foreign)
    out, note = verbose(run, path)
    assert (out, note) == (expected, f"mdbudget: cache miss; saved in {private_cache}")


def test_a_cache_directory_owned_by_another_user_is_not_used(run, write, private_cache, monkeypatch) -> None:
    path = write(SHIPPED)
    expected, _ = verbose(run, path)
    me = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: me + 1)
    out, note = verbose(run, path)
    assert (out, note) == (
        expected,
        f"mdbudget: cache miss; the cache directory is not usable ({private_cache} belongs to another user)",
    )


def test_an_entry_others_can_write_is_not_read(run, write, private_cache) -> None:
    path = write(SHIPPED)
    expected, _ = verbose(run, path)
    [entry] = entries(private_cache)
    entry.chmod(0o666)
    out, note = verbose(run, path)
    assert (out, note) == (expected, f"mdbudget: cache miss; saved in {private_cache}")
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600  # rewritten private


@pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW"), reason="needs O_NOFOLLOW")
def test_an_entry_that_is_a_symlink_is_not_followed(run, write, private_cache, tmp_path) -> None:
    path = write(SHIPPED)
    expected, _ = verbose(run, path)
    [entry] = entries(private_cache)
    elsewhere = tmp_path / "elsewhere"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    out, note = verbose(run, path)
    assert (out, note) == (expected, f"mdbudget: cache miss; saved in {private_cache}")


def test_the_directory_is_private_and_entries_are_user_only(run, write, private_cache) -> None:
    verbose(run, write(SHIPPED))
    assert stat.S_IMODE(private_cache.stat().st_mode) == 0o700
    [entry] = entries(private_cache)
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert [p.name for p in private_cache.iterdir()] == [entry.name]  # no temporary file left behind


def test_a_directory_open_to_others_is_left_as_it_is_and_not_used(run, write, private_cache) -> None:
    # mdbudget changes the mode only of a directory it made itself.
    private_cache.mkdir(mode=0o755)
    private_cache.chmod(0o755)
    out, note = verbose(run, write(SHIPPED))
    assert json.loads(out)["allocation"] == 4787
    assert note == (
        f"mdbudget: cache miss; the cache directory is not usable ({private_cache} is open to other users "
        "(mode 755; chmod 700 it to use the cache))"
    )
    assert stat.S_IMODE(private_cache.stat().st_mode) == 0o755
    assert list(private_cache.iterdir()) == []


def test_an_unusable_cache_directory_means_no_cache(run, write, tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    path = write(SHIPPED)
    for _ in range(2):
        out, note = verbose(run, path)
        assert note == f"mdbudget: cache miss; the cache directory is not usable ({blocker}/mdbudget: Not a directory)"
        assert json.loads(out)["allocation"] == 4787


def test_standard_input_is_never_cached(run, private_cache) -> None:
    for _ in range(2):
        result = run("total", "--json", "--verbose", "--file", "-", input=SHIPPED)
        assert result.exit_code == 0
        assert "mdbudget: cache not used for standard input" in result.stderr
    assert not private_cache.exists()


@pytest.mark.parametrize("value", ["1", "yes"])
def test_the_environment_switch_turns_it_off(value, run, write, private_cache, monkeypatch) -> None:
    monkeypatch.setenv("MDBUDGET_NO_CACHE", value)
    _out, note = verbose(run, write(SHIPPED))
    assert note == "mdbudget: cache off ($MDBUDGET_NO_CACHE)"
    assert not private_cache.exists()


def test_no_cache_flag_neither_reads_nor_writes(run, write, private_cache) -> None:
    path = write(SHIPPED)
    verbose(run, path)
    [entry] = entries(private_cache)
    entry.write_bytes(b"damaged")  # would be ignored anyway; it must not even be replaced
    _out, note = verbose(run, path, "--no-cache")
    assert note == "mdbudget: cache off"
    assert entry.read_bytes() == b"damaged"


def test_an_invalid_budget_is_not_cached(run, write, private_cache) -> None:
    path = write(edit(SHIPPED, "fiscal_year = 2025", "fiscal_year = 25"))
    for _ in range(2):
        result = run("total", "--file", str(path))
        assert result.exit_code == 2
        assert "program.fiscal_year" in result.stderr
    assert entries(private_cache) == []


def test_xdg_cache_home_is_used_only_when_absolute(monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    assert cache.directory() == Path("/somewhere/mdbudget")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")
    monkeypatch.setenv("HOME", "/home/someone")
    expected = Path("/home/someone/Library/Caches/mdbudget") if sys.platform == "darwin" else None
    assert cache.directory() == (expected or Path("/home/someone/.cache/mdbudget"))


def test_another_version_of_mdbudget_does_not_read_the_entry(run, write, monkeypatch) -> None:
    import mdbudget

    path = write(SHIPPED)
    verbose(run, path)
    monkeypatch.setattr(mdbudget, "__version__", "99.0")
    _, note = verbose(run, path)
    assert note.startswith("mdbudget: cache miss")


def test_old_entries_are_evicted(run, write, private_cache, monkeypatch) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    names = []
    for i in range(5):
        path = write(edit(SHIPPED, "release_date = 2025-05-28", f"release_date = 2025-05-0{i + 1}"), f"b{i}.toml")
        verbose(run, path)
        names.append(cache.key(path.read_bytes()) + cache.BUDGET_SUFFIX)
        # Eviction goes by modification time, which may not tick between quick writes.
        os.utime(private_cache / names[-1], ns=(i * 10**9, i * 10**9))
    assert [p.name for p in entries(private_cache)] == sorted(names[2:])


def test_a_hit_imports_neither_tomli_nor_the_model(tmp_path) -> None:
    """In a fresh process, as users run it: the second run reads the cache alone."""
    budget = tmp_path / "budget.toml"
    budget.write_text(SHIPPED, encoding="utf-8")
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    probe = (
        "import sys\nfrom mdbudget.__main__ import main\n"
        f"sys.argv = ['mdbudget', 'total', '--json', '--file', {str(budget)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stdout.flush()\n"
        "print(sorted(m for m in ('tomli', 'mdbudget.loading.model', 'mdbudget.loading.bulk', 'rich') if m in sys.modules), "
        "file=sys.stderr)\n"
    )
    first = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=ROOT)
    second = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=ROOT)
    # the shipped budget is plainly valid: its first run parses it, without pydantic's model
    assert first.stderr.splitlines()[-1] == "['tomli']"
    assert second.stderr.splitlines()[-1] == "[]"
    assert first.stdout == second.stdout
    # And the installed script agrees byte for byte.
    script = subprocess.run(
        [installed_script(), "total", "--json", "--file", str(budget)], capture_output=True, env=env, cwd=ROOT
    )
    assert script.stdout.decode() == second.stdout


def test_every_record_has_its_models_fields_in_order() -> None:
    """The records the reports read hold exactly what the schema validates, nothing lost."""
    from mdbudget.budget import records
    from mdbudget.loading import model

    for name in ("Program", "Split", "Totals", "Baseline", "GrowthClaim", "HeadlineClaim", "FieldClaim", "Claims"):
        assert getattr(records, name)._fields == tuple(getattr(model, name).model_fields), name
    for name in ("BudgetField", "Provisional", "ProjectType", "Period", "Project"):
        assert getattr(records, name)._fields == tuple(getattr(model, name).model_fields), name
    assert tuple(model.Budget.model_fields) == records.PARTS
