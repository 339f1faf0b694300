"""`export --format sqlite` and `--format datapackage`: the sql tables as files other tools open."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from frictionless import Package, validate

from conftest import ROOT, SHIPPED
from mdbudget.loading.load import load
from mdbudget.reports.relational import SCHEMA_VERSION, TABLES, create_statements

BUDGET = load(ROOT / "budget.toml")
STATED = (BUDGET.totals.projects, BUDGET.totals.total, BUDGET.totals.allocation)


def export_db(run, path: Path, *args: str) -> None:
    result = run("export", "--format", "sqlite", "--out", str(path), *args)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"mdbudget: wrote {path}\n")


def test_sqlite_opens_read_only_and_its_sums_match(run, tmp_path) -> None:
    path = tmp_path / "budget.db"
    export_db(run, path)
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        assert db.execute("SELECT sum(projects), sum(total), sum(allocation) FROM fields").fetchone() == STATED
        assert db.execute("SELECT projects, total, allocation FROM totals").fetchone() == STATED
        field = db.execute(
            "SELECT f.name FROM projects p JOIN fields f ON f.id = p.field_id WHERE p.id = 'pharma-impurity-platform'"
        ).fetchone()
        assert field == ("첨단바이오",)
        db.execute("PRAGMA foreign_keys = ON")
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        keys = {(r[2], r[3], r[4]) for r in db.execute("PRAGMA foreign_key_list(projects)")}
        assert keys == {("fields", "field_id", "id"), ("project_types", "type_id", "id")}
        indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")}
        assert indexes == {f"{t.name}_{c}" for t in TABLES for c in t.indexes}
        schema = sorted(r[0] for r in db.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL"))
        assert schema == sorted(
            s.removesuffix(";").split("\n", 1)[-1] if s.startswith("--") else s.removesuffix(";")
            for s in create_statements()
        )
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            db.execute("DELETE FROM fields")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["budget.db"]  # no journal, no temporary file


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="the sqlite3 shell is not installed")
def test_the_sqlite3_shell_opens_it_as_it_is(run, tmp_path) -> None:
    path = tmp_path / "budget.db"
    export_db(run, path)
    query = "SELECT sum(total), sum(allocation) FROM fields; SELECT name FROM participants ORDER BY project_id, ord LIMIT 1;"
    done = subprocess.run(["sqlite3", "-readonly", str(path), query], capture_output=True, text=True, timeout=30)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"{STATED[1]}|{STATED[2]}\n서울과기대\n", "")


def test_sqlite_replaces_an_earlier_export(run, tmp_path) -> None:
    path = tmp_path / "budget.db"
    path.write_bytes(b"an earlier export")
    export_db(run, path)
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        assert db.execute("SELECT count(*) FROM fields").fetchone() == (len(BUDGET.fields),)


def test_a_failed_write_leaves_the_earlier_file_and_no_temporary(run, tmp_path, monkeypatch) -> None:
    path = tmp_path / "budget.db"
    path.write_bytes(b"an earlier export")

    def full_disk(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    result = run("export", "--format", "sqlite", "--out", str(path))
    expected = f"mdbudget: cannot write {path}: No space left on device; no file was changed\n"
    assert (result.exit_code, result.stderr) == (2, expected)
    assert path.read_bytes() == b"an earlier export"
    assert [p.name for p in tmp_path.iterdir()] == ["budget.db"]


@pytest.mark.parametrize("fmt", ["sqlite", "datapackage"])
def test_the_budget_file_is_never_overwritten(run, tmp_path, monkeypatch, fmt) -> None:
    budget = tmp_path / "budget.toml"
    budget.write_text(SHIPPED, encoding="utf-8")
    (tmp_path / "link.toml").symlink_to(budget)
    os.link(budget, tmp_path / "hard.toml")
    monkeypatch.chdir(tmp_path)
    name = "budget.toml" if fmt == "sqlite" else "fields.csv"
    if fmt == "datapackage":  # a budget that happens to be called like one of the tables
        budget.rename(tmp_path / name)
        (tmp_path / "link.toml").unlink()
        (tmp_path / "link.toml").symlink_to(tmp_path / name)
    out = str(tmp_path / name) if fmt == "sqlite" else str(tmp_path)
    attempts = [
        (["--file", name], {}),
        (["--file", "link.toml"], {}),  # the same file through a symlink
        (["--file", "hard.toml"], {}),  # and through a hard link
        ([], {"MDBUDGET_FILE": "link.toml"}),  # chosen by the environment
    ]
    if fmt == "sqlite":
        attempts.append(([], {}))  # chosen as ./budget.toml
    for args, env in attempts:
        result = run("export", "--format", fmt, "--out", out, *args, env=env)
        assert result.exit_code == 2, (args, env)
        chosen = args[1] if args else env.get("MDBUDGET_FILE", "budget.toml")
        expected = f"mdbudget: refusing to overwrite the budget file {tmp_path / name} (it is {chosen})\n"
        assert result.stderr == expected, (args, env)
        assert (tmp_path / name).read_text(encoding="utf-8") == SHIPPED


def test_a_budget_on_redirected_standard_input_is_protected_too(tmp_path) -> None:
    budget = tmp_path / "budget.toml"
    budget.write_text(SHIPPED, encoding="utf-8")
    script = Path(sys.executable).parent / "mdbudget"
    with budget.open("rb") as stdin:
        done = subprocess.run(
            [str(script), "export", "--format", "sqlite", "--file", "-", "--out", str(budget)],
            stdin=stdin, capture_output=True, text=True, timeout=60, cwd=tmp_path,
        )  # fmt: skip
    expected = f"mdbudget: refusing to overwrite the budget file {budget} (it is <stdin>)\n"
    assert (done.returncode, done.stderr) == (2, expected)
    assert budget.read_text(encoding="utf-8") == SHIPPED


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--format", "sqlite"), "export --format sqlite writes a database file: give its name with --out FILE.db"),
        (("--format", "datapackage"), "export --format datapackage writes a folder: give it with --out DIR"),
        (
            ("--format", "sqlite", "--out", "-"),
            "export --format sqlite writes files, not standard output: give --out a path",
        ),
        (("--format", "sqlite", "--out", "{tmp}"), "cannot write {tmp}: it is a folder"),
        (
            ("--format", "datapackage", "--out", "{tmp}/file"),
            "cannot write into {tmp}/file: it is a file, not a folder",
        ),
        (
            ("--format", "sqlite", "--out", "{tmp}/x.db", "--unit", "조원"),
            "export --format sqlite keeps the budget file's unit; leave out --unit",
        ),
        (
            ("--format", "datapackage", "--out", "{tmp}/p", "--bom"),
            "export --format datapackage writes plain UTF-8; leave out --bom",
        ),
    ],
)
def test_usage_errors(run, tmp_path, args, message) -> None:
    (tmp_path / "file").write_text("x")
    result = run("export", *(a.format(tmp=tmp_path) for a in args))
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"mdbudget: {message.format(tmp=tmp_path)}\n")


def export_package(run, folder: Path) -> dict:
    result = run("export", "--format", "datapackage", "--out", str(folder))
    assert result.exit_code == 0, result.stderr
    names = [f"{t.name}.csv" for t in TABLES] + ["datapackage.json"]
    assert result.stderr == f"mdbudget: wrote {len(names)} files to {folder}: {', '.join(names)}\n"
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def test_the_data_package_validates_and_its_sums_match(run, tmp_path) -> None:
    folder = tmp_path / "package"
    export_package(run, folder)
    report = validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = Package(str(folder / "datapackage.json"))
    fields = package.get_resource("fields").read_rows()
    assert (
        sum(r["projects"] for r in fields),
        sum(r["total"] for r in fields),
        sum(r["allocation"] for r in fields),
    ) == STATED
    assert [r["provisional"] for r in fields] == [f.provisional for f in BUDGET.fields]
    growth = [r for r in package.get_resource("claims").read_rows() if r["kind"] == "growth"]
    assert str(growth[0]["multiple"]) == "2.5"


def test_validation_would_catch_a_broken_reference(run, tmp_path) -> None:
    folder = tmp_path / "package"
    export_package(run, folder)
    projects = folder / "projects.csv"
    projects.write_text(
        projects.read_text(encoding="utf-8").replace(",advanced-bio,", ",no-such-field,"), encoding="utf-8"
    )
    report = validate(str(folder / "datapackage.json"))
    assert not report.valid
    assert [t for (t,) in report.flatten(["type"])] == ["foreign-key"]


def test_the_descriptor_names_the_source_and_the_money(run, tmp_path) -> None:
    descriptor = export_package(run, tmp_path / "package")
    p = BUDGET.program
    source = descriptor["sources"][0]
    assert (source["title"], source["publisher"], source["date"]) == (p.title, p.ministry, "2025-05-28")
    fields = {r["name"]: r for r in descriptor["resources"]}["fields"]["schema"]
    allocation = {f["name"]: f for f in fields["fields"]}["allocation"]
    assert (allocation["type"], allocation["currency"], allocation["factor"], allocation["unit"]) == (
        "integer",
        "KRW",
        10**8,
        "억원",
    )
    assert fields["primaryKey"] == ["id"]
    projects = {r["name"]: r for r in descriptor["resources"]}["projects"]["schema"]
    assert {"fields": ["field_id"], "reference": {"resource": "fields", "fields": ["id"]}} in projects["foreignKeys"]
    measures = descriptor["model"]["measures"]
    assert measures["projects.total"] == {"resource": "projects", "source": "total", "currency": "KRW", "factor": 10**8}


def test_a_budget_in_another_unit_says_so(run, write, tmp_path) -> None:
    path = write(SHIPPED.replace('unit = "억원"', 'unit = "백만원"'))
    result = run("export", "--format", "datapackage", "--out", str(tmp_path / "p"), "--file", str(path))
    assert result.exit_code == 0, result.stderr
    descriptor = json.loads((tmp_path / "p" / "datapackage.json").read_text(encoding="utf-8"))
    assert {m["factor"] for m in descriptor["model"]["measures"].values()} == {10**6}
