"""Every export writes through one path: never over the budget file, and whole or not at all.

Each format (the JSON, Markdown and table documents, the CSV tables, the data
package, the SQLite database) is held to the same promises, whichever way the
budget was chosen (--file, $MDBUDGET_FILE, ./budget.toml) and whichever name
reaches it (the same path, a hard link, a symlink).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from conftest import SHIPPED

# Each format, and the file in the output it writes that a budget could be named like.
FORMATS = {
    "json": "export.json",
    "markdown": "export.md",
    "table": "export.txt",
    "csv": "fields.csv",
    "datapackage": "fields.csv",
    "sqlite": "budget.db",
}


def out_for(fmt: str, folder: Path) -> Path:
    """--out: the database file itself for sqlite, else the folder."""
    return folder / FORMATS[fmt] if fmt == "sqlite" else folder


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("reached", ["--file", "$MDBUDGET_FILE", "./budget.toml", "hard link", "symlink"])
def test_no_export_overwrites_the_budget_file(run, tmp_path, monkeypatch, fmt, reached) -> None:
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    target = out / FORMATS[fmt]
    budget = tmp_path / "budget.toml"
    if reached in ("hard link", "symlink"):
        budget.write_text(SHIPPED, encoding="utf-8")
        if reached == "hard link":
            target.hardlink_to(budget)
        else:
            target.symlink_to(budget)
        args, env, said = ["--file", str(budget)], {}, f" (it is {budget})"
    else:
        budget = target  # the budget file itself, under the name the export would write
        budget.write_text(SHIPPED, encoding="utf-8")
        if reached == "./budget.toml":
            (tmp_path / "budget.toml").hardlink_to(budget)
            args, env, said = [], {}, " (it is budget.toml)"
        else:
            args = ["--file", str(budget)] if reached == "--file" else []
            env = {"MDBUDGET_FILE": str(budget)} if reached == "$MDBUDGET_FILE" else {}
            said = ""
    before = sorted(p.name for p in out.iterdir())
    result = run("export", "--format", fmt, "--out", str(out_for(fmt, out)), *args, env=env)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"mdbudget: refusing to overwrite the budget file {target}{said}\n"
    assert budget.read_text(encoding="utf-8") == SHIPPED
    assert sorted(p.name for p in out.iterdir()) == before  # nothing else written either


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_failed_export_leaves_no_partial_file(run, tmp_path, monkeypatch, fmt) -> None:
    out = tmp_path / "out"
    out.mkdir()
    earlier = out / FORMATS[fmt]
    earlier.write_bytes(b"an earlier export")

    def disk_full(_: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)  # the last step of writing each file
    result = run("export", "--format", fmt, "--out", str(out_for(fmt, out)))
    assert (result.exit_code, result.stdout) == (2, "")
    first = out / ("total.csv" if fmt == "csv" else FORMATS[fmt])  # the first file an export writes
    assert result.stderr == f"mdbudget: cannot write {first}: No space left on device; no file was changed\n"
    assert [p.name for p in out.iterdir()] == [earlier.name]  # no temporary file stays
    assert earlier.read_bytes() == b"an earlier export"


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_export_writes_ordinary_files(run, tmp_path, fmt) -> None:
    out = tmp_path / "new" / "folder"
    result = run("export", "--format", fmt, "--out", str(out_for(fmt, out)))
    assert result.exit_code == 0, result.stderr
    written = sorted(out.iterdir())
    assert FORMATS[fmt] in [p.name for p in written]
    mask = os.umask(0)
    os.umask(mask)
    assert {p.stat().st_mode & 0o777 for p in written} == {0o666 & ~mask}  # not the temporary file's 0600
    assert not [p for p in written if p.name.startswith(".")]


def test_a_database_that_cannot_be_written_is_refused_like_any_file(run, tmp_path, monkeypatch) -> None:
    import sqlite3

    from mdbudget.output import sqlite as exporter

    class Full:
        def execute(self, *_: object) -> None:
            raise sqlite3.OperationalError("database or disk is full")

        def close(self) -> None:
            pass

    monkeypatch.setattr(exporter, "database", lambda _: Full())
    path = tmp_path / "budget.db"
    result = run("export", "--format", "sqlite", "--out", str(path))
    expected = f"mdbudget: cannot write {path}: database or disk is full; no file was changed\n"
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", expected)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("fmt", "last"), [("csv", "check.csv"), ("datapackage", "datapackage.json")])
def test_an_unwritable_last_file_is_refused_before_any_is_written(run, tmp_path, fmt, last) -> None:
    out = tmp_path / "out"
    (out / last).mkdir(parents=True)
    result = run("export", "--format", fmt, "--out", str(out))
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"mdbudget: cannot write {out / last}: it is a folder\n",
    )
    assert [p.name for p in out.iterdir()] == [last]
